import { tokenize, type Token } from './tokenize';

/** One entry of a word list as stored in data/*.json. */
export interface LexiconEntry {
  term: string;
  cat: string;
  /** "verb": the first word is inflected (base, -s, -ed, -ing) unless `forms` lists them. */
  pos?: 'verb' | 'noun' | 'adj' | 'adv' | 'phrase';
  forms?: string[];
  provenance: string;
  [key: string]: unknown;
}

export interface LexiconFile {
  description: string;
  entries: LexiconEntry[];
}

export type VerbForm = 'base' | '3sg' | 'past' | 'ing' | 'other';

/** An entry compiled to a token sequence, one per inflected form. */
export interface CompiledEntry {
  tokens: string[];
  entry: LexiconEntry;
  lexicon: string;
  form: VerbForm;
}

/** A lexicon entry found in a sentence: tokens [from, to). */
export interface LexiconMatch {
  from: number;
  to: number;
  compiled: CompiledEntry;
}

const VOWELS = 'aeiou';

/** Regular English inflections of a verb; irregular verbs list their `forms` in the data. */
export function inflect(base: string): Record<Exclude<VerbForm, 'other'>, string> {
  const last = base[base.length - 1];
  const prev = base[base.length - 2] ?? '';
  if (base.endsWith('e')) {
    return { base, '3sg': base + 's', past: base + 'd', ing: base.endsWith('ee') ? base + 'ing' : base.slice(0, -1) + 'ing' };
  }
  if (last === 'y' && !VOWELS.includes(prev)) {
    return { base, '3sg': base.slice(0, -1) + 'ies', past: base.slice(0, -1) + 'ied', ing: base + 'ing' };
  }
  if (/(s|sh|ch|x|z)$/.test(base)) {
    return { base, '3sg': base + 'es', past: base + 'ed', ing: base + 'ing' };
  }
  // Short consonant-vowel-consonant stems double the consonant ("stop" → "stopped").
  if (base.length <= 4 && /[^aeiou][aeiou][bdgklmnprt]$/.test(base)) {
    return { base, '3sg': base + 's', past: base + last + 'ed', ing: base + last + 'ing' };
  }
  return { base, '3sg': base + 's', past: base + 'ed', ing: base + 'ing' };
}

function words(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.norm);
}

/** Compiles word lists into a first-token hash index: lookups are O(1) per token. */
export class Lexicon {
  private readonly index = new Map<string, CompiledEntry[]>();
  /** Whether an entry starts with a number: when none does, number tokens are not looked up. */
  private numberKeys = false;

  add(lexicon: string, file: LexiconFile): this {
    for (const entry of file.entries) {
      const toks = words(entry.term);
      if (toks.length === 0) continue;
      const rest = toks.slice(1);
      if (entry.forms) {
        // Explicit forms in order base, 3sg, past, ing (extra forms count as "other").
        const order: VerbForm[] = ['base', '3sg', 'past', 'ing'];
        entry.forms.forEach((f, i) => this.put({ tokens: words(f), entry, lexicon, form: order[i] ?? 'other' }));
      } else if (entry.pos === 'verb') {
        const inf = inflect(toks[0]);
        for (const form of ['base', '3sg', 'past', 'ing'] as const) {
          this.put({ tokens: [inf[form], ...rest], entry, lexicon, form });
        }
      } else {
        this.put({ tokens: toks, entry, lexicon, form: 'other' });
      }
    }
    return this;
  }

  private put(c: CompiledEntry): void {
    const key = c.tokens[0];
    if (tokenize(key)[0]?.kind === 'number') this.numberKeys = true;
    const list = this.index.get(key);
    if (list) {
      if (!list.some((x) => x.entry === c.entry && x.tokens.join(' ') === c.tokens.join(' '))) list.push(c);
    } else this.index.set(key, [c]);
  }

  /** Every entry matching at every token position (overlaps kept; the logic decides). */
  matchAll(tokens: Token[]): LexiconMatch[] {
    const out: LexiconMatch[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].kind === 'number' && !this.numberKeys) continue;
      const list = this.index.get(tokens[i].norm);
      if (!list) continue;
      for (const c of list) {
        if (i + c.tokens.length > tokens.length) continue;
        let ok = true;
        for (let k = 1; k < c.tokens.length; k++) {
          if (tokens[i + k].norm !== c.tokens[k]) { ok = false; break; }
        }
        if (ok) out.push({ from: i, to: i + c.tokens.length, compiled: c });
      }
    }
    return out;
  }

  /** Entries for one word form, e.g. to ask whether a token is a determiner. */
  lookup(norm: string): CompiledEntry[] {
    return this.index.get(norm) ?? [];
  }
}
