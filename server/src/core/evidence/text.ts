/**
 * Text helpers for source passages: sentence splitting with offsets, search terms, and the
 * numbers a claim may quote. Source text is not Markdown, so a light splitter is enough here;
 * the note itself is split by the pipeline.
 */

/** A sentence of a source's text; offsets are into `source.text`. */
export interface SourceSentence {
  text: string;
  start: number;
  end: number;
  /** Structured-abstract section the sentence belongs to ("RESULTS", "CONCLUSIONS"…), upper-cased. */
  section?: string;
}

const ABBREVIATIONS = new Set([
  'al', 'e.g', 'i.e', 'vs', 'approx', 'fig', 'figs', 'dr', 'no', 'nos', 'ref', 'refs', 'eq', 'cf', 'ca',
  'mr', 'mrs', 'ms', 'prof', 'st', 'vol', 'pp', 'ed', 'eds', 'inc', 'ltd', 'jr', 'sr', 'etc', 'resp',
]);

const SECTION_LABEL = /(^|[\s.])((?:BACKGROUND|OBJECTIVES?|AIMS?|PURPOSE|INTRODUCTION|METHODS?|DESIGN|SETTING|PARTICIPANTS|PATIENTS|INTERVENTIONS?|MEASUREMENTS|MAIN OUTCOME MEASURES?|RESULTS?|FINDINGS|CONCLUSIONS?|INTERPRETATION|IMPORTANCE|CLASS OF EVIDENCE|FUNDING|Background|Objectives?|Aims?|Purpose|Methods?|Results?|Findings|Conclusions?|Interpretation|Importance)(?: AND [A-Z]+)?)\s*:\s+/g;

/** Splits source text into sentences, also starting a new one at each structured-abstract label. */
export function splitSourceSentences(text: string): SourceSentence[] {
  const breaks: { at: number; section?: string; skip: number }[] = [];
  SECTION_LABEL.lastIndex = 0;
  for (let m = SECTION_LABEL.exec(text); m; m = SECTION_LABEL.exec(text)) {
    const labelStart = m.index + m[1].length;
    breaks.push({ at: labelStart, section: m[2].toUpperCase(), skip: m[0].length - m[1].length });
  }
  const out: SourceSentence[] = [];
  let section: string | undefined;
  const pushRange = (s: number, e: number) => {
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e - s < 2) return;
    out.push({ text: text.slice(s, e), start: s, end: e, section });
  };
  const splitRange = (s: number, e: number) => {
    let from = s;
    for (let i = s; i < e; i++) {
      const ch = text[i];
      if (ch === '\n' || ch === '\r') {
        // A blank line (any of \r\n, \n, \r twice) ends a paragraph.
        const k = ch === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
        if (text[k] === '\n' || text[k] === '\r') { pushRange(from, i); from = i + 1; continue; }
      }
      if (ch !== '.' && ch !== '!' && ch !== '?') continue;
      const next = text[i + 1];
      if (next !== undefined && !/\s/.test(next) && next !== ')' && next !== '"' && next !== '”') continue;
      if (ch === '.') {
        const word = /([A-Za-z][A-Za-z.]*)$/.exec(text.slice(Math.max(s, i - 12), i));
        if (word) {
          const w = word[1].toLowerCase();
          if (ABBREVIATIONS.has(w) || (w.length === 1 && /[A-Z]/.test(word[1]))) continue;
        }
      }
      let j = i + 1;
      while (j < e && /[)"”\s]/.test(text[j])) j++;
      if (j < e && /[a-z]/.test(text[j])) continue; // "e.g. the" style continuation
      pushRange(from, i + 1);
      from = i + 1;
    }
    pushRange(from, e);
  };
  let cursor = 0;
  for (const b of breaks) {
    splitRange(cursor, b.at);
    section = b.section;
    cursor = b.at + b.skip;
  }
  splitRange(cursor, text.length);
  return out;
}

