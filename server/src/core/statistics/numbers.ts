/**
 * Number syntax shared by the recogniser's regexes, and its parser. Accepts what writers type:
 * `0.04`, `.04`, `0·04` (Lancet point), `1,024` (thousands), `−0.5` (Unicode minus),
 * `4 × 10^-4`, `4×10⁻⁴`, `4e-4`, `10⁻⁵`, and a decimal comma below 1 (`0,61`).
 */

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const SUP_CLASS = '[⁰¹²³⁴⁵⁶⁷⁸⁹]';

/** A power of ten on its own: `10^-5`, `10⁻⁵`. */
const POWER_ONLY = `10\\s?\\^\\s?[-−]?\\d+|10[⁻⁺]?${SUP_CLASS}+`;
/** Digits of the mantissa: thousands groups, plain digits, or a leading point. */
const BODY = '0,\\d+(?![\\d,.])|(?:[1-9]\\d{0,2}(?:,\\d{3})+(?![\\d])|\\d+)(?:[.·]\\d+)?|[.·]\\d+';
/** Scientific suffix: `× 10^-4`, `x 10-4`, `×10⁻⁴`, `e-4`. */
const SCI = `(?:\\s?[×x*]\\s?10\\s?(?:\\^\\s?[-−]?\\d+|[-−]\\d+|[⁻⁺]?${SUP_CLASS}+)|[eE][-−+]?\\d+(?![\\w]))`;
/** An optional sign: hyphen-minus, Unicode minus, or an en dash used as minus after a space or bracket. */
const SIGN = '(?:[-−+]|(?<=[\\s(\\[:=,]|^)–(?=\\d|\\.))';

/** Regex source (no groups) of one number. */
export const NUM = `(?:${SIGN})?(?:${POWER_ONLY}|(?:${BODY})${SCI}?)`;
/** An unsigned number (for counts, levels and degrees of freedom). */
export const UNUM = `(?:${BODY})`;

export interface ParsedNumber {
  value: number;
  /** Decimals of the number as written (for rounding ranges); `4 × 10^-4` has 4. */
  decimals: number;
}

function superscriptToAscii(s: string): string {
  let out = '';
  for (const ch of s) {
    const i = SUPERSCRIPT.indexOf(ch);
    if (i >= 0) out += String(i);
    else if (ch === '⁻') out += '-';
    else if (ch === '⁺') out += '+';
    else out += ch;
  }
  return out;
}

const SCI_SPLIT = /^(.*?)\s?(?:[×x*]\s?10\s?\^?\s?|[eE])([-−+]?\d+|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/;
// A power of ten needs a caret or a superscript: "100" and "105" are plain numbers, not 10^0 and 10^5.
const POWER_SPLIT = /^10\s?(?:\^\s?([-−+]?\d+)|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))$/;

/** Parses one number matched by `NUM`; `undefined` if it is not a number. */
export function parseNumber(raw: string): ParsedNumber | undefined {
  let s = raw.trim();
  let sign = 1;
  if (s[0] === '-' || s[0] === '−' || s[0] === '–') { sign = -1; s = s.slice(1); }
  else if (s[0] === '+') s = s.slice(1);
  let exponent = 0;
  const power = POWER_SPLIT.exec(s);
  if (power) {
    exponent = Number(superscriptToAscii(power[1] ?? power[2]).replace('−', '-'));
    if (!Number.isFinite(exponent)) return undefined;
    return { value: sign * Number(`1e${exponent}`), decimals: Math.max(0, -exponent) };
  }
  const sci = SCI_SPLIT.exec(s);
  if (sci) {
    exponent = Number(superscriptToAscii(sci[2]).replace('−', '-'));
    s = sci[1];
  }
  s = s.replace(/·/g, '.');
  if (/^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^0,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  const dot = s.indexOf('.');
  const mantissaDecimals = dot < 0 ? 0 : s.length - dot - 1;
  const mantissa = Number(s);
  const value = exponent ? Number(`${mantissa}e${exponent}`) : mantissa;
  if (!Number.isFinite(value)) return undefined;
  // Decimals past double precision say nothing a check could use; the cap keeps every toFixed and
  // rounding step on them bounded ("p = 0.000…0" with thousands of zeros, "1e-400").
  return { value: sign * value, decimals: Math.min(MAX_DECIMALS, Math.max(0, mantissaDecimals - exponent)) };
}

/** The most decimals a parsed number reports (doubles hold about 16 significant digits). */
export const MAX_DECIMALS = 20;

/** Rounds `x` to `decimals` decimals the way a reader would (half away from zero). */
export function roundTo(x: number, decimals: number): number {
  if (decimals > 15) return x;
  const f = Math.pow(10, decimals);
  const r = Math.round(Math.abs(x) * f + 1e-9) / f;
  return x < 0 ? -r : r;
}

/** Formats a number for messages: up to `max` significant decimals, no trailing zeros. */
export function fmt(x: number, max = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 0.0001) return x.toExponential(1);
  return String(Number(x.toFixed(max)));
}
