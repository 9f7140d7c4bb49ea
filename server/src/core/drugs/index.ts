import type { Drug } from '../types';
import type { UserDrugEntry } from '../settings';
import { defaultLexicon, type LexiconEntry } from './lexicon';
import { NameIndex, addGroupWords, findMentions } from './matcher';

export type { DrugMention } from './matcher';
export type { LexiconEntry } from './lexicon';
export { defaultLexicon, lookupGeneric } from './lexicon';

export interface DrugRecognizer {
  /** Finds drug mentions in prose; `offset` is added to every range. */
  find(prose: string, offset?: number): Drug[];
  /** The name index (lexicon + user entries), e.g. for the misspelling rule. */
  readonly index?: NameIndex;
}

let defaultIndex: NameIndex | undefined;

/** The index of the bundled lexicon, built once per process on first use. */
export function defaultNameIndex(): NameIndex {
  if (!defaultIndex) {
    defaultIndex = new NameIndex();
    addGroupWords(defaultIndex);
    for (const e of defaultLexicon()) defaultIndex.addEntry(e);
  }
  return defaultIndex;
}

/**
 * Converts settings entries (or imported ones) into lexicon entries with origin "user". Entries
 * sharing a generic are merged: `name` is the generic when no `generic` is given, otherwise a
 * synonym of it (or a brand when it is also listed in `brands`).
 */
export function userEntriesToLexicon(entries: UserDrugEntry[]): LexiconEntry[] {
  const byGeneric = new Map<string, LexiconEntry>();
  for (const u of entries) {
    if (!u || typeof u.name !== 'string' || !u.name.trim()) continue;
    const name = u.name.trim();
    const generic = (typeof u.generic === 'string' && u.generic.trim() ? u.generic : name).trim();
    const key = generic.toLowerCase();
    let e = byGeneric.get(key);
    if (!e) {
      e = { generic, synonyms: [], brands: [], provenance: 'user lexicon (settings or imported file)', origin: 'user' };
      byGeneric.set(key, e);
    }
    const brands = Array.isArray(u.brands) ? u.brands.filter((b) => typeof b === 'string' && b.trim()).map((b) => b.trim()) : [];
    for (const b of brands) if (!e.brands.includes(b)) e.brands.push(b);
    const lowerName = name.toLowerCase();
    if (lowerName !== key && !brands.some((b) => b.toLowerCase() === lowerName) && !e.synonyms.includes(name)) e.synonyms.push(name);
    if (typeof u.class === 'string' && !e.class) e.class = u.class;
    if (typeof u.mechanism === 'string' && !e.mechanism) e.mechanism = u.mechanism;
  }
  return [...byGeneric.values()];
}

/** Builds a recogniser from the bundled lexicon plus user entries. */
export function createDrugRecognizer(userEntries: UserDrugEntry[] = []): DrugRecognizer {
  const users = userEntriesToLexicon(Array.isArray(userEntries) ? userEntries : []);
  let index: NameIndex;
  if (users.length === 0) {
    index = defaultNameIndex();
  } else {
    // A user layer over the shared bundled index: at equal length, user names win.
    index = new NameIndex(defaultNameIndex());
    for (const e of users) index.addEntry(e);
  }
  return {
    index,
    find(prose: string, offset = 0): Drug[] {
      return findMentions(index, prose, offset);
    },
  };
}

const recognizersByList = new WeakMap<object, DrugRecognizer>();
const recognizersByContent = new Map<string, DrugRecognizer>();

/**
 * The recogniser for a list of user entries, built once and shared by every stage (mentions, the
 * evidence stage, the misspelling rule). The same list object is found by identity (the workspace
 * layer hands out the same list while its files are unchanged); an equal list built anew, by its
 * content. A full RxNorm import takes seconds to index, so it must never be indexed twice.
 */
export function drugRecognizerFor(userEntries: UserDrugEntry[] | undefined): DrugRecognizer {
  const list = Array.isArray(userEntries) ? userEntries : [];
  const byIdentity = recognizersByList.get(list);
  if (byIdentity) return byIdentity;
  const key = JSON.stringify(list);
  let recognizer = recognizersByContent.get(key);
  if (!recognizer) {
    if (recognizersByContent.size > 8) recognizersByContent.clear();
    recognizer = createDrugRecognizer(list);
    recognizersByContent.set(key, recognizer);
  }
  recognizersByList.set(list, recognizer);
  return recognizer;
}
