/**
 * Candidate search for misspelled drug names: known single-word names bucketed by first letter
 * and length, so a word is compared (fastest-levenshtein) with the few names of similar length
 * that start like it, not with the whole lexicon.
 */
import { distance } from 'fastest-levenshtein';
import type { UserDrugEntry } from '../settings';
import type { LexiconEntry } from './lexicon';
import { ENGLISH_WORDS, GROUP_WORDS, type NameIndex } from './matcher';
import englishData from './data/english.json';

/** English and medical-term suffixes, longest first (see data/english.json). */
const SUFFIXES: string[] = [...(englishData as { suffixes: string[] }).suffixes].sort((a, b) => b.length - a.length);

/** The English suffix `lower` ends with, if any ("metastatic" → "ic"). */
function englishSuffix(lower: string): string | undefined {
  for (const s of SUFFIXES) if (lower.length > s.length + 3 && lower.endsWith(s)) return s;
  return undefined;
}
import { drugRecognizerFor, defaultNameIndex } from './index';

export interface SpellingSuggestion {
  /** The known name as written in the lexicon (brand capitalisation kept). */
  name: string;
  entry: LexiconEntry;
  distance: number;
}

interface Candidate {
  lower: string;
  name: string;
  entry: LexiconEntry;
  /** Brands are written capitalised: a lower-case word is not compared with them. */
  isBrand: boolean;
}
interface Buckets {
  byKey: Map<string, Candidate[]>;
}

const bucketCache = new WeakMap<NameIndex, Buckets>();

function collect(index: NameIndex, into: Buckets, seen: Set<string>): void {
  for (const lower of index.knownWords) {
    if (seen.has(lower) || lower.length < 5 || !/^[a-z]+$/.test(lower)) continue;
    seen.add(lower);
    const entry = index.entryForWord(lower)!;
    const plain = [entry.generic, ...entry.synonyms].find((n) => n.toLowerCase() === lower);
    const name = plain ?? entry.brands.find((n) => n.toLowerCase() === lower) ?? lower;
    const c: Candidate = { lower, name, entry, isBrand: plain === undefined };
    const key = `${lower[0]}:${lower.length}`;
    const list = into.byKey.get(key);
    if (list) list.push(c);
    else into.byKey.set(key, [c]);
  }
  if (index.base) collect(index.base, into, seen);
}

function bucketsFor(index: NameIndex): Buckets {
  let b = bucketCache.get(index);
  if (!b) {
    b = { byKey: new Map() };
    collect(index, b, new Set());
    bucketCache.set(index, b);
  }
  return b;
}

/** Edits allowed for a word of this length: one below 9 letters, two from 9. */
export function maxEdits(length: number): number {
  return length >= 9 ? 2 : 1;
}

/**
 * Known drug names within edit distance of `word` (6+ letters, not itself a known drug or an
 * English word), closest first; empty when the word is fine or nothing is close.
 */
export function suggestDrugNames(word: string, index: NameIndex = defaultNameIndex()): SpellingSuggestion[] {
  if (word.length < 6) return [];
  let memo = memoCache.get(index);
  if (!memo) memoCache.set(index, (memo = new Map()));
  const cached = memo.get(word);
  if (cached) return cached;
  const result = computeSuggestions(word, index);
  // Words repeat a lot in a note; a bounded memo keeps long documents fast.
  if (memo.size > 50_000) memo.clear();
  memo.set(word, result);
  return result;
}

const memoCache = new WeakMap<NameIndex, Map<string, SpellingSuggestion[]>>();

function computeSuggestions(word: string, index: NameIndex): SpellingSuggestion[] {
  const lower = word.toLowerCase();
  if (lower.length < 6 || !/^[a-z]+$/.test(lower)) return [];
  if (index.isKnownWord(lower) || ENGLISH_WORDS.has(lower) || GROUP_WORDS.has(lower)) return [];
  if (lower.endsWith('s') && (index.isKnownWord(lower.slice(0, -1)) || ENGLISH_WORDS.has(lower.slice(0, -1)))) return [];
  const max = maxEdits(lower.length);
  const { byKey } = bucketsFor(index);
  const capitalised = word[0] !== word[0].toLowerCase();
  // "metastatic" is not "mevastatin": a word with an English suffix the drug name lacks is a word.
  const suffix = englishSuffix(lower);
  const found: SpellingSuggestion[] = [];
  for (let len = lower.length - max; len <= lower.length + max; len++) {
    for (const c of byKey.get(`${lower[0]}:${len}`) ?? []) {
      if (c.isBrand && !capitalised) continue;
      // A known name plus two or more letters is a derived name (metabolite "fosinoprilat"), not a slip.
      if (lower.length >= c.lower.length + 2 && lower.startsWith(c.lower)) continue;
      if (suffix && !c.lower.endsWith(suffix)) continue;
      let d = distance(lower, c.lower);
      // Swapped neighbours ("atneolol" for atenolol) are the commonest typing slip: one edit each.
      if (d > max && d <= max + 2) d = Math.min(d, transpositionDistance(lower, c.lower));
      // The same letters scrambled in a long name ("trizapetide" for tirzepatide) is a misspelling too.
      if (d > max && lower.length >= 8 && lower.length === c.lower.length && sameLetters(lower, c.lower)) d = max;
      if (d <= max) found.push({ name: c.name, entry: c.entry, distance: d });
    }
  }
  found.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  // One suggestion per drug, at most three.
  const seen = new Set<LexiconEntry>();
  return found.filter((s) => (seen.has(s.entry) ? false : (seen.add(s.entry), true))).slice(0, 3);
}

const indexCache = new WeakMap<UserDrugEntry[], NameIndex>();

/** The name index for a settings `drugs` list (the bundled one when it is empty). */
export function nameIndexFor(userEntries: UserDrugEntry[] | undefined): NameIndex {
  if (!userEntries || userEntries.length === 0) return defaultNameIndex();
  let idx = indexCache.get(userEntries);
  if (!idx) {
    idx = drugRecognizerFor(userEntries).index ?? defaultNameIndex();
    indexCache.set(userEntries, idx);
  }
  return idx;
}

/**
 * Edit distance where swapping two neighbouring letters counts as one edit (optimal string
 * alignment, Damerau 1964); words here are short, so the full table is cheap.
 */
export function transpositionDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function sameLetters(a: string, b: string): boolean {
  return [...a].sort().join('') === [...b].sort().join('');
}
