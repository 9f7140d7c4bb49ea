import type { Rule } from './rule';
import type { FindingDraft, Statistic } from '../types';
import { statisticsBySentence, linked, intervalText, asWritten, type SentenceStatistics } from '../statistics/context';
import { fmt } from '../statistics/numbers';

function half(decimals: unknown): number {
  return typeof decimals === 'number' && decimals <= 15 ? 0.5 / Math.pow(10, decimals) : 0;
}

/**
 * Checks an interval against itself and its estimate: the lower bound must not exceed the upper,
 * the point estimate must lie inside (allowing for rounding), and a ratio measure (HR, OR, RR)
 * cannot have a bound at or below zero.
 */
const rule: Rule = {
  id: 'interval-estimate',
  description: 'An interval whose bounds are reversed, impossible for its measure, or that does not contain its estimate.',
  category: 'statistics',
  defaultSeverity: 'error',
  docs: {
    bad: 'Risk of relapse fell (HR 0.52, 95% CI 0.61–0.89).',
    good: 'Risk of relapse fell (HR 0.72, 95% CI 0.61–0.89).',
  },
  scope: 'statistics',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const group of statisticsBySentence(ctx)) {
      for (const ci of group.stats) {
        if (ci.kind === 'range') { checkRange(group, ci, out); continue; }
        if (ci.kind !== 'ci' || ci.lower === undefined || ci.upper === undefined) continue;
        const L = ci.lower;
        const U = ci.upper;
        if (L > U) {
          out.push({
            start: ci.start, end: ci.end,
            message: `The interval \`${ci.text}\` has its lower bound (${fmt(L, 10)}) above its upper bound (${fmt(U, 10)}); the bounds are swapped or mistyped.`,
            data: { lower: L, upper: U },
          });
          continue;
        }
        if (ci.scale === 'ratio' && L <= 0) {
          out.push({
            start: ci.start, end: ci.end,
            message: `The interval \`${ci.text}\` belongs to a ratio measure (\`${String(ci.measure)}\`), which is always above 0; a bound of ${fmt(L, 10)} is impossible.`,
            data: { lower: L, upper: U },
          });
          continue;
        }
        const est = linked(group, ci, 'estimateId');
        if (!est || est.value === undefined) continue;
        const tol = Math.max(half(ci.lowerDecimals), half(ci.upperDecimals), half(est.decimals));
        const inside = (x: number) => x >= L - tol - 1e-12 && x <= U + tol + 1e-12;
        const v = est.value;
        const candidates = [v];
        // Words carry the sign ("decreased by 65"); a percentage may be quoted with a ratio interval.
        if (est.measure === 'change') candidates.push(-v);
        if (est.unit === '%' && ci.unit !== '%') candidates.push(v / 100, 1 - v / 100, 1 + v / 100, -v / 100);
        if (candidates.some(inside)) continue;
        out.push({
          start: est.start, end: ci.end,
          message: `The estimate \`${est.text}\` lies outside its interval ${intervalText(ci)} (\`${ci.text}\`); an interval always contains its point estimate (tolerance ±${fmt(tol, 10)} for rounding).`,
          data: { estimate: v, lower: L, upper: U, tolerance: tol },
        });
      }
    }
    return out;
  },
};

/**
 * An IQR or a range (minimum–maximum) is the spread of the data: a median always lies within its
 * IQR and any mean or median within the range. A mean may fall outside the IQR of skewed data,
 * so that pair is not checked.
 */
function checkRange(group: SentenceStatistics, r: Statistic, out: FindingDraft[]): void {
  if (r.lower === undefined || r.upper === undefined) return;
  const label = r.measure === 'IQR' ? 'interquartile range' : 'range';
  if (r.lower > r.upper) {
    out.push({
      start: r.start, end: r.end,
      message: `The ${label} \`${r.text}\` has its lower value (${fmt(r.lower, 10)}) above its upper value (${fmt(r.upper, 10)}); the values are swapped or mistyped.`,
      data: { lower: r.lower, upper: r.upper },
    });
    return;
  }
  const est = linked(group, r, 'estimateId');
  if (!est || est.value === undefined) return;
  if (r.measure === 'IQR' && est.measure !== 'median') return;
  const tol = Math.max(half(r.lowerDecimals), half(r.upperDecimals), half(est.decimals));
  if (est.value >= r.lower - tol - 1e-12 && est.value <= r.upper + tol + 1e-12) return;
  const what = est.measure === 'median' ? 'median' : 'mean';
  out.push({
    start: est.start, end: r.end,
    message: `The ${what} \`${est.text}\` lies outside its ${label} ${asWritten(r.lower, r.lowerDecimals)} to ${asWritten(r.upper, r.upperDecimals)} (\`${r.text}\`); a ${what} always lies within its ${r.measure === 'IQR' ? 'IQR' : 'range'} (tolerance ±${fmt(tol, 10)} for rounding).`,
    data: { estimate: est.value, lower: r.lower, upper: r.upper, tolerance: tol },
  });
}

export default rule;
