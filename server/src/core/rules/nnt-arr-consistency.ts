import type { Rule } from './rule';
import type { FindingDraft, Statistic } from '../types';
import { statisticsBySentence } from '../statistics/context';
import { fmt } from '../statistics/numbers';

/** An NNT and an ARR further apart than this (characters) describe different comparisons. */
const MAX_GAP = 80;

function half(decimals: unknown): number {
  return typeof decimals === 'number' && decimals <= 15 ? 0.5 / Math.pow(10, decimals) : 0;
}

/** The absolute risk reduction as a proportion with its rounding range; percentages are divided by 100. */
export function arrAsProportion(arr: Statistic): { value: number; low: number; high: number } | undefined {
  if (arr.value === undefined) return undefined;
  // "ARR 5%" or "ARR 5 percentage points" (a value above 1 cannot be a proportion).
  const percent = arr.unit === '%' || /percent|points?\b|\bpp\b/i.test(String(arr.unit ?? '')) || Math.abs(arr.value) > 1;
  const k = percent ? 100 : 1;
  const v = Math.abs(arr.value);
  const h = half(arr.decimals);
  return { value: v / k, low: Math.max(0, v - h) / k, high: (v + h) / k };
}

/**
 * The NNTs an ARR allows: 1/ARR rounded up (Laupacis 1988; CONSORT), over the rounding range of the
 * reported ARR. A decimal NNT is compared with 1/ARR itself.
 */
export function allowedNnt(arr: Statistic, nntDecimals = 0): { exact: number; min: number; max: number } | undefined {
  const a = arrAsProportion(arr);
  if (!a || !(a.value > 0) || !(a.high > 0)) return undefined;
  const exact = 1 / a.value;
  const lowInv = 1 / a.high;
  const highInv = a.low > 0 ? 1 / a.low : Infinity;
  if (nntDecimals > 0) {
    const h = half(nntDecimals);
    return { exact, min: lowInv - h, max: highInv + h };
  }
  return { exact, min: Math.ceil(lowInv - 1e-9), max: Math.ceil(highInv - 1e-9) };
}

/**
 * "ARR 5% (NNT 20)": the number needed to treat is the reciprocal of the absolute risk reduction,
 * rounded up. An NNT that no rounding of the reported ARR can produce means one of the two numbers
 * is wrong (or they come from different comparisons).
 */
const rule: Rule = {
  id: 'nnt-arr-consistency',
  description: 'A number needed to treat that does not equal 1 / absolute risk reduction, rounded up.',
  category: 'statistics',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Relapse was less frequent on treatment (ARR 5%, NNT 12).',
    good: 'Relapse was less frequent on treatment (ARR 5%, NNT 20).',
  },
  scope: 'statistics',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const group of statisticsBySentence(ctx)) {
      const arrs = group.stats.filter((s) => s.kind === 'effect' && s.measure === 'ARR' && s.value !== undefined);
      if (arrs.length === 0) continue;
      for (const nnt of group.stats) {
        if (nnt.kind !== 'effect' || nnt.measure !== 'NNT' || nnt.value === undefined || !(nnt.value > 0)) continue;
        // The nearest ARR in the sentence is the one the NNT was computed from.
        let arr: Statistic | undefined;
        let best = Infinity;
        for (const a of arrs) {
          const d = a.end <= nnt.start ? nnt.start - a.end : a.start >= nnt.end ? a.start - nnt.end : 0;
          if (d < best) { best = d; arr = a; }
        }
        if (!arr || best > MAX_GAP) continue;
        // "ARR for stroke 2.0% (NNT 50), for any event 4.0% (NNT 20)": another estimate in between has its own NNT.
        const lo = Math.min(arr.end, nnt.end);
        const hi = Math.max(arr.start, nnt.start);
        if (group.stats.some((s) => s !== arr && s !== nnt && (s.kind === 'effect' || s.kind === 'percent') && s.start >= lo && s.end <= hi)) continue;
        const nntDecimals = typeof nnt.decimals === 'number' ? nnt.decimals : 0;
        const allowed = allowedNnt(arr, nntDecimals);
        if (!allowed) continue;
        if (nnt.value >= allowed.min - 1e-9 && nnt.value <= allowed.max + 1e-9) continue;
        const a = arrAsProportion(arr)!;
        const range = nntDecimals > 0
          ? `${fmt(allowed.min, 2)} to ${fmt(allowed.max, 2)}`
          : allowed.min === allowed.max ? `${allowed.min}` : `${allowed.min} to ${Number.isFinite(allowed.max) ? allowed.max : '∞'}`;
        out.push({
          start: Math.min(arr.start, nnt.start), end: Math.max(arr.end, nnt.end),
          message: `\`${nnt.text}\` does not match \`${arr.text}\`: the number needed to treat is 1 / ARR rounded up, 1 / ${fmt(a.value, 6)} = ${fmt(allowed.exact, 2)}, so NNT ${range} (allowing for rounding of the ARR).`,
          data: { arr: a.value, expected: allowed.exact, min: allowed.min, max: allowed.max },
        });
      }
    }
    return out;
  },
};

export default rule;
