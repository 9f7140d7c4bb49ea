/**
 * Links from the note to sources: Pandoc citations, numbered references in every usual shape
 * (`[1]`, `(1–3)`, `(ref. 2)`, superscripts, `^2^`), Markdown and HTML footnotes, inline and
 * reference-style links (the URL names a DOI, PMID, PMCID, NCT number, arXiv id, or just a page),
 * bare DOIs/PMIDs, wiki links, trial acronyms the note introduces with a reference, author-year
 * mentions and anaphora ("this study"). Links, footnotes, lists and HTML come from the parsed tree
 * (see markdown/structure.ts). Each mention keeps its range (the LSP uses them for hover,
 * go-to-definition and quick fixes).
 */
import { distance } from 'fastest-levenshtein';
import type { Memo } from '../memo';
import type { SentenceInfo, Source } from '../types';
import { matchLibrarySource, parseReferenceLine } from './quoted';
import { parseFrontMatter } from './sources';
import { alignedRow, type SentenceRow } from './aligned';
import { identifierKeys, identifierKey, knownSources, normUrl, trialLike, type KnownSources } from './known-sources';
import { parseMarkdown } from '../markdown/parse';
import { buildNoteStructure, type NoteStructure } from '../markdown/structure';

export { canonicalDoi } from './known-sources';

export type CitationKind =
  | 'pandoc' | 'pandoc-in-text' | 'numbered' | 'footnote' | 'doi-link' | 'pubmed-link' | 'link' | 'doi' | 'pmid'
  | 'wiki' | 'acronym' | 'malformed' | 'author-year' | 'anaphora' | 'paragraph' | 'paper';

/** One place where the note points at a source. */
export interface Citation {
  kind: CitationKind;
  /** The key as written (`romme2014`, `1`, `10.1212/…`, `Romme Christensen 2014`). */
  key: string;
  start: number;
  end: number;
  /** Index of the sentence it sits in (-1 when outside any sentence, e.g. a reference list). */
  sentence: number;
  /** Id of the source it resolves to, undefined when unresolved. */
  sourceId?: string;
  /** Closest known keys, for unresolved Pandoc keys. */
  suggestions?: string[];
  /** For a malformed citation: what it should read (`[@key]`). */
  fix?: string;
  /** How a numbered citation was written: `[1]`, `(1)`, `(ref. 1)`, superscript. */
  form?: 'bracket' | 'paren' | 'ref' | 'superscript' | 'anchor';
}

/** An entry of the note's own numbered reference list. */
export interface ReferenceListEntry {
  number: number;
  text: string;
  start: number;
  end: number;
  sourceId: string;
}

/** Options of linkCitations. */
export interface LinkOptions {
  paragraphCitations: boolean;
  /** The note's structure; built from the text when absent. */
  structure?: NoteStructure;
  /** Whether a bibliography is in play (loaded or named), so a stray `@key` is a citation. */
  expectsKeys?: boolean;
  /** What earlier analyses of the note found in each sentence's text (see SentenceMarks). */
  memo?: Memo;
  /**
   * The sources given as loaded (a library: the same objects from one analysis to the next), of
   * which the sources start: their index is kept across analyses (see known-sources.ts).
   */
  library?: readonly Source[];
}

/**
 * The citation-like marks in one sentence's text, each list found when first asked for. They
 * depend on the text alone, so a note's memo keeps them across edits (keyed by the text).
 */
class SentenceMarks {
  private found = new Map<RegExp, readonly RegExpMatchArray[]>();
  private words: { ranges: number[]; found: boolean }[] | undefined;
  private none: boolean | undefined;
  private paren: { list: RegExpMatchArray[]; enumeration: boolean } | undefined;
  private anaphoraMatch: RegExpExecArray | null | undefined;
  private pronounMatch: RegExpExecArray | null | undefined;
  /** What the sentence pass found in a sentence of this text, by what it read around it (see linkCitations). */
  linked: KeptSentence[] | undefined;
  constructor(private readonly text: string) {}

  /** Whether none of the sentence-loop patterns (SENTENCE_MARKS) matches: such a sentence cites nothing by its text. */
  quiet(): boolean {
    return this.none ??= SENTENCE_MARKS.every((re) => this.all(re).length === 0);
  }

  /**
   * Parenthesised numbers that may be citations (not "f(1)", "x)(2)"), and whether two or more of
   * them read as an enumeration ("(1) older and (2) sicker").
   */
  parens(): { list: RegExpMatchArray[]; enumeration: boolean } {
    if (!this.paren) {
      const t = this.text;
      const list = this.all(PAREN_NUMBERS).filter((m) => !/[\w)]$/.test(t.slice(0, m.index!)) || /\s$/.test(t.slice(0, m.index!)));
      const enumeration = list.filter((m) => !m[1] && /^\s+[a-z]/.test(t.slice(m.index! + m[0].length))).length >= 2;
      this.paren = { list, enumeration };
    }
    return this.paren;
  }

  /**
   * Every match of a global pattern, in order. Most patterns match nothing in most sentences: a
   * test tells so without what collecting costs (matchAll copies the pattern), and such a pattern
   * gets the one shared empty list.
   */
  all(re: RegExp): readonly RegExpMatchArray[] {
    let list = this.found.get(re);
    if (!list) {
      re.lastIndex = 0;
      const any = re.test(this.text);
      // A test that found something leaves lastIndex after it, where matchAll would start.
      re.lastIndex = 0;
      list = any ? [...this.text.matchAll(re)] : NO_MATCHES;
      this.found.set(re, list);
    }
    return list;
  }

  /** Whether words (3+ letters, not "see", "cf", "p"…) remain once the given citations' ranges (at offsets from `base`) are blanked. */
  hasWordsBesides(citations: readonly { start: number; end: number }[], base: number): boolean {
    // Asked of every cited sentence on every analysis, and nearly always known: plain loops, no closures.
    const words = this.words;
    if (words) {
      for (let w = 0; w < words.length; w++) {
        const ranges = words[w].ranges;
        if (ranges.length !== 2 * citations.length) continue;
        let same = true;
        for (let i = 0; i < citations.length && same; i++) same = ranges[2 * i] === citations[i].start - base && ranges[2 * i + 1] === citations[i].end - base;
        if (same) return words[w].found;
      }
    }
    const ranges = citations.flatMap((c) => [c.start - base, c.end - base]);
    const rest = blankRanges(this.text, citations, base);
    const found = /[A-Za-z]{3,}/.test(rest.replace(/\b(?:see|cf|e\.g|p|pp)\b\.?/gi, ''));
    (this.words ??= []).push({ ranges, found });
    return found;
  }

  /** The first match of ANAPHORA, in a field of its own: asked of nearly every sentence on every analysis. */
  anaphora(): RegExpExecArray | null {
    if (this.anaphoraMatch === undefined) this.anaphoraMatch = ANAPHORA.exec(this.text);
    return this.anaphoraMatch;
  }

  /** The first match of PRONOUN_REPORT, in a field of its own (no map lookup): asked of most sentences without a link. */
  pronounReport(): RegExpExecArray | null {
    if (this.pronounMatch === undefined) this.pronounMatch = PRONOUN_REPORT.exec(this.text);
    return this.pronounMatch;
  }
}

const MARKS = 'citations: marks in a sentence';
const SLUGS = 'citations: heading slugs';
const URLS = 'citations: what a URL names';
const PASS_ENV = 'citations: what the sentence pass reads';
/** Where the marks space keeps the last analysis's marks by sentence (a key no text can be). */
const LAST_MARKS = Symbol('marks by sentence');
/** Where the marks space keeps the citations the last analysis's replays made, by sentence index. */
const LAST_REPLAYS = Symbol('replays by sentence');

/** The citations one replay of a kept log made for the sentence at `base` (see replaySentence). */
interface Replayed {
  log: SentenceLog;
  base: number;
  made: Citation[];
}

