import type { Rule } from './rule';
import type { ClaimProfile, FindingDraft } from '../types';
import { claimRange, evidenceClaims, quote, sourceLabel } from '../evidence/findings';
import { citingSentences, noteCites, supportedByScope } from '../evidence/scope';
import { appealsToUnnamedEvidence } from '../claims/statement';

/**
 * Flags a claim that asserts a finding (a relation, a reported result, a total effect on an
 * outcome, or a number) and cites no source; opinions, plans and address are not claims. Hedged statements ("may", "suggests") are the writer's own
 * speculation and are left alone. When a library source has a sentence that matches well
 * (score ≥ `suggestCitationScore`), the finding offers "cite [@key]".
 */
/**
 * A claim worth a citation asserts a finding about the world: an effect or association (a
 * relation), a reported result (a finding marker such as "shows that", or a number), or a total
 * effect ("halts", "cures"). A booster or an outcome word alone does not: "This is clearly not
 * true", "Spinal fluid analysis is valuable" are the writer's opinions, not results to source.
 */
export function assertsFinding(p: ClaimProfile, prose: string, proseStart = 0): boolean {
  if (p.relation !== 'none') return true;
  // A finding verb reports a result unless it is still to come ("the trial should report next year").
  const reported = (c: { start: number; text: string }) => !/\b(?:will|would|should|shall|may|might|could|can|to|must)\s+$/i.test(prose.slice(0, Math.max(0, c.start - proseStart)));
  if (p.cues.some((c) => c.kind === 'claim' && /^(?:show|find|found|demonstrat|reveal|confirm|establish|report|observ|evidence|result)/i.test(c.text) && reported(c))) return true;
  if (p.magnitude === 'absolute' && p.outcome !== 'unspecified') return true;
  return /\d/.test(prose);
}

/** Confidence that an uncited finding needs a source an editor would ask for. */
export const CONFIDENCE = {
  /** "Studies have shown", "a recent trial found": the writer appeals to evidence and names none. */
  unnamedEvidence: 0.85,
  /** A sweeping uncited finding ("has not prevented any case", "for every disease"). */
  universal: 0.65,
  /** Any other specific finding with no source in its sentence, paragraph or section. */
  finding: 0.5,
};

const rule: Rule = {
  id: 'unsupported-claim',
  description: 'A specific empirical finding with no citation in its sentence, paragraph or section, in a note that cites elsewhere (offers the best-matching library source as a quick fix).',
  category: 'evidence',
  defaultSeverity: 'information',
  docs: {
    bad: 'Alemtuzumab, rituximab and mitoxantrone do nothing to stop disability progression, as studies have shown. Natalizumab slowed it in one trial [@steiner2016].',
    good: 'Alemtuzumab, rituximab and mitoxantrone did not stop disability progression in trials in progressive MS [@smith2019]. Natalizumab slowed it in one trial [@steiner2016].',
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const citing = citingSentences(ctx);
    // A note that cites nothing is not asked to: the writer is not working from sources — unless
    // the sentence itself points at evidence it does not name ("a recent article showed").
    const cites = noteCites(ctx, citing);
    for (const c of evidenceClaims(ctx)) {
      if (c.verdict !== 'unsupported') continue;
      const s = ctx.sentences[c.sentence];
      const p = s.claim;
      if (!p.isClaim || p.certainty === 'hedged' || s.text.trim().endsWith('?')) continue;
      // Only a specific empirical finding needs a source; background, method, opinion… do not.
      if (p.statement !== undefined && p.statement !== 'finding') continue;
      if (!assertsFinding(p, s.prose, s.start)) continue;
      if (supportedByScope(ctx, c.sentence, citing)) continue;
      const unnamed = appealsToUnnamedEvidence(s.prose);
      if (!cites && !unnamed) continue;
      // A universal over cases, patients or diseases ("not a single case", "every disease"), not over time ("every year").
      const universal = /\b(?:do|does|did)\s+nothing\s+to\b|\b(?:any|every|all|a single)\s+(?:single\s+|other\s+)?(?:case|cases|disease|diseases|patient|patients|people|person|condition|conditions|benefit|effect|death|deaths|cancer|cancers|study|studies|trial|trials)\b/i.exec(s.prose);
      // A prevalence or projection about a whole population ("40% of Americans are obese"), with no study in view.
      const population = /\b\d+(?:\.\d+)?\s*%\s+of\s+(?:all\s+)?(?:the\s+)?(?:[A-Z][a-z]+ans|adults|people|children|women|men|the population|the world's population|americans|europeans)\b/.exec(s.prose) &&
        !/\b(?:study|trial|cohort|group|arm|participants|patients|sample|respondents)\b/i.test(s.prose);
      // A flat denial of a stated relation ("It's not the fact that X causes Y", "It is not true that…").
      const denial = /^\s*(?:it['’]s|it is|it was)\s+not\s+(?:the\s+fact|true)\s+that\b/i.test(s.prose) && p.relation !== 'none';
      // A multiple stated as a fact with no source ("the real number is 10-100 times higher").
      const multiple = /\b\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?\s+times\s+(?:higher|greater|more|lower|larger|smaller|fewer|less)\b/i.test(s.prose);
      const confidence = unnamed ? CONFIDENCE.unnamedEvidence : universal || population || denial || multiple ? CONFIDENCE.universal : CONFIDENCE.finding;
      const why = unnamed ? `\`${unnamed}\` appeals to evidence without naming it` : 'Finding cites no source';
      const range = claimRange(ctx, c);
      const sug = c.suggestion;
      const base = { statement: p.statement, statementCue: p.statementCue, confidence };
      if (sug) {
        // Insert the citation before the sentence's final punctuation.
        let at = range.end;
        while (at > range.start && /[.!;:]/.test(ctx.text[at - 1])) at--;
        out.push({
          ...range,
          message: `${why}; ${sourceLabel(ctx.sources, sug.sourceId)} has a matching sentence (score ${sug.score.toFixed(2)}): “${quote(sug.text)}”`,
          data: { ...base, suggestion: sug.sourceId, fixes: [{ title: `cite [@${sug.sourceId}]`, start: at, end: at, newText: ` [@${sug.sourceId}]` }] },
        });
      } else {
        out.push({ ...range, message: `${why}, and no loaded source has a sentence that supports it.`, data: base });
      }
    }
    return out;
  },
};

export default rule;
