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

// Words keep inner hyphens and apostrophes ("flat-lines", "didn't"); numbers keep decimals.
const TOKEN_RE = /[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’\-‐][\p{L}\p{M}\p{N}]+)*|\p{N}+(?:[.,]\p{N}+)*%?|[^\s\p{L}\p{N}]/gu;

/** Splits a sentence into tokens; offsets are relative to `text`. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    const raw = m[0];
    out.push({
      text: raw,
      norm: normalise(raw),
      start: m.index,
      end: m.index + raw.length,
      kind: kindOf(raw),
    });
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
