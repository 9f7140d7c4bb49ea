/**
 * Test statistic vs reported p, with statcheck's semantics (Nuijten et al.): the reported
 * statistic stands for every value that rounds to it, an exact p must lie in the rounded range
 * of p over those values, `<`/`>` must be possible, and a decision error is an error that flips
 * significance at α.
 */
import type { Statistic } from '../types';
import { pFromStatistic, type TestKind } from './distributions';
import { fmt, roundTo } from './numbers';

export interface StatcheckOptions {
  alpha: number;
  /** p = α counts as significant (statcheck's pEqualAlphaSig). */
  pEqualAlphaSig: boolean;
  /** p = 0 / p = .000 is an error (statcheck's pZeroError). */
  pZeroError: boolean;
  /** Accept a result that is consistent one-tailed when the text says one-tailed/one-sided/directional. */
  oneTailedTxt: boolean;
  /** Treat every test as one-tailed. */
  oneTailedTests: boolean;
}

/** The product's defaults: statcheck's, except that the text's "one-tailed" is honoured. */
export const DEFAULT_STATCHECK_OPTIONS: StatcheckOptions = {
  alpha: 0.05, pEqualAlphaSig: true, pZeroError: true, oneTailedTxt: true, oneTailedTests: false,
};

export interface StatcheckResult {
  /** p recomputed from the statistic as written. */
  computedP: number;
  /** Range of p over the statistic values that round to the reported one. */
  lowP: number;
  highP: number;
  tails: 1 | 2;
  error: boolean;
  decisionError: boolean;
  /** The result is consistent only when read as one-tailed (the text says so). */
  oneTailedAccepted: boolean;
  /** p = 0 reported as exact. */
  pZero: boolean;
}

type PComparator = '=' | '<' | '>';

function pComparator(p: Statistic): PComparator {
  if (p.comparator === '<' || p.comparator === '<=') return '<';
  if (p.comparator === '>' || p.comparator === '>=') return '>';
  return '=';
}

function pRange(test: TestKind, value: number, decimals: number, df: number[], tails: 1 | 2): [number, number] {
  const half = decimals > 15 ? 0 : 0.5 / Math.pow(10, decimals);
  const abs = Math.abs(value);
  let lo = Math.max(0, abs - half);
  let hi = abs + half;
  if (test === 'r') { hi = Math.min(1, hi); lo = Math.min(lo, 1); }
  // A larger statistic gives a smaller p.
  return [pFromStatistic(test, hi, df, tails), pFromStatistic(test, lo, df, tails)];
}

function isError(testCmp: PComparator, pCmp: PComparator, reported: number, pDec: number, lowP: number, highP: number): boolean {
  if (testCmp === '=') {
    if (pCmp === '=') return !(reported >= roundTo(lowP, pDec) && reported <= roundTo(highP, pDec));
    if (pCmp === '<') return reported <= lowP;
    return reported >= highP;
  }
  if (testCmp === '<') {
    // The true statistic is smaller, so the true p is at least lowP.
    if (pCmp === '=') return reported < roundTo(lowP, pDec);
    if (pCmp === '<') return reported <= lowP;
    return false;
  }
  // '>': the true p is at most highP.
  if (pCmp === '=') return reported > roundTo(highP, pDec);
  if (pCmp === '>') return reported >= highP;
  return false;
}

/** Needs a test with the degrees of freedom its distribution requires. */
export function canCheck(test: Statistic): boolean {
  const kind = test.test;
  const df = test.df ?? [];
  if (kind === 'z') return true;
  if (kind === 'F') return df.length === 2;
  if (kind === 't' || kind === 'r' || kind === 'chi2') return df.length === 1;
  return false;
}

