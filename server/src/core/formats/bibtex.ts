/**
 * A fast reader for the common shape of BibTeX exports (Zotero, JabRef, PubMed): entries of
 * `name = {…}`, `"…"`, numbers and `@string` macros joined with `#`. It exists because the full
 * LaTeX-aware parser (@retorquere/bibtex-parser) needs about a millisecond per entry, so a
 * 10,000-entry library took tens of seconds. Entries whose fields hold LaTeX commands or math (a
 * backslash or `$`) are reported as such so the caller can hand them to the full parser; a file
 * this reader cannot follow is left to the full parser altogether.
 */

export interface ScannedEntry {
  type: string;
  key: string;
  /** Field values with macros expanded and the outer delimiters removed (inner braces kept). */
  fields: Record<string, string>;
  /** The entry's text, `@` to the closing delimiter. */
  input: string;
  start: number;
  /** A field uses LaTeX commands or math: convert it with the full parser. */
  latex: boolean;
}

/** The entries of a BibTeX text, or undefined when the text is not in the shape this reader follows. */
export function scanBibtex(text: string, maxExpansion: number): ScannedEntry[] | undefined {
  const entries: ScannedEntry[] = [];
  const strings = new Map<string, string>(MONTHS);
  let i = 0;
  const n = text.length;
  const skipSpace = (): void => {
    while (i < n && /\s/.test(text[i])) i++;
  };
  /** A balanced {…} or "…" value starting at i; returns its inner text. */
  const delimited = (): string | undefined => {
    const open = text[i];
    const close = open === '{' ? '}' : '"';
    let depth = 0;
    const start = ++i;
    for (; i < n; i++) {
      const c = text[i];
      if (c === '\\') { i++; continue; }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) {
          if (close === '}') return text.slice(start, i++);
          return undefined;
        }
        depth--;
      } else if (c === '"' && close === '"' && depth === 0) return text.slice(start, i++);
    }
    return undefined;
  };
  const name = (): string | undefined => {
    const m = /^[^\s"#%'(),={}]+/.exec(text.slice(i, i + 200));
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  /** value := part (# part)* */
  const value = (): string | undefined => {
    let out = '';
    let expanded = false;
    for (;;) {
      skipSpace();
      const c = text[i];
      let part: string | undefined;
      if (c === '{' || c === '"') part = delimited();
      else {
        const word = name();
        if (word === undefined) return undefined;
        expanded ||= !/^\d+$/.test(word);
        part = /^\d+$/.test(word) ? word : strings.get(word.toLowerCase()) ?? '';
      }
      if (part === undefined) return undefined;
      out += part;
      // Literal text may be long (a pasted full text); macro expansion may not.
      if (expanded && out.length > maxExpansion) return undefined;
      skipSpace();
      if (text[i] !== '#') return out;
      i++;
    }
  };
  while (i < n) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    i = at + 1;
    const type = name()?.toLowerCase();
    if (!type) return undefined;
    skipSpace();
    const open = text[i];
    if (open !== '{' && open !== '(') {
      if (type === 'comment') continue;
      return undefined;
    }
    const close = open === '{' ? '}' : ')';
    if (type === 'comment' || type === 'preamble') {
      if (open === '(') return undefined;
      if (delimited() === undefined) return undefined;
      continue;
    }
    i++;
    skipSpace();
    if (type === 'string') {
      const macro = name();
      skipSpace();
      if (!macro || text[i] !== '=') return undefined;
      i++;
      const v = value();
      if (v === undefined) return undefined;
      strings.set(macro.toLowerCase(), v);
      skipSpace();
      if (text[i] !== close) return undefined;
      i++;
      continue;
    }
    const keyMatch = /^[^\s,{}()"#%'=]+/.exec(text.slice(i, i + 500));
    if (!keyMatch) return undefined;
    const key = keyMatch[0];
    i += key.length;
    const fields: Record<string, string> = {};
    let latex = false;
    for (;;) {
      skipSpace();
      if (text[i] === ',') { i++; skipSpace(); }
      if (text[i] === close) { i++; break; }
      const field = name()?.toLowerCase();
      skipSpace();
      if (!field || text[i] !== '=') return undefined;
      i++;
      const v = value();
      if (v === undefined) return undefined;
      if (/\\[^%&_#${}]|(?<!\\)\$/.test(v)) latex = true;
      fields[field] = v;
    }
    entries.push({ type, key, fields, input: text.slice(at, i), start: at, latex });
  }
  return entries;
}

const MONTHS: [string, string][] = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, k) => [m, String(k + 1)]);

/** Plain text of a field without LaTeX commands: case-protection braces dropped, dashes and ties as a typesetter would print them. */
export function plainField(value: string): string {
  if (!/[\\{}~$]|--|\s\s|[\t\n\r]/.test(value)) return value.trim();
  return latexToText(value)
    .replace(/\\([%&_#$])/g, '$1')
    .replace(/\\\{/g, '\u0001')
    .replace(/\\\}/g, '\u0002')
    .replace(/[{}]/g, '')
    .replace(/\u0001/g, '{')
    .replace(/\u0002/g, '}')
    .replace(/---/g, '—')
    .replace(/--/g, '–')
    .replace(/~/g, '\u00a0')
    .replace(/\s+/g, ' ')
    .trim();
}

const ACCENTS: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  c: '\u0327', v: '\u030c', u: '\u0306', H: '\u030b', r: '\u030a', k: '\u0328',
};
const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', kappa: 'κ', lambda: 'λ', mu: 'μ', pi: 'π', sigma: 'σ', tau: 'τ', chi: 'χ', omega: 'ω',
  Delta: 'Δ', Sigma: 'Σ', Omega: 'Ω', pm: '±', times: '×', leq: '≤', geq: '≥', le: '≤', ge: '≥',
};
const LETTERS: Record<string, string> = { ss: 'ß', o: 'ø', O: 'Ø', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', l: 'ł', L: 'Ł', i: 'ı' };

/**
 * A light LaTeX-to-text conversion for libraries too large for the full parser: accents
 * (`{\"u}`, `\'{e}`) become composed letters, `\ss`-style letters their glyph, other commands
 * (`\textit{…}`, `\emph`) drop their name and keep their argument, math keeps its text.
 */
export function latexToText(value: string): string {
  if (!/[\\$]/.test(value)) return value;
  return value
    .replace(/\\(["'`^~=.]|[cvuHrk](?=[\s{]))\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))/g, (_m, accent: string, a?: string, b?: string) => `${a ?? b}${ACCENTS[accent] ?? ''}`)
    .replace(/\\(ss|aa|AA|ae|AE|oe|OE|[oOlLi])(?![A-Za-z])\s*(?:\{\})?/g, (_m, name: string) => LETTERS[name])
    .replace(/\\([A-Za-z]+)(?![A-Za-z])\s*(?:\{\})?/g, (m, name: string) => GREEK[name] ?? m)
    .replace(/\\[A-Za-z]+\*?\s*/g, '')
    .replace(/(?<!\\)\$/g, '')
    .normalize('NFC');
}

/** Family names from a BibTeX name list ("Smith, John and Jane Doe and {World Health Organization}"). */
export function familyNames(value: string): string[] {
  const out: string[] = [];
  for (const raw of splitTopLevel(value, /\s+and\s+/i)) {
    const person = raw.trim();
    if (!person) continue;
    if (/^\{.*\}$/.test(person) && !/^\{[^{}]*\}\s*,/.test(person)) {
      out.push(plainField(person));
      continue;
    }
    const parts = splitTopLevel(person, /\s*,\s*/);
    if (parts.length > 1) {
      out.push(plainField(parts[0]));
      continue;
    }
    // "First von Last": the family name runs from the first lower-case word (the von part) to the
    // end, or is the last word when there is no von part ("Jean de La Fontaine" → "de La Fontaine").
    const words = splitTopLevel(person, /\s+/).filter(Boolean);
    let k = words.findIndex((w, idx) => idx > 0 && idx < words.length - 1 && /^[a-z]/.test(w));
    if (k < 0) k = words.length - 1;
    out.push(plainField(words.slice(k).join(' ')));
  }
  return out.filter(Boolean).slice(0, 100);
}

/** Splits on a separator outside braces. */
function splitTopLevel(value: string, separator: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  const re = new RegExp(separator.source, `${separator.flags.replace(/[gy]/g, '')}y`);
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      re.lastIndex = i;
      const m = re.exec(value);
      if (m && m.index === i && m[0].length > 0) {
        out.push(value.slice(start, i));
        start = i + m[0].length;
        i = start - 1;
      }
    }
  }
  out.push(value.slice(start));
  return out;
}
