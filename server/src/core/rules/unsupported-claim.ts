import type { Rule, RuleContext } from './rule';
import type { ClaimProfile, FindingDraft } from '../types';
import { claimRange, claimsWithVerdict, quote, sourceLabel } from '../evidence/findings';
import { citedSentences, linksOut, supportedByScope } from '../evidence/scope';
import type { EvidenceClaim } from '../evidence/index';
import { checkInContext } from './_locality';
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

/** A shared empty list (read only): most sentences judged have no unsupported claim. */
const NONE: readonly EvidenceClaim[] = [];

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
  scope: 'context',
  context: {
    // What the sentence alone says: whether it is a finding that may need a source, and how sure.
    local(s) {
      const p = s.claim;
      if (!p.isClaim || p.certainty === 'hedged' || s.text.trim().endsWith('?')) return undefined;
      // Only a specific empirical finding needs a source; background, method, opinion… do not.
      if (p.statement !== undefined && p.statement !== 'finding') return undefined;
      if (!assertsFinding(p, s.prose, s.start)) return undefined;
      return { unnamed: appealsToUnnamedEvidence(s.prose), sweeping: sweeping(s.prose, p.relation) };
    },
    facts(ctx) {
      const unsupported = new Map<number, EvidenceClaim[]>();
      for (const c of claimsWithVerdict(ctx, 'unsupported')) {
        const list = unsupported.get(c.sentence);
        if (list) list.push(c); else unsupported.set(c.sentence, [c]);
      }
      const cited = citedSentences(ctx);
      const citing = { has: (k: number) => cited.has(k) || (k >= 0 && k < ctx.sentences.length && linksOut(ctx.sentences[k])) };
      let cites: boolean | undefined;
      // A note that cites nothing is not asked to: the writer is not working from sources.
      const noteCitesAnything = () => (cites ??= cited.size > 0 || ctx.sources.length > 0 || ctx.sentences.some(linksOut));
      return { unsupported, citing, noteCitesAnything };
    },
    check(ctx, i, { unnamed, sweeping }: { unnamed: string | undefined; sweeping: boolean }, _localOf, facts: {
      unsupported: Map<number, EvidenceClaim[]>; citing: { has(k: number): boolean }; noteCitesAnything: () => boolean;
    }) {
      const out: FindingDraft[] = [];
      const s = ctx.sentences[i];
      const p = s.claim;
      const unsupported = facts.unsupported.get(i) ?? NONE;
      for (let k = 0; k < unsupported.length; k++) {
        const c = unsupported[k];
        // "Studies have shown…" asks for its own source: a citation elsewhere in the paragraph backs
        // another sentence, not this appeal (the next sentence may still give it: "For example, [3]").
        const scope = supportedByScope(ctx, c.sentence, facts.citing);
        if (scope && !(unnamed && scope !== 'sentence' && !nextSentenceCites(ctx, c.sentence, facts.citing))) continue;
        // Unless the sentence itself points at evidence it does not name ("a recent article showed").
        if (!unnamed && !facts.noteCitesAnything()) continue;
        const confidence = unnamed ? CONFIDENCE.unnamedEvidence : sweeping ? CONFIDENCE.universal : CONFIDENCE.finding;
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
      return [out];
    },
  },
  check(ctx) {
    return checkInContext(rule.context!, ctx);
  },
};

/**
 * A sweeping finding: a universal over cases, patients or diseases ("not a single case", "every
 * disease", not "every year"), a prevalence about a whole population with no study in view ("40%
 * of Americans are obese"), a flat denial of a stated relation ("It is not true that…"), or a
 * multiple stated as a fact ("the real number is 10-100 times higher").
 */
function sweeping(prose: string, relation: ClaimProfile['relation']): boolean {
  const universal = /\b(?:do|does|did)\s+nothing\s+to\b|\b(?:any|every|all|a single)\s+(?:single\s+|other\s+)?(?:case|cases|disease|diseases|patient|patients|people|person|condition|conditions|benefit|effect|death|deaths|cancer|cancers|study|studies|trial|trials)\b/i.exec(prose);
  const population = /\b\d+(?:\.\d+)?\s*%\s+of\s+(?:all\s+)?(?:the\s+)?(?:[A-Z][a-z]+ans|adults|people|children|women|men|the population|the world's population|americans|europeans)\b/.exec(prose) &&
    !/\b(?:study|trial|cohort|group|arm|participants|patients|sample|respondents)\b/i.test(prose);
  const denial = /^\s*(?:it['’]s|it is|it was)\s+not\s+(?:the\s+fact|true)\s+that\b/i.test(prose) && relation !== 'none';
  const multiple = /\b\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?\s+times\s+(?:higher|greater|more|lower|larger|smaller|fewer|less)\b/i.test(prose);
  return !!(universal || population || denial || multiple);
}

/** The sentence after `i`, in the same block, carries a citation. */
function nextSentenceCites(ctx: RuleContext, i: number, citing: { has(k: number): boolean }): boolean {
  const next = ctx.sentences[i + 1];
  return !!next && next.blockIndex === ctx.sentences[i].blockIndex && citing.has(i + 1);
}

export default rule;
