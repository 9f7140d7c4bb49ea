/**
 * The bundled drug lexicon: compact JSON groups (see data/README.md) expanded into entries.
 * Pure: the JSON files are bundled by esbuild / resolved by tsx.
 */
import neuroimmunology from './data/neuroimmunology.json';
import cardiovascular from './data/cardiovascular.json';
import nervousSystem from './data/nervous-system.json';
import antiInfectives from './data/anti-infectives.json';
import oncology from './data/oncology.json';
import endocrine from './data/endocrine.json';
import respiratoryGiOther from './data/respiratory-gi-other.json';
import immunologyBloodSubstances from './data/immunology-blood-substances.json';
import olderAndOther from './data/older-and-other.json';

/** One drug of the lexicon after expansion. */
export interface LexiconEntry {
  /** The generic (INN/USAN) name, lower case unless it contains a meaningful capital (e.g. "amphotericin B"). */
  generic: string;
  synonyms: string[];
  brands: string[];
  class?: string;
  mechanism?: string;
  /** Where the facts come from. */
  provenance: string;
  origin: 'lexicon' | 'user';
}

type RawDrug = string | { name: string; synonyms?: string[]; brands?: string[]; mechanism?: string; class?: string };
interface RawGroup {
  class: string;
  mechanism?: string;
  provenance: string;
  drugs: RawDrug[];
}
interface RawFile {
  area: string;
  groups: RawGroup[];
}

const FILES: RawFile[] = [
  neuroimmunology, cardiovascular, nervousSystem, antiInfectives, oncology, endocrine, respiratoryGiOther,
  immunologyBloodSubstances, olderAndOther,
] as RawFile[];

/** Parses the compact form "generic|synonym: Brand, Brand". */
export function parseCompactDrug(text: string): { name: string; synonyms: string[]; brands: string[] } {
  const colon = text.indexOf(':');
  const head = colon >= 0 ? text.slice(0, colon) : text;
  const tail = colon >= 0 ? text.slice(colon + 1) : '';
  const names = head.split('|').map((s) => s.trim()).filter(Boolean);
  const brands = tail.split(',').map((s) => s.trim()).filter(Boolean);
  return { name: names[0] ?? '', synonyms: names.slice(1), brands };
}

function expand(files: RawFile[]): LexiconEntry[] {
  const byGeneric = new Map<string, LexiconEntry>();
  for (const file of files) {
    for (const group of file.groups) {
      for (const raw of group.drugs) {
        const parsed = typeof raw === 'string' ? parseCompactDrug(raw) : {
          name: raw.name, synonyms: raw.synonyms ?? [], brands: raw.brands ?? [],
        };
        if (!parsed.name) continue;
        const cls = typeof raw === 'string' ? group.class : raw.class ?? group.class;
        const mechanism = typeof raw === 'string' ? group.mechanism : raw.mechanism ?? group.mechanism;
        const key = parsed.name.toLowerCase();
        const existing = byGeneric.get(key);
        if (existing) {
          // The same generic listed in two areas (e.g. simvastatin in MS trials and in lipids): merge names.
          for (const s of parsed.synonyms) if (!existing.synonyms.includes(s)) existing.synonyms.push(s);
          for (const b of parsed.brands) if (!existing.brands.includes(b)) existing.brands.push(b);
          continue;
        }
        byGeneric.set(key, {
          generic: parsed.name,
          synonyms: [...parsed.synonyms],
          brands: [...parsed.brands],
          class: cls,
          mechanism,
          provenance: group.provenance,
          origin: 'lexicon',
        });
      }
    }
  }
  return [...byGeneric.values()];
}

let cache: LexiconEntry[] | undefined;

/** The bundled lexicon, expanded once and cached. */
export function defaultLexicon(): LexiconEntry[] {
  cache ??= expand(FILES);
  return cache;
}

let genericIndex: Map<string, LexiconEntry> | undefined;

/** Finds a bundled entry by generic name (case-insensitive). */
export function lookupGeneric(generic: string): LexiconEntry | undefined {
  if (!genericIndex) {
    genericIndex = new Map();
    for (const e of defaultLexicon()) genericIndex.set(e.generic.toLowerCase(), e);
  }
  return genericIndex.get(generic.toLowerCase());
}
