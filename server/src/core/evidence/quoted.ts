/**
 * Sources quoted inside the note itself: a reference line followed by a structured abstract
 * ("Epub: Author et al. Title. Journal. 2014 Mar." then OBJECTIVE: … CONCLUSIONS: …), blockquotes
 * right under a reference line, and blockquotes right under a paragraph that cites something
 * (blockquotes from the parsed tree). Their text is an exact slice of the
 * note (blockquote markers blanked), so evidence sentences map back to note offsets.
 */
import type { Source } from '../types';
import { lineOfOffset } from '../positions';
import { parseMarkdown } from '../markdown/parse';
import { buildNoteStructure, type NoteStructure } from '../markdown/structure';

const LABEL = /^(?:BACKGROUND|OBJECTIVES?|AIMS?|PURPOSE|INTRODUCTION|IMPORTANCE|METHODS?|DESIGN(?:, SETTING,? AND PARTICIPANTS)?|RESULTS?|FINDINGS|CONCLUSIONS?(?: AND RELEVANCE)?|INTERPRETATION|Background|Objectives?|Methods|Results|Findings|Conclusions?|Interpretation)\s*:/;
/** LABEL matched at a given offset. */
const LABEL_AT = new RegExp(LABEL.source.slice(1), 'y');
/** The letters a label can begin with (B, O, A, P, I, M, D, R, F, C). */
const LABEL_INITIAL = new Set([...'BOAPIMDRFC'].map((c) => c.charCodeAt(0)));

/**
 * Whether some line opens (after white space) with a label: a paragraph that does starts a line,
 * so a note without one has no quoted abstract, and its paragraphs need not be found. The note is
 * read on every keystroke: the label is tried only where a line's first letter can begin one, and
 * white space is told by its code (not a regular expression per character).
 */
function someLineOpensWithLabel(note: string): boolean {
  // The next \r, looked for again only once passed (most notes have none: one search in all).
  let r = note.indexOf('\r');
  for (let at = 0; at < note.length;) {
    let k = at;
    while (k < note.length && isSpace(note.charCodeAt(k))) k++;
    if (LABEL_INITIAL.has(note.charCodeAt(k))) {
      LABEL_AT.lastIndex = k;
      if (LABEL_AT.test(note)) return true;
    }
    const n = note.indexOf('\n', k);
    if (r >= 0 && r < k) r = note.indexOf('\r', k);
    const end = n < 0 ? r : r < 0 ? n : Math.min(n, r);
    if (end < 0) break;
    at = end + 1;
  }
  return false;
}

/** `/\s/` of one UTF-16 code unit, without a regular expression per character. */
function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export interface Paragraph {
  start: number;
  end: number;
  text: string;
}

