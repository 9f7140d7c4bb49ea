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
  readonly index: NameIndex;
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

/** Converts a settings entry (or an imported one) into a lexicon entry with origin "user". */
export function userEntryToLexicon(u: UserDrugEntry): LexiconEntry | undefined {
  if (!u || typeof u.name !== 'string' || !u.name.trim()) return undefined;
  const name = u.name.trim();
  const generic = (u.generic ?? name).trim();
  const synonyms: string[] = [];
  const brands = (u.brands ?? []).filter((b) => typeof b === 'string' && b.trim()).map((b) => b.trim());
  if (generic.toLowerCase() !== name.toLowerCase()) {
    // A name given with a separate generic is a brand when capitalised ("Foo" → generic "foomab"), else a synonym.
    if (/^\p{Lu}/u.test(name) && !/^\p{Lu}+$/u.test(name)) brands.push(name);
    else synonyms.push(name);
  }
  return {
    generic, synonyms, brands, class: u.class, mechanism: u.mechanism,
    provenance: 'user lexicon (settings or imported file)', origin: 'user',
  };
}

/** Builds a recogniser from the bundled lexicon plus user entries. */
export function createDrugRecognizer(userEntries: UserDrugEntry[] = []): DrugRecognizer {
  const users = userEntries.map(userEntryToLexicon).filter((e): e is LexiconEntry => !!e);
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
