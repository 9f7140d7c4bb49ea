import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import { claimRange, claimsWithVerdict, describeReason, quote, relatedEvidence, sourceLabel } from '../evidence/findings';

/**
 * Flags a claim that says more than its cited evidence: a stronger relation, more certainty,
 * an absolute effect, a clinical outcome from surrogate evidence, a broader population, or a
 * certain/causal claim from a weak design. Wrong numbers alone are `misquoted-number`'s job.
 */
/** Below this evidence score the matched sentence is likely about something else. */
const WEAK_MATCH = 0.4;

const rule: Rule = {
  id: 'overstated-claim',
  description: 'A claim stronger than the evidence it cites (certainty, causality, magnitude, outcome, population, design).',
  category: 'evidence',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Natalizumab flat-lines disability progression in progressive MS [@romme2014].',
    good: 'In an open-label phase 2A study of 24 patients, natalizumab lowered CSF osteopontin, a marker of inflammation [@romme2014].',
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const c of claimsWithVerdict(ctx, 'overstated')) {
      const details = c.details.filter((d) => d.reason !== 'number-mismatch');
      if (!details.length) continue;
      const top = c.evidence[0];
      const range = claimRange(ctx, c);
      // Sure only when the sentence states a finding and the evidence sentence matches it well; a
      // weak match (another topic of the same source) or a remark that states no finding is a hint.
      const statement = ctx.sentences[c.sentence]?.claim.statement;
      const weakMatch = (top?.score ?? 0) < WEAK_MATCH;
      const confidence = weakMatch || (statement !== undefined && statement !== 'finding' && statement !== 'quote') ? 0.5 : 0.85;
      out.push({
        ...range,
        message: `Claim overstates ${sourceLabel(ctx.sources, top?.source ?? c.citations[0])}: ${details.map(describeReason).join('; ')}.` +
          (top ? ` Evidence: “${quote(top.text)}”` : ''),
        data: { verdict: c.verdict, reasons: [...new Set(details.map((d) => d.reason))], related: relatedEvidence(c.evidence), confidence },
      });
    }
    return out;
  },
};

export default rule;
