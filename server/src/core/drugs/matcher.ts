/**
 * Linear-time drug name matching over word tokens: a hash from a name's first token to the
 * names starting with it (longest first), so each token of the prose costs one map lookup plus
 * a comparison of the few names sharing that first token. No regex per name.
 */
import type { Drug } from '../types';
import type { LexiconEntry } from './lexicon';
import stemData from './data/stems.json';
import notDrugData from './data/not-drugs.json';
import englishData from './data/english.json';

/** A drug mention with the extra facts the hover shows (additive to the Drug contract). */
export interface DrugMention extends Drug {
  mechanism?: string;
  /** Where the name's facts come from (lexicon provenance, INN stem list, user settings). */
  provenance?: string;
  /** Brands of the generic, for the hover. */
  brands?: string[];
}

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

/**
 * A word token, as a regular expression (the definition; `tokenize` reads the same tokens with a
 * scan over character codes, about twice as fast on every sentence of a note).
 */
export const TOKEN_RE = /[\p{L}\p{N}]+/gu;
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

/** UTF-16 units of the letter or digit (code point) at `i`, 0 when there is none. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ? 1 : 0;
  const cp = text.codePointAt(i)!;
  return WORD_CHAR_RE.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** Splits text into alphanumeric word tokens (those of `TOKEN_RE`) with their offsets. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    let w = wordCharAt(text, i);
    if (w === 0) {
      i += text.codePointAt(i)! > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    while (w !== 0) {
      i += w;
      w = i < text.length ? wordCharAt(text, i) : 0;
    }
    const raw = text.slice(start, i);
    out.push({ text: raw, lower: raw.toLowerCase(), start, end: i });
  }
  return out;
}

type Kind = 'generic' | 'synonym' | 'brand' | 'group';
type CaseMode = 'insensitive' | 'capitalised' | 'exact';

interface IndexedName {
  tokens: string[];
  /** Original-case tokens (for exact matching). */
  original: string[];
  /** Separators between tokens: 'soft' (space or hyphen) or a literal like "/". */
  seps: string[];
  kind: Kind;
  caseMode: CaseMode;
  entry?: LexiconEntry;
  /** The name as written in the lexicon. */
  name: string;
}

const SOFT_SEP = /^[\s\-\u2010\u2011]{1,3}$/;
const SPACE_SEP = /^[ \t]{1,2}$/;

function compileName(name: string): { tokens: string[]; original: string[]; seps: string[] } | undefined {
  const toks = tokenize(name);
  if (toks.length === 0) return undefined;
  const seps: string[] = [];
  for (let i = 1; i < toks.length; i++) {
    const sep = name.slice(toks[i - 1].end, toks[i].start);
    seps.push(SOFT_SEP.test(sep) ? 'soft' : sep.trim());
  }
  if (toks[0].start !== 0 || toks[toks.length - 1].end !== name.length) {
    // Leading or trailing punctuation ("(+)-…"): not indexable as tokens.
    return undefined;
  }
  return { tokens: toks.map((t) => t.lower), original: toks.map((t) => t.text), seps };
}

function upperCount(s: string): number {
  let n = 0;
  for (const ch of s) if (ch !== ch.toLowerCase()) n++;
  return n;
}

function letterCount(s: string): number {
  let n = 0;
  for (const ch of s) if (ch.toLowerCase() !== ch.toUpperCase()) n++;
  return n;
}

/** English words (lower case) that must never match as a stem drug, a lower-case brand or a misspelling. */
export const ENGLISH_WORDS: ReadonlySet<string> = new Set((englishData as { words: string[] }).words);

interface StemInfo {
  stem: string;
  class: string;
  provenance: string;
  /** Letters that, right before the stem, make an ordinary word ("thermostat", "hemostat"). */
  notAfter?: string[];
}
const STEMS_BY_SUFFIX = new Map<string, StemInfo>();
for (const s of (stemData as { stems: StemInfo[] }).stems) STEMS_BY_SUFFIX.set(s.stem, s);
/** Stem lengths, longest first: a word's suffixes of these lengths are looked up in the map. */
const STEM_LENGTHS = [...new Set([...STEMS_BY_SUFFIX.keys()].map((k) => k.length))].sort((a, b) => b - a);
/** The last letters (as many as the shortest stem has) of every stem: a word ending otherwise has no stem, told by one lookup. */
const ENDING_LENGTH = STEM_LENGTHS[STEM_LENGTHS.length - 1];
const STEM_ENDINGS = new Set([...STEMS_BY_SUFFIX.keys()].map((k) => k.slice(-ENDING_LENGTH)));