/**
 * One step of the sentence pass over one sentence: a read of what earlier sentences and the
 * note's links may have changed (sources by key, by identifier, by author and year; links over a
 * place), or an effect (a stub source made, a citation pushed at an offset relative to the sentence).
 */
type SentenceStep =
  | { op: 'has'; key: string; result: boolean }
  | { op: 'stub?'; key: string; result: boolean }
  | { op: 'find'; key: string; result: string | undefined }
  | { op: 'author-year'; name: string; year: number; result: string | undefined }
  | { op: 'in-link'; at: number; result: boolean }
  | { op: 'stub'; source: Source }
  | { op: 'push'; citation: Omit<Citation, 'sentence'> };
type SentenceLog = SentenceStep[];

/** Excluded and verbatim ranges over a sentence and the citations already in it, as flat lists relative to the sentence. */
interface Surroundings {
  excluded: readonly number[];
  verbatim: readonly number[];
  before: readonly (number | string)[];
}

/** A sentence's log, kept with what it was made under. */
interface KeptSentence {
  env: SentencePassEnvironment;
  around: Surroundings;
  log: SentenceLog;
}

/** What every sentence of one analysis reads alike: whether keys are expected, the library's keys, the numbered references. */
interface SentencePassEnvironment {
  expectsKeys: boolean;
  keys: readonly string[];
  references: readonly (number | string)[];
}

const NO_MARKS: readonly never[] = [];

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameSurroundings(a: Surroundings, b: Surroundings): boolean {
  return sameItems(a.excluded, b.excluded) && sameItems(a.verbatim, b.verbatim) && sameItems(a.before, b.before);
}

/** This analysis's environment of the sentence pass: the last analysis's object when equal, so kept logs compare it by identity. */
function sentencePassEnvironment(memo: Memo | undefined, expectsKeys: boolean, keys: readonly string[], list: readonly ReferenceListEntry[]): SentencePassEnvironment {
  const references = list.length ? list.flatMap((e) => [e.number, e.sourceId]) : NO_MARKS;
  const now: SentencePassEnvironment = { expectsKeys, keys, references };
  if (!memo) return now;
  const space = memo.space<SentencePassEnvironment>(PASS_ENV);
  const last = space.peek(PASS_ENV);
  if (last && last.expectsKeys === expectsKeys && sameItems(last.keys, keys) && sameItems(last.references, references)) return last;
  space.set(PASS_ENV, now);
  return now;
}

/** The parts of the sorted, merged `ranges` within [start, end), relative to start, as a flat list. */
function clipped(ranges: readonly { start: number; end: number }[], start: number, end: number): readonly number[] {
  let lo = 0, hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  let out: number[] | undefined;
  for (let k = lo; k < ranges.length && ranges[k].start < end; k++) (out ??= []).push(Math.max(ranges[k].start, start) - start, Math.min(ranges[k].end, end) - start);
  return out ?? NO_MARKS;
}

export interface LinkResult {
  citations: Citation[];
  /** Per sentence index: resolved source ids the sentence's claim rests on (explicit, paragraph or anaphora). */
  bySentence: Map<number, { sourceIds: string[]; via: CitationKind[] }>;
  /** Stub sources made for reference-list entries, DOI links etc. that match nothing in the library. */
  stubSources: Source[];
  /** The sources given and the stubs, by id (as `new Map([...sources, ...stubSources].map(…))` would give them), identifier and URL. */
  known: KnownSources;
  referenceList: ReferenceListEntry[];
  /** Ranges that are not prose claims (reference list, footnote definitions). */
  excluded: { start: number; end: number }[];
  /** The paper a note about one paper discusses (front matter, or its one quoted abstract). */
  mainPaper?: string;
}

