import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import { fmt } from '../statistics/numbers';

/**
 * Flags p-values that cannot be: below 0 or above 1, and `p = 0` / `p = .000`, which rounding
 * produced; a p-value is never exactly zero, so it should be reported as `p < .001`.
 */
const rule: Rule = {
  id: 'p-value-range',
  description: 'A p-value outside [0, 1], or reported as exactly 0.',
  category: 'statistics',
  defaultSeverity: 'error',
  docs: {
    bad: 'The difference was significant (p = .000). The interaction was not (p = 1.7).',
    good: 'The difference was significant (p < .001). The interaction was not (p = .17).',
  },
  // Each statistic is judged on its own: its drafts are kept per sentence while the note is edited.
  scope: 'statistics',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const p of ctx.statistics) {
      if (p.kind !== 'p' || p.ns || p.value === undefined) continue;
      const v = p.value;
      const c = p.comparator ?? '=';
      if (v > 1 || v < 0) {
        out.push({
          start: p.start, end: p.end, severity: 'error',
          message: `\`${p.text}\` is impossible: a p-value lies between 0 and 1 (read as ${fmt(v, 10)}).`,
          data: { value: v },
        });
      } else if (v === 0 && (c === '=' || c === '<' || c === '<=')) {
        // "p = 0.00" only says p < 0.005, so the honest bound is 0.01, not 0.001.
        const decimals = Math.max(1, typeof p.decimals === 'number' ? p.decimals : 3);
        const leadingZero = /0[.·,]/.test(p.text);
        const bound = (leadingZero ? '0.' : '.') + '0'.repeat(decimals - 1) + '1';
        const prefix = /^[pP]/.test(p.text) ? p.text[0] : 'p';
        const newText = `${prefix} < ${bound}`;
        out.push({
          start: p.start, end: p.end, severity: c === '=' ? 'warning' : 'error',
          message: c === '='
            ? `\`${p.text}\` reports a p-value of exactly 0, which no test gives; the value was rounded to 0${typeof p.decimals === 'number' ? ` at ${p.decimals} decimal${p.decimals === 1 ? '' : 's'}` : ''}, so report \`${newText}\`.`
            : `\`${p.text}\` is impossible: no p-value is ${c === '<' ? 'below' : 'at or below'} 0; report \`${newText}\`.`,
          data: { value: v, fixes: [{ title: `Replace with \`${newText}\``, start: p.start, end: p.end, newText }] },
        });
      }
    }
    return out;
  },
};

export default rule;