interface NotDrugData {
  entries: { text: string }[];
  endogenous: { names: string[]; before: string[]; after: string[] };
}
const NOT_DRUGS: string[] = (notDrugData as NotDrugData).entries.map((e) => e.text);
/** Substances the body makes or holds: "serum potassium" or "dopamine receptors" are physiology, not a drug. */
const ENDOGENOUS = new Set((notDrugData as NotDrugData).endogenous.names.map((n) => n.toLowerCase()));
const PHYSIOLOGY_BEFORE = new Set((notDrugData as NotDrugData).endogenous.before);
const PHYSIOLOGY_AFTER = new Set((notDrugData as NotDrugData).endogenous.after);
/** Long group words that end a compound ("nonbenzodiazepine"): such tokens are not stem drugs. */
const LONG_GROUP_SUFFIXES: string[] = NOT_DRUGS.filter((t) => !/[\s-]/.test(t) && t.length >= 8);
/** Single-word class/group terms (lower case). */
export const GROUP_WORDS: ReadonlySet<string> = new Set(NOT_DRUGS.filter((t) => !/[\s-]/.test(t)));

/** Salt and ester words that extend a generic's span ("mitoxantrone hydrochloride"). */
const SALTS = new Set([
  'hydrochloride', 'hcl', 'dihydrochloride', 'hydrobromide', 'sodium', 'disodium', 'potassium', 'dipotassium',
  'calcium', 'magnesium', 'mesylate', 'mesilate', 'dimesylate', 'maleate', 'sulfate', 'sulphate', 'bisulfate',
  'citrate', 'acetate', 'tartrate', 'bitartrate', 'succinate', 'fumarate', 'hemifumarate', 'phosphate',
  'diphosphate', 'besylate', 'besilate', 'bromide', 'chloride', 'iodide', 'tosylate', 'tromethamine',
  'trometamol', 'lactate', 'gluconate', 'carbonate', 'bicarbonate', 'nitrate', 'oxalate', 'pamoate',
  'embonate', 'stearate', 'palmitate', 'propionate', 'dipropionate', 'valerate', 'butyrate', 'hyclate',
  'monohydrate', 'dihydrate', 'trihydrate', 'hydrate', 'anhydrous', 'hemihydrate', 'xinafoate', 'furoate',
  'cypionate', 'enanthate', 'decanoate', 'undecanoate', 'pivoxil', 'cilexetil', 'medoxomil', 'mofetil',
  'axetil', 'etexilate', 'marboxil', 'disoproxil', 'alafenamide', 'edisylate', 'esylate', 'napsylate',
  'lauroxil', 'meglumine', 'olamine', 'benzathine', 'procaine', 'naftate', 'indanyl', 'salicylate',
  'subsalicylate', 'lysine', 'arginine', 'malate', 'mandelate', 'hippurate', 'orotate', 'glycinate',
  'hydroxide', 'oxide', 'trisilicate', 'sodium succinate', 'sodium phosphate', 'hydrogen maleate',
]);

/** Formulation suffixes written after a brand ("Augmentin XR", "Stadol NS", "Bezalip retard"). */
const BRAND_SUFFIXES = new Set([
  'XR', 'SR', 'CR', 'ER', 'XL', 'LA', 'CD', 'NS', 'DR', 'ODT', 'IR', 'XT', 'HCT', 'HP', 'LAR', 'EC', 'MR',
  'retard', 'Retard', 'Depot', 'Forte', 'SoloStar', 'FlexPen', 'HFA', 'Diskus', 'Ellipta', 'Respimat',
]);

/** Stereo descriptors written before a name: "d-amphetamine", "S(-) warfarin", "(R)-warfarin". */
const STEREO_PREFIX = /(?:^|[^\p{L}\p{N}])((?:[dlrsDLRS]|dl|DL|\([+-]\)|\([RSrs]\))[-\u2010]|[RS]\([+-]\) ?)$/u;

/** Metabolite words that name a related substance ("albendazole sulfoxide", "carbamazepine epoxide"). */
const METABOLITE_WORDS = new Set(['sulfoxide', 'sulphoxide', 'epoxide', 'glucuronide', 'sulfone', 'oxide']);