const STOPWORDS = new Set(
  ('a an the and or of in on at to for with by from as is are was were be been being this that these those it its ' +
    'their there than then which who whom whose what when where while into onto over under after before between ' +
    'during about above below up down out off not no nor but if so such can could may might will would shall should ' +
    'do does did has have had also both each all any some more most other same very we our us you your they them he she ' +
    'his her i me my one per via vs versus et al study trial patients patient participants people group groups ' +
    'results result showed shows show found find finds suggest suggests suggesting data compared among within').split(' '),
);

const stemMemo = new Map<string, string>();
/** Crude English suffix stripping so "reduces", "reduced", "reducing" meet; enough for ranking. */
export function stem(word: string): string {
  const hit = stemMemo.get(word);
  if (hit !== undefined) return hit;
  const out = stemUncached(word);
  if (stemMemo.size > 200_000) stemMemo.clear();
  stemMemo.set(word, out);
  return out;
}

function stemUncached(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3) return w;
  for (const suffix of ['ational', 'ization', 'isation', 'ations', 'ation', 'ments', 'ment', 'ness', 'ings', 'ing', 'ies', 'ied', 'ied', 'es', 'ed', 'ly', 's']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      if (suffix === 'ies' || suffix === 'ied') w += 'y';
      break;
    }
  }
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Search terms of a text: lower-cased, stop words removed, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[a-z0-9\u00c0-\u024f\u0370-\u03ff][a-z0-9\u00c0-\u024f\u0370-\u03ff'-]*/g)) {
    const raw = m[0].replace(/['-]+$/, '');
    for (const part of raw.split('-')) {
      if (!part || STOPWORDS.has(part) || /^\d+$/.test(part)) continue;
      out.push(stem(part));
    }
  }
  return out;
}

/** A number quoted in a text, with what kind of quantity it is. */
export interface Quantity {
  kind: 'p' | 'ci' | 'n' | 'percent' | 'unit' | 'ratio';
  value: number;
  text: string;
  start: number;
  end: number;
  /** Unit for kind "unit" (normalised: "ng/ml"), ratio name for kind "ratio" ("hr"). */
  unit?: string;
  comparator?: string;
}

const WORD_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
};

const UNIT = String.raw`(?:[µμnmk]?g\/(?:d?l|ml|kg|m2|day)|pg\/ml|[µμnmp]?mol\/l|mmhg|iu\/l|u\/l|mg|µg|μg|ng|kg|g|ml|cm|mm|weeks?|months?|years?|days?|hours?|points?)`;

