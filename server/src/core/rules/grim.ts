import type { Rule } from './rule';
import type { FindingDraft, Statistic } from '../types';
import { statisticsBySentence, nearest } from '../statistics/context';
import { escapeRegex, wording } from '../statistics/lexicon';
import { roundTo } from '../statistics/numbers';

const INTEGER_DATA_RE = new RegExp(`\\b(?:${wording.integerData.map((w) => escapeRegex(w.word)).join('|')})\\b`, 'i');

/** Means with `decimals` decimals that n integer values can produce around `mean`. */
function possibleMeans(mean: number, n: number, decimals: number): { possible: boolean; below: string; above: string } {
  const k = Math.round(mean * n);
  let possible = false;
  for (let j = k - 1; j <= k + 1; j++) if (roundTo(j / n, decimals) === roundTo(mean, decimals)) possible = true;
  // The neighbouring possible means are at most a few steps of 1/n away (n ≤ MAX_GRIM_N, decimals
  // ≤ 3 here): the step cap only keeps a malformed input from looping.
  let lo = Math.floor(mean * n);
  for (let steps = 0; roundTo(lo / n, decimals) >= roundTo(mean, decimals) && steps < 10_000; steps++) lo--;
  let hi = Math.ceil(mean * n);
  for (let steps = 0; roundTo(hi / n, decimals) <= roundTo(mean, decimals) && steps < 10_000; steps++) hi++;
  return { possible, below: roundTo(lo / n, decimals).toFixed(decimals), above: roundTo(hi / n, decimals).toFixed(decimals) };
}

/**
 * GRIMMER (Anaya 2016): for n whole numbers with sum S, the sum of squares Q is a whole number
 * with the same parity as S, and the SD fixes Q = (n − 1)·SD² + S²/n. If no such Q fits the SD's
 * rounding range (sample or population SD), the mean and SD cannot come from integer data.
 */
function grimmer(mean: Statistic, n: number, nStat: Statistic, d: number): FindingDraft | undefined {
  const sd = typeof mean.sd === 'number' ? mean.sd : undefined;
  const e = typeof mean.sdDecimals === 'number' ? mean.sdDecimals : undefined;
  if (sd === undefined || e === undefined || e < 1 || n < 2 || mean.value === undefined) return undefined;
  // Only a spread labelled SD: "± 0.12" or "(0.12)" may be a standard error.
  if (mean.sdAssumed) return undefined;
  const h = 0.5 / Math.pow(10, e);
  const lo = Math.max(0, sd - h);
  const hi = sd + h;
  const target = roundTo(mean.value, d);
  const k = Math.round(mean.value * n);
  let checked = false;
  for (let sum = k - 2; sum <= k + 2; sum++) {
    if (roundTo(sum / n, d) !== target) continue;
    checked = true;
    for (const denom of [n - 1, n]) {
      const qLo = denom * lo * lo + (sum * sum) / n;
      const qHi = denom * hi * hi + (sum * sum) / n;
      // A window two units wide always holds a whole number of either parity: nothing to find.
      if (!(qHi - qLo < 2)) return undefined;
      for (let q = Math.ceil(qLo - 1e-9); q <= Math.floor(qHi + 1e-9); q++) {
        if (((q - sum) % 2 + 2) % 2 === 0) return undefined;
      }
    }
  }
  if (!checked) return undefined;
  return {
    start: mean.start, end: mean.end,
    message: `\`${mean.text}\` is impossible for integer data with n = ${n} (\`${nStat.text}\`): no ${n} whole numbers with mean ${target.toFixed(d)} have an SD that rounds to ${sd.toFixed(e)} (GRIMMER test: the sum of squares must be a whole number of the same parity as the sum; SD taken as ${lo.toFixed(e + 1)}–${hi.toFixed(e + 1)}, sample or population SD).`,
    data: { n, sd, test: 'GRIMMER' },
  };
}

/**
 * GRIM (Brown & Heathers 2017): the mean of n integer values (Likert items, counts) is a
 * multiple of 1/n, so with few participants many two-decimal means are impossible. Applied only
 * when the sentence says the data are integers (item, rating, count, number of…) and gives n.
 */
const rule: Rule = {
  id: 'grim',
  description: 'A mean that n integer-valued observations cannot produce (GRIM test).',
  category: 'statistics',
  defaultSeverity: 'warning',
  docs: {
    bad: 'The mean number of relapses was 1.37 (n = 17).',
    good: 'The mean number of relapses was 1.35 (n = 17).',
  },
  scope: 'statistics',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const group of statisticsBySentence(ctx)) {
      if (!INTEGER_DATA_RE.test(group.sentence.prose)) continue;
      for (const mean of group.stats) {
        if (mean.kind !== 'effect' || mean.measure !== 'mean' || mean.value === undefined) continue;
        const d = typeof mean.decimals === 'number' ? mean.decimals : 0;
        if (d < 1 || d > 15) continue;
        const nStat: Statistic | undefined = nearest(group.stats, mean.start, (s) => s.kind === 'n' && typeof s.value === 'number' && s.population !== 'studies');
        const n = nStat?.value;
        if (!nStat || n === undefined || !(n >= 1) || n >= Math.pow(10, d)) continue;
        const r = possibleMeans(mean.value, n, d);
        if (r.possible) {
          const sdFinding = grimmer(mean, n, nStat, d);
          if (sdFinding) out.push(sdFinding);
          continue;
        }
        out.push({
          start: mean.start, end: mean.end,
          message: `\`${mean.text}\` is impossible for integer data with n = ${n} (\`${nStat.text}\`): means of ${n} whole numbers are multiples of 1/${n}, and the nearest ones at ${d} decimals are ${r.below} and ${r.above} (GRIM test; exact match after rounding required).`,
          data: { n, nearestBelow: r.below, nearestAbove: r.above },
        });
      }
    }
    return out;
  },
};

export default rule;
