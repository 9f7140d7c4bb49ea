import type { Drug } from '../types';
import type { UserDrugEntry } from '../settings';

export interface DrugRecognizer {
  /** Finds drug mentions in prose; `offset` is added to every range. */
  find(prose: string, offset?: number): Drug[];
}

/** Builds a recogniser from the bundled lexicon plus user entries. (Placeholder: the drugs work replaces it.) */
export function createDrugRecognizer(userEntries: UserDrugEntry[] = []): DrugRecognizer {
  void userEntries;
  return { find: () => [] };
}