/** Splits a note into blank-line separated paragraphs with offsets. */
export function paragraphs(note: string): Paragraph[] {
  const out: Paragraph[] = [];
  // Line breaks as LSP counts them: \r\n, \n or a lone \r.
  const re = /(?:^|\r\n|\n|\r)[ \t]*(?:(?:\r\n|\n|\r)[ \t]*)+/g;
  let from = 0;
  const push = (s: number, e: number) => {
    while (s < e && /\s/.test(note[s])) s++;
    while (e > s && /\s/.test(note[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e, text: note.slice(s, e) });
  };
  for (let m = re.exec(note); m; m = re.exec(note)) {
    if ((m[0].match(/\r\n|\n|\r/g) ?? []).length < 2 && m.index !== 0) continue;
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, note.length);
  return out;
}

/** Parsed reference line: "Epub: Romme Christensen J, et al. Title. Journal. 2014 Mar." */
export interface ReferenceLine {
  authors: string[];
  title?: string;
  journal?: string;
  year?: number;
  doi?: string;
  pmid?: string;
}

/** Reads a one-line reference in Vancouver/PubMed style; undefined when it does not look like one. */
export function parseReferenceLine(line: string): ReferenceLine | undefined {
  const flat = line.replace(/\s+/g, ' ').trim()
    .replace(/^(?:\d+[.)]\s+|\[\d+\]\s*|[-*]\s+)/, '')
    .replace(/^(?:Epub(?: ahead of print)?|Source|Reference|Citation|Ref)\s*:\s*/i, '');
  const year = /\b(19[5-9]\d|20\d\d)\b/.exec(flat);
  if (!year) return undefined;
  const doi = /\b(10\.\d{4,9}\/[^\s"<>]+?)(?=[.,;]?(?:\s|$))/.exec(flat)?.[1];
  const pmid = /\bPMID:?\s*(\d{5,9})/i.exec(flat)?.[1];
  // Authors run up to "et al." or to the first ". " that ends an author list.
  let authorsPart: string;
  let rest: string;
  const etal = /\bet al\.?/i.exec(flat);
  if (etal && etal.index < 120) {
    authorsPart = flat.slice(0, etal.index);
    rest = flat.slice(etal.index + etal[0].length);
  } else {
    const dot = flat.search(/\.\s/);
    if (dot < 0) return undefined;
    authorsPart = flat.slice(0, dot);
    rest = flat.slice(dot + 1);
  }
  const authors = authorsPart.split(/\s*,\s*|\s+and\s+|\s*&\s*/)
    .map((a) => a.trim().replace(/\s+[A-Z]{1,3}\.?$/, '').replace(/\s+(?:[A-Z]\.\s*)+$/, '').trim())
    .filter((a) => /^[A-Z\u00c0-\u024f]/.test(a) && a.length > 1);
  if (!authors.length) return undefined;
  const pieces = rest.replace(/^[\s.,]+/, '').replace(/^\(?(?:19|20)\d\d[a-z]?\)?[.,:]?\s*/, '').split(/\.\s+/).map((p) => p.trim()).filter(Boolean);
  const title = pieces[0]?.replace(/\.$/, '');
  const journal = pieces[1] && !/^\d/.test(pieces[1]) ? pieces[1].replace(/\.$/, '') : undefined;
  return { authors, title, journal, year: Number(year[1]), doi, pmid };
}

/** A key for a source from its first author and year: "rommechristensen2014". */
export function authorYearId(authors: string[], year?: number): string {
  const first = (authors[0] ?? 'source').toLowerCase().normalize('NFKD').replace(/[^a-z]/g, '');
  return `${first}${year ?? ''}`;
}

/** Finds structured abstracts quoted in the note, each with the reference line before it. */
export function findQuotedAbstracts(note: string): Source[] {
  // A paragraph opening with a label starts a line (after white space): most notes have none.
  if (!someLineOpensWithLabel(note)) return [];
  const paras = paragraphs(note);
  const out: Source[] = [];
  for (let i = 0; i < paras.length; i++) {
    if (!LABEL.test(paras[i].text)) continue;
    let j = i;
    while (j + 1 < paras.length && LABEL.test(paras[j + 1].text)) j++;
    const sections = j - i + 1;
    const prev = i > 0 ? paras[i - 1] : undefined;
    const ref = prev ? parseReferenceLine(prev.text) : undefined;
    if (sections >= 2 || ref) {
      const start = paras[i].start;
      const end = paras[j].end;
      const id = ref ? authorYearId(ref.authors, ref.year) : `abstract-${out.length + 1}`;
      out.push({
        id,
        title: ref?.title,
        authors: ref?.authors,
        year: ref?.year,
        journal: ref?.journal,
        doi: ref?.doi,
        pmid: ref?.pmid,
        text: note.slice(start, end),
        origin: { start: prev && ref ? prev.start : start, end, line: lineAt(note, prev && ref ? prev.start : start) },
        textOffset: start,
        inNote: true,
      });
    }
    i = j;
  }
  return out;
}

const lineAt = lineOfOffset;

/** Blockquotes right under a paragraph: returns the quote with the paragraph before it (from the parsed tree). */
export function findBlockquotesUnderParagraphs(note: string, structure: NoteStructure = buildNoteStructure(note, parseMarkdown(note))): { quote: Paragraph; text: string; before: Paragraph }[] {
  const out: { quote: Paragraph; text: string; before: Paragraph }[] = [];
  // A note without a blockquote outside quotes has none under a paragraph (most notes): nothing more to look at.
  if (!structure.blocks.some((b) => b.kind === 'blockquote' && b.quoteDepth === 0)) return out;
  const top = structure.blocks.filter((b) => b.quoteDepth === 0 && b.kind !== 'listItem');
  // Is a block inside some list item? List items by start, with the furthest end reached so far:
  // one binary search per question instead of a scan of every block. Made when first asked for;
  // the blocks are in note order already, so the sort is needed only when they are not.
  let items: typeof structure.blocks | undefined;
  const reach: number[] = [];
  const inListItem = (b: { start: number; end: number }): boolean => {
    if (!items) {
      items = structure.blocks.filter((x) => x.kind === 'listItem');
      if (!items.every((x, i) => i === 0 || items![i - 1].start <= x.start)) items.sort((a, c) => a.start - c.start);
      for (const x of items) reach.push(Math.max(x.end, reach.length ? reach[reach.length - 1] : -Infinity));
    }
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid].start <= b.start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && reach[lo - 1] >= b.end;
  };
  for (let i = 1; i < top.length; i++) {
    const b = top[i];
    if (b.kind !== 'blockquote') continue;
    // The block just before it, outside it; only a paragraph introduces a quote.
    let k = i - 1;
    while (k >= 0 && top[k].end > b.start) k--;
    const prev = top[k];
    if (!prev || prev.kind !== 'paragraph' || inListItem(prev)) continue;
    const raw = note.slice(b.start, b.end);
    // Blank the markers, keep the length, so offsets still map into the note.
    const text = raw.replace(/^[ \t]*(?:>[ \t]?)+/gm, (m) => ' '.repeat(m.length));
    out.push({ quote: { start: b.start, end: b.end, text: raw }, text, before: { start: prev.start, end: prev.end, text: note.slice(prev.start, prev.end) } });
  }
  return out;
}

/** Token-set similarity of two titles, 0…1. */
export function titleSimilarity(a?: string, b?: string): number {
  if (!a || !b) return 0;
  const ta = new Set(a.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2));
  const tb = new Set(b.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2));
  if (!ta.size || !tb.size) return 0;
  let shared = 0;
  for (const w of ta) if (tb.has(w)) shared++;
  return shared / Math.max(ta.size, tb.size);
}

