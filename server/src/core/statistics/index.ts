/**
 * Recognises statistical results in one sentence's prose: p-values, intervals, effect measures,
 * test statistics, sample sizes, percentages and durations, with exact ranges, and links the
 * ones that belong together (a test and its p, an estimate with its interval and its p).
 */
import type { Statistic } from '../types';
import { NUM, UNUM, parseNumber } from './numbers';
import {
  AGE_AFTER, AGE_BEFORE, LOCATION_MEASURES, LOCATION_SYMBOLS, NAMED_MEASURES, NUMBER_WORDS, ONE_SIDED,
  POPULATION_NOUNS, SYMBOL_MEASURES, TWO_SIDED, UNITS, measureByName, parseNumberWords, MEASURES_BY_ID,
} from './lexicon';

export { describeStatistic } from './describe';

type Comparator = '=' | '<' | '>' | '<=' | '>=';

const CMP = '<=|>=|=<|=>|≤|≥|⩽|⩾|<|>|=|≈|~';
const DF = '\\d+(?:\\.\\d+)?';
const SEP = '(?:\\s*(?:to|–|—|‑|-|,|;|…|\\.\\.\\.?)\\s*|\\s+and\\s+)';
const UNIT_AFTER = `(?:\\s?(${UNITS})(?![\\w/²³]))`;
const NS = 'n\\.s\\.|N\\.S\\.|ns\\b|NS\\b';
/** A bound that could not be estimated: "29.0–NE", "0.70–NR", "not reached" (the interval is open on that side). */
const OPEN_BOUND = '(?:NE|NR|NA|N\\.E\\.|N\\.R\\.|not\\s+(?:reached|estimable|estimated|evaluable|calculable))(?![\\w.])';
const BOUND = `${NUM}|${OPEN_BOUND}`;

// All regexes are compiled once; exec() loops reset lastIndex themselves.
const P_RE = new RegExp(
  `(?<![\\w.'’/])[pP](?:[\\s-]?values?)?(?:[\\s_-]*(?:for\\s+)?(?:trend|interaction|heterogeneity))?` +
  `(?:\\s*(${CMP})\\s*|\\s+(?:of|was|is|were|equals?)\\s+(?:(less|lower|smaller|below)\\s+than\\s+|(greater|higher|larger|more|above)\\s+than\\s+)?)` +
  `(?:(0,\\d+)(?![\\d,])|(${NUM})|(${NS}))`, 'g');
const NS_RE = new RegExp(`(?<=[(,;]\\s{0,3})(?:${NS})(?![\\w])`, 'g');
const TEST_RE = new RegExp(
  `(?<![\\w'’.])(t|F|z|Z|r|Q|χ²|χ2|χ\\^2|Χ²|Χ2|X²|X2|x2|[Cc]hi2|[Cc]hi²|[Cc]hi[- ]squared?)` +
  `(?:\\s*\\(\\s*(${DF})(?:\\s*,\\s*(${DF}))?(?:\\s*[,;]\\s*[nN]\\s*=\\s*[\\d,]+)?\\s*\\))?` +
  `\\s*(<=|>=|≤|≥|<|>|=)\\s*(${NUM})` +
  `(?:\\s*[,;]\\s*(?:df|d\\.f\\.)\\s*=\\s*(${DF})(?:\\s*,\\s*(${DF}))?)?`, 'g');
/** df written as a subscript and flattened by PDF copy-paste: `t28 = 2.20`, `F2,110 = 3.12`, `t₂₈ = 2.20`. */
const SUB_DF = '(?:\\d{1,5}|[₀₁₂₃₄₅₆₇₈₉]{1,5})';
const SUBSCRIPT_TEST_RE = new RegExp(
  `(?<![\\w'’.])(?:(t|r)(${SUB_DF})|(F)(${SUB_DF})\\s?[,;]\\s?(${SUB_DF}))\\s*(<=|>=|≤|≥|<|>|=)\\s*(${NUM})`, 'g');
