import type { Rule } from './rule';
import type { ClaimProfile, FindingDraft } from '../types';
import { claimRange, evidenceClaims, quote, sourceLabel } from '../evidence/findings';

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

const rule: Rule = {
  id: 'unsupported-claim',
  description: 'A claim with no citation (offers the best-matching library source as a quick fix).',
  category: 'evidence',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Alemtuzumab, rituximab and mitoxantrone do nothing to stop disability progression.',
    good: 'Alemtuzumab, rituximab and mitoxantrone did not stop disability progression in trials in progressive MS [@smith2019].',
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const c of evidenceClaims(ctx)) {
      if (c.verdict !== 'unsupported') continue;
      const s = ctx.sentences[c.sentence];
      const p = s.claim;
      if (!p.isClaim || p.certainty === 'hedged' || s.text.trim().endsWith('?')) continue;
      if (!assertsFinding(p, s.prose, s.start)) continue;
      const range = claimRange(ctx, c);
      const sug = c.suggestion;
      if (sug) {
        // Insert the citation before the sentence's final punctuation.
        let at = range.end;
        while (at > range.start && /[.!;:]/.test(ctx.text[at - 1])) at--;
        out.push({
          ...range,
          message: `Claim cites no source; ${sourceLabel(ctx.sources, sug.sourceId)} has a matching sentence (score ${sug.score.toFixed(2)}): “${quote(sug.text)}”`,
          data: { suggestion: sug.sourceId, fixes: [{ title: `cite [@${sug.sourceId}]`, start: at, end: at, newText: ` [@${sug.sourceId}]` }] },
        });
      } else {
        out.push({ ...range, message: 'Claim cites no source, and no loaded source has a sentence that supports it.' });
      }
    }
    return out;
  },
};

export default rule;
