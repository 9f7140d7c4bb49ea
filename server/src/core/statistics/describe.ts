/** Hover text for a recognised statistic: what the recogniser understood, in plain words. */
import type { Statistic } from '../types';
import { MEASURES_BY_ID } from './lexicon';
import { fmt } from './numbers';
import { MAX_DF, pFromStatistic, pFromZ, type TestKind } from './distributions';
import { canCheck } from './statcheck';

const COMPARATOR_WORDS: Record<string, string> = { '=': 'exact', '<': 'upper bound', '<=': 'upper bound', '>': 'lower bound', '>=': 'lower bound' };
const TEST_NAMES: Record<string, string> = { t: 't-test', F: 'F-test', chi2: 'χ² test', z: 'z-test', r: 'correlation' };

function unit(s: Statistic): string {
  return typeof s.unit === 'string' && s.unit !== '%' ? ` ${s.unit}` : s.unit === '%' ? '%' : '';
}

function measureLabel(s: Statistic): string {
  if (s.measure === 'estimate' || s.measure === undefined) return 'estimate';
  if (s.measure === 'change') return s.direction === 'decrease' ? 'decrease' : 'increase';
  return MEASURES_BY_ID.get(s.measure)?.label ?? String(s.measure);
}

/** Markdown describing the parsed meaning of `s` (used by the hover). */
export function describeStatistic(s: Statistic): string {
  const v = s.value === undefined ? '?' : fmt(s.value, 10);
  switch (s.kind) {
    case 'p': {
      if (s.ns) return `**p-value**: not significant (\`${s.text}\`, read as p > 0.05)`;
      const sided = s.sided ? String(s.sided) : 'two-sided unless stated';
      const op = s.comparator === '<=' ? '≤' : s.comparator === '>=' ? '≥' : s.comparator ?? '=';
      return `**p-value**: p ${op} ${v} (${COMPARATOR_WORDS[s.comparator ?? '='] ?? 'exact'}, ${sided})`;
    }
    case 'ci': {
      const level = s.level !== undefined ? `${fmt(s.level)}%` : '95% (assumed)';
      const kind = s.interval === 'credible' ? 'credible interval' : s.interval === 'prediction' ? 'prediction interval (where a new study\'s effect is expected; not a test of significance)' : 'CI';
      const est = s.estimateValue !== undefined ? s.estimateValue : undefined;
      const lo = s.openLower ? 'not estimable' : fmt(s.lower ?? NaN, 10);
      const hi = s.openUpper ? 'not estimable' : fmt(s.upper ?? NaN, 10);
      let out = `**${level} ${kind}** ${lo} to ${hi}${unit(s)}`;
      if (s.openLower || s.openUpper) out += ' (open on that side: not checked)';
      if (est !== undefined) out += ` for the estimate ${fmt(Number(est), 10)}`;
      if (s.measure && s.measure !== 'estimate') out += ` (${measureLabel(s)})`;
      if (s.scale === 'ratio') out += '; ratio measure, no effect = 1';
      else if (s.scale === 'difference') out += '; difference measure, no effect = 0';
      return out;
    }
    case 'test': {
      const df = s.df && s.df.length ? `(${s.df.join(', ')})` : '';
      const symbol = typeof s.symbol === 'string' ? s.symbol : s.test;
      let out = `**${TEST_NAMES[s.test ?? ''] ?? 'test statistic'}**: ${symbol}${df} ${s.comparator ?? '='} ${v}` +
        (s.df && s.df.length ? ` with ${s.df.length === 2 ? 'degrees of freedom' : 'df'} ${s.df.join(' and ')}` : '') +
        (s.dfWritten === 'subscript' ? ` (df read from \`${s.text.replace(/\s*[<>=≤≥].*$/, '')}\`, a subscript flattened by copy-paste)` : '');
      if (canCheck(s) && s.value !== undefined) {
        const p = pFromStatistic(s.test as TestKind, s.value, s.df ?? []);
        const upper = s.test === 'F' || s.test === 'chi2';
        const tail = upper ? 'upper tail' : 'two-tailed';
        if (Number.isFinite(p)) out += ` → p = ${fmt(p)} (${tail})`;
        else if ((s.df ?? []).some((d) => d > MAX_DF)) out += ` → p not computed: degrees of freedom above ${MAX_DF.toLocaleString('en')} are beyond any study, so the p-value check is skipped`;
        if (Number.isFinite(p) && !upper && s.sided === 'one-sided') out += `, one-tailed p = ${fmt(p / 2)} as the sentence states a one-sided test`;
      }
      return out;
    }
    case 'effect': {
      let out = `**${measureLabel(s)}**: ${v}${unit(s)}`;
      if (typeof s.sd === 'number') out += ` (SD ${fmt(s.sd, 10)}${s.sdAssumed ? `; ${/±|\+\//.test(s.text) ? 'a ± after a value' : 'a bracketed number after a value'} is read as its SD by convention, though some papers give an SE` : ''})`;
      if (typeof s.se === 'number') {
        out += ` (SE ${fmt(s.se, 10)}`;
        if (s.scale === 'difference' && s.value !== undefined && s.se > 0) {
          const z = Math.abs(s.value - (typeof s.nullValue === 'number' ? s.nullValue : 0)) / s.se;
          out += `; z = ${fmt(z, 2)} → two-sided p = ${fmt(pFromZ(z))}`;
        }
        out += ')';
      }
      return out;
    }
    case 'percent':
      if (typeof s.numerator === 'number' && typeof s.denominator === 'number') {
        return `**proportion**: ${s.numerator} of ${s.denominator} reported as ${v}% (exact ${fmt((100 * s.numerator) / s.denominator, 2)}%)`;
      }
      if (typeof s.numerator === 'number') return `**percentage**: ${s.numerator} reported as ${v}% (no total given in the sentence, so not checked)`;
      return `**percentage**: ${v}%`;
    case 'n':
      if (s.population === 'studies') return `**number of studies**: k = ${v}`;
      return `**sample size**: n = ${v}${s.population ? ` ${String(s.population)}` : ''}`;
    case 'duration':
      if (s.lower !== undefined) return `**duration**: ${fmt(s.lower, 10)} to ${fmt(s.upper ?? NaN, 10)} ${String(s.unit ?? '')}${s.context ? ` (${String(s.context)})` : ''}`;
      return `**duration**: ${v} ${String(s.unit ?? '')}${s.context ? ` (${String(s.context)})` : ''}`;
    case 'range': {
      const label = s.measure === 'IQR' ? 'interquartile range' : 'range (minimum to maximum)';
      let out = `**${label}**: ${fmt(s.lower ?? NaN, 10)} to ${fmt(s.upper ?? NaN, 10)}${unit(s)}`;
      if (typeof s.estimateValue === 'number') out += ` of the ${String(s.estimateMeasure ?? 'estimate')} ${fmt(s.estimateValue, 10)}`;
      return out + ' (the spread of the data, not a confidence interval)';
    }
    case 'age':
      if (s.lower !== undefined) return `**age range**: ${fmt(s.lower, 10)} to ${fmt(s.upper ?? NaN, 10)} years (an age, not a follow-up time)`;
      return `**age**: ${v} years (an age, not a follow-up time)`;
    default:
      return `**${s.kind}**: \`${s.text}\``;
  }
}