const PANDOC_BRACKET = /\[([^[\]]*?-?@[^[\]]*?)\](?!\()/g;
const PANDOC_KEY = /(^|[\s;[(-])(-?@)([A-Za-z0-9_][\w:.#$%&+?<>~/-]*[\w])/g;
const IN_TEXT_KEY = /(^|[^\w@[\\.])@([A-Za-z_][\w:.#$%&+?<>~/-]*[\w])/g;
const NUMBERED = /(?<!\])\[(\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*)\](?![(:[])/g;
const FOOTNOTE_REF = /\[\^([^\]\s]+)\](?!:)/g;
const PAREN_NUMBERS = /\((?:(refs?\.?|references?)\s*)?(\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*)\)/gi;
const UNICODE_SUPERSCRIPT = /[¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,⁻–-][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*/g;
const UNCLOSED_KEY = /\[(-?@[A-Za-z0-9_][\w:.#$%&+?<>~/-]*\w)\.?(?=[^\]]*$)/g;
const BRACKET_WORD = /(?<![\]!\\])\[([A-Za-z][\w:-]*\d{2,4}[a-z]?)\](?![(:[])/g;
const ACRONYM = /\b[A-Z][A-Z0-9]*[A-Z](?:-[A-Z0-9]+)*\b|\b[A-Z]{2,}-?\d+[A-Z]?\b/g;
const RESULT_SECTION = /\b(?:results?|findings|outcomes?|conclusions?|discussion|interpretation|summary|bottom line|take[- ]?home|efficacy|safety|primary|secondary)\b/i;
const BARE_DOI = /\b(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/[^\s"<>)\]]+[^\s"<>)\].,;:])/gi;
const PMID = /\bPMID:?\s*(\d{5,9})\b|https?:\/\/(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pubmed)\/(\d{5,9})/gi;
const AUTHOR_YEAR = /\b([A-Z][\p{L}'’-]+(?:[ -][A-Z][\p{L}'’-]+)?)(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][\p{L}'’-]+)?,?\s+\(?((?:19|20)\d\d)[a-z]?\)?/gu;
const ANAPHORA = /\b(?:this|that|the|these|those|their|its)\s+(?:same\s+)?(?:study|trial|paper|analysis|work|report|authors|investigators|results?|findings|data|abstract|cohort|experiment|effects?|benefits?|reduction|difference|association|improvement)\b/i;
/** A pronoun subject of a reporting verb opening a sentence: "It shows that", "They also found". */
const PRONOUN_REPORT = /^\s*(?:\d+[.)]\s+)?(It|They)\s+(?:also\s+|clearly\s+|further\s+|therefore\s+|thus\s+)?(?:shows?|showed|shown|demonstrat(?:es|ed)|finds|found|reports?|reported|suggests?|suggested|indicates?|indicated|confirms?|confirmed|reveals?|revealed)\b/;
/** A reference list's title, as a heading or a line of its own ("Bibliography:", "**References**"). */
const REF_TITLE = /^(?:references?|bibliography|sources|works cited|literature(?: cited)?|citations|notes and references|further reading)\b/i;
const ENTRY_NUMBER = /^[ \t]*(?:\[(\d{1,3})\]|\((\d{1,3})\)|\*\*(\d{1,3})\.?\*\*|(\d{1,3})[.)])[ \t]*/;
/** The patterns the per-sentence pass of linkCitations looks for in a sentence's text. */
const SENTENCE_MARKS = [PANDOC_BRACKET, UNCLOSED_KEY, BRACKET_WORD, IN_TEXT_KEY, BARE_DOI, PMID, NUMBERED, PAREN_NUMBERS, AUTHOR_YEAR];
/** A shared empty list (read only), so lookups of sentences without citations allocate nothing. */
const NO_CITATIONS: readonly Citation[] = [];
/** The same for patterns that match nothing in a sentence (see SentenceMarks.all). */
const NO_MATCHES: readonly RegExpMatchArray[] = Object.freeze([]);
const SUPERSCRIPT_DIGITS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-' };

/** The identifiers a URL names: DOI, PMID, PMCID, NCT number, arXiv id. */
export function identifiersOfUrl(url: string): { doi?: string; pmid?: string; pmcid?: string; nct?: string; arxiv?: string } {
  let u = url;
  try { u = decodeURIComponent(url); } catch { /* keep as written */ }
  const doi = /(?:doi\.org\/|\/doi\/(?:abs\/|full\/|pdf\/|epdf\/)?|[?&]doi=)(10\.\d{4,9}\/[^\s?#&]+?)(?:\.full|\.abstract|\/full|\/abstract|\.pdf|v\d+)?(?:[?#&]|\/?$)/i.exec(u)?.[1]
    ?? /(?:medrxiv|biorxiv)\.org\/content\/(10\.1101\/[\d.]+)/i.exec(u)?.[1];
  const pmid = /(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pubmed)\/(\d{5,9})/i.exec(u)?.[1]
    ?? /ncbi\.nlm\.nih\.gov\/[^\s]*[?&](?:list_uids|term|id)=(\d{5,9})\b/i.exec(u)?.[1]
    ?? /europepmc\.org\/(?:abstract\/MED|article\/MED)\/(\d{5,9})/i.exec(u)?.[1];
  const pmcid = /\b(PMC\d{4,9})\b/i.exec(u)?.[1]?.toUpperCase();
  const nct = /\b(NCT\d{8})\b/i.exec(u)?.[1]?.toUpperCase();
  const arxiv = /arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})/i.exec(u)?.[1];
  return { doi: doi?.replace(/[.,;]$/, ''), pmid, pmcid, nct, arxiv };
}

/** Hosts that resolve DOIs and PubMed ids: a link to a host one or two letters away is a typo. */
const RESOLVER_HOSTS = ['doi.org', 'dx.doi.org', 'pubmed.ncbi.nlm.nih.gov', 'www.ncbi.nlm.nih.gov', 'ncbi.nlm.nih.gov', 'pubmed.gov'];

/** What the linker reads from a link's URL alone: the same in every analysis, so kept in the note's memo by URL. */
interface UrlFacts {
  /** A web or PDF address, not an image: a link to it may cite something. */
  citable: boolean;
  ids: ReturnType<typeof identifiersOfUrl>;
  norm: string;
  /** A resolver host misspelt ("dx.doio.org"), with the host meant. */
  misspelt: { host: string; right: string } | undefined;
}

function urlFactsOf(url: string): UrlFacts {
  const host = /^https?:\/\/([^/?#]+)/i.exec(url)?.[1]?.toLowerCase();
  const right = host && !RESOLVER_HOSTS.includes(host) ? RESOLVER_HOSTS.find((h) => distance(h, host) <= 2 && Math.abs(h.length - host.length) <= 2) : undefined;
  const citable = /^(?:https?:|ftp:|www\.)|^[^:]*\.pdf(?:[?#]|$)/i.test(url) && !/\.(?:png|jpe?g|gif|svg|webp)(?:[?#]|$)/i.test(url);
  return { citable, ids: identifiersOfUrl(url), norm: normUrl(url), misspelt: right && host ? { host, right } : undefined };
}

/** Link texts that name no paper ("here", "study", "[Medline]"). */
const GENERIC_LABEL = /^\W*(?:here|this|link|source|study|paper|article|trial|abstract|full text|pdf|medline|pubmed|doi|website|web site|page \d+|\d+)\W*$/i;

const expandRange = (spec: string): number[] => {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:[-–—]\s*(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    for (let n = a; n <= b && n - a < 50; n++) out.push(n);
  }
  return out;
};

const normName = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z]/g, '');

/** Closest known keys to an unknown one, best first. */
export function closestKeys(key: string, known: readonly string[], max = 3): string[] {
  const limit = Math.max(3, Math.floor(key.length / 2));
  return known
    .map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) - (k.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)) ? 1 : 0) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, max)
    .map((x) => x.k);
}

/** Finds every link in the note and resolves it against `sources` (mutated: stubs are appended by the caller). */
/** False when [start, end) holds more than 40 characters besides markup and spaces (so it is no short title line). */
function mayBeShortLabel(note: string, start: number, end: number): boolean {
  let kept = 0;
  for (let i = start; i < end; i++) if (!isMarkupOrSpace(note.charCodeAt(i)) && ++kept > 40) return false;
  return true;
}

/**
 * False when the first character of [start, end) besides markup and spaces cannot begin a
 * reference list's title (REF_TITLE: r, b, s, w, l, c, n or f in either case): most paragraphs.
 */
function mayOpenReferenceTitle(note: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = note.charCodeAt(i);
    if (isMarkupOrSpace(c)) continue;
    const lower = c | 32;
    return lower === 114 || lower === 98 || lower === 115 || lower === 119 || lower === 108 || lower === 99 || lower === 110 || lower === 102;
  }
  return false;
}

/** `/[*_#:\s]/` of one UTF-16 code unit, without a regular expression per character. */
function isMarkupOrSpace(c: number): boolean {
  if (c === 42 || c === 95 || c === 35 || c === 58 || c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function linkCitations(note: string, sentences: SentenceInfo[], sources: readonly Source[], opts: LinkOptions): LinkResult {
  const markSpace = opts.memo?.space<SentenceMarks>(MARKS);
  const marksOf = (text: string): SentenceMarks => (markSpace ? markSpace.get(text, () => new SentenceMarks(text)) : new SentenceMarks(text));
  // Each sentence's marks, found once per analysis however many passes ask.
  const sentenceMarks: SentenceMarks[] = new Array(sentences.length);
  // The unchanged sentences' marks by place, the others by their text (see aligned.ts).
  const lastMarks = markSpace?.peek(LAST_MARKS) as SentenceRow<SentenceMarks> | undefined;
  const keptMarks = alignedRow(lastMarks, sentences, 'text');
  const marksAt = (si: number): SentenceMarks => (sentenceMarks[si] ??= keptMarks.at(si) ?? marksOf(sentences[si].text));
  // The last analysis's replays by sentence index, and this one's: a sentence that replays the same
  // log at the same place and index gets the same citation objects (the sentences before an edit).
  const lastReplays = markSpace?.peek(LAST_REPLAYS) as unknown as readonly (Replayed | undefined)[] | undefined;
  const replays: (Replayed | undefined)[] = new Array(sentences.length);
  const structure = opts.structure ?? buildNoteStructure(note, parseMarkdown(note));
  // By id, identifier and URL: the library's part indexed once, the note's own sources and the stubs made here on top.
  const byId = knownSources(sources, opts.library);
  const stubSources: Source[] = [];
  const addStub = (s: Source) => { stubSources.push(s); byId.add(s); return s.id; };
  const citations: Citation[] = [];
  const excluded: { start: number; end: number }[] = [];
  const sentenceAt = (offset: number) => {
    let lo = 0, hi = sentences.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sentences[mid].end <= offset) lo = mid + 1;
      else if (sentences[mid].start > offset) hi = mid - 1;
      else return mid;
    }
    return -1;
  };
  /** The sentence a mark belongs to: the one holding it, or the one it trails in the same paragraph ("…MS.[^r]", "…MS.<sup>2</sup>"). */
  const sentenceFor = (offset: number): number => {
    const si = sentenceAt(offset);
    if (si >= 0) return si;
    // The last sentence ending at or before the offset (binary search: notes can be long).
    let lo = 0, hi = sentences.length - 1, k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sentences[mid].end <= offset) { k = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return k >= 0 && !/\n[ \t]*\n/.test(note.slice(sentences[k].end, offset)) ? k : -1;
  };
  const verbatim = mergeRanges(structure.verbatim);
  const inVerbatim = (o: number) => inRanges(verbatim, o);
  const findBy = (field: 'doi' | 'pmid' | 'pmcid' | 'nct', value: string): Source | undefined => {
    const hit = byId.byIdentifier(identifierKey(field, value));
    if (hit || field === 'doi' || field === 'pmid') return hit;
    const v = value.toLowerCase();
    return sources.find((src) => typeof src.url === 'string' && src.url.toLowerCase().includes(v));
  };
  const findByDoi = (doi: string) => findBy('doi', doi);
  const findByPmid = (pmid: string) => findBy('pmid', pmid);
  const urlSpace = opts.memo?.space<UrlFacts>(URLS);
  const factsOf = (url: string): UrlFacts => (urlSpace ? urlSpace.get(url, () => urlFactsOf(url)) : urlFactsOf(url));

  /** Resolves a URL to a known source, or makes a stub named by what the URL identifies (and by its label: read only then). */
  const resolveUrl = (url: string, facts: UrlFacts, label: string): { id: string; kind: CitationKind; key: string } => {
    const { ids } = facts;
    if (ids.doi) return { id: findByDoi(ids.doi)?.id ?? linkStub({ id: `doi:${ids.doi}`, doi: ids.doi }, url, label), kind: 'doi-link', key: ids.doi };
    if (ids.pmid) return { id: findByPmid(ids.pmid)?.id ?? linkStub({ id: `pmid:${ids.pmid}`, pmid: ids.pmid }, url, label), kind: 'pubmed-link', key: ids.pmid };
    if (ids.pmcid) return { id: findBy('pmcid', ids.pmcid)?.id ?? linkStub({ id: `pmcid:${ids.pmcid}`, pmcid: ids.pmcid }, url, label), kind: 'link', key: ids.pmcid };
    if (ids.nct) return { id: findBy('nct', ids.nct)?.id ?? linkStub({ id: `nct:${ids.nct}`, nct: ids.nct }, url, label), kind: 'link', key: ids.nct };
    const known = byId.byUrl(facts.norm);
    if (known) return { id: known, kind: 'link', key: url };
    const id = ids.arxiv ? `arxiv:${ids.arxiv}` : `url:${url}`;
    if (!byId.has(id)) linkStub({ id }, url, label);
    byId.setUrl(facts.norm, id);
    return { id, kind: 'link', key: ids.arxiv ?? url };
  };
  /** A stub for a link's target, named by the link's label when that names a paper (read only here: most links find a source or stub). */
  function linkStub(fields: Partial<Source> & { id: string }, url: string, label: string): string {
    const title = label && !GENERIC_LABEL.test(label) ? label : undefined;
    // A label that is an author-year citation ("(Wing 2011)", "Smith et al. 2010") names the paper, so later mentions find it.
    const ay = /^\(?\s*([A-Z][\p{L}'’-]+)(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][\p{L}'’-]+)?,?\s*\(?((?:19|20)\d\d)[a-z]?\)?\s*\)?[:.]?$/u.exec(label.trim());
    const named = ay ? { authors: [ay[1]], year: Number(ay[2]) } : {};
    return addStub({ ...fields, title, url, text: '', stub: true, ...named });
  }

  function resolveReferenceText(text: string, fallbackId: string, start: number, end: number): string {
    const key = /(?:^|[\s[;])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*\w)/.exec(text)?.[1];
    if (key && byId.has(key)) return key;
    const doi = /\b(10\.\d{4,9}\/[^\s"<>)\]]+[^\s"<>)\].,;:])/.exec(text)?.[1];
    const pmid = /\bPMID:?\s*\[?(\d{5,9})/i.exec(text)?.[1] ?? identifiersOfUrl(text).pmid;
    const { pmcid, nct } = identifiersOfUrl(text);
    const hit = (doi && findByDoi(doi)) || (pmid && findByPmid(pmid)) || (pmcid && findBy('pmcid', pmcid)) || (nct && findBy('nct', nct));
    if (hit) return hit.id;
    const ref = parseReferenceLine(text.replace(/<[^>]*>/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|__/g, ''));
    if (ref) {
      const lib = matchLibrarySource(ref, sources);
      if (lib) return lib.id;
    }
    const url = /\]\(\s*<?(https?:\/\/[^)\s>]+)/.exec(text)?.[1] ?? /https?:\/\/[^\s)>\]]+/.exec(text)?.[0];
    const id = addStub({ id: fallbackId, title: ref?.title ?? text.replace(/\s+/g, ' ').trim().slice(0, 120), authors: ref?.authors, year: ref?.year, journal: ref?.journal, doi, pmid, pmcid, nct, url, text: '', origin: { start, end }, stub: true });
    if (url) byId.setUrl(normUrl(url), id);
    return id;
  }

  // The note's reference lists: under a references heading, or after a line that is only that title.
  const referenceList: ReferenceListEntry[] = [];
  const anchorTargets = new Map<string, string>();
  const listRanges: { start: number; end: number }[] = [];
  for (const sec of structure.sections) if (REF_TITLE.test(sec.title.replace(/^[*_\s]+/, ''))) listRanges.push({ start: sec.start, end: sec.end });
  // Indexed: every block at every keystroke (a for-of allocates per item on code not yet optimised).
  for (let i = 0; i < structure.blocks.length; i++) {
    const b = structure.blocks[i];
    if (b.kind !== 'paragraph' || b.quoteDepth > 0 || !mayOpenReferenceTitle(note, b.start, b.end) || !mayBeShortLabel(note, b.start, b.end)) continue;
    const label = note.slice(b.start, b.end).replace(/[*_#:\s]+/g, ' ').trim();
    if (label.length > 40 || !REF_TITLE.test(label) || label.split(' ').length > 3) continue;
    const next = structure.sections.find((sec) => sec.start > b.start);
    listRanges.push({ start: b.start, end: next ? next.start : note.length });
  }
  const inRange = (o: number, rs: { start: number; end: number }[]) => rs.some((r) => o >= r.start && o < r.end);
  for (const r of listRanges) {
    excluded.push(r);
    const items = structure.blocks.filter((b) => b.kind === 'listItem' && b.start >= r.start && b.end <= r.end);
    const top = items.filter((b) => !items.some((o) => o !== b && o.start <= b.start && o.end >= b.end));
    const entries: { number?: number; start: number; end: number; text: string }[] = [];
    for (const item of top) {
      const raw = note.slice(item.start, item.end).replace(/^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+/, '');
      const m = ENTRY_NUMBER.exec(raw);
      const number = (m && Number(m[1] ?? m[2] ?? m[3] ?? m[4])) || item.ordinal;
      entries.push({ number, start: item.start, end: item.end, text: m ? raw.slice(m[0].length) : raw });
    }
    if (!top.length) {
      const block = note.slice(r.start, r.end);
      const re = /^[ \t]*(?:(\d{1,3})[.)]|\[(\d{1,3})\]|\*\*(\d{1,3})\.?\*\*)[ \t]+(.+(?:\n(?![ \t]*(?:\d{1,3}[.)]|\[\d{1,3}\]|\*\*\d)[ \t])[ \t]*\S.*)*)/gm;
      for (let m = re.exec(block); m; m = re.exec(block)) entries.push({ number: Number(m[1] ?? m[2] ?? m[3]), start: r.start + m.index, end: r.start + m.index + m[0].length, text: m[4] });
    }
    entries.forEach((e, i) => {
      const text = e.text.replace(/\s+/g, ' ').trim();
      const sourceId = resolveReferenceText(text, `ref-${e.number ?? `${r.start}-${i + 1}`}`, e.start, e.end);
      if (e.number !== undefined && !referenceList.some((x) => x.number === e.number)) referenceList.push({ number: e.number, text, start: e.start, end: e.end, sourceId });
      for (const a of structure.anchors) if (a.start >= e.start && a.start < e.end) anchorTargets.set(a.name, sourceId);
    });
  }
  // HTML footnote targets outside a reference list (`<a name="fn2"></a>2. Smith…` at the foot of the note).
  const internalTargets = structure.anchors.length ? new Set(structure.links.filter((l) => l.url.startsWith('#')).map((l) => l.url.slice(1))) : undefined;
  for (const a of structure.anchors) {
    if (anchorTargets.has(a.name) || !internalTargets!.has(a.name)) continue;
    const holder = structure.blocks.filter((b) => (b.kind === 'paragraph' || b.kind === 'listItem' || b.kind === 'html') && a.start >= b.start && a.start < b.end).sort((x, y) => (x.end - x.start) - (y.end - y.start))[0];
    if (!holder) continue;
    const raw = note.slice(holder.start, holder.end).replace(/<[^>]*>/g, ' ').replace(/^[\s\-*+]*(?:\d{1,3}[.)]|\[\d{1,3}\])?\s*/, '');
    if (!/\S{3}/.test(raw)) continue;
    excluded.push({ start: holder.start, end: holder.end });
    const n = /\d+/.exec(a.name)?.[0];
    const sourceId = resolveReferenceText(raw.replace(/\s+/g, ' ').trim(), `ref-${a.name}`, holder.start, holder.end);
    anchorTargets.set(a.name, sourceId);
    if (n && !referenceList.some((x) => x.number === Number(n))) referenceList.push({ number: Number(n), text: raw.trim(), start: holder.start, end: holder.end, sourceId });
  }
  referenceList.sort((a, b) => a.start - b.start);
  const numbered = (n: number) => referenceList.find((e) => e.number === n);
  // Footnote definitions.
  const footnotes = new Map<string, { start: number; end: number; sourceId?: string }>();
  for (const [label, fn] of structure.footnotes) {
    excluded.push({ start: fn.start, end: fn.end });
    const body = fn.text.replace(/^\[\^[^\]]*\]:\s*/, '');
    const key = /(?:^|[\s[;])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*\w)/.exec(body)?.[1];
    const sourceId = key && byId.has(key) ? key : resolveReferenceText(body, `fn-${label}`, fn.start, fn.end);
    footnotes.set(label, { start: fn.start, end: fn.end, sourceId });
  }
  for (const d of structure.definitions.values()) excluded.push({ start: d.start, end: d.end });

  const excludedMerged = mergeRanges(excluded);
  const inExcluded = (o: number) => inRanges(excludedMerged, o);
  const bySentenceIndex = new Map<number, Citation[]>();
  /** Records a citation unless it overlaps one already found in its sentence (`made`: `c` is a new object already holding `sentence`, as its last field). */
  const push = (c: Omit<Citation, 'sentence'>, sentence = sentenceFor(c.start), fromTree = false, made = false): boolean => {
    // Marks found in the tree (links, <sup>, anchors) may sit inside HTML; text matches may not.
    if (inExcluded(c.start) || (!fromTree && inVerbatim(c.start)) || sentence < 0) return false;
    if (inExcluded(sentences[sentence].start)) return false;
    const mine = bySentenceIndex.get(sentence);
    if (mine) {
      for (let i = 0; i < mine.length; i++) {
        const x = mine[i];
        if (c.start < x.end && c.end > x.start && !(x.start === c.start && x.end === c.end && x.kind === c.kind)) return false;
      }
    }
    const full = made ? (c as Citation) : { ...c, sentence };
    citations.push(full);
    // A sentence's list made holding its first citation (an empty list grows to room for 17 on its first push).
    if (mine) mine.push(full);
    else bySentenceIndex.set(sentence, [full]);
    return true;
  };
  // Keys of real sources (stubs made while linking are never keys), computed once.
  const libraryKeys = byId.keys();
  const knownKeys = () => libraryKeys;

  // A link to a misspelt resolver host ("dx.doio.org") resolves nowhere, also in a reference list.
  for (const l of structure.links) {
    const misspelt = factsOf(l.url).misspelt;
    if (!misspelt) continue;
    const { host, right } = misspelt;
    const at = note.indexOf(host, l.start);
    if (at < 0 || at >= l.end) continue;
    const c: Citation = { kind: 'malformed', key: host, start: at, end: at + host.length, fix: right, sentence: sentenceFor(at) };
    citations.push(c);
    if (c.sentence >= 0) bySentenceIndex.set(c.sentence, [...(bySentenceIndex.get(c.sentence) ?? []), c]);
  }
  const slugSpace = opts.memo?.space<string>(SLUGS);
  // Made when a link to a place in the note first asks (most notes have none).
  let headingSlugs: Set<string> | undefined;
  const slugs = () => (headingSlugs ??= new Set(structure.sections.map((sec) => (slugSpace ? slugSpace.get(sec.title, () => headingSlug(sec.title)) : headingSlug(sec.title)))));
  // Links from the tree: inline, reference-style, autolinks and HTML <a href>; "#fn2" goes to its anchor.
  for (const l of structure.links) {
    if (l.url.startsWith('#')) {
      const name = l.url.slice(1);
      const sourceId = anchorTargets.get(name);
      const n = /^\[?(\d{1,3})\]?$/.exec(l.label.trim())?.[1];
      // A link to a heading (a table of contents, "see [Methods](#methods)") is navigation, and a
      // link that neither reads as a number nor targets a footnote-like id is not a citation.
      if (!sourceId && (slugs().has(name.toLowerCase()) || (!n && !FOOTNOTE_ID.test(name)))) continue;
      push({ kind: 'footnote', key: name, start: l.start, end: l.end, sourceId: sourceId ?? (n ? numbered(Number(n))?.sourceId : undefined), form: 'anchor' }, sentenceFor(l.start), true);
      continue;
    }
    const facts = factsOf(l.url);
    if (!facts.citable) continue;
    const r = resolveUrl(l.url, facts, l.label);
    push({ kind: r.kind, key: r.key, start: l.start, end: l.end, sourceId: r.id }, sentenceFor(l.start), true);
    // A link whose text holds a sentence break ("[Smith J. Title](url)") cites from both sentences.
    const last = sentenceFor(l.end - 1);
    if (last >= 0 && last !== sentenceFor(l.start)) push({ kind: r.kind, key: r.key, start: l.start, end: l.end, sourceId: r.id }, last);
  }
  // Superscript numbers (<sup>2</sup>, ^2^, ²) against a numbered reference list; units like m<sup>2</sup> are not citations.
  // Without a reference list none is a citation: the note is not searched for them.
  const superscripts = referenceList.length ? [...structure.superscripts] : [];
  if (referenceList.length) for (const m of note.matchAll(UNICODE_SUPERSCRIPT)) superscripts.push({ text: [...m[0]].map((ch) => SUPERSCRIPT_DIGITS[ch] ?? ch).join(''), start: m.index!, end: m.index! + m[0].length });
  for (const sup of superscripts) {
    const spec = /^\s*\[?\s*(\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*)\s*\]?\s*$/.exec(sup.text.replace(/\]\(#[^)]*\)/g, ']'))?.[1];
    if (!spec || !referenceList.length) continue;
    const before = note.slice(Math.max(0, sup.start - 4), sup.start);
    if (/(?:\d|\b[a-zA-Z]{1,2}|\/[a-z]*)$/.test(before)) continue;
    const nums = expandRange(spec);
    if (!nums.every((n) => numbered(n))) continue;
    for (const n of nums) push({ kind: 'numbered', key: String(n), start: sup.start, end: sup.end, sourceId: numbered(n)!.sourceId, form: 'superscript' }, sentenceFor(sup.start), true);
  }
  // Wiki links: a source or reference entry named by the target (acronyms are matched further down).
  const wikiPending: { target: string; start: number; end: number }[] = [];
  // Library sources and reference-list entries, not pages the note merely links to.
  const titled = structure.wikiLinks.length ? [...byId.values()].filter((src) => src.title && (!src.stub || src.origin)) : [];
  for (const w of structure.wikiLinks) {
    const t = w.target.toLowerCase();
    const named = new RegExp(`(?:^|\\W)${escapeRe(t)}(?:\\W|$)`, 'i');
    const hit = byId.has(w.target) ? w.target : titled.find((src) => named.test(src.title!))?.id;
    if (hit) push({ kind: 'wiki', key: w.target, start: w.start, end: w.end, sourceId: hit });
    else wikiPending.push(w);
  }

  // Keys are expected when a bibliography is in play or the note uses bracketed Pandoc citations
  // (not an image's alt text: "![avatar for @handle](…)").
  const expectsKeys = opts.expectsKeys || knownKeys().length > 0 || /(?<![!\\])\[(?:[^\][\n]*[\s;])?-?@[A-Za-z][^\][\n]*\](?![([])/.test(note);
  // What the sentence pass reads besides each sentence's own text and surroundings: the same for
  // every sentence of this analysis (a sentence's kept links are re-used only under the same one).
  const passEnv = sentencePassEnvironment(opts.memo, expectsKeys, libraryKeys, referenceList);
  sentencePass();

  /**
   * The sentence pass: each sentence's citations found, or its kept log played again. (Its own
   * function, as the other passes over every sentence below: V8 optimises a small function that
   * loops soon after a note opens; the loop inside this one would wait for all of it to compile.)
   */
  function sentencePass(): void {
    // The excluded ranges walked along with the sentences (in note order): inExcluded without a search per sentence.
    let ex = 0;
    for (let si = 0; si < sentences.length; si++) {
      const s = sentences[si];
      while (ex < excludedMerged.length && excludedMerged[ex].end <= s.start) ex++;
      if (ex < excludedMerged.length && excludedMerged[ex].start <= s.start) continue;
      const marks = marksAt(si);
      // Most sentences hold no citation-like mark: nothing below would find anything in them.
      if (marks.quiet()) continue;
      const around = opts.memo ? surroundings(s, bySentenceIndex.get(si)) : undefined;
      let kept: KeptSentence | undefined;
      if (around && marks.linked) {
        for (let i = 0; i < marks.linked.length; i++) {
          const k = marks.linked[i];
          if (k.env === passEnv && sameSurroundings(k.around, around)) {
            kept = k;
            break;
          }
        }
      }
      if (kept && replaySentence(kept.log, si, s.start)) continue;
      const log: SentenceLog = [];
      linkSentence(si, s, marks, log);
      if (around) {
        const linked = (marks.linked ??= []);
        if (linked.length >= 4) linked.shift();
        linked.push({ env: passEnv, around, log });
      }
    }
  }
  // Markdown footnote references, found in the tree's text (the splitter may leave them between sentences).
  for (const m of note.matchAll(FOOTNOTE_REF)) {
    const def = footnotes.get(m[1].toLowerCase()) ?? footnotes.get(m[1]);
    push({ kind: 'footnote', key: m[1], start: m.index!, end: m.index! + m[0].length, sourceId: def?.sourceId });
  }

  /** The excluded and verbatim ranges over a sentence and the citations already in it, relative to it. */
  function surroundings(s: SentenceInfo, before: readonly Citation[] | undefined): Surroundings {
    const end = s.start + s.text.length;
    let marks: readonly (number | string)[] = NO_MARKS;
    if (before?.length) {
      const flat: (number | string)[] = [];
      for (let i = 0; i < before.length; i++) flat.push(before[i].start - s.start, before[i].end - s.start, before[i].kind);
      marks = flat;
    }
    return { excluded: clipped(excludedMerged, s.start, end), verbatim: clipped(verbatim, s.start, end), before: marks };
  }

  /**
   * Plays a sentence's kept log again if every read in it answers as it did (stubs the sentence made
   * itself counted as made): its stubs are made and its citations pushed, moved to the sentence's place.
   */
  function replaySentence(log: SentenceLog, si: number, base: number): boolean {
    let ownIds: Set<string> | undefined;
    let ownIdentifiers: Map<string, string> | undefined;
    // Indexed loops: every citing sentence replays at every keystroke, first on code V8 has not
    // optimised yet, where a for-of allocates an iterator and a result per entry.
    for (let i = 0; i < log.length; i++) {
      const e = log[i];
      switch (e.op) {
        case 'has': if ((byId.has(e.key) || !!ownIds?.has(e.key)) !== e.result) return false; break;
        case 'stub?': if ((ownIds?.has(e.key) ? true : !!byId.get(e.key)?.stub) !== e.result) return false; break;
        case 'find': if ((byId.byIdentifier(e.key)?.id ?? ownIdentifiers?.get(e.key)) !== e.result) return false; break;
        case 'author-year': if (authorYearSource(e.name, e.year)?.id !== e.result) return false; break;
        case 'in-link': if (inLink(base + e.at) !== e.result) return false; break;
        case 'stub':
          (ownIds ??= new Set()).add(e.source.id);
          for (const key of identifierKeys(e.source)) if (!byId.hasIdentifier(key) && !(ownIdentifiers ??= new Map()).has(key)) ownIdentifiers.set(key, e.source.id);
          break;
        default: break;
      }
    }
    // The same log at the same place and index makes citations equal to the last ones: those are pushed again.
    const last = lastReplays?.[si];
    const again = last !== undefined && last.log === log && last.base === base ? last.made : undefined;
    const made: Citation[] = again ?? [];
    let k = 0;
    for (let i = 0; i < log.length; i++) {
      const e = log[i];
      if (e.op === 'stub') addStub({ ...e.source });
      // One copy, moved and placed in its sentence (not a moved copy copied again by push).
      else if (e.op === 'push') {
        let full: Citation;
        if (again) full = again[k++];
        else made.push(full = { ...e.citation, start: e.citation.start + base, end: e.citation.end + base, sentence: si });
        push(full, si, false, true);
      }
    }
    replays[si] = again ? last : { log, base, made };
    return true;
  }

  /** Finds the citations written in sentence `si`, logging what it reads and does (see replaySentence). */
  function linkSentence(si: number, s: SentenceInfo, marks: SentenceMarks, log: SentenceLog): void {
    const t = s.text;
    const at = (i: number) => s.start + i;
    const has = (key: string): boolean => {
      const result = byId.has(key);
      log.push({ op: 'has', key, result });
      return result;
    };
    const find = (field: 'doi' | 'pmid', value: string): Source | undefined => {
      const hit = findBy(field, value);
      log.push({ op: 'find', key: identifierKey(field, value), result: hit?.id });
      return hit;
    };
    const stub = (source: Source): string => {
      log.push({ op: 'stub', source: { ...source } });
      return addStub(source);
    };
    const emit = (c: Omit<Citation, 'sentence'>): void => {
      log.push({ op: 'push', citation: { ...c, start: c.start - s.start, end: c.end - s.start } });
      push(c, si);
    };
    // Pandoc bracketed citations.
    for (const m of marks.all(PANDOC_BRACKET)) {
      if (inVerbatim(at(m.index!))) continue;
      const inner = m[1];
      const innerStart = s.start + m.index! + 1;
      for (const k of marksOf(inner).all(PANDOC_KEY)) {
        const key = k[3];
        const start = innerStart + k.index! + k[1].length;
        const end = start + k[2].length + key.length;
        emit(has(key) ? { kind: 'pandoc', key, start, end, sourceId: key } : { kind: 'pandoc', key, start, end, suggestions: closestKeys(key, knownKeys()) });
      }
    }
    // A bracket left open ("[@smith2010." ) or a bare key in brackets ("[smith2010]"): malformed.
    for (const m of marks.all(UNCLOSED_KEY)) {
      const start = at(m.index!);
      if (inVerbatim(start)) continue;
      const key = m[1].replace(/^-?@/, '');
      const known = has(key);
      const fixKey = known ? key : closestKeys(key, knownKeys())[0];
      emit({ kind: 'malformed', key, start, end: start + 1 + m[1].length, sourceId: known ? key : undefined, suggestions: fixKey ? [fixKey] : [], fix: `[@${fixKey ?? key}]` });
    }
    if (knownKeys().length) {
      for (const m of marks.all(BRACKET_WORD)) {
        const start = at(m.index!);
        if (inVerbatim(start)) continue;
        const linked = inLink(start);
        log.push({ op: 'in-link', at: start - s.start, result: linked });
        if (linked) continue;
        const key = m[1];
        let real = has(key);
        if (real) {
          real = !byId.get(key)!.stub;
          log.push({ op: 'stub?', key, result: !real });
        }
        const fixKey = real ? key : closestKeys(key, knownKeys())[0];
        if (!fixKey) continue;
        emit({ kind: 'malformed', key, start, end: start + m[0].length, suggestions: [fixKey], fix: `[@${fixKey}]` });
      }
    }
    // In-text @key (Pandoc author-in-text form).
    for (const m of marks.all(IN_TEXT_KEY)) {
      const start = at(m.index! + m[1].length);
      if (inVerbatim(start)) continue;
      const key = m[2];
      if ((bySentenceIndex.get(si) ?? NO_CITATIONS).some((c) => start >= c.start - 2 && start < c.end)) continue;
      if (has(key)) emit({ kind: 'pandoc-in-text', key, start, end: start + 1 + key.length, sourceId: key });
      else if (expectsKeys) emit({ kind: 'pandoc-in-text', key, start, end: start + 1 + key.length, suggestions: closestKeys(key, knownKeys()) });
    }
    for (const m of marks.all(BARE_DOI)) {
      const start = at(m.index!);
      const d = m[1];
      emit({ kind: 'doi', key: d, start, end: start + m[0].length, sourceId: find('doi', d)?.id ?? stub({ id: `doi:${d}`, doi: d, text: '', stub: true }) });
    }
    for (const m of marks.all(PMID)) {
      const start = at(m.index!);
      const p = m[1] ?? m[2];
      emit({ kind: 'pmid', key: p, start, end: start + m[0].length, sourceId: find('pmid', p)?.id ?? stub({ id: `pmid:${p}`, pmid: p, text: '', stub: true }) });
    }
    for (const m of marks.all(NUMBERED)) {
      const start = at(m.index!);
      if (inVerbatim(start)) continue;
      for (const n of expandRange(m[1])) emit({ kind: 'numbered', key: String(n), start, end: start + m[0].length, sourceId: numbered(n)?.sourceId, form: 'bracket' });
    }
    // "(1)", "(1, 2)", "(1–3)": a citation only against a numbered reference list that has every number,
    // and not an enumeration ("(1) older and (2) sicker"); "(ref. 3)", "(reference 2)" always are.
    const { list: parens, enumeration } = marks.parens();
    for (const m of parens) {
      const start = at(m.index!);
      if (inVerbatim(start) || /\d$/.test(t.slice(0, m.index!))) continue;
      const nums = expandRange(m[2]);
      const explicit = !!m[1];
      if (!explicit && (enumeration || !referenceList.length || !nums.every((n) => numbered(n)))) continue;
      for (const n of nums) emit({ kind: 'numbered', key: String(n), start, end: start + m[0].length, sourceId: numbered(n)?.sourceId, form: explicit ? 'ref' : 'paren' });
    }
    for (const m of marks.all(AUTHOR_YEAR)) {
      const name = normName(m[1]);
      const year = Number(m[2]);
      const hit = authorYearSource(name, year);
      log.push({ op: 'author-year', name, year, result: hit?.id });
      const start = at(m.index!);
      if (hit) emit({ kind: 'author-year', key: `${m[1]} ${m[2]}`, start, end: start + m[0].length, sourceId: hit.id });
      // In a document with a loaded bibliography, a narrative citation ("Rosenthal and Jackson (1963)",
      // "Smith et al. (2010)") that names no entry is unresolved: it should be a key.
      else if (knownKeys().length && /\s(?:et\s+al\.?|and|&)\s[\s\S]*\((?:19|20)\d\d[a-z]?\)$/.test(m[0])) {
        emit({ kind: 'author-year', key: `${m[1]} ${m[2]}`, start, end: start + m[0].length });
      }
    }
  }
  /** The first known source (library or stub) by an author named `name` (normalised) in `year`. */
  function authorYearSource(name: string, year: number): Source | undefined {
    for (const src of byId.values()) {
      if (src.year === year && src.authors?.length && (normName(src.authors[0]) === name || normName(src.authors[0]).endsWith(name) || name.endsWith(normName(src.authors[0])))) return src;
    }
    return undefined;
  }
  function inLink(start: number): boolean {
    return structure.links.some((l) => start >= l.start && start < l.end);
  }

  // Trial acronyms the note introduces with a reference ("the REDUCE-IT trial [3]"), or that name
  // one source's title ("… (ASCEND)"), stand for that source wherever else the note names them.
  const acronyms = new Map<string, string | null>();
  const claim = (acr: string, id: string) => acronyms.set(acr, acronyms.has(acr) && acronyms.get(acr) !== id ? null : id);
  byId.eachAcronym(claim);
  // forEach: no [key, value] pair made per cited sentence.
  bySentenceIndex.forEach((own, si) => {
    // Only a sentence that names one source introduces an acronym.
    let id: string | undefined;
    let one = false;
    for (let i = 0; i < own.length; i++) {
      const c = own[i];
      if (!c.sourceId) continue;
      if (id === undefined) { id = c.sourceId; one = true; } else if (c.sourceId !== id) { one = false; break; }
    }
    if (!one || id === undefined) return;
    const prose = sentences[si].prose;
    for (const m of marksOf(prose).all(ACRONYM)) {
      const after = prose.slice(m.index! + m[0].length, m.index! + m[0].length + 40);
      const introduced = /^\s*(?:trial|study|investigators|randomi[sz]ed)\b/i.test(after);
      if (introduced && trialLike(m[0]) && !acronyms.has(m[0])) claim(m[0], id);
    }
  });
  if (acronyms.size) {
    for (let si = 0; si < sentences.length; si++) {
      if (inExcluded(sentences[si].start) || (bySentenceIndex.get(si) ?? NO_CITATIONS).some((c) => c.sourceId)) continue;
      for (const m of marksOf(sentences[si].prose).all(ACRONYM)) {
        const id = acronyms.get(m[0]);
        if (!id) continue;
        const start = sentences[si].start + m.index!;
        if (push({ kind: 'acronym', key: m[0], start, end: start + m[0].length, sourceId: id }, si)) break;
      }
    }
  }
  for (const w of wikiPending) {
    const id = acronyms.get(w.target) ?? undefined;
    // In a Pandoc document (bibliography, [@key] citations) a wiki link renders as plain text: report it when unresolved.
    push({ kind: 'wiki', key: w.target, start: w.start, end: w.end, sourceId: id ?? undefined, suggestions: !id && expectsKeys ? [] : undefined }, sentenceFor(w.start), true);
  }
  citations.sort((a, b) => a.start - b.start);

  // Which sources each sentence rests on.
  const bySentence = new Map<number, { sourceIds: string[]; via: CitationKind[] }>();
  const add = (si: number, id: string, via: CitationKind) => {
    const e = bySentence.get(si);
    // Made holding its first source: most sentences rest on one.
    if (!e) bySentence.set(si, { sourceIds: [id], via: [via] });
    else if (!e.sourceIds.includes(id)) { e.sourceIds.push(id); e.via.push(via); }
  };
  for (const c of citations) if (c.sourceId && c.sentence >= 0) add(c.sentence, c.sourceId, c.kind);
  // A sentence that is only a citation ("[@key].") lends it to the sentence before.
  lendToSentenceBefore();
  function lendToSentenceBefore(): void {
    for (let si = 1; si < sentences.length; si++) {
      const s = sentences[si];
      const own = bySentenceIndex.get(si) ?? NO_CITATIONS;
      if (!own.length) continue;
      if (marksAt(si).hasWordsBesides(own, s.start)) continue;
      if (sentences[si - 1].blockIndex !== s.blockIndex) continue;
      for (const c of own) if (c.sourceId) add(si - 1, c.sourceId, c.kind);
    }
  }
  /** Spreads the sources of each paragraph's last sentence to the paragraph's earlier sentences. */
  const spreadFromParagraphEnd = (accept: (last: { sourceIds: string[]; via: CitationKind[] }) => boolean, uncovered: (k: number) => boolean): void => {
    for (let i = 0; i < sentences.length;) {
      let j = i;
      while (j + 1 < sentences.length && sentences[j + 1].blockIndex === sentences[i].blockIndex) j++;
      const last = bySentence.get(j);
      if (last && j > i && accept(last)) {
        for (let k = i; k < j; k++) if (uncovered(k)) for (const id of last.sourceIds) add(k, id, 'paragraph');
      }
      i = j + 1;
    }
  };
  // Paragraph-final citations cover earlier uncited sentences of the paragraph.
  if (opts.paragraphCitations) spreadFromParagraphEnd(() => true, (k) => !bySentence.has(k));
  // A paragraph that opens with its source as a lead-in ("**[Smith et al.](…)**: 24 patients…") is about that source.
  if (opts.paragraphCitations) spreadLeadIns();
  function spreadLeadIns(): void {
    for (let i = 0; i < sentences.length;) {
      let j = i;
      while (j + 1 < sentences.length && sentences[j + 1].blockIndex === sentences[i].blockIndex) j++;
      const first = j > i ? bySentenceIndex.get(i) : undefined;
      const lead = first ? first.filter((c) => c.sourceId && /^[\s*_>]*$/.test(note.slice(sentences[i].start, c.start))) : NO_CITATIONS;
      if (lead.length && j > i) for (let k = i + 1; k <= j; k++) if (!bySentence.has(k) && !bySentenceIndex.get(k)?.length) for (const c of lead) add(k, c.sourceId!, 'paragraph');
      i = j + 1;
    }
  }
  // Anaphora: "this study" → nearest preceding cited source.
  anaphoraPass();
  function anaphoraPass(): void {
    let lastSource: string | undefined;
    const quotedStarts = sources.filter((s) => s.inNote && typeof s.origin?.start === 'number');
    for (let si = 0; si < sentences.length; si++) {
      const s = sentences[si];
      const mine = bySentenceIndex.get(si) ?? NO_CITATIONS;
      const namesSomething = mine.length > 0;
      if (!bySentence.has(si) && !namesSomething) {
        const m = marksAt(si).anaphora();
        if (m) {
          const previousQuoted = quotedStarts.filter((q) => (q.origin!.end ?? 0) <= s.start).pop();
          // A note that discusses "this study" and quotes its abstract further down means that abstract.
          const nextQuoted = quotedStarts.find((q) => (q.origin!.start ?? 0) > s.start);
          const target = lastSource ?? previousQuoted?.id ?? nextQuoted?.id;
          if (target) {
            const start = s.start + m.index;
            citations.push({ kind: 'anaphora', key: m[0], start, end: start + m[0].length, sentence: si, sourceId: target });
            add(si, target, 'anaphora');
          }
        } else {
          // "It shows that…", "They found…" right after a sentence about a source: the pronoun is that source.
          const p = marksAt(si).pronounReport();
          const prev = bySentence.get(si - 1);
          if (p && prev && si > 0) {
            const start = s.start + p[0].indexOf(p[1]);
            for (const id of prev.sourceIds) {
              citations.push({ kind: 'anaphora', key: p[1], start, end: start + p[1].length, sentence: si, sourceId: id });
              add(si, id, 'anaphora');
            }
          }
        }
      }
      for (let k = mine.length - 1; k >= 0; k--) {
        if (mine[k].sourceId) { lastSource = mine[k].sourceId; break; }
      }
    }
  }
  // A paragraph that ends by referring back ("This study therefore…") is about that source too.
  if (opts.paragraphCitations) {
    spreadFromParagraphEnd((last) => last.via.includes('anaphora'), (k) => !bySentence.has(k) && !(bySentenceIndex.get(k)?.length));
  }

  // A note about one paper: its results and conclusions sections rest on that paper unless they cite something else.
  const mainPaper = findMainPaper();
  if (mainPaper) {
    for (let si = 0; si < sentences.length; si++) {
      const s = sentences[si];
      if (s.block === 'heading' || bySentence.has(si) || (bySentenceIndex.get(si)?.length) || inExcluded(s.start)) continue;
      const path = structure.sections.filter((sec) => s.start >= sec.start && s.start < sec.end).map((sec) => sec.title);
      if (path.some((t) => RESULT_SECTION.test(t))) add(si, mainPaper, 'paper');
    }
  }

  function findMainPaper(): string | undefined {
    const data = parseFrontMatter(note).data as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined);
    const doi = str(data.doi)?.replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '');
    if (doi && /^10\.\d{4,9}\//.test(doi)) return findByDoi(doi)?.id ?? addStub({ id: `doi:${doi}`, doi, title: str(data.title), text: '', stub: true });
    const pmid = str(data.pmid);
    if (pmid && /^\d{5,9}$/.test(pmid)) return findByPmid(pmid)?.id ?? addStub({ id: `pmid:${pmid}`, pmid, title: str(data.title), text: '', stub: true });
    const quoted = sources.filter((q) => q.inNote && typeof q.textOffset === 'number' && q.text.trim());
    if (quoted.length === 1) return quoted[0].id;
    const title = str(data.title) ?? tomlTitle();
    if (!title) return undefined;
    const lib = title.split(/\s+/).length >= 4 ? matchLibrarySource({ title }, sources.filter((q) => !q.stub)) : undefined;
    if (lib) return lib.id;
    // A title that names one trial ("…: the SYGMA2 trial", "… - RCT", "INTERACT-2") makes the note an appraisal of it.
    if (!/\b(?:trial|RCT|randomi[sz]ed)\b/i.test(title) && !/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\d[A-Z]?$|^[A-Z]*\d*-?[A-Z]{3,}\d+$/.test(title.trim())) return undefined;
    return byId.has(`paper:${title}`) ? `paper:${title}` : addStub({ id: `paper:${title}`, title, text: '', stub: true });
  }

  /** The title of TOML front matter (`title = "…"`), which the YAML reader does not see. */
  function tomlTitle(): string | undefined {
    const fm = structure.frontMatter;
    if (!fm || !note.startsWith('+++')) return undefined;
    return /^title\s*=\s*["'](.+?)["']\s*$/m.exec(note.slice(fm.start, fm.end))?.[1];
  }

  citations.sort((a, b) => a.start - b.start);
  markSpace?.set(LAST_MARKS, { sentences, key: 'text', values: sentenceMarks } satisfies SentenceRow<SentenceMarks> as unknown as SentenceMarks);
  markSpace?.set(LAST_REPLAYS, replays as unknown as SentenceMarks);
  return { citations, bySentence, stubSources, known: byId, referenceList, excluded, mainPaper };
}

/** Sorted, merged copy of possibly overlapping ranges, for binary search. */
export function mergeRanges(ranges: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/**
 * `text` with `ranges` (at offsets from `base`; in any order, overlapping or not, clamped to the
 * text) replaced by spaces: the same length, so offsets still point where they did. One pass over
 * the merged ranges: a sentence of a few hundred citations blanked one at a time was copied once
 * per citation.
 */
export function blankRanges(text: string, ranges: readonly { start: number; end: number }[], base = 0): string {
  let out = '';
  let at = 0;
  for (const r of mergeRanges(ranges)) {
    const from = Math.max(at, Math.min(text.length, r.start - base));
    const to = Math.min(text.length, r.end - base);
    if (to <= from) continue;
    out += text.slice(at, from) + ' '.repeat(to - from);
    at = to;
  }
  return at ? out + text.slice(at) : text;
}

/** Whether `o` lies in one of the sorted, merged `ranges`. */
export function inRanges(ranges: readonly { start: number; end: number }[], o: number): boolean {
  let lo = 0, hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].end <= o) lo = mid + 1;
    else if (ranges[mid].start > o) hi = mid - 1;
    else return true;
  }
  return false;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Ids footnote and reference anchors use: `fn2`, `footnote-2`, `ref3`, `cite_note-4`, `r12`, `note5`, `2`. */
const FOOTNOTE_ID = /^(?:(?:fn|footnote|note|ref|reference|cite|citation|bib|r|n)[-_:.]?(?:note[-_])?)?\d{1,3}(?:[-_:.]\w+)?$/i;

/** The anchor a Markdown renderer (GitHub, VS Code, Pandoc's gfm_auto_identifiers) gives a heading. */
export function headingSlug(title: string): string {
  return title.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

