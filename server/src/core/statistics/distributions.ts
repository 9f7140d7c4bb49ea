/** p-values from test statistics, through jstat (no hand-written CDFs). */
import jStatModule from 'jstat';

// jstat is CommonJS; depending on the bundler the default import is the object or wraps it.
const jStat = (jStatModule as unknown as { jStat?: typeof jStatModule }).jStat ?? jStatModule;

export type TestKind = 't' | 'F' | 'chi2' | 'z' | 'r';

/**
 * The largest degrees of freedom a p-value is computed for. jstat's χ² (regularised lower gamma)
 * iterates about 0.2·df times, so a df written as `χ²(9999999999)` would loop for minutes; no
 * study reports a df this large, so the check is skipped (NaN) instead.
 */
export const MAX_DF = 1e6;

const usableDf = (d: number | undefined): d is number => typeof d === 'number' && d > 0 && d <= MAX_DF;

/**
 * The p-value of a test statistic `value` with degrees of freedom `df`; two-tailed for t, z and r
 * (one-tailed when `tails` = 1), upper tail for F and χ². NaN when the input is impossible.
 */
export function pFromStatistic(test: TestKind, value: number, df: number[], tails: 1 | 2 = 2): number {
  switch (test) {
    case 't': {
      const d = df[0];
      if (!usableDf(d)) return NaN;
      return tails * jStat.studentt.cdf(-Math.abs(value), d);
    }
    case 'z':
      return tails * jStat.normal.cdf(-Math.abs(value), 0, 1);
    case 'r': {
      const d = df[0];
      const r = Math.abs(value);
      if (!usableDf(d) || r > 1) return NaN;
      if (r === 1) return 0;
      const t = r * Math.sqrt(d / (1 - r * r));
      return tails * jStat.studentt.cdf(-t, d);
    }
    case 'F': {
      const [d1, d2] = df;
      if (!usableDf(d1) || !usableDf(d2) || !(value >= 0) || !Number.isFinite(value)) return NaN;
      if (value === 0) return 1;
      // Upper tail of F(d1, d2) = I_{d2/(d2 + d1 F)}(d2/2, d1/2), precise for small p.
      return jStat.ibeta(d2 / (d2 + d1 * value), d2 / 2, d1 / 2);
    }
    case 'chi2': {
      const d = df[0];
      if (!usableDf(d) || !(value >= 0) || !Number.isFinite(value)) return NaN;
      return 1 - jStat.lowRegGamma(d / 2, value / 2);
    }
  }
}

/** Two-sided p-value of a standard normal z. */
export function pFromZ(z: number): number {
  return 2 * jStat.normal.cdf(-Math.abs(z), 0, 1);
}

/** The standard normal quantile. */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** Quantile of Student's t with `df` degrees of freedom (NaN past MAX_DF). */
export function tQuantile(p: number, df: number): number {
  if (!usableDf(df)) return NaN;
  return jStat.studentt.inv(p, df);
}
