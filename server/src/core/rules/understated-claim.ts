import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import { claimRange, claimsWithVerdict, describeReason, quote, relatedEvidence, sourceLabel } from '../evidence/findings';

/** A hint: the claim is weaker than its evidence (hedged or correlational where the source states a causal effect). */
const rule: Rule = {
  id: 'understated-claim',
  description: 'A claim weaker than the evidence it cites (a hint, not an error).',
  category: 'evidence',
  defaultSeverity: 'hint',
  docs: {
    bad: 'Dapagliflozin might be associated with fewer heart failure events [@okafor2019].',
    good: 'Dapagliflozin reduced worsening heart failure or cardiovascular death (HR 0.74) [@okafor2019].',
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const c of claimsWithVerdict(ctx, 'understated')) {
      const top = c.evidence[0];
      const d = c.details.find((x) => x.reason === 'understated');
      out.push({
        ...claimRange(ctx, c),
        message: `Claim is weaker than ${sourceLabel(ctx.sources, top?.source ?? c.citations[0])}: ${d ? describeReason(d) : 'the source states a stronger result'}.` +
          (top ? ` Evidence: “${quote(top.text)}”` : ''),
        data: { verdict: c.verdict, related: relatedEvidence(c.evidence) },
      });
    }
    return out;
  },
};

export default rule;