/** A compiled name index built from lexicon entries and group words. */
export class NameIndex {
  private readonly byFirst = new Map<string, IndexedName[]>();
  /** Lower-cased single-word names of this layer (for the misspelling rule). */
  readonly knownWords = new Set<string>();
  /** Entries of this layer, by lower-cased single-word name. */
  readonly entriesByWord = new Map<string, LexiconEntry>();

  /** `base` is consulted after this layer (user names over the bundled lexicon, without copying it). */
  constructor(readonly base?: NameIndex) {}

  /** Whether `lower` is a known single-word drug name in this index or its base. */
  isKnownWord(lower: string): boolean {
    return this.knownWords.has(lower) || (this.base?.isKnownWord(lower) ?? false);
  }

  /** The entry a single-word name belongs to. */
  entryForWord(lower: string): LexiconEntry | undefined {
    return this.entriesByWord.get(lower) ?? this.base?.entryForWord(lower);
  }

  add(name: string, kind: Kind, entry: LexiconEntry | undefined): void {
    const compiled = compileName(name);
    if (!compiled) return;
    let caseMode: CaseMode = 'insensitive';
    if (kind === 'brand') {
      const lower = name.toLowerCase();
      if (ENGLISH_WORDS.has(lower) || compiled.tokens.some((t) => ENGLISH_WORDS.has(t) && compiled.tokens.length === 1)) caseMode = 'capitalised';
    } else if (kind !== 'group') {
      const ups = upperCount(name);
      if (ups >= 2 || (ups >= 1 && letterCount(name) <= 5)) caseMode = 'exact';
    }
    const item: IndexedName = { ...compiled, kind, caseMode, entry, name };
    const list = this.byFirst.get(compiled.tokens[0]);
    if (list) {
      list.push(item);
      list.sort((a, b) => b.tokens.length - a.tokens.length);
    } else {
      this.byFirst.set(compiled.tokens[0], [item]);
    }
    if (compiled.tokens.length === 1 && kind !== 'group' && entry) {
      this.knownWords.add(compiled.tokens[0]);
      if (!this.entriesByWord.has(compiled.tokens[0])) this.entriesByWord.set(compiled.tokens[0], entry);
    }
  }

  addEntry(entry: LexiconEntry): void {
    this.add(entry.generic, 'generic', entry);
    for (const s of entry.synonyms) this.add(s, 'synonym', entry);
    for (const b of entry.brands) this.add(b, 'brand', entry);
  }

  candidates(firstLower: string): IndexedName[] | undefined {
    const own = this.byFirst.get(firstLower);
    const inherited = this.base?.candidates(firstLower);
    if (!own) return inherited;
    if (!inherited) return own;
    return [...own, ...inherited].sort((a, b) => b.tokens.length - a.tokens.length);
  }
}

/** Builds the group-word part shared by every index. */
export function addGroupWords(index: NameIndex): void {
  for (const t of NOT_DRUGS) index.add(t, 'group', undefined);
}

interface RawMatch {
  startToken: number;
  endToken: number; // exclusive
  start: number;
  end: number;
  name?: IndexedName;
  stem?: StemInfo;
}

function sepMatches(text: string, a: Token, b: Token, sep: string): boolean {
  const between = text.slice(a.end, b.start);
  if (sep === 'soft') return SOFT_SEP.test(between);
  return between.trim() === sep && between.length <= sep.length + 2;
}

function tryName(text: string, tokens: Token[], i: number, c: IndexedName): number {
  const n = c.tokens.length;
  if (i + n > tokens.length) return -1;
  for (let j = 0; j < n; j++) {
    const tok = tokens[i + j];
    const want = c.tokens[j];
    const isLast = j === n - 1;
    if (tok.lower !== want) {
      // Plural of the last word ("two infusions of Tysabris" is rare, "natalizumabs" rarer; "heparins" is a group).
      if (!(isLast && c.kind !== 'group' && want.length >= 4 && /^[a-z]+$/.test(want)
        && (tok.lower === `${want}s` || tok.lower === `${want}es`) && !GROUP_WORDS.has(tok.lower))) return -1;
    }
    if (j > 0 && !sepMatches(text, tokens[i + j - 1], tok, c.seps[j - 1])) return -1;
    if (c.caseMode === 'exact' && tok.text !== c.original[j] && !(isLast && tok.text.startsWith(c.original[j]))) return -1;
  }
  if (c.caseMode === 'capitalised') {
    const first = tokens[i].text[0];
    if (first === first.toLowerCase()) return -1;
  }
  return i + n;
}

