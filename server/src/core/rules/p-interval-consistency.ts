import type { Rule } from './rule';
import type { FindingDraft, Statistic } from '../types';
import { statisticsBySentence, linked, nullPosition, reportedSignificance, intervalText, type SentenceStatistics } from '../statistics/context';
import { impliedP, impliedPFromSe, DEFAULT_MIN_DF } from '../statistics/interval';
import { fmt, roundTo } from '../statistics/numbers';

/**
 * Compares a p-value with the interval of the same estimate. The standard error is recovered from
 * the interval (log scale for ratio measures, linear for differences) and the implied p computed;
 * a reported p outside that range, allowing for rounding, is flagged. An interval that excludes
 * the null while p says "not significant" (or includes it while p says "significant") is flagged
 * on its own, since one of the two numbers must be wrong.
 */
const rule: Rule = {
  id: 'p-interval-consistency',
  description: 'A p-value that does not agree with the confidence interval of the same estimate.',
  category: 'statistics',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Relapses were less frequent (HR 0.72, 95% CI 0.61–0.89, p = 0.20).',
    good: 'Relapses were less frequent (HR 0.72, 95% CI 0.61–0.89, p = 0.002).',
  },
  scope: 'statistics',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const group of statisticsBySentence(ctx)) {
      checkStandardErrors(group, out);
      for (const ci of group.stats) {
        // A credible interval is not a test inversion; comparing it with a p-value says little.
        if (ci.kind !== 'ci' || ci.interval === 'credible' || ci.interval === 'prediction') continue;
        const p = linked(group, ci, 'pId');
        if (!p || p.value === undefined) continue;
        const est = linked(group, ci, 'estimateId');
        const level = typeof ci.level === 'number' ? ci.level : 95;
        const alpha = roundTo(1 - level / 100, 6);
        const pos = nullPosition(ci);
        // A p printed as the threshold itself ("p = 0.050") may lie on either side of it before
        // rounding: it says nothing about which side of the null the interval should be.
        const atThreshold = (p.comparator ?? '=') === '=' && Math.abs(p.value - alpha) <= 0.5 * 10 ** -(p.decimals ?? 3) + 1e-12;
        const sig = atThreshold ? undefined : reportedSignificance(p, alpha);
        const start = Math.min(ci.start, p.start, est?.start ?? Infinity);
        const end = Math.max(ci.end, p.end);
        const nullText = fmt(Number(ci.nullValue));
        const n = group.stats.find((s) => s.kind === 'n' && typeof s.value === 'number' && s.population !== 'studies')?.value;
        const minDf = n !== undefined ? Math.min(DEFAULT_MIN_DF, Math.max(2, n - 2)) : DEFAULT_MIN_DF;
        const implied = impliedP(ci, est as Statistic | undefined, minDf);
        const estimateText = est ? ` of \`${est.text}\`` : '';
        const impliedText = implied
          ? ` Recomputed from the interval${estimateText}: ${pPhrase(implied.p)}${implied.high < 0.0001 ? '' : ` (range ${rangeText(implied.low, implied.high)} allowing for rounding and ±${fmt(implied.zTolerance * 100)}% in z)`}.`
          : '';
        if (pos === 'excludes' && sig === false) {
          out.push({
            start, end, severity: 'warning',
            message: `The ${fmt(level)}% interval ${intervalText(ci)} excludes the null value ${nullText}, so p should be below ${fmt(alpha)}, but the text reports \`${p.text}\`; one of the two numbers is wrong.${impliedText}`,
            data: { alpha, nullValue: ci.nullValue, impliedP: implied?.p },
          });
          continue;
        }
        if (pos === 'includes' && sig === true) {
          out.push({
            start, end, severity: 'warning',
            message: `The ${fmt(level)}% interval ${intervalText(ci)} includes the null value ${nullText}, so p should be at least ${fmt(alpha)}, but the text reports \`${p.text}\`; one of the two numbers is wrong.${impliedText}`,
            data: { alpha, nullValue: ci.nullValue, impliedP: implied?.p },
          });
          continue;
        }
        if (p.ns) continue;
        if (!implied) continue;
        if (!outsideImplied(p, implied)) continue;
        const scaleWord = ci.scale === 'ratio' ? 'log scale' : 'linear scale';
        out.push({
          start, end, severity: 'warning',
          message: `\`${p.text}\` does not match the interval: ${est ? `\`${est.text}\` with ` : ''}${fmt(implied.level)}% CI ${intervalText(ci)} implies ${pPhrase(implied.p)} (standard error recovered on the ${scaleWord}; range ${rangeText(implied.low, implied.high)} allowing for rounding of the numbers${implied.minDf ? `, a t-based interval with ≥ ${implied.minDf} df,` : ''} and ±${fmt(implied.zTolerance * 100)}% in z).`,
          data: { impliedP: implied.p, low: implied.low, high: implied.high, zTolerance: implied.zTolerance },
        });
      }
    }
    return out;
  },
};

/**
 * True when a reported p cannot come from the implied range [low, high]: an exact p outside it once
 * the range is rounded to the p's own decimals, "p < x" at or below its low end, "p > x" above it.
 */
function outsideImplied(p: Statistic, implied: { low: number; high: number }): boolean {
  const c = p.comparator ?? '=';
  const d = typeof p.decimals === 'number' ? p.decimals : 3;
  const value = Number(p.value);
  if (c === '=') return value < roundTo(implied.low, d) || value > roundTo(implied.high, d);
  if (c === '<' || c === '<=') return value <= implied.low;
  return value >= implied.high;
}

/**
 * "b = 0.21, SE = 0.05, p = 0.03": the p of a two-sided z test (estimate / SE), allowing for the
 * rounding of both numbers, ±10% in z, and a t test on few df.
 */
function checkStandardErrors(group: SentenceStatistics, out: FindingDraft[]): void {
  for (const est of group.stats) {
    if (est.kind !== 'effect' || typeof est.se !== 'number' || est.scale !== 'difference' || est.ciId) continue;
    const p = linked(group, est, 'pId');
    if (!p || p.value === undefined || p.ns) continue;
    const n = group.stats.find((s) => s.kind === 'n' && typeof s.value === 'number' && s.population !== 'studies')?.value;
    const minDf = n !== undefined ? Math.min(DEFAULT_MIN_DF, Math.max(2, n - 2)) : DEFAULT_MIN_DF;
    const implied = impliedPFromSe(est, minDf);
    if (!implied) continue;
    if (!outsideImplied(p, implied)) continue;
    const z = Math.abs(Number(est.value) - (typeof est.nullValue === 'number' ? est.nullValue : 0)) / est.se;
    out.push({
      start: Math.min(est.start, p.start), end: Math.max(est.end, p.end), severity: 'warning',
      message: `\`${p.text}\` does not match the estimate and its standard error: \`${est.text}\` with \`${String(est.seText ?? `SE ${est.se}`)}\` gives z = ${fmt(z, 2)}, ${pPhrase(implied.p)} two-sided (range ${rangeText(implied.low, implied.high)} allowing for rounding of the numbers, a t test with ≥ ${implied.minDf} df, and ±${fmt(implied.zTolerance * 100)}% in z).`,
      data: { impliedP: implied.p, low: implied.low, high: implied.high, z, zTolerance: implied.zTolerance },
    });
  }
}

/** "p ≈ 0.034", or "p < 0.0001" when it is that small. */
function pPhrase(p: number): string {
  return p < 0.0001 ? 'p < 0.0001' : `p ≈ ${fmtP(p)}`;
}

/** "0.0058 to 0.087", "below 0.0001 to 0.0038". */
function rangeText(low: number, high: number): string {
  return `${low < 0.0001 ? 'below 0.0001' : fmtP(low)} to ${fmtP(high)}`;
}

/** p for messages: three significant digits, and "< 0.0001" below that. */
function fmtP(p: number): string {
  if (p < 0.0001) return '< 0.0001';
  return String(Number(p.toPrecision(p < 0.001 ? 2 : 3)));
}

export default rule;
