/** A word, number or punctuation mark with its offsets into the sentence. */
export interface Token {
  /** Exact text as written. */
  text: string;
  /** Lower-cased, with typographic apostrophes and dashes normalised; the lexicon key. */
  norm: string;
  start: number;
  end: number;
  kind: 'word' | 'number' | 'punct';
}

/**
 * What a token is, as a regular expression (the definition; `tokenize` reads the same tokens with a
 * scan over character classes, several times faster on every sentence of a note): words keep inner
 * hyphens and apostrophes ("flat-lines", "didn't"); numbers keep decimals; any other character but
 * white space is a token of its own.
 */
export const TOKEN_RE = /[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’\-‐][\p{L}\p{M}\p{N}]+)*|\p{N}+(?:[.,]\p{N}+)*%?|[^\s\p{L}\p{N}]/gu;

// Character classes of TOKEN_RE, by code point.
const SPACE = 1;
const LETTER = 2; // \p{L} or \p{M}
const DIGIT = 3; // \p{N}
const OTHER = 4;
const LETTER_RE = /[\p{L}\p{M}]/u;
const DIGIT_RE = /\p{N}/u;
const SPACE_RE = /\s/u;
/** Classes of the BMP's code points, filled in on first sight (0: not yet seen). */
const BMP_CLASS = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) BMP_CLASS[c] = classify(String.fromCharCode(c));

function classify(ch: string): number {
  return LETTER_RE.test(ch) ? LETTER : DIGIT_RE.test(ch) ? DIGIT : SPACE_RE.test(ch) ? SPACE : OTHER;
}

/** The class of the code point at `i` (a lone surrogate is OTHER, as for the regular expression). */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const known = BMP_CLASS[c];
  if (known !== 0 && (c < 0xd800 || c > 0xdbff)) return known;
  if (c >= 0xd800 && c <= 0xdbff) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) return classify(String.fromCodePoint(cp));
  }
  return (BMP_CLASS[c] = classify(text[i]));
}

/** UTF-16 units of the code point at `i`. */
function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/** The end of the run of letters and digits (`TOKEN_RE`'s `[\p{L}\p{M}\p{N}]*`) from `i`. */
function wordRun(text: string, i: number): number {
  while (i < text.length) {
    const k = classAt(text, i);
    if (k !== LETTER && k !== DIGIT) break;
    i += widthAt(text, i);
  }
  return i;
}

/** The end of the run of digits (`\p{N}*`) from `i`. */
function digitRun(text: string, i: number): number {
  while (i < text.length && classAt(text, i) === DIGIT) i += widthAt(text, i);
  return i;
}

function isJoiner(c: number): boolean {
  return c === 0x27 || c === 0x2019 || c === 0x2d || c === 0x2010; // ' ’ - ‐
}

/** Splits a sentence into tokens (those of `TOKEN_RE`); offsets are relative to `text`. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const k = classAt(text, i);
    const start = i;
    if (k === SPACE) {
      i += widthAt(text, i);
      continue;
    }
    if (k === LETTER) {
      i = wordRun(text, i + widthAt(text, i));
      // Inner apostrophes and hyphens, each followed by a letter or digit.
      while (i + 1 < text.length && isJoiner(text.charCodeAt(i))) {
        const n = classAt(text, i + 1);
        if (n !== LETTER && n !== DIGIT) break;
        i = wordRun(text, i + 1);
      }
    } else if (k === DIGIT) {
      i = digitRun(text, i + widthAt(text, i));
      while (i + 1 < text.length) {
        const c = text.charCodeAt(i);
        if ((c !== 0x2e && c !== 0x2c) || classAt(text, i + 1) !== DIGIT) break;
        i = digitRun(text, i + 1);
      }
      if (text.charCodeAt(i) === 0x25) i++; // %
    } else {
      i += widthAt(text, i);
    }
    const raw = text.slice(start, i);
    out.push({ text: raw, norm: normalise(raw), start, end: i, kind: kindOf(raw) });
  }
  return out;
}

/** What a token's first character makes it (ASCII decided without a Unicode property test). */
function kindOf(raw: string): Token['kind'] {
  const c = raw.charCodeAt(0);
  if (c < 0x80) return c >= 0x30 && c <= 0x39 ? 'number' : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a ? 'word' : 'punct';
  return /\p{N}/u.test(raw[0]) ? 'number' : /\p{L}/u.test(raw[0]) ? 'word' : 'punct';
}

/** Lower case, typographic apostrophe and hyphen made plain. */
function normalise(raw: string): string {
  const lower = raw.toLowerCase();
  return lower.includes('’') || lower.includes('‐') ? lower.replace(/’/g, "'").replace(/‐/g, '-') : lower;
}