const SUBSCRIPT_HINT_RE = /(?<![\w'’.])[tFr][\d₀-₉]/;
const CI_LABEL = 'CI|C\\.I\\.|CrI|UI|HDI|PI|[Pp]rediction\\s+[Ii]nterval|[Cc]onfidence\\s+[Ll]imits|[Cc]onfidence\\s+[Ii]nterval|[Cc]redible\\s+[Ii]nterval|[Uu]ncertainty\\s+[Ii]nterval|[Cc]ompatibility\\s+[Ii]nterval|[Hh]ighest\\s+(?:posterior\\s+)?density\\s+interval';
const CI_RE = new RegExp(
  `(?:(?<![\\w.])(${UNUM})\\s?%[\\s-]*)?(?<![\\w])(${CI_LABEL})s?(?:\\s?\\d{2}(?:\\.\\d)?\\s?%)?` +
  // NEJM: "95% confidence interval [CI], 0.65 to 0.85"
  `(?:\\s*[\\[(](?:CI|CrI)[\\])])?` +
  // "95% CI for the difference −5.0 to −1.4"
  `(?:\\s+for\\s+(?:the\\s+)?(?:[A-Za-z-]+\\s+){0,2}?[A-Za-z-]+(?=\\s*[:,]?\\s*[-−–]?[\\d.]))?` +
  `(?:\\s*[,:=]\\s*|\\s+(?:(?:was|of|is|were|from|ranged\\s+from|ranging\\s+from)\\s+)?|\\s*)` +
  `(?:([\\[(])\\s*(${BOUND})${UNIT_AFTER}?${SEP}(${BOUND})${UNIT_AFTER}?\\s*[\\])]` +
  `|(${BOUND})${UNIT_AFTER}?${SEP}(${BOUND})${UNIT_AFTER}?)`, 'g');
const BARE_INTERVAL_RE = new RegExp(`[\\[(]\\s*(${NUM})${UNIT_AFTER}?${SEP}(${BOUND})${UNIT_AFTER}?\\s*[\\])]`, 'g');
/** "RR 0.60, 0.40–0.90, p = 0.01": an unbracketed interval right after an estimate (en dash or "to" only, not a hyphen). */
const COMMA_INTERVAL_RE = new RegExp(`^[,;]\\s*(${NUM})${UNIT_AFTER}?\\s*(?:–|—|to)\\s*(${NUM})${UNIT_AFTER}?(?=\\s*(?:[,;)\\]]|$))`);
const NAMED_EFFECT_RE = new RegExp(
  `(?<![\\w'’])(${NAMED_MEASURES})(?![\\w])(?:\\s*\\((?:95%\\s*)?CI\\))?(?:\\s*[\\[(][A-Za-z]{1,5}[\\])])?` +
  // "hazard ratio for relapse was 0.72", "relative risk of infection was 2.1"
  `(?:\\s+(?:for|of|in)\\s+[A-Za-z][\\w-]*(?:\\s+[A-Za-z][\\w-]*){0,2}?(?=\\s*(?:[,:=]|\\s(?:was|is|were)\\s)))?` +
  `(?:\\s*[,:=]\\s*|\\s+(?:(?:was|of|is|were|was\\s+estimated\\s+at)\\s+)?)(${NUM})${UNIT_AFTER}?`, 'g');
const SYMBOL_EFFECT_RE = new RegExp(`(?<![\\w'’])(${SYMBOL_MEASURES})\\s*=\\s*(${NUM})${UNIT_AFTER}?`, 'g');
/** The spread written after a mean: `± 1.1`, `, SD = 1.1`, `(SD 11.8)`, `(10.1)`. */
const SD_TAIL = `(?:\\s*(?:±|\\+\\/-|\\+\\/−)\\s*(${NUM})|\\s*[,;]\\s*(?:SD|s\\.d\\.)\\s*[=:]?\\s*(${NUM})|\\s*\\(\\s*(?:(?:SD|s\\.d\\.)\\s*[=:]?\\s*)?(${NUM})\\s*\\))`;
/** APA location symbols with their spread: `M = 4.2, SD = 1.1`, `Mdn = 3`. */
const SYMBOL_LOCATION_RE = new RegExp(`(?<![\\w'’])(${LOCATION_SYMBOLS})\\s*=\\s*(${NUM})${UNIT_AFTER}?${SD_TAIL}?`, 'g');
/** "45.2 (10.1) years": a decimal value with a bracketed decimal after it is a mean (SD) by convention. */
const DECIMAL = '(?:\\d+[.·]\\d+)';
const MEAN_SD_RE = new RegExp(`(?<![\\w.,·%/−-])(${DECIMAL})\\s?\\(\\s*(${DECIMAL})\\s*\\)(?!\\s?%)(?:\\s?(${UNITS})(?![\\w/²³]))?`, 'g');
/** "45.2 ± 10.1 years": a value with its spread (SD, or SE when the text says so). */
const PLUS_MINUS_RE = new RegExp(`(?<![\\w.,·%/−-])(${NUM})\\s*(?:±|\\+\\/-|\\+\\/−)\\s*(${NUM})(?:\\s?(${UNITS})(?![\\w/²³]))?`, 'g');
/** "6.1 per 1000 person-years": an incidence rate. */
const RATE_RE = new RegExp(`(?<![\\w.,])(${UNUM})\\s+(?:per|\\/)\\s*(100|1,?000|10,?000|100,?000|1,?000,?000)\\s+(person-years?|patient-years?|person-months?|patient-months?|person-days?|PYs?|pys)(?![\\w-])`, 'g');
/** "(IQR 27·4–38·3)", "(range 18–75)": the spread of a median or mean, not a confidence interval. */
const RANGE_RE = new RegExp(
  `(?<![\\w'’])(IQR|[Ii]nterquartile\\s+range|[Rr]ange)(?:\\s*[,:=]\\s*|\\s+)(${NUM})${UNIT_AFTER}?\\s*(?:–|—|-|to|,)\\s*(${NUM})${UNIT_AFTER}?(?![\\d.·])`, 'g');
/** "a 2.5-fold increase", "3-fold higher risk": a ratio to the comparison. */
const FOLD_RE = new RegExp(`(?<![\\w.,])(${UNUM})[-\\s‑]fold(?![\\w-])`, 'g');
/** "132 (13%)": a count with its percentage but no written total. */
const COUNT_PERCENT_RE = new RegExp(`(?<![\\w.,·/%−-]|[=<>≤≥]\\s{0,2}|\\bof\\s{1,2})(\\d[\\d,]*)\\s*\\(\\s*(${NUM})\\s?%\\s*\\)`, 'g');
const TOTAL_AFTER_RE = /^\s+(?:of|out\s+of)\s+(?:the\s+|all\s+)?(\d[\d,]*)(?![\d.,]?\d)(?!\s*(?:%|mg|µg|g\b|mL|kg|years?|months?|weeks?|days?|hours?))/;
/** The total that a sentence's counts refer to: "Of 1,024 patients …", "Among the 310 treated …". */
// Only at the start of the sentence or a clause: in "19 of 29 (66%) versus 12 (41%)" the 29 is one arm's total, not the other's.
const TOTAL_BEFORE_RE = /(?:^|[;:,(]\s*(?:and\s+|but\s+|whereas\s+|while\s+)?)\s*(?:[Oo]f|[Aa]mong|[Oo]ut\s+of|[Ii]n)\s+(?:the\s+|all\s+|these\s+|those\s+)?(\d[\d,]*)(?![\d.,]?\d)(?!\s*(?:%|mg|µg|g\b|mL|kg|years?|months?|weeks?|days?|hours?))/g;
const LOCATION_RE = new RegExp(
  `(?<![\\w'’])(${LOCATION_MEASURES})(?:\\s+(?:\\((?:SD|SE|SEM|IQR|range)\\)|(?!was\\b|is\\b|were\\b|at\\b|and\\b)[A-Za-z][\\w-]*)){0,6}?` +
  `(?:\\s*[=:,]\\s*|\\s+(?:(?:of|was|is|were|at)\\s+)?)(?:\\((?:SD|SE|IQR|range)\\)\\s*)?(${NUM})${UNIT_AFTER}?` +
  `${SD_TAIL}?`, 'g');
const CHANGE_RE = new RegExp(
  `(?<![\\w])(?:(decreased|reduced|lowered|fell|dropped|declined|increased|raised|rose|improved|worsened)` +
  `(?:\\s+(?!by\\b)[A-Za-z][\\w-]*){0,4}?\\s+by|(reduction|decrease|decline|drop|fall|increase|rise|improvement|change)\\s+(?:by|of))\\s+` +
  `(?:an?\\s+(?:mean|average|median)\\s+(?:of\\s+)?)?(${NUM})${UNIT_AFTER}?(?![\\w-])`, 'g');
const PERCENT_OF_RE = new RegExp(
  `(?<![\\w.,])(\\d[\\d,]*)\\s*(?:of|out\\s+of|\\/)\\s*(\\d[\\d,]*)(?:\\s+[A-Za-z][\\w-]*){0,4}?\\s*[(\\[]\\s*(${NUM})\\s?%\\s*[)\\]]`, 'g');
/** "Seventeen of 24 patients (75%)", "three of 12 (25%)": the count in words. */
const PERCENT_OF_WORDS_RE = new RegExp(
  `(?<![\\w.,])(${NUMBER_WORDS})\\s+(?:of|out\\s+of)\\s+(\\d[\\d,]*)(?:\\s+[A-Za-z][\\w-]*){0,4}?\\s*[(\\[]\\s*(${NUM})\\s?%\\s*[)\\]]`, 'gi');
const PERCENT_RE = new RegExp(
  `(?<![\\w.,·])(${NUM})\\s?%(?!\\s*(?:${CI_LABEL}|PI|prediction)\\b)`, 'g');
// "n = 29." ends a sentence: only a decimal point followed by a digit makes it a non-count.
const N_RE = /(?<![\w])([nNk])\s*=\s*([1-9]\d{0,2}(?:,\d{3})+|\d+)(?![\d]|[.·]\d)/g;
const POP_RE = new RegExp(
  `(?<![\\w.,])(\\d[\\d,]*|${NUMBER_WORDS})\\s+(?:[A-Za-z][\\w-]*\\s+){0,2}?(${POPULATION_NOUNS})(?![\\w])`, 'gi');
/** "24 patients were included", "Seventeen MSers completed the study": a count and an enrolment verb. */
const ENROLMENT_VERB = 'completed|were\\s+(?:included|enrolled|randomi[sz]ed|recruited|analy[sz]ed|assigned|treated|studied)|took\\s+part|participated|enrolled';
const ENROLLED_RE = new RegExp(
  `(?<![\\w.,])(\\d[\\d,]*|${NUMBER_WORDS})\\s+(?:(?!were\\b|was\\b)[A-Za-z][\\w-]*\\s+){0,2}?(?!were\\b|was\\b)[A-Za-z][\\w-]*(?=\\s+(?:${ENROLMENT_VERB}))`, 'gi');
const ENROLMENT_HINT_RE = /complet|includ|enrol|randomi|recruit|analy|assign|treated|studied|took\s+part|participat/i;
/** "…were randomised; 58 completed": a bare count right after a clause break, then the verb. */
const ENROLLED_BARE_RE = new RegExp(`(?:^|[;,:]\\s*|\\b(?:and|but|while|whereas|of\\s+whom)\\s+)(\\d[\\d,]*)(?=\\s+(?:${ENROLMENT_VERB})\\b)`, 'g');
const DURATION_RE = new RegExp(
  `(?<![\\w.,])(?:(${UNUM})\\s*(?:-|–|—|to)\\s*)?(${UNUM}|${NUMBER_WORDS})(?:\\s|-)(hours?|days?|weeks?|months?|years?|yrs?|wks?)(?![\\w])` +
  `(?:[\\s-](follow-up|followup|period|course|trial|study|extension))?`, 'gi');
/**
 * An unnamed estimate with its interval: "0.81 (0.70 to 0.94)", "(0.81, 0.70–0.94)". Only all-decimal
 * numbers count (integers in brackets are counts, ranges or n (%)), and only when nothing else
 * reads those numbers.
 */
const SDEC = '[-−]?\\d+[.·]\\d+';
const BARE_ESTIMATE_INTERVAL_RE = new RegExp(
  `(?<![\\w.,·%/−-])(?:\\(\\s*(${SDEC})\\s*[,;]\\s*(${SDEC})\\s*(?:–|—|to|-)\\s*(${SDEC})\\s*\\)` +
  `|(${SDEC})\\s?[(\\[]\\s*(${SDEC})\\s*(?:–|—|to|-|,)\\s*(${SDEC})\\s*[)\\]])(?!\\s?%|\\s*(?:years?|yrs?|y)\\b)`, 'g');
const BARE_ESTIMATE_HINT_RE = /\d[.·]\d+\s?[(\[]|\(\s*[-−]?\d+[.·]\d+\s*[,;]/;
/** "aged 45.5 (30.0–60.0)", "IQR", "range": a spread of the data, not an interval. */
const SPREAD_BEFORE_RE = /\b(?:aged?|ages|range|IQR|interquartile|median|mean|average|SD)\b[^()]{0,20}$/i;

/** The standard error written after an estimate: ", SE = 0.05", " (SE 0.05)", "; standard error 0.05". */
const SE_TAIL_RE = new RegExp(`^\\s*(?:[,;]\\s*|[(\\[]\\s*)(?:SE|S\\.E\\.|s\\.e\\.|SEM|[Ss]tandard\\s+error)\\s*[=:]?\\s*(${NUM})(?![\\d.·])`);
/** "0.21 ± 0.05 (SE)": the spread after ± labelled as a standard error. */
const SE_LABEL_AFTER_RE = /^\s*\(\s*(?:SE|S\.E\.|SEM|standard\s+error)\s*\)/;
/** A p-value right after: ", p = 0.02". */
const P_RIGHT_AFTER_RE = /^\s*[,;]?\s*\(?\s*[pP]\s*[=<>≤≥]/;

const DECREASE_WORD = /^(?:decreased|reduced|lowered|fell|dropped|declined|reduction|decrease|decline|drop|fall)$/i;

interface Candidate extends Statistic {
  id: string;
  /** Lower runs first when two candidates overlap. */
  prio: number;
}

function cmp(raw: string | undefined): Comparator {
  switch (raw) {
    case '<': return '<';
    case '>': return '>';
    case '<=': case '=<': case '≤': case '⩽': return '<=';
    case '>=': case '=>': case '≥': case '⩾': return '>=';
    default: return '=';
  }
}

function makeStat(kind: string, prose: string, start: number, end: number, offset: number, prio: number, fields: Partial<Statistic>): Candidate {
  return { kind, text: prose.slice(start, end), start: start + offset, end: end + offset, id: `${kind}@${start + offset}`, prio, ...fields } as Candidate;
}

function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    yield m;
  }
}

function num(raw: string | undefined): { value: number; decimals: number } | undefined {
  return raw === undefined ? undefined : parseNumber(raw);
}

const OPEN_BOUND_RE = new RegExp(`^(?:${OPEN_BOUND})$`);

/** A parsed interval bound; `open` when it was not estimable (no value: the interval is open on that side). */
function bound(raw: string | undefined): { value: number | undefined; decimals: number | undefined; open?: true } | undefined {
  if (raw === undefined) return undefined;
  if (OPEN_BOUND_RE.test(raw)) return { value: undefined, decimals: undefined, open: true };
  return num(raw);
}

/** Fields of an interval from its two bounds; an open bound leaves lower/upper unset so no check judges it. */
function boundFields(lo: NonNullable<ReturnType<typeof bound>>, hi: NonNullable<ReturnType<typeof bound>>): Partial<Statistic> {
  const fields: Partial<Statistic> = { lower: lo.value, upper: hi.value, lowerDecimals: lo.decimals, upperDecimals: hi.decimals };
  if (lo.open) fields.openLower = true;
  if (hi.open) fields.openUpper = true;
  return fields;
}

// The fields of a statistic are built by adding to a fresh object (Object.assign), not by spreading
// one into a literal that goes on: V8 builds such a literal (`{ ...a, b }`) about ten times slower,
// and a note has hundreds of statistics. The fields keep the same order either way.

function intOf(raw: string): number | undefined {
  const digits = raw.replace(/,/g, '');
  if (/^\d+$/.test(digits)) return Number(digits);
  return parseNumberWords(raw);
}

function testKind(symbol: string): Statistic['test'] {
  if (symbol === 't') return 't';
  if (symbol === 'F') return 'F';
  if (symbol === 'z' || symbol === 'Z') return 'z';
  if (symbol === 'r') return 'r';
  return 'chi2';
}

function measureFields(name: string): Partial<Statistic> {
  const m = measureByName(name);
  if (!m) return { measure: name };
  return { measure: m.id, scale: m.scale, nullValue: m.nullValue ?? undefined };
}

const HAS_DIGIT_RE = /[0-9⁰¹²³⁴⁵⁶⁷⁸⁹]/;
/** The comparators TEST_RE needs. */
const TEST_COMPARATOR_RE = /[<>=≤≥]/;
/** The unit words DURATION_RE needs (as it does, in any case). */
const DURATION_UNIT_RE = /hour|day|week|month|year|yr|wk/i;
const HAS_INTERVAL_RE = /CI|C\.I|CrI|UI|HDI|PI|[Ii]nterval|[Ll]imits/;

function collect(prose: string, offset: number): Candidate[] {
  const out: Candidate[] = [];
  // Cheap guards keep the per-keystroke cost low: most sentences have no digits at all.
  const hasDigit = HAS_DIGIT_RE.test(prose);
  if (!hasDigit) {
    collectWordForms(prose, offset, out);
    for (const m of matches(P_RE, prose)) if (m[6]) out.push(makeStat('p', prose, m.index, m.index + m[0].length, offset, 1, { comparator: '>', value: 0.05, decimals: 2, ns: true }));
    return out;
  }
  // Cheap guards: a regex is run only when the prose holds a character or word it cannot match without.
  const hasPercent = prose.includes('%');
  const hasEquals = prose.includes('=');
  if (TEST_COMPARATOR_RE.test(prose)) for (const m of matches(TEST_RE, prose)) {
    const v = num(m[5]);
    if (!v) continue;
    const df: number[] = [];
    const d1 = m[2] ?? m[6];
    const d2 = m[2] !== undefined ? m[3] : m[7];
    if (d1 !== undefined) df.push(Number(d1));
    if (d2 !== undefined) df.push(Number(d2));
    const symbol = m[1];
    out.push(makeStat('test', prose, m.index, m.index + m[0].length, offset, 1, {
      test: testKind(symbol), symbol, df, value: v.value, decimals: v.decimals, comparator: cmp(m[4]),
    }));
  }
  if (SUBSCRIPT_HINT_RE.test(prose)) for (const m of matches(SUBSCRIPT_TEST_RE, prose)) {
    const v = num(m[7]);
    if (!v) continue;
    const symbol = m[1] ?? m[3];
    const df = (m[1] ? [m[2]] : [m[4], m[5]]).map(subscriptDigits);
    out.push(makeStat('test', prose, m.index, m.index + m[0].length, offset, 1, {
      test: testKind(symbol), symbol, df, value: v.value, decimals: v.decimals, comparator: cmp(m[6]), dfWritten: 'subscript',
    }));
  }
  for (const m of matches(P_RE, prose)) {
    let comparator: Comparator = cmp(m[1]);
    if (m[2]) comparator = '<';
    if (m[3]) comparator = '>';
    const fields: Partial<Statistic> = {};
    if (m[6]) {
      Object.assign(fields, { comparator: '>', value: 0.05, decimals: 2, ns: true });
    } else {
      const v = m[4] ? parseNumber(m[4].replace(',', '.')) : num(m[5]);
      if (!v) continue;
      Object.assign(fields, { comparator, value: v.value, decimals: v.decimals });
    }
    out.push(makeStat('p', prose, m.index, m.index + m[0].length, offset, 1, fields));
  }
  if (prose.includes('ns') || prose.includes('NS') || prose.includes('n.s.') || prose.includes('N.S.')) for (const m of matches(NS_RE, prose)) {
    out.push(makeStat('p', prose, m.index, m.index + m[0].length, offset, 1, { comparator: '>', value: 0.05, decimals: 2, ns: true }));
  }
  if (HAS_INTERVAL_RE.test(prose)) for (const m of matches(CI_RE, prose)) {
    const bracketed = m[3] !== undefined;
    const lo = bound(bracketed ? m[4] : m[8]);
    const hi = bound(bracketed ? m[6] : m[10]);
    if (!lo || !hi || (lo.open && hi.open)) continue;
    const unit = bracketed ? (m[7] ?? m[5]) : (m[11] ?? m[9]);
    const label = m[2];
    const credible = /^(?:CrI|HDI|[Cc]redible|[Hh]ighest)/.test(label);
    const prediction = /^(?:PI|[Pp]rediction)/.test(label);
    // "95% CI for the difference −5.0 to −1.4": the interval of a quantity named in the label.
    const forWhat = /\bfor\s+(?:the\s+)?([A-Za-z][A-Za-z -]*?)\s*[:,]?\s*[-−–(\[]?[\d.]/.exec(m[0].slice(m[0].indexOf(label) + label.length))?.[1];
    // "CI95% 0.61-0.89": the level written after the label.
    const trailingLevel = m[1] === undefined ? /^(?:CI|C\.I\.)\s?(\d{2}(?:\.\d)?)\s?%/.exec(m[0])?.[1] : undefined;
    const level = m[1] !== undefined ? Number(m[1].replace(/,/g, '')) : trailingLevel !== undefined ? Number(trailingLevel) : undefined;
    out.push(makeStat('ci', prose, m.index, m.index + m[0].length, offset, 1, Object.assign(boundFields(lo, hi), {
      level, levelAssumed: level === undefined ? true : undefined, interval: credible ? 'credible' : prediction ? 'prediction' : 'confidence',
      unit: unit ?? undefined, forWhat,
    }, forWhat && /\bdifference\b/i.test(forWhat) ? { measure: 'difference', scale: 'difference', nullValue: 0 } : undefined)));
  }
  if (hasPercent) for (const re of [PERCENT_OF_RE, PERCENT_OF_WORDS_RE]) for (const m of matches(re, prose)) {
    const v = num(m[3]);
    const x = intOf(m[1]);
    const n = intOf(m[2]);
    if (!v || x === undefined || n === undefined) continue;
    out.push(makeStat('percent', prose, m.index, m.index + m[0].length, offset, 2, {
      value: v.value, decimals: v.decimals, numerator: x, denominator: n, unit: '%',
    }));
  }
  const hasParen = prose.includes('(');
  if (hasParen && hasPercent) for (const m of matches(COUNT_PERCENT_RE, prose)) {
    const v = num(m[2]);
    const x = intOf(m[1]);
    if (!v || x === undefined || isYear(prose, m.index, x)) continue;
    // "12 (8%) of 150 patients": the total follows; otherwise look for one that opens the clause.
    const after = TOTAL_AFTER_RE.exec(prose.slice(m.index + m[0].length, m.index + m[0].length + 24));
    const totalAfter = after ? Number(after[1].replace(/,/g, '')) : undefined;
    const denominator = totalAfter !== undefined && totalAfter >= x && totalAfter > 0
      ? { value: totalAfter, text: after![0].trim() }
      : totalBefore(prose, m.index, x);
    out.push(makeStat('percent', prose, m.index, m.index + m[0].length, offset, 2, {
      value: v.value, decimals: v.decimals, numerator: x, denominator: denominator?.value, denominatorText: denominator?.text, unit: '%',
    }));
  }
  if (/per\s|\/\s?1/.test(prose)) for (const m of matches(RATE_RE, prose)) {
    const v = num(m[1]);
    if (!v) continue;
    out.push(makeStat('effect', prose, m.index, m.index + m[0].length, offset, 3, {
      measure: 'rate', scale: 'none', name: 'rate', value: v.value, decimals: v.decimals, unit: `per ${m[2]} ${m[3]}`,
    }));
  }
  if (/IQR|[Rr]ange/.test(prose)) for (const m of matches(RANGE_RE, prose)) {
    const lo = num(m[2]);
    const hi = num(m[4]);
    if (!lo || !hi) continue;
    // "age range 18-65 years" is an eligibility span, read as an age elsewhere.
    if (/\bage\s+$/i.test(prose.slice(Math.max(0, m.index - 5), m.index))) continue;
    out.push(makeStat('range', prose, m.index, m.index + m[0].length, offset, 1, {
      lower: lo.value, upper: hi.value, lowerDecimals: lo.decimals, upperDecimals: hi.decimals,
      measure: /^I/i.test(m[1]) ? 'IQR' : 'range', unit: m[5] ?? m[3] ?? undefined,
    }));
  }
  if (prose.includes('fold')) for (const m of matches(FOLD_RE, prose)) {
    const v = num(m[1]);
    if (!v) continue;
    out.push(makeStat('effect', prose, m.index, m.index + m[0].length, offset, 3, Object.assign(measureFields('fold'), {
      measure: 'fold', scale: 'ratio', nullValue: 1, name: 'fold', value: v.value, decimals: v.decimals,
    })));
  }
  for (const m of matches(NAMED_EFFECT_RE, prose)) {
    const v = num(m[2]);
    if (!v) continue;
    out.push(makeStat('effect', prose, m.index, m.index + m[0].length, offset, 3, Object.assign(measureFields(m[1]), {
      name: m[1], value: v.value, decimals: v.decimals, unit: m[3] ?? undefined,
    })));
  }
  if (hasEquals) for (const m of matches(SYMBOL_EFFECT_RE, prose)) {
    const v = num(m[2]);
    if (!v) continue;
    out.push(makeStat('effect', prose, m.index, m.index + m[0].length, offset, 3, Object.assign(measureFields(m[1]), {
      name: m[1], value: v.value, decimals: v.decimals, unit: m[3] ?? undefined, comparator: '=' as const,
    })));
  }
  for (const m of matches(CHANGE_RE, prose)) {
    const v = num(m[3]);
    if (!v) continue;
    const word = m[1] ?? m[2];
    out.push(makeStat('effect', prose, m.index, m.index + m[0].length, offset, 3, {
      measure: 'change', scale: 'difference', nullValue: 0, name: word, value: v.value, decimals: v.decimals,
      unit: m[4] ?? undefined, direction: DECREASE_WORD.test(word) ? 'decrease' : 'increase',
    }));
  }
  for (const re of hasEquals ? [LOCATION_RE, SYMBOL_LOCATION_RE] : [LOCATION_RE]) for (const m of matches(re, prose)) {
    const v = num(m[2]);
    if (!v) continue;
    const sd = num(m[4] ?? m[5] ?? m[6]);
    out.push(makeStat('effect', prose, m.index, m.index + m[0].length, offset, 4, Object.assign(measureFields(m[1]), {
      name: m[1], value: v.value, decimals: v.decimals, unit: m[3] ?? undefined,
      sd: sd?.value, sdDecimals: sd?.decimals, comparator: re === SYMBOL_LOCATION_RE ? '=' as const : undefined,
      // "± 1.1" or "(1.1)" without "SD" may be an SE.
      sdAssumed: sd && !/\b(?:SD|s\.d\.)/.test(m[0].slice(m[0].indexOf(m[2]))) ? true : undefined,
    })));
  }
  // "45.2 ± 10.1" and "45.2 (10.1)": a mean with an unlabelled spread (SD or SE, so sdAssumed).
  const spreadForms: [boolean, RegExp][] = [[prose.includes('±') || prose.includes('+/'), PLUS_MINUS_RE], [hasParen, MEAN_SD_RE]];
  for (const [present, re] of spreadForms) {
    if (!present) continue;
    for (const m of matches(re, prose)) {
      const v = num(m[1]);
      const sd = num(m[2]);
      if (!v || !sd) continue;
      out.push(makeStat('effect', prose, m.index, m.index + m[0].length, offset, 4, Object.assign(measureFields('mean'), {
        value: v.value, decimals: v.decimals, unit: m[3] ?? undefined,
        sd: sd.value, sdDecimals: sd.decimals, sdAssumed: true,
      })));
    }
  }
  if (hasEquals) for (const m of matches(N_RE, prose)) {
    out.push(makeStat('n', prose, m.index, m.index + m[0].length, offset, 5, {
      value: Number(m[2].replace(/,/g, '')), decimals: 0, population: m[1] === 'k' ? 'studies' : undefined,
    }));
  }
  collectWordForms(prose, offset, out);
  if (hasPercent) for (const m of matches(PERCENT_RE, prose)) {
    const v = num(m[1]);
    if (!v) continue;
    out.push(makeStat('percent', prose, m.index, m.index + m[0].length, offset, 7, { value: v.value, decimals: v.decimals, unit: '%' }));
  }
  return out;
}

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
function subscriptDigits(raw: string): number {
  let out = '';
  for (const ch of raw) { const i = SUBSCRIPT_DIGITS.indexOf(ch); out += i >= 0 ? String(i) : ch; }
  return Number(out);
}

/** The total named before a count ("Of 1,024 patients …, 132 (13%)"): the nearest one not smaller than the count. */
function totalBefore(prose: string, index: number, count: number): { value: number; text: string } | undefined {
  let best: { value: number; text: string; end: number } | undefined;
  TOTAL_BEFORE_RE.lastIndex = 0;
  // Only the nearby text: a total far back belongs to another clause (and this keeps long rows linear).
  const from = Math.max(0, index - 160);
  const before = (from > 0 ? 'x' : '') + prose.slice(from, index);
  let m: RegExpExecArray | null;
  while ((m = TOTAL_BEFORE_RE.exec(before)) !== null) {
    const value = Number(m[1].replace(/,/g, ''));
    if (/\b[Ii]n\s/.test(m[0]) && value >= 1900 && value <= 2100) continue;
    if (Number.isFinite(value) && value >= count && value > 0) best = { value, text: m[0].replace(/^[;:,(\s]+/, '').replace(/^(?:and|but|whereas|while)\s+/, ''), end: m.index + m[0].length };
    else best = undefined;
  }
  // "Of 1,024 …, 132 (13%) stopped; in the rest, 40 (4%)…": a new group or a contrast ends the total's reach.
  if (best && GROUP_BREAK_RE.test(before.slice(best.end))) return undefined;
  return best && { value: best.value, text: best.text };
}
const GROUP_BREAK_RE = /;|\b(?:versus|vs\.?|whereas|while|compared\s+with|remaining|rest|other)\b|\band\s+(?:in|among)\b/i;

/** "in 2019 patients were…": a year, not a count. */
function isYear(prose: string, index: number, value: number): boolean {
  return value >= 1900 && value <= 2100 && /\b(?:in|since|from|by|during|until|before|after)\s+$/i.test(prose.slice(Math.max(0, index - 8), index));
}

/** Sample sizes and durations, which may be written in words ("Seventeen participants"). */
function collectWordForms(prose: string, offset: number, out: Candidate[]): void {
  for (const m of matches(POP_RE, prose)) {
    const value = intOf(m[1]);
    if (value === undefined) continue;
    if (isYear(prose, m.index, value)) continue;
    out.push(makeStat('n', prose, m.index, m.index + m[0].length, offset, 5, { value, decimals: 0, population: m[2].toLowerCase() }));
  }
  const enrolment = ENROLMENT_HINT_RE.test(prose);
  if (enrolment) for (const m of matches(ENROLLED_BARE_RE, prose)) {
    const value = intOf(m[1]);
    if (value === undefined) continue;
    const start = m.index + m[0].length - m[1].length;
    out.push(makeStat('n', prose, start, m.index + m[0].length, offset, 6, { value, decimals: 0 }));
  }
  if (enrolment) for (const m of matches(ENROLLED_RE, prose)) {
    const value = intOf(m[1]);
    if (value === undefined || isYear(prose, m.index, value)) continue;
    out.push(makeStat('n', prose, m.index, m.index + m[0].length, offset, 6, { value, decimals: 0 }));
  }
  if (DURATION_UNIT_RE.test(prose)) for (const m of matches(DURATION_RE, prose)) {
    const value = /\d/.test(m[2]) ? parseNumber(m[2])?.value : parseNumberWords(m[2]);
    if (value === undefined) continue;
    const lower = m[1] !== undefined ? parseNumber(m[1])?.value : undefined;
    let unit = m[3].toLowerCase().replace(/^yrs?$/, 'years').replace(/^wks?$/, 'weeks');
    if (!unit.endsWith('s')) unit += 's';
    const end = m.index + m[0].length;
    // "aged 18-65 years", "65 years or older": an age (or age range), not a follow-up time.
    if (unit === 'years' && !m[4] && (AGE_BEFORE.test(prose.slice(Math.max(0, m.index - 30), m.index)) || AGE_AFTER.test(prose.slice(end, end + 14)))) {
      out.push(makeStat('age', prose, m.index, end, offset, 6, lower !== undefined ? { lower, upper: value, unit } : { value, unit }));
      continue;
    }
    out.push(makeStat('duration', prose, m.index, end, offset, 6, lower !== undefined
      ? { lower, upper: value, unit, context: m[4]?.toLowerCase() }
      : { value, unit, context: m[4]?.toLowerCase() }));
  }
}

function overlaps(a: { start: number; end: number }, list: { start: number; end: number }[]): boolean {
  for (const b of list) if (a.start < b.end && b.start < a.end) return true;
  return false;
}

// Time points ("week 60", "month 12", "day 7", "visit 3") are never an effect estimate. (A duration
// written number-first, "14.2 months", can be one: a median survival.)
const TIME_UNITS = '(?:weeks?|wks?|months?|days?|years?|hours?|visits?|cycles?)';
const TIME_POINT_RE = new RegExp(`\\b${TIME_UNITS}\\s*\\d+(?:\\.\\d+)?\\b`, 'gi');
const TIME_POINT_END_RE = new RegExp(`\\b${TIME_UNITS}\\s*\\d+(?:\\.\\d+)?\\s*(?:\\(|\\[|,|;)?\\s*$`, 'i');
const ESTIMATE_BEFORE_RE = new RegExp(`(?<![\\w.,])(${NUM})${UNIT_AFTER}?\\s*[(\\[,;:]?\\s*$`);

/** Finds statistical results in one sentence's prose; offsets are absolute (`offset` + index). */
export function findStatistics(prose: string, offset = 0): Statistic[] {
  if (!prose) return [];
  const candidates = collect(prose, offset);
  candidates.sort((a, b) => a.prio - b.prio || a.start - b.start || b.end - a.end);
  const accepted: Candidate[] = [];
  for (const c of candidates) if (!overlaps(c, accepted)) accepted.push(c);

  // Bare intervals "(0.61–0.89)" or "[0.5, 0.9]" count only right after an effect estimate.
  if (accepted.some((s) => s.kind === 'effect' || s.kind === 'percent')) {
    if (prose.includes('(') || prose.includes('[')) for (const m of matches(BARE_INTERVAL_RE, prose)) {
      const start = m.index + offset;
      const end = start + m[0].length;
      if (overlaps({ start, end }, accepted)) continue;
      // After a percentage only when the sentence labels its intervals elsewhere ("72·4% (95% CI 68·0–76·3) versus 64·1% (59·5–68·3)").
      const labelled = accepted.some((s) => s.kind === 'ci' && s.levelAssumed !== true);
      const before = accepted.find((s) => (s.kind === 'effect' || (labelled && s.kind === 'percent' && s.numerator === undefined))
        && s.end <= start && /^[\s,;]*$/.test(prose.slice(s.end - offset, m.index)));
      if (!before) continue;
      const lo = bound(m[1]);
      const hi = bound(m[3]);
      if (!lo || !hi) continue;
      accepted.push(makeStat('ci', prose, m.index, m.index + m[0].length, offset, 8, Object.assign(boundFields(lo, hi), {
        levelAssumed: true, interval: 'confidence' as const, unit: m[4] ?? m[2] ?? undefined,
      })));
    }
    for (const e of accepted.filter((s) => s.kind === 'effect' && (s.scale === 'ratio' || s.scale === 'difference'))) {
      const from = e.end - offset;
      const m = COMMA_INTERVAL_RE.exec(prose.slice(from, from + 60));
      if (!m) continue;
      const lead = /^[,;]\s*/.exec(m[0])![0].length;
      const start = from + lead;
      const end = from + m[0].length;
      if (overlaps({ start: start + offset, end: end + offset }, accepted)) continue;
      const lo = num(m[1]);
      const hi = num(m[3]);
      if (!lo || !hi) continue;
      accepted.push(makeStat('ci', prose, start, end, offset, 8, {
        lower: lo.value, upper: hi.value, lowerDecimals: lo.decimals, upperDecimals: hi.decimals,
        levelAssumed: true, interval: 'confidence', unit: m[4] ?? m[2] ?? undefined,
      }));
    }
  }
  if ((prose.includes('(') || prose.includes('[')) && BARE_ESTIMATE_HINT_RE.test(prose)) addBareEstimates(prose, offset, accepted);
  if (/SE|S\.E\.|s\.e\.|[Ss]tandard\s+error/.test(prose)) addStandardErrors(prose, offset, accepted);
  accepted.sort((a, b) => a.start - b.start);
  link(accepted, prose, offset);
  // Copies without the ranking field (deleting it would leave each object in slow dictionary mode,
  // costly for every stage that reads or copies statistics).
  return accepted.map(({ prio: _prio, ...statistic }) => statistic);
}

/**
 * The scale of an unnamed estimate, read from the shape of its interval: symmetric on the log scale
 * (and not on the linear one) is a ratio, symmetric on the linear scale (and not on the log one) a
 * difference; anything else stays unknown, so no p-value is recomputed from it.
 */
export function inferScale(E: number, L: number, U: number, decimals: number): 'ratio' | 'difference' | undefined {
  if (!(U > L) || E < L || E > U) return undefined;
  const h = 0.5 / Math.pow(10, decimals);
  // Rounding can move each half-width by up to 2h.
  const linAsym = Math.abs((U - E) - (E - L));
  const linFits = linAsym <= 2 * h + 1e-12;
  if (!(L > 0)) return linFits ? 'difference' : undefined;
  const logAsym = Math.abs(Math.log(U / E) - Math.log(E / L));
  // The log asymmetry is log U + log L − 2 log E: rounding moves a number x by at most
  // −log(1 − h/x) on that scale (when h < x), and E counts twice.
  const logShift = (x: number): number => (h < x ? -Math.log(1 - h / x) : Infinity);
  const logTol = logShift(U) + logShift(L) + 2 * logShift(E);
  const logFits = logAsym <= logTol + 1e-12;
  if (logFits && !linFits) return 'ratio';
  if (linFits && !logFits) return 'difference';
  return undefined;
}

/** "3.5 (2.0–5.0) vs 4.0 (2.5–5.5)": group values compared with each other, not effects tested against a null. */
const GROUP_COMPARISON_AFTER_RE = /^[\s,;]*(?:vs\.?|versus|compared\s+with|and|in\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:group|arm|patients|participants|controls|cohort|women|men|children)\b)/i;
const GROUP_COMPARISON_BEFORE_RE = /\b(?:vs\.?|versus|compared\s+with)\s*$/i;

function addBareEstimates(prose: string, offset: number, accepted: Candidate[]): void {
  const found = [...matches(BARE_ESTIMATE_INTERVAL_RE, prose)];
  for (const m of found) {
    const start = m.index + offset;
    if (overlaps({ start, end: start + m[0].length }, accepted)) continue;
    if (SPREAD_BEFORE_RE.test(prose.slice(Math.max(0, m.index - 40), m.index))) continue;
    const inside = m[1] !== undefined;
    const e = num(inside ? m[1] : m[4]);
    const lo = num(inside ? m[2] : m[5]);
    const hi = num(inside ? m[3] : m[6]);
    if (!e || !lo || !hi) continue;
    const estStart = inside ? m.index + m[0].indexOf(m[1], 1) : m.index;
    const estEnd = estStart + (inside ? m[1] : m[4]).length;
    const ciStart = inside ? m.index + m[0].indexOf(m[2], estEnd - m.index) : m.index + m[0].slice(estEnd - m.index).search(/[(\[]/) + (estEnd - m.index);
    const ciEnd = inside ? ciStart + m[0].slice(ciStart - m.index).search(/\s*\)$/) : m.index + m[0].length;
    // Only a lone estimate gets a scale (and so a null and a p check): several, or one compared with another, are group values.
    const end = m.index + m[0].length;
    const lone = found.length === 1 && !GROUP_COMPARISON_AFTER_RE.test(prose.slice(end, end + 24))
      && !GROUP_COMPARISON_BEFORE_RE.test(prose.slice(Math.max(0, m.index - 16), m.index));
    const scale = lone ? inferScale(e.value, lo.value, hi.value, Math.max(e.decimals, lo.decimals, hi.decimals)) : undefined;
    const fields = scale ? { scale, nullValue: scale === 'ratio' ? 1 : 0 } : {};
    accepted.push(makeStat('effect', prose, estStart, estEnd, offset, 9, { measure: 'estimate', value: e.value, decimals: e.decimals, ...fields }));
    accepted.push(makeStat('ci', prose, ciStart, ciEnd, offset, 9, {
      lower: lo.value, upper: hi.value, lowerDecimals: lo.decimals, upperDecimals: hi.decimals,
      levelAssumed: true, interval: 'confidence', ...fields,
    }));
  }
}

/**
 * Links a standard error to the estimate before it ("b = 0.21, SE = 0.05", "β 0.21 (SE 0.05)").
 * "0.21 ± 0.05 (SE)" relabels the ± spread as an SE; it becomes a tested estimate (null 0) only
 * when its p-value follows directly and it is the sentence's only estimate: with two groups'
 * means ± SE, the p compares the groups, not each mean with 0.
 */
function addStandardErrors(prose: string, offset: number, accepted: Candidate[]): void {
  const effects = accepted.filter((s) => s.kind === 'effect');
  for (const e of effects) {
    const from = e.end - offset;
    const after = prose.slice(from, from + 40);
    if (e.sdAssumed && /±|\+\//.test(e.text)) {
      const label = SE_LABEL_AFTER_RE.exec(after);
      if (!label) continue;
      e.se = e.sd; e.seDecimals = e.sdDecimals; e.seText = `${e.text.slice(e.text.search(/±|\+\//))}${label[0]}`;
      delete e.sd; delete e.sdDecimals; delete e.sdAssumed;
      if (effects.length === 1 && e.unit === undefined && P_RIGHT_AFTER_RE.test(prose.slice(from + label[0].length, from + label[0].length + 12))) {
        Object.assign(e, { measure: 'estimate', scale: 'difference', nullValue: 0 });
      }
      continue;
    }
    if (e.scale !== 'difference' || e.se !== undefined) continue;
    const m = SE_TAIL_RE.exec(after);
    if (!m) continue;
    const v = num(m[1]);
    if (!v || !(v.value > 0)) continue;
    e.se = v.value; e.seDecimals = v.decimals; e.seText = m[0].replace(/^[\s,;(\[]+/, '');
  }
}

const CONTRAST_RE = /\b(?:although|though|but|whereas|while|however|yet|except|unlike)\b/i;

function link(stats: Candidate[], prose: string, offset: number): void {
  const sided = ONE_SIDED.test(prose) ? 'one-sided' : TWO_SIDED.test(prose) ? 'two-sided' : undefined;
  // A test statistic owns the next p-value, unless another test comes first.
  for (let i = 0; i < stats.length; i++) {
    const s = stats[i];
    if ((s.kind === 'p' || s.kind === 'test') && sided) s.sided = sided;
    if (s.kind !== 'test') continue;
    for (let j = i + 1; j < stats.length; j++) {
      const t = stats[j];
      if (t.kind === 'test') break;
      if (t.kind === 'p') { if (!t.testId) { s.pId = t.id; t.testId = s.id; } break; }
    }
  }
  // An interval belongs to the nearest preceding estimate (effect or percentage).
  for (let i = 0; i < stats.length; i++) {
    const ci = stats[i];
    if (ci.kind !== 'ci') continue;
    let estimate: Candidate | undefined;
    let skippedP = false;
    for (let j = i - 1; j >= 0; j--) {
      const e = stats[j];
      // "OR 1.2 (p = 0.03; 95% CI 1.01–1.43)": one p between an estimate and its interval is allowed.
      if (e.kind === 'p' && j > 0 && !skippedP && /^[\s,;]*$/.test(prose.slice(e.end - offset, ci.start - offset))
        && stats[j - 1].kind === 'effect' && !stats[j - 1].ciId && /^[\s,;(]*$/.test(prose.slice(stats[j - 1].end - offset, e.start - offset))) { skippedP = true; continue; }
      // A p-value or a test closes the previous result: do not reach across it.
      if (e.kind === 'ci' || e.kind === 'test' || e.kind === 'p') break;
      // An interval "for the difference" belongs to a difference, not to either group's value.
      if (typeof ci.forWhat === 'string' && !(e.kind === 'effect' && typeof e.name === 'string' && e.name.toLowerCase().includes(ci.forWhat.toLowerCase().split(/\s+/).pop()!))) break;
      if ((e.kind === 'effect' || e.kind === 'percent') && !e.ciId && ci.start - e.end <= 80) {
        // "15.3%; absolute difference −3.2 points (95% CI …)": a nearer unlabelled number is the estimate.
        let gap = prose.slice(e.end - offset, ci.start - offset);
        for (let k = j + 1; k < i; k++) gap = gap.replace(stats[k].text, ' ');
        if (/\d/.test(gap.replace(/\b(?:9[05]|99|80)\s?%/g, '').replace(TIME_POINT_RE, ' '))) break;
        // "fell by 0.5% from 8.1% (95% CI …)": a baseline value is not the estimate.
        if (/\b(?:from|baseline(?:\s+of)?)\s+$/i.test(prose.slice(Math.max(0, e.start - offset - 14), e.start - offset))) continue;
        estimate = e; break;
      }
    }
    if (!estimate) {
      const prevEnd = i > 0 ? stats[i - 1].end - offset : 0;
      const from = Math.max(prevEnd, ci.start - offset - 40);
      const slice = prose.slice(from, ci.start - offset);
      const m = ESTIMATE_BEFORE_RE.exec(slice);
      const v = m ? parseNumber(m[1]) : undefined;
      // "… from baseline to week 60 (95% CI …)": a time point is not the estimate.
      const timePoint = m ? TIME_POINT_END_RE.test(slice.slice(0, m.index + m[0].length)) : false;
      if (m && v && !timePoint) {
        const start = from + m.index;
        const end = start + m[1].length + (m[2] ? slice.slice(m.index + m[1].length).indexOf(m[2]) + m[2].length : 0);
        estimate = makeStat('effect', prose, start, end, offset, 9, {
          measure: 'estimate', value: v.value, decimals: v.decimals, unit: m[2] ?? undefined,
        });
        stats.splice(i, 0, estimate);
        i++;
      }
    }
    if (estimate) {
      estimate.ciId = ci.id;
      ci.estimateId = estimate.id;
      ci.estimateValue = estimate.value;
      ci.estimateDecimals = estimate.decimals;
      if (estimate.measure && estimate.measure !== 'estimate') ci.measure = estimate.measure;
      if (estimate.scale) ci.scale = estimate.scale;
      if (estimate.direction) ci.direction = estimate.direction;
      if (estimate.nullValue !== undefined) ci.nullValue = estimate.nullValue;
      if (!ci.unit && estimate.unit && estimate.unit !== '%') ci.unit = estimate.unit;
    }
  }
  // An IQR or range belongs to the median or mean just before it.
  for (let i = 0; i < stats.length; i++) {
    const r = stats[i];
    if (r.kind !== 'range') continue;
    const e = stats[i - 1];
    if (e && e.kind === 'effect' && e.scale === 'location' && !e.rangeId && r.start - e.end <= 30
      && /^[\s,;(\[\w]*$/.test(prose.slice(e.end - offset, r.start - offset))) {
      e.rangeId = r.id;
      r.estimateId = e.id;
      r.estimateValue = e.value;
      r.estimateMeasure = e.measure;
    }
  }
  // An estimate (with its interval) owns the next p-value before the next estimate or test.
  const byId = new Map(stats.map((s) => [s.id, s]));
  for (let i = 0; i < stats.length; i++) {
    const e = stats[i];
    if (e.kind !== 'effect' || e.scale === 'location') continue;
    const ci = e.ciId ? byId.get(e.ciId as string) : undefined;
    for (let j = i + 1; j < stats.length; j++) {
      const t = stats[j];
      if (t === ci) continue;
      if (t.kind === 'test' || (t.kind === 'effect' && t.scale !== 'location') || t.kind === 'ci') break;
      if (t.kind === 'p') {
        // "(OR 0.70, 95% CI 0.52–0.94), although p = 0.06 in the sensitivity analysis": another result.
        const from = Math.max(e.end, ci && ci.start > e.end ? ci.end : e.end) - offset;
        const gap = prose.slice(from, t.start - offset);
        if (gap.length > 40 || CONTRAST_RE.test(gap)) break;
        if (!t.estimateId && !t.testId) {
          e.pId = t.id; t.estimateId = e.id;
          if (ci) { ci.pId = t.id; t.ciId = ci.id; }
        }
        break;
      }
    }
  }
}

/** Looks up the measure description (label, scale, null value) of a statistic. */
export function measureInfo(s: Statistic) {
  return typeof s.measure === 'string' ? MEASURES_BY_ID.get(s.measure) : undefined;
}

/** Compiled regexes, exported for profiling and tests. */
export const REGEXES = { PLUS_MINUS_RE, RANGE_RE, FOLD_RE, SUBSCRIPT_TEST_RE, SYMBOL_LOCATION_RE, MEAN_SD_RE, RATE_RE, COUNT_PERCENT_RE, ENROLLED_RE, ENROLLED_BARE_RE, P_RE, NS_RE, TEST_RE, CI_RE, BARE_INTERVAL_RE, PERCENT_OF_WORDS_RE, NAMED_EFFECT_RE, SYMBOL_EFFECT_RE, LOCATION_RE, CHANGE_RE, PERCENT_OF_RE, PERCENT_RE, N_RE, POP_RE, DURATION_RE };
