/**
 * p-value implied by an interval: recover the standard error from the interval (log scale for
 * ratio measures, linear for differences) under a normal approximation, allowing for rounding.
 */
import type { Statistic } from '../types';
import { normalQuantile, pFromStatistic, pFromZ, tQuantile } from './distributions';

export interface ImpliedP {
  /** p from the numbers as written. */
  p: number;
  /** Range of p allowing for rounding of the estimate and bounds, and the z tolerance. */
  low: number;
  high: number;
  /** Relative tolerance applied to z (covers t vs normal and non-Wald intervals). */
  zTolerance: number;
  level: number;
  /** Smallest degrees of freedom allowed for a t-based interval (differences only). */
  minDf?: number;
}

/** Small studies report t-based intervals (wider than ±1.96 SE); allow down to this many df. */
export const DEFAULT_MIN_DF = 10;

/** Relative slack on z: intervals from t distributions, exact or profile methods are not exactly Wald. */
export const Z_TOLERANCE = 0.1;

function half(decimals: unknown): number {
  return typeof decimals === 'number' && decimals <= 15 ? 0.5 / Math.pow(10, decimals) : 0;
}

/** The p-value an interval implies for its estimate; undefined when it cannot be recovered. */
export function impliedP(ci: Statistic, estimate?: Statistic, minDf = DEFAULT_MIN_DF): ImpliedP | undefined {
  const scale = ci.scale;
  if (scale !== 'ratio' && scale !== 'difference') return undefined;
  const nullValue = typeof ci.nullValue === 'number' ? ci.nullValue : scale === 'ratio' ? 1 : 0;
  const L = ci.lower;
  const U = ci.upper;
  if (L === undefined || U === undefined || !(U > L)) return undefined;
  const level = typeof ci.level === 'number' ? ci.level : 95;
  if (!(level > 50 && level < 100)) return undefined;
  const zc = normalQuantile(1 - (1 - level / 100) / 2);
  const g = scale === 'ratio' ? Math.log : (x: number) => x;
  if (scale === 'ratio' && !(L > 0)) return undefined;
  let E: number;
  let hE = 0;
  if (estimate?.value !== undefined) {
    E = estimate.value;
    // "decreased by 65 (95% CI −96 to −34)": the sign convention of the words, not of the numbers.
    if (estimate.measure === 'change' && (E < L || E > U) && -E >= L && -E <= U) E = -E;
    hE = half(estimate.decimals);
  } else {
    E = scale === 'ratio' ? Math.sqrt(L * U) : (L + U) / 2;
  }
  if (scale === 'ratio' && !(E > 0)) return undefined;
  const hL = half(ci.lowerDecimals);
  const hU = half(ci.upperDecimals);
  const g0 = g(nullValue);
  let zMin = Infinity;
  let zMax = 0;
  for (const e of [E - hE, E + hE]) for (const l of [L - hL, L + hL]) for (const u of [U - hU, U + hU]) {
    if (scale === 'ratio' && (l <= 0 || e <= 0)) continue;
    const se = (g(u) - g(l)) / (2 * zc);
    if (!(se > 0)) continue;
    const z = Math.abs(g(e) - g0) / se;
    zMin = Math.min(zMin, z);
    zMax = Math.max(zMax, z);
  }
  if (!Number.isFinite(zMin)) return undefined;
  // |g(e) − g(null)| is smallest at the null itself: an estimate that rounds to the null (HR 1.00) allows z = 0.
  if (E - hE <= nullValue && nullValue <= E + hE) zMin = 0;
  const se = (g(U) - g(L)) / (2 * zc);
  // With a t-based interval the same width means a larger SE: t = z · zc / t_crit, on minDf df.
  const tc = tQuantile(1 - (1 - level / 100) / 2, minDf);
  return {
    p: pFromZ(Math.abs(g(E) - g0) / se),
    low: pFromZ(zMax * (1 + Z_TOLERANCE)),
    // Ratio measures come from regression models with normal-theory (Wald) intervals.
    high: scale === 'ratio'
      ? pFromZ(zMin * (1 - Z_TOLERANCE))
      : Math.max(pFromZ(zMin * (1 - Z_TOLERANCE)), pFromStatistic('t', (zMin * zc / tc) * (1 - Z_TOLERANCE), [minDf])),
    zTolerance: Z_TOLERANCE,
    level,
    minDf: scale === 'ratio' ? undefined : minDf,
  };
}

/**
 * The p-value an estimate and its standard error imply: two-sided z test of estimate / SE against
 * 0, over the rounding ranges of both numbers, with the same z tolerance and t allowance (≥ minDf
 * df: regression coefficients in small samples are tested with t) as for intervals.
 */
export function impliedPFromSe(estimate: Statistic, minDf = DEFAULT_MIN_DF): ImpliedP | undefined {
  const E = estimate.value;
  const SE = typeof estimate.se === 'number' ? estimate.se : undefined;
  if (E === undefined || SE === undefined || !(SE > 0)) return undefined;
  const nullValue = typeof estimate.nullValue === 'number' ? estimate.nullValue : 0;
  const d = Math.abs(E - nullValue);
  const hE = half(estimate.decimals);
  const hS = half(estimate.seDecimals);
  const zMin = Math.max(0, d - hE) / (SE + hS);
  const zMax = SE - hS > 0 ? (d + hE) / (SE - hS) : Infinity;
  return {
    p: pFromZ(d / SE),
    low: Number.isFinite(zMax) ? pFromZ(zMax * (1 + Z_TOLERANCE)) : 0,
    high: Math.max(pFromZ(zMin * (1 - Z_TOLERANCE)), pFromStatistic('t', zMin * (1 - Z_TOLERANCE), [minDf])),
    zTolerance: Z_TOLERANCE,
    level: 95,
    minDf,
  };
}