/** Finds p values, CIs, counts, percentages, ratios and unit-bearing values in a text. */
export function findQuantities(text: string, offset = 0): Quantity[] {
  const out: Quantity[] = [];
  const taken: [number, number][] = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  const add = (q: Quantity) => {
    if (!free(q.start - offset, q.end - offset)) return;
    taken.push([q.start - offset, q.end - offset]);
    out.push(q);
  };
  const num = (s: string) => Number(s.replace(/,/g, '').replace(/^\./, '0.').replace(/−/g, '-'));
  const lower = text.toLowerCase();
  for (const m of lower.matchAll(/\bp\s*(=|<|>|≤|≥|<=|>=)\s*(0?\.\d+|1(?:\.0+)?|\d\.\d+\s*[x×]\s*10\^?-?\d+)/g)) {
    add({ kind: 'p', value: num(m[2]), comparator: m[1], text: text.slice(m.index, m.index + m[0].length), start: offset + m.index, end: offset + m.index + m[0].length });
  }
  for (const m of lower.matchAll(/(\d+(?:\.\d+)?)\s*%?\s*(?:confidence interval|ci)\s*[:,]?\s*(?:of\s+)?(-?\d+(?:\.\d+)?)\s*(?:%|[a-zµμ/]+)?\s*(?:-|–|—|to|,)\s*(-?\d+(?:\.\d+)?)/g)) {
    const i = m.index;
    const lowIdx = i + m[0].indexOf(m[2], m[0].search(/ci|confidence/));
    add({ kind: 'ci', value: num(m[2]), text: m[2], start: offset + lowIdx, end: offset + lowIdx + m[2].length });
    const upIdx = i + m[0].lastIndexOf(m[3]);
    add({ kind: 'ci', value: num(m[3]), text: m[3], start: offset + upIdx, end: offset + upIdx + m[3].length });
    taken.push([i, i + m[0].length]);
  }
  for (const m of lower.matchAll(/\b(hazard ratio|odds ratio|risk ratio|rate ratio|relative risk|hr|or|rr|irr)\s*(?:of|was|=|:)?\s*(\d+(?:\.\d+)?)/g)) {
    const idx = m.index + m[0].lastIndexOf(m[2]);
    const name = { 'hazard ratio': 'hr', 'odds ratio': 'or', 'risk ratio': 'rr', 'rate ratio': 'irr', 'relative risk': 'rr' }[m[1]] ?? m[1];
    if (m[1] === 'or' && !/^\d\.\d/.test(m[2])) continue;
    add({ kind: 'ratio', value: num(m[2]), unit: name, text: m[2], start: offset + idx, end: offset + idx + m[2].length });
  }
  for (const m of lower.matchAll(/\b(?:n\s*=\s*(\d[\d,]*))|\b(\d[\d,]*|[a-z]+)\s+(?:of|out of)\s+(?:the\s+)?(\d[\d,]*)\b/g)) {
    if (m[1]) {
      add({ kind: 'n', value: num(m[1]), text: m[0], start: offset + m.index, end: offset + m.index + m[0].length });
    } else {
      const a = /^\d/.test(m[2]) ? num(m[2]) : WORD_NUMBERS[m[2]];
      if (a === undefined) continue;
      add({ kind: 'n', value: a, text: m[2], start: offset + m.index, end: offset + m.index + m[2].length });
      const bIdx = m.index + m[0].lastIndexOf(m[3]);
      add({ kind: 'n', value: num(m[3]), text: m[3], start: offset + bIdx, end: offset + bIdx + m[3].length });
    }
  }
  for (const m of lower.matchAll(/(-?\d+(?:\.\d+)?)\s*%/g)) {
    add({ kind: 'percent', value: num(m[1]), text: m[0], start: offset + m.index, end: offset + m.index + m[0].length });
  }
  const unitRe = new RegExp(String.raw`(\d[\d,]*(?:\.\d+)?)\s*(?:(?:-|–|to)\s*\d[\d,]*(?:\.\d+)?\s*)?(${UNIT})(?![a-z])`, 'g');
  for (const m of lower.matchAll(unitRe)) {
    add({ kind: 'unit', value: num(m[1]), unit: m[2].replace('μ', 'µ').replace(/s$/, ''), text: text.slice(m.index, m.index + m[0].length), start: offset + m.index, end: offset + m.index + m[0].length });
  }
  for (const m of lower.matchAll(/\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+(?:patients|participants|people|subjects|mice|rats|msers)\b/g)) {
    add({ kind: 'n', value: WORD_NUMBERS[m[1]], text: m[1], start: offset + m.index, end: offset + m.index + m[1].length });
  }
  for (const m of lower.matchAll(/\b(\d[\d,]*)\s+(?:patients|participants|people|subjects|mice|rats|adults|children|women|men)\b/g)) {
    add({ kind: 'n', value: num(m[1]), text: m[1], start: offset + m.index, end: offset + m.index + m[1].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** All numeric values in a text (digits and small number words), for "is it anywhere in the source". */
export function allNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.toLowerCase().matchAll(/(\d[\d,]*(?:\.\d+)?|\.\d+)|\b([a-z]+)\b/g)) {
    if (m[1]) out.push(Number(m[1].replace(/,/g, '').replace(/^\./, '0.')));
    else if (WORD_NUMBERS[m[2]] !== undefined) out.push(WORD_NUMBERS[m[2]]);
  }
  return out;
}
