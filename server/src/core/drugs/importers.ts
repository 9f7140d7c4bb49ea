/**
 * Pure importers for full drug vocabularies a user may plug in (setting `drugLexicons`): text in,
 * UserDrugEntry[] out. Several entries may share one `generic`; the recogniser merges them.
 */
import type { UserDrugEntry } from '../settings';
import { parseCsv } from '../formats/csv';

export { parseCsv };

/**
 * DrugBank open vocabulary CSV ("drugbank vocabulary.csv"): columns DrugBank ID, Accession
 * Numbers, Common name, CAS, UNII, Synonyms (" | "-separated), Standard InChI Key. One entry for
 * the common name and one per synonym, all with `generic` = the common name. The open vocabulary
 * has no brand names, classes or mechanisms.
 */
export function importDrugBankCsv(text: string): UserDrugEntry[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  if (rows.length === 0) return [];
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const nameCol = header.indexOf('common name');
  const synCol = header.indexOf('synonyms');
  const hasHeader = nameCol >= 0;
  const nameIdx = hasHeader ? nameCol : 2;
  const synIdx = hasHeader ? synCol : 5;
  const out: UserDrugEntry[] = [];
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const generic = (row[nameIdx] ?? '').trim();
    if (!generic) continue;
    out.push({ name: generic, generic });
    const seen = new Set([generic.toLowerCase()]);
    for (const syn of (row[synIdx] ?? '').split('|').map((s) => s.trim()).filter(Boolean)) {
      if (seen.has(syn.toLowerCase()) || !isUsableName(syn)) continue;
      seen.add(syn.toLowerCase());
      out.push({ name: syn, generic });
    }
  }
  return out;
}

/** Drops synonyms that would match noise: very short codes and long systematic chemical names. */
function isUsableName(name: string): boolean {
  const letters = name.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && name.length <= 60;
}

/** RXNCONSO.RRF column order (18 columns, each line ends with "|"). */
const RRF = { RXCUI: 0, LAT: 1, SAB: 11, TTY: 12, STR: 14, SUPPRESS: 16 } as const;

const SALT_WORDS = /\s+(hydrochloride|hcl|sodium|potassium|calcium|magnesium|mesylate|maleate|sulfate|citrate|acetate|tartrate|succinate|fumarate|phosphate|besylate|bromide|chloride|tosylate|tromethamine|monohydrate|dihydrate|hydrobromide|disodium)$/i;

/**
 * RxNorm RXNCONSO.RRF (pipe-delimited). Uses SAB=RXNORM, LAT=ENG, non-suppressed rows:
 * TTY IN (ingredient) → a generic; PIN (precise ingredient, e.g. "mitoxantrone hydrochloride")
 * → a synonym of the IN obtained by dropping the salt word when that IN exists, else a generic;
 * BN (brand name) → a brand. CONSO alone carries no brand→ingredient relation (that is in
 * RXNREL), so brands are attached to ingredients by reading the branded drug names (TTY SBD/BPCK,
 * "natalizumab 300 MG in 15 ML Injection [Tysabri]"): the bracket is the brand, the leading words
 * before the first strength are the ingredients ("sacubitril 24 MG / valsartan 26 MG … [Entresto]").
 * A brand no SBD names becomes its own entry (generic = the brand, class "brand name").
 */
export function importRxNormConso(text: string): UserDrugEntry[] {
  const ingredients = new Map<string, string>(); // lower → as written
  const precise: string[] = [];
  const brands = new Map<string, string>();
  const branded: string[] = [];
  // A full release has about a million rows, most from other vocabularies: skip those before
  // splitting a row into its fields.
  for (const raw of text.split('\n')) {
    if (!raw.includes('|RXNORM|')) continue;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const f = line.split('|');
    if (f.length < 17) continue;
    if (f[RRF.SAB] !== 'RXNORM' || (f[RRF.LAT] && f[RRF.LAT] !== 'ENG')) continue;
    if (f[RRF.SUPPRESS] && f[RRF.SUPPRESS] !== 'N') continue;
    const str = f[RRF.STR].trim();
    if (!str) continue;
    switch (f[RRF.TTY]) {
      case 'IN': ingredients.set(str.toLowerCase(), str); break;
      case 'PIN': precise.push(str); break;
      case 'BN': brands.set(str.toLowerCase(), str); break;
      case 'SBD': case 'BPCK': case 'SBDC': case 'SBDF': branded.push(str); break;
      default: break;
    }
  }
  const out: UserDrugEntry[] = [];
  const brandsOf = new Map<string, Set<string>>();
  const placed = new Set<string>();
  for (const name of branded) {
    const m = /\[([^\]]+)\]\s*$/.exec(name);
    if (!m) continue;
    const brand = brands.get(m[1].trim().toLowerCase()) ?? m[1].trim();
    const ingredientsPart = name.slice(0, m.index);
    const found: string[] = [];
    for (const piece of ingredientsPart.split(/\s+\/\s+/)) {
      const words = piece.replace(/^\{?\d+\s*\(/, '').split(/\s+/);
      const lead: string[] = [];
      for (const w of words) {
        if (/^[\d.]+$/.test(w)) break;
        lead.push(w);
      }
      // The longest leading word sequence that is a known ingredient.
      for (let n = lead.length; n > 0; n--) {
        const cand = lead.slice(0, n).join(' ').toLowerCase();
        if (ingredients.has(cand)) { found.push(ingredients.get(cand)!); break; }
      }
    }
    if (found.length === 0) continue;
    const generic = found.join('/');
    (brandsOf.get(generic) ?? brandsOf.set(generic, new Set()).get(generic)!).add(brand);
    placed.add(brand.toLowerCase());
  }
  for (const generic of ingredients.values()) {
    const b = brandsOf.get(generic);
    out.push({ name: generic, generic, ...(b ? { brands: [...b] } : {}) });
    brandsOf.delete(generic);
  }
  for (const [generic, b] of brandsOf) out.push({ name: generic, generic, brands: [...b] });
  for (const p of precise) {
    const base = p.replace(SALT_WORDS, '');
    const generic = ingredients.get(base.toLowerCase()) ?? p;
    out.push({ name: p, generic });
  }
  for (const [lower, brand] of brands) {
    if (!placed.has(lower)) out.push({ name: brand, generic: brand, brands: [brand], class: 'brand name (ingredient not named in RXNCONSO)' });
  }
  return out;
}