/** Finds the library source a quoted one stands for (same DOI/PMID, or same first author + year + similar title). */
export function matchLibrarySource(quoted: Pick<Source, 'doi' | 'pmid' | 'title' | 'authors' | 'year'>, library: readonly Source[]): Source | undefined {
  if (quoted.doi) {
    const hit = library.find((s) => s.doi && s.doi.toLowerCase() === quoted.doi!.toLowerCase());
    if (hit) return hit;
  }
  if (quoted.pmid) {
    const hit = library.find((s) => s.pmid === quoted.pmid);
    if (hit) return hit;
  }
  let best: { s: Source; score: number } | undefined;
  for (const s of library) {
    let score = titleSimilarity(quoted.title, s.title);
    if (quoted.year && s.year === quoted.year) score += 0.2;
    const qa = quoted.authors?.[0]?.toLowerCase();
    if (qa && s.authors?.some((a) => a.toLowerCase() === qa)) score += 0.3;
    if (!best || score > best.score) best = { s, score };
  }
  return best && best.score >= 0.7 ? best.s : undefined;
}

/**
 * A blockquote right under a reference line ("Smith J, et al. Title. Journal. 2019." then "> …"):
 * the quoted text is that paper's (its abstract, usually). Structured abstracts not in a
 * blockquote are found by findQuotedAbstracts.
 */
export function findQuotesUnderReferenceLines(note: string, structure?: NoteStructure, quotes = findBlockquotesUnderParagraphs(note, structure)): Source[] {
  const out: Source[] = [];
  for (const q of quotes) {
    if (q.before.text.includes('\n') && q.before.text.split('\n').length > 3) continue;
    const ref = parseReferenceLine(q.before.text.replace(/[*_]/g, ''));
    if (!ref || !ref.title) continue;
    out.push({
      id: authorYearId(ref.authors, ref.year),
      title: ref.title,
      authors: ref.authors,
      year: ref.year,
      journal: ref.journal,
      doi: ref.doi,
      pmid: ref.pmid,
      text: q.text,
      origin: { start: q.before.start, end: q.quote.end, line: lineAt(note, q.before.start) },
      textOffset: q.quote.start,
      inNote: true,
    });
  }
  return out;
}
