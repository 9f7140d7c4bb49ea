/**
 * Regenerates server/src/core/drugs/data/english.json: the English words that could otherwise be
 * taken for a drug (a word ending in an INN stem, a brand that is also a word, a word one or two
 * edits from a drug name). Source: the SCOWL-based word list of Debian's `wamerican` package
 * (/usr/share/dict/words), lower-case entries only (capitalised entries are proper nouns), plus a
 * short hand-written list of biomedical words that dictionary lacks.
 *
 *   npx tsx scripts/drugs/build-english.ts [/usr/share/dict/words]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { distance } from 'fastest-levenshtein';
import { defaultLexicon } from '../../server/src/core/drugs/lexicon';
import stems from '../../server/src/core/drugs/data/stems.json';

const HAND_WORDS = [
  'cholesterol', 'sterol', 'sterols', 'ghrelin', 'interleukin', 'interleukins', 'histidine', 'cytidine',
  'deoxycytidine', 'aldosterone', 'androsterone', 'dihydrotestosterone', 'pregnenolone', 'acetonide',
  'somatostatin', 'equine', 'cortisol', 'peptide', 'peptides', 'nucleotide', 'nucleotides', 'polypeptide',
  'oligonucleotide', 'lipopeptide', 'glycopeptide', 'imidazole', 'triazole', 'thiazole', 'pyrazole',
  'oxazole', 'benzimidazole', 'pyrimidine', 'pyridine', 'purine', 'serotonin', 'melanin', 'creatinine',
  'creatine', 'myelin', 'remyelination', 'demyelination', 'kinase', 'kinases', 'cytokine', 'cytokines',
  'chemokine', 'chemokines', 'endorphin', 'enkephalin', 'neurofilament', 'lymphocyte', 'lymphocytes',
  'monocyte', 'monocytes', 'placebo', 'placebos', 'gadolinium', 'albumin', 'globulin', 'fibrinogen',
  'thrombin', 'plasmin', 'plasminogen', 'angiotensin', 'bradykinin', 'prostaglandin', 'leukotriene',
  'thromboxane', 'statistics', 'statistic', 'tropism', 'cohort', 'cohorts', 'neurotoxin', 'agonist',
  'antagonist', 'inhibitor', 'inhibitors', 'receptor', 'receptors', 'mutagen', 'protein', 'proteins',
  'hormone', 'hormones', 'enzyme', 'enzymes', 'antibody', 'antibodies', 'antigen', 'antigens',
  'metabolite', 'metabolites', 'glutamate', 'aspartate', 'glycine', 'alanine', 'valine', 'leucine',
  'isoleucine', 'proline', 'serine', 'threonine', 'cysteine', 'methionine', 'tryptophan', 'tyrosine',
  'phenylalanine', 'asparagine', 'lysine', 'arginine', 'ornithine', 'citrulline', 'taurine', 'carnosine',
  'histamine', 'tyramine', 'spermidine', 'putrescine', 'glutathione', 'ubiquitin', 'ubiquinone',
  'hemoglobin', 'haemoglobin', 'myoglobin', 'ferritin', 'transferrin', 'ceruloplasmin', 'bilirubin',
  'biliverdin', 'urobilinogen', 'troponin', 'calmodulin', 'calcineurin', 'tubulin', 'actin', 'myosin',
  'keratin', 'collagen', 'elastin', 'fibronectin', 'laminin', 'integrin', 'integrins', 'cadherin',
  'selectin', 'mucin', 'lectin', 'lectins', 'insulinoma', 'gastrin', 'secretin', 'leptin', 'adiponectin',
  'resistin', 'orexin', 'oxytocinergic', 'dopaminergic', 'serotonergic', 'noradrenergic', 'cholinergic',
  'adrenergic', 'glutamatergic', 'gabaergic', 'estrogenic', 'androgenic', 'antiandrogenic',
  'inotropic', 'vasopressor', 'vasopressors', 'oxytocic', 'oxytocics', 'euthyroid', 'tetracyclic',
  'carbamate', 'carbamates', 'endometrium', 'endometrial', 'monomeric', 'thyroglobulin', 'nicotinic',
  'benzyl', 'extrarenal', 'inulin', 'rifamycin', 'rifamycins', 'oxypurines',
  'methylxanthine', 'xanthine', 'hypoxanthine', 'uricosuric', 'natriuretic', 'diuresis', 'glycoside',
  'glycosides', 'alkaloid', 'alkaloids', 'prodrug', 'prodrugs', 'biosimilar', 'biosimilars',
];

const dictPath = process.argv[2] ?? '/usr/share/dict/words';
const allWords = readFileSync(dictPath, 'utf8').split('\n').map((w) => w.trim());
const dict = allWords.filter((w) => /^[a-z]+$/.test(w));
const dictSet = new Set(dict);
// Proper nouns (places, people: "Canada" is one edit from the brand Canasa) guard stems and
// misspellings, but never make a brand need capitals, so they are kept apart.
const properNouns = allWords.filter((w) => /^[A-Z][a-z]+$/.test(w)).map((w) => w.toLowerCase())
  .filter((w) => !dictSet.has(w));

const stemList = (stems as { stems: { stem: string }[] }).stems.map((s) => s.stem);
const lexicon = defaultLexicon();
const names = new Set<string>();
const brandWords = new Set<string>();
for (const e of lexicon) {
  for (const n of [e.generic, ...e.synonyms]) if (/^[A-Za-z]+$/.test(n)) names.add(n.toLowerCase());
  for (const b of e.brands) if (/^[A-Za-z]+$/.test(b)) { names.add(b.toLowerCase()); brandWords.add(b.toLowerCase()); }
}

const out = new Set<string>();
// 1. dictionary words ending in a stem (what the stem recogniser would otherwise take for a drug)
for (const w of [...dict, ...properNouns]) {
  if (w.length < 6) continue;
  if (stemList.some((s) => w.length >= s.length + 3 && w.endsWith(s))) out.add(w);
}
// 2. brands that are also English words (matched only when capitalised)
for (const b of brandWords) if (dictSet.has(b)) out.add(b);
// 3. dictionary words one or two edits from a drug name (the misspelling rule must not flag them)
const buckets = new Map<string, string[]>();
for (const n of names) {
  if (n.length < 5) continue;
  const key = `${n[0]}:${n.length}`;
  (buckets.get(key) ?? buckets.set(key, []).get(key)!).push(n);
}
for (const w of [...dict, ...properNouns]) {
  if (w.length < 5 || names.has(w)) continue;
  const max = w.length >= 9 ? 2 : 1;
  let near = false;
  for (let len = w.length - max; len <= w.length + max && !near; len++) {
    for (const n of buckets.get(`${w[0]}:${len}`) ?? []) {
      if (distance(w, n) <= max) { near = true; break; }
    }
  }
  if (near) out.add(w);
}
for (const w of HAND_WORDS) out.add(w);

const words = [...out].sort();
writeFileSync(new URL('../../server/src/core/drugs/data/english.json', import.meta.url), `${JSON.stringify({
  provenance: 'Debian wamerican word list (SCOWL, Kevin Atkinson; common words and proper nouns) filtered by scripts/drugs/build-english.ts; plus own list of biomedical non-drug words',
  words,
}, null, 0).replace('"words":[', '"words":[\n').replace(/","/g, '",\n"')}\n`);
console.log(`${words.length} words`);
