import type { Segment, Span } from '../types';
import abbreviations from './data/abbreviations.json';

/**
 * Sentence boundaries inside one prose segment. Biomedical prose is full of periods that do not
 * end sentences: "et al.", "e.g.", "vs.", "Fig. 2", initials in references ("J. Neurol."), decimals
 * ("p = .04"). A period ends a sentence only when followed by white space and a plausible
 * sentence start, and when the word before it is not a known abbreviation.
 */

const ALWAYS = new Set<string>(abbreviations.always.map((e) => e.word));
const BEFORE_NUMBER = new Set<string>(abbreviations.beforeNumber.map((e) => e.word));
const TERMINATORS = '.!?…';
const CLOSERS = '"\'”’)]*_';
// A structured-abstract section label ("METHODS:") starting a new line starts a new sentence.
const STAT_START = /^[np]\s*[=<>≤≥]/;
const SECTION_LABEL = /^[ \t]*[A-Z][A-Z &/-]{2,}:/;

/**
 * The longest sentence the recognisers see. Longer runs without a sentence break (a table or a
 * reference list pasted from a PDF) are cut into windows of at most this length, at a space after
 * punctuation where possible, so per-sentence work stays bounded and the whole analysis linear.
 */
export const MAX_SENTENCE_LENGTH = 1000;

/** Splits one segment into sentence spans (absolute offsets), trimmed of surrounding white space. */
export function splitSentences(segment: Segment): Span[] {
  const p = segment.text;
  const spans: Span[] = [];
  let sentenceStart = 0;


  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '\n' || ch === '\r') {
      if (SECTION_LABEL.test(p.slice(i + 1, i + 40)) && /\S/.test(p.slice(sentenceStart, i))) {
        pushSpan(p, segment.start, spans, sentenceStart, i);
        sentenceStart = i + 1;
      }
      continue;
    }
    if (!TERMINATORS.includes(ch)) continue;
    let j = i + 1;
    while (j < p.length && (TERMINATORS.includes(p[j]) || CLOSERS.includes(p[j]))) j++;
    if (j < p.length && !isSpace(p[j])) continue;
    let k = j;
    while (k < p.length && isSpace(p[k])) k++;
    if (k < p.length && !endsSentence(p, i, k)) {
      i = j - 1;
      continue;
    }
    pushSpan(p, segment.start, spans, sentenceStart, j);
    sentenceStart = j;
    i = j - 1;
  }
  pushSpan(p, segment.start, spans, sentenceStart, p.length);
  return spans;
}

/** Adds the span [from, to) of `p` (trimmed; over-long ones cut into windows), at offsets of `base`. */
function pushSpan(p: string, base: number, spans: Span[], from: number, to: number): void {
  while (from < to && isSpace(p[from])) from++;
  while (to > from && isSpace(p[to - 1])) to--;
  while (to - from > MAX_SENTENCE_LENGTH) {
    const cut = windowEnd(p, from, from + MAX_SENTENCE_LENGTH);
    pushSpan(p, base, spans, from, cut);
    from = cut;
    while (from < to && isSpace(p[from])) from++;
  }
  if (to > from) spans.push({ start: base + from, end: base + to });
}

/** Where to end a window of an over-long sentence that starts at `from` and may not reach past `limit`. */
function windowEnd(p: string, from: number, limit: number): number {
  let space = -1;
  for (let i = limit; i > from + MAX_SENTENCE_LENGTH / 2; i--) {
    if (!isSpace(p[i])) continue;
    if (/[;,:)\]]/.test(p[i - 1])) return i;
    if (space < 0) space = i;
  }
  if (space > 0) return space;
  // No space at all: cut anywhere but inside a surrogate pair.
  const code = p.charCodeAt(limit);
  return code >= 0xdc00 && code <= 0xdfff ? limit - 1 : limit;
}

/** Decides whether the terminator at `i` ends a sentence, given the next non-space char at `next`. */
function endsSentence(p: string, i: number, next: number): boolean {
  if (p[i] !== '.') return true;
  const nextChar = p[next];
  // A lowercase continuation is almost never a new sentence ("vs. placebo", "approx. three"),
  // except a statistic opening one ("… at 60 weeks. n = 24 completed").
  if (/[a-zα-ω]/.test(nextChar) && !STAT_START.test(p.slice(next, next + 4))) return false;
  const word = wordBefore(p, i);
  const lower = word.toLowerCase();
  if (ALWAYS.has(lower)) return false;
  if (lower === 'al' && /\bet\s*$/i.test(p.slice(Math.max(0, i - 6), i - 2))) return false;
  if (BEFORE_NUMBER.has(lower) && /[0-9IVX(]/.test(nextChar)) return false;
  // Initials in names and references ("Smith, J. R. Title", "J. Neurol."), not "vitamin D. Is".
  if (/^[A-Z]$/.test(word) && /[A-Z]/.test(nextChar)) {
    const before = p.slice(Math.max(0, i - 4), i - 1);
    const after = /^[A-Za-z]+/.exec(p.slice(next, next + 20))?.[0] ?? '';
    if (/(,\s*|[A-Z]\.\s*)$/.test(before) || /^[A-Z]\./.test(p.slice(next, next + 2)) || ALWAYS.has(after.toLowerCase())) return false;
  }
  return true;
}

/** The letters (and inner periods, as in "e.g") immediately before position `i`. */
function wordBefore(p: string, i: number): string {
  let s = i;
  while (s > 0 && /[A-Za-zÀ-ÿ.]/.test(p[s - 1])) s--;
  return p.slice(s, i).replace(/^\.+/, '');
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0';
}
