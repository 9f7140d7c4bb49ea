import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import { statisticsBySentence, linked, ALPHA } from '../statistics/context';
import { checkTestAgainstP, explainStatcheck } from '../statistics/statcheck';

/**
 * Recomputes the p-value of a test statistic (t, F, χ², z, r with their degrees of freedom) and
 * compares it with the reported p, the way statcheck does: the statistic stands for every value
 * that rounds to it, `<` and `>` must be possible, and "one-tailed" in the sentence is honoured.
 * A mismatch that flips significance at α = .05 is an error (decision error), others warnings.
 */
const rule: Rule = {
  id: 'test-statistic-p',
  description: 'A reported p-value that does not match its test statistic and degrees of freedom.',
  category: 'statistics',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Relapse rates differed between arms, t(28) = 1.20, p = .03.',
    good: 'Relapse rates differed between arms, t(28) = 2.20, p = .036.',
  },
  scope: 'statistics',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const group of statisticsBySentence(ctx)) {
      for (const test of group.stats) {
        if (test.kind !== 'test') continue;
        const p = linked(group, test, 'pId');
        if (!p) continue;
        // "r = .30, n = 50": a correlation's df is n − 2.
        let checked = test;
        let dfNote = '';
        if (test.test === 'r' && !(test.df && test.df.length)) {
          const n = group.stats.find((s) => s.kind === 'n' && typeof s.value === 'number' && s.value > 2);
          if (n) { checked = { ...test, df: [(n.value as number) - 2] }; dfNote = ` (df = ${(n.value as number) - 2} from \`${n.text}\`)`; }
        }
        // "t28 = 2.20" / "F2,110 = 3.1": df pasted from a PDF subscript; say how it was read.
        const subscriptNote = test.dfWritten === 'subscript' && test.df?.length
          ? ` (read as ${String(test.symbol ?? test.test)}(${test.df.join(', ')}): the subscript gives the degrees of freedom)` : '';
        const r = checkTestAgainstP(checked, p, group.sentence.prose);
        if (!r || !r.error) continue;
        const tolerance = r.pZero ? '' : ' Tolerance: any test value that rounds to the reported one, and the reported p rounded to its own decimals.';
        out.push({
          start: test.start,
          end: p.end,
          severity: r.decisionError ? 'error' : 'warning',
          message: `${r.decisionError ? 'Decision error' : 'Inconsistent p-value'}: ${explainStatcheck(test, p, r, ALPHA).replace(`\`${test.text}\``, (t) => t + subscriptNote)}${dfNote}.${tolerance}`,
          data: { computedP: r.computedP, lowP: r.lowP, highP: r.highP, tails: r.tails, decisionError: r.decisionError },
        });
      }
    }
    return out;
  },
};

export default rule;