/** Compares `test` with its reported `p`; undefined when the pair cannot be checked. */
export function checkTestAgainstP(test: Statistic, p: Statistic, text: string, options: Partial<StatcheckOptions> = {}): StatcheckResult | undefined {
  const o = { ...DEFAULT_STATCHECK_OPTIONS, ...options };
  if (!canCheck(test) || test.value === undefined || p.value === undefined) return undefined;
  const kind = test.test as TestKind;
  const df = test.df ?? [];
  const testCmp = pComparator(test);
  let pCmp = pComparator(p);
  let reported = p.value;
  let pDec = typeof p.decimals === 'number' ? p.decimals : 2;
  if (p.ns) { pCmp = '>'; reported = o.alpha; pDec = 2; }
  const decimals = typeof test.decimals === 'number' ? test.decimals : 2;
  const twoTailedAllowed = kind === 't' || kind === 'z' || kind === 'r';
  let tails: 1 | 2 = o.oneTailedTests && twoTailedAllowed ? 1 : 2;

  let [lowP, highP] = pRange(kind, test.value, decimals, df, tails);
  if (Number.isNaN(lowP) || Number.isNaN(highP)) return undefined;
  let computedP = pFromStatistic(kind, test.value, df, tails);
  const pZero = pCmp === '=' && reported === 0;
  let error = (o.pZeroError && pZero) || reported > 1 || reported < 0 || isError(testCmp, pCmp, reported, pDec, lowP, highP);
  let oneTailedAccepted = false;
  if (error && !pZero && tails === 2 && o.oneTailedTxt && twoTailedAllowed && /\b(?:one[- ]tailed|one[- ]sided|directional)\b/i.test(text)) {
    const [l1, h1] = pRange(kind, test.value, decimals, df, 1);
    if (!isError(testCmp, pCmp, reported, pDec, l1, h1)) {
      error = false; oneTailedAccepted = true; tails = 1;
      lowP = l1; highP = h1; computedP = pFromStatistic(kind, test.value, df, 1);
    }
  }
  let decisionError = false;
  if (error) {
    const a = o.alpha;
    const reportedSig = pCmp === '=' ? reported < a || (reported === a && o.pEqualAlphaSig) : pCmp === '<' ? reported <= a : false;
    const reportedNonSig = pCmp === '=' ? reported > a || (reported === a && !o.pEqualAlphaSig) : pCmp === '>' ? reported >= a : false;
    const computedSig = computedP < a || (computedP === a && o.pEqualAlphaSig);
    if (testCmp === '=') decisionError = (reportedSig && !computedSig) || (reportedNonSig && computedSig);
    else if (testCmp === '<') decisionError = reportedSig && !computedSig;
    else decisionError = reportedNonSig && computedSig;
  }
  return { computedP, lowP, highP, tails, error, decisionError, oneTailedAccepted, pZero };
}

/** A one-line explanation of a statcheck result for messages. */
export function explainStatcheck(test: Statistic, p: Statistic, r: StatcheckResult, alpha: number): string {
  const tails = r.tails === 1 ? 'one-tailed' : (test.test === 'F' || test.test === 'chi2') ? 'upper tail' : 'two-tailed';
  const dec = typeof test.decimals === 'number' ? test.decimals : 2;
  const half = 0.5 / Math.pow(10, dec);
  const abs = Math.abs(test.value ?? 0);
  const range = dec > 8
    ? `${fmt(r.lowP)}–${fmt(r.highP)}`
    : `${fmt(r.lowP)}–${fmt(r.highP)} for values ${(abs - half).toFixed(dec + 1)}–${(abs + half).toFixed(dec + 1)} that round to ${abs.toFixed(dec)}`;
  let out = `\`${test.text}\` gives p = ${fmt(r.computedP)} (${tails}; ${range})`;
  if (r.pZero) out += `; \`${p.text}\` is impossible: a p-value is never exactly 0, report it as p < ${fmt(Math.pow(10, -Math.max(3, Number(p.decimals ?? 3))))}`;
  else out += `, but the text reports \`${p.text}\`${p.decimals !== undefined && (p.comparator ?? '=') === '=' ? ` (compared at ${p.decimals} decimals)` : ''}`;
  if (r.decisionError) out += `; this changes the conclusion at α = ${fmt(alpha)}`;
  return out;
}
