import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import { claimRange, claimsWithVerdict, describeReason, quote, relatedEvidence, sourceLabel } from '../evidence/findings';

/** Flags a claim whose best evidence reports the opposite: the source found no effect where the claim states one, or vice versa. */
const rule: Rule = {
  id: 'contradicted-claim',
  description: 'A claim that its cited evidence contradicts (the source reports no effect).',
  category: 'evidence',
  defaultSeverity: 'error',
  docs: {
    bad: 'In ASCEND, natalizumab slowed disability progression [@kapoor2018].',
    good: 'In ASCEND, natalizumab did not slow disability progression on the primary composite endpoint [@kapoor2018].',
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const c of claimsWithVerdict(ctx, 'contradicted')) {
      const top = c.evidence[0];
      const d = c.details.find((x) => x.reason === 'negation');
      out.push({
        ...claimRange(ctx, c),
        message: `Claim contradicts ${sourceLabel(ctx.sources, top?.source ?? c.citations[0])}: ${d ? describeReason(d) : 'the source reports the opposite'}.` +
          (top ? ` Evidence: “${quote(top.text)}”` : ''),
        data: { verdict: c.verdict, related: relatedEvidence(c.evidence) },
      });
    }
    return out;
  },
};

export default rule;