function stemFor(tok: Token): StemInfo | undefined {
  const w = tok.text;
  if (w.length < 6) return undefined;
  const lower = tok.lower;
  if (!STEM_ENDINGS.has(lower.slice(-ENDING_LENGTH))) return undefined;
  let stem: StemInfo | undefined;
  for (const len of STEM_LENGTHS) {
    if (lower.length < len + 3) continue;
    stem = STEMS_BY_SUFFIX.get(lower.slice(-len));
    if (stem) break;
  }
  if (!stem || !/^\p{L}+$/u.test(w)) return undefined;
  if (stem.notAfter?.some((x) => lower.endsWith(x + stem!.stem))) return undefined;
  // Lower case or Capitalised only: acronyms and CamelCase are not INN-style names.
  const rest = w.slice(1);
  if (rest !== rest.toLowerCase()) return undefined;
  if (ENGLISH_WORDS.has(lower) || GROUP_WORDS.has(lower)) return undefined;
  if (LONG_GROUP_SUFFIXES.some((g) => lower.endsWith(g))) return undefined;
  return stem;
}

/** Finds drug mentions in `prose`; offsets are shifted by `offset`. */
export function findMentions(index: NameIndex, prose: string, offset: number, useStems = true): DrugMention[] {
  const tokens = tokenize(prose);
  const raw: RawMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i];
    let matched: RawMatch | undefined;
    let list = index.candidates(tok.lower);
    if (!list && tok.lower.length > 4 && tok.lower.endsWith('s')) {
      // Plural single-word names: look up the singular key.
      list = index.candidates(tok.lower.endsWith('es') ? tok.lower.slice(0, -2) : tok.lower.slice(0, -1))
        ?? index.candidates(tok.lower.slice(0, -1));
    }
    if (list) {
      for (const c of list) {
        const end = tryName(prose, tokens, i, c);
        if (end > 0) {
          matched = { startToken: i, endToken: end, start: tok.start, end: tokens[end - 1].end, name: c };
          break;
        }
      }
    }
    if (!matched && useStems) {
      const stem = stemFor(tok);
      if (stem) matched = { startToken: i, endToken: i + 1, start: tok.start, end: tok.end, stem };
    }
    if (matched) {
      raw.push(matched);
      i = matched.endToken;
    } else {
      i++;
    }
  }

  const out: DrugMention[] = [];
  for (const m of raw) {
    if (m.name?.kind === 'group') continue;
    if (m.name?.caseMode === 'capitalised') {
      // "the SONATA trial", "MUSE study": an English-word brand in capitals or before a study word is an acronym.
      if (STUDY_WORDS.has(tokens[m.endToken]?.lower ?? '')) continue;
      const allCaps = tokens[m.startToken].text.length >= 4 && tokens[m.startToken].text === tokens[m.startToken].text.toUpperCase();
      if ((allCaps || atSentenceStart(prose, tokens, m.startToken)) && !hasDrugContext(tokens, m.endToken, m.name)) continue;
    }
    if (m.name && m.name.kind !== 'brand' && ENDOGENOUS.has(m.name.entry!.generic.toLowerCase())
      && isPhysiological(tokens, m.startToken, m.endToken)) continue;
    if (namesAGroupOrTest(prose, tokens, m.endToken)) continue;
    let start = m.start;
    let end = m.end;
    let nextTok = m.endToken;
    if (m.name && m.name.kind !== 'brand') {
      // Salt words: up to two ("prednisolone sodium succinate").
      for (let k = 0; k < 2 && nextTok < tokens.length; k++) {
        const t = tokens[nextTok];
        if (!(SALTS.has(t.lower) || METABOLITE_WORDS.has(t.lower)) || !SPACE_SEP.test(prose.slice(end, t.start))) break;
        // "calcium" after a drug is a salt only when the drug name is not itself a mineral list ("iron, calcium").
        end = t.end;
        nextTok++;
      }
    } else if (m.name?.kind === 'brand' && nextTok < tokens.length) {
      const t = tokens[nextTok];
      if (BRAND_SUFFIXES.has(t.text) && SOFT_SEP.test(prose.slice(end, t.start))) {
        end = t.end;
      } else {
        const iv = /^\s+I\.V\./.exec(prose.slice(end, end + 8));
        if (iv) end += iv[0].length;
      }
    }
    const prefix = STEREO_PREFIX.exec(prose.slice(Math.max(0, start - 4), start));
    if (prefix && m.name && m.name.kind !== 'brand') start -= prefix[1].length;
    const text = prose.slice(start, end);
    if (m.name) {
      const e = m.name.entry!;
      out.push({
        text, start: start + offset, end: end + offset, generic: e.generic,
        ...(m.name.kind === 'brand' ? { brand: m.name.name } : {}),
        ...(e.class ? { class: e.class } : {}),
        origin: e.origin,
        // Lexicon facts are looked up by generic on hover; user entries carry theirs along.
        ...(e.origin === 'user' && e.mechanism ? { mechanism: e.mechanism } : {}),
        ...(e.origin === 'user' && e.brands.length ? { brands: e.brands } : {}),
      });
    } else if (m.stem) {
      out.push({
        text, start: start + offset, end: end + offset, generic: text.toLowerCase(), class: m.stem.class,
        origin: 'stem', provenance: `INN stem -${m.stem.stem} (${m.stem.provenance})`,
      });
    }
  }
  return out;
}

