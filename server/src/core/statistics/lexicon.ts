/** Regex fragments and lookups built once from the statistics data files. */
import measuresData from './data/measures.json';
import numberWords from './data/number-words.json';
import unitsData from './data/units.json';
import wordingData from './data/wording.json';

export interface MeasureInfo {
  id: string;
  label: string;
  scale: 'ratio' | 'difference' | 'none' | 'location';
  nullValue: number | null;
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&');
}

function alternation(words: string[]): string {
  return [...new Set(words)].sort((a, b) => b.length - a.length).map(escapeRegex).join('|');
}

/** Lets a word start upper- or lower-case ("Hazard ratio" at the start of a sentence). */
function foldFirst(word: string): string {
  const first = word[0];
  if (first.toLowerCase() === first.toUpperCase() || word.length < 4) return escapeRegex(word);
  return `[${first.toUpperCase()}${first.toLowerCase()}]${escapeRegex(word.slice(1))}`;
}

const byName = new Map<string, MeasureInfo>();
const namedWords: string[] = [];
const symbolWords: string[] = [];
const locationWords: string[] = [];
const locationSymbols: string[] = [];
for (const m of measuresData.measures) {
  const info: MeasureInfo = { id: m.id, label: m.label, scale: m.scale as MeasureInfo['scale'], nullValue: m.null };
  for (const name of m.names) {
    byName.set(name.toLowerCase(), info);
    byName.set(name, info);
    if (m.scale === 'location') {
      if (name.length > 1 && name !== 'Mdn') locationWords.push(name);
      else locationSymbols.push(name);
    } else if ((m as { symbol?: boolean }).symbol) symbolWords.push(name);
    else namedWords.push(name);
  }
}
export const MEASURES_BY_ID = new Map<string, MeasureInfo>();
for (const m of measuresData.measures) {
  if (!MEASURES_BY_ID.has(m.id)) MEASURES_BY_ID.set(m.id, { id: m.id, label: m.label, scale: m.scale as MeasureInfo['scale'], nullValue: m.null });
}

/** Looks a measure up by the name as written (case-sensitive first, then folded). */
export function measureByName(name: string): MeasureInfo | undefined {
  return byName.get(name) ?? byName.get(name.toLowerCase().replace(/\s+/g, ' ').replace('’', "'"));
}

export const NAMED_MEASURES = [...new Set(namedWords)].sort((a, b) => b.length - a.length)
  .map((w) => (w.length > 4 ? w.split(' ').map((part, i) => (i === 0 ? foldFirst(part) : escapeRegex(part))).join('\\s+') : escapeRegex(w)))
  .join('|');
export const SYMBOL_MEASURES = alternation(symbolWords);
export const LOCATION_MEASURES = [...new Set(locationWords)].map(foldFirst).join('|');
/** APA symbols of a location: `M = 4.2`, `Mdn = 3`. */
export const LOCATION_SYMBOLS = alternation(locationSymbols);

export const UNITS = alternation(unitsData.units.map((u) => u.unit));

const units = numberWords.units.map((w) => w.word);
const teens = numberWords.teens.map((w) => w.word);
const tens = numberWords.tens.map((w) => w.word);
const WORD_VALUE = new Map<string, number>();
for (const w of [...numberWords.units, ...numberWords.teens, ...numberWords.tens, ...numberWords.scales]) WORD_VALUE.set(w.word, w.value);

/** Regex source of a number written in words, 1–999 ("seventeen", "twenty-four", "one hundred and twelve"). */
const BELOW_HUNDRED = `(?:(?:${tens.join('|')})(?:[-\\s](?:${units.join('|')}))?|${teens.join('|')}|${units.join('|')})`;
export const NUMBER_WORDS = `(?:(?:${units.join('|')}|a)\\s+hundred(?:\\s+(?:and\\s+)?${BELOW_HUNDRED})?|${BELOW_HUNDRED})`;

/** Value of a number word matched by NUMBER_WORDS; undefined if it is not one. */
export function parseNumberWords(raw: string): number | undefined {
  const words = raw.toLowerCase().split(/[-\s]+/).filter((w) => w !== 'and');
  let total = 0;
  let current = 0;
  for (const w of words) {
    if (w === 'hundred') { current = (current || 1) * 100; continue; }
    if (w === 'a') { current = 1; continue; }
    const v = WORD_VALUE.get(w);
    if (v === undefined) return undefined;
    current += v;
  }
  total += current;
  return total || undefined;
}

export const POPULATION_NOUNS = alternation(wordingData.populationNouns.map((w) => w.word));
export const ONE_SIDED = new RegExp(`\\b(?:${alternation(wordingData.oneSided.map((w) => w.word))})\\b`, 'i');
export const TWO_SIDED = new RegExp(`\\b(?:${alternation(wordingData.twoSided.map((w) => w.word))})\\b`, 'i');
export const wording = wordingData;
/** Words before a number of years that make it an age, not a duration ("aged 18-65 years"). */
export const AGE_BEFORE = new RegExp(`\\b(?:${alternation(wordingData.ageBefore.map((w) => w.word)).replace(/ /g, '\\s+')})\\s+(?:between\\s+|from\\s+|of\\s+)?(?:(?:[≥≤<>]=?|=>|>=|<=)\\s*)?$`, 'i');
/** Words after a number of years that make it an age ("65 years or older"). */
export const AGE_AFTER = new RegExp(`^[\\s-]*(?:${alternation(wordingData.ageAfter.map((w) => w.word)).replace(/ /g, '\\s+')})\\b`, 'i');
