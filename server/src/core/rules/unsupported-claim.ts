import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import { claimRange, evidenceClaims, quote, sourceLabel } from '../evidence/findings';

/**
 * Flags a substantive claim (a relation, an absolute or boosted statement, an outcome, or a
 * number) that cites no source. Hedged statements ("may", "suggests") are the writer's own
 * speculation and are left alone. When a library source has a sentence that matches well
 * (score ≥ `suggestCitationScore`), the finding offers "cite [@key]".
 */
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
      const substantive = p.relation !== 'none' || p.magnitude === 'absolute' || p.certainty === 'boosted' || p.outcome !== 'unspecified' || /\d/.test(s.prose);
      if (!substantive) continue;
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