/** The token opens the sentence (or a clause after a colon/semicolon), where every word is capitalised. */
function atSentenceStart(prose: string, tokens: Token[], startToken: number): boolean {
  if (startToken === 0) return !/[\p{L}\p{N}]/u.test(prose.slice(0, tokens[0].start));
  return /[.!?:;]["'’”)\]]?\s+$/.test(prose.slice(tokens[startToken - 1].end, tokens[startToken].start));
}

const STUDY_WORDS = new Set(['trial', 'trials', 'study', 'studies', 'cohort', 'programme', 'program', 'registry', 'investigators', 'group', 'consortium', 'score', 'scale']);
const DOSE_UNIT = /^(?:mg|mcg|µg|μg|g|ml|mL|iu|IU|units?|mg\/kg|mg\/day|mg\/d)$/;
const DRUG_CONTEXT_WORDS = new Set([
  'tablet', 'tablets', 'capsule', 'capsules', 'injection', 'infusion', 'dose', 'doses', 'dosing', 'therapy',
  'treatment', 'prescribed', 'administered', 'given', 'taken', 'approved', 'indicated', 'monotherapy', 'mg',
]);

/**
 * A brand that is also an English word ("Sonata", "Allegra") at the start of a sentence is
 * capitalised by position, not by being a name: it counts only with drug context right after it
 * (its generic in brackets, a dose, a formulation, or words such as `tablets`, `was prescribed`).
 */
function hasDrugContext(tokens: Token[], endToken: number, name: IndexedName): boolean {
  const generic = name.entry?.generic.toLowerCase();
  for (let k = endToken; k < Math.min(tokens.length, endToken + 4); k++) {
    const t = tokens[k];
    if (generic && t.lower === generic.split(/\s/)[0]) return true;
    if (BRAND_SUFFIXES.has(t.text) || DRUG_CONTEXT_WORDS.has(t.lower)) return true;
    if (/^\d/.test(t.text) && tokens[k + 1] && DOSE_UNIT.test(tokens[k + 1].text)) return true;
  }
  return false;
}

/** "warfarin-type anticoagulants", "metyrapone test": the name qualifies a class or a test. */
function namesAGroupOrTest(prose: string, tokens: Token[], endToken: number): boolean {
  let k = endToken;
  const next = tokens[k];
  if (!next || !SOFT_SEP.test(prose.slice(tokens[k - 1].end, next.start))) return false;
  if (next.lower === 'type' || next.lower === 'like') k++;
  const word = tokens[k];
  if (!word) return false;
  return GROUP_WORDS.has(word.lower) || word.lower === 'test' || word.lower === 'tests'
    || (word.lower === 'suppression' && tokens[k + 1]?.lower === 'test');
}

/** "serum potassium", "dopamine receptors", "glucose levels": the substance as physiology. */
function isPhysiological(tokens: Token[], startToken: number, endToken: number): boolean {
  const before = tokens[startToken - 1];
  const after = tokens[endToken];
  return (before !== undefined && PHYSIOLOGY_BEFORE.has(before.lower))
    || (after !== undefined && PHYSIOLOGY_AFTER.has(after.lower));
}
