import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import { fmt, roundTo } from '../statistics/numbers';

const PERCENT_NUMBER_RE = /([-−]?(?:\d+(?:[.·]\d+)?|[.·]\d+))(\s?%\s*[)\]])$/;

/**
 * "17 of 24 (75%)": the percentage must equal numerator / denominator, rounded to the decimals
 * shown (17/24 = 70.8%, so 71%). A numerator above the denominator is flagged too.
 */
const rule: Rule = {
  id: 'percent-arithmetic',
  description: 'A percentage that does not equal its count divided by its total.',
  category: 'statistics',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Seventeen of the participants responded: 17 of 24 (75%).',
    good: 'Seventeen of the participants responded: 17 of 24 (71%).',
  },
  // Each statistic is judged on its own: its drafts are kept per sentence while the note is edited.
  scope: 'statistics',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const s of ctx.statistics) {
      if (s.kind !== 'percent' || typeof s.numerator !== 'number' || typeof s.denominator !== 'number' || s.value === undefined) continue;
      const x = s.numerator;
      const n = s.denominator;
      if (n === 0) continue;
      const exact = (100 * x) / n;
      const d = typeof s.decimals === 'number' ? s.decimals : 0;
      const tol = 0.5 / Math.pow(10, d);
      if (Math.abs(s.value - exact) <= tol + 1e-9) continue;
      const correct = roundTo(exact, d).toFixed(d);
      const m = PERCENT_NUMBER_RE.exec(s.text);
      const fixes = m ? [{ title: `Replace with \`${correct}%\``, start: s.end - m[0].length, end: s.end - m[2].length, newText: correct }] : [];
      out.push({
        start: s.start, end: s.end,
        severity: x > n ? 'error' : 'warning',
        message: x > n
          ? `\`${s.text}\`: the count ${x} is larger than the total ${n}.`
          : `\`${s.text}\`: ${x}/${n}${typeof s.denominatorText === 'string' ? ` (total from \`${s.denominatorText}\`)` : ''} = ${fmt(exact, d + 2)}%, which rounds to ${correct}%, not ${fmt(s.value, 10)}% (tolerance ±${fmt(tol, 10)} percentage points for rounding to ${d} decimals).`,
        data: { exact, fixes },
      });
    }
    return out;
  },
};

export default rule;
