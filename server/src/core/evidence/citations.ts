/**
 * Links from the note to sources: Pandoc citations, numbered references, footnotes, DOI/PubMed
 * links, bare DOIs/PMIDs, author-year mentions and anaphora ("this study"). Each mention keeps
 * its range (the LSP uses them for go-to-definition and completion).
 */
import { distance } from 'fastest-levenshtein';
import type { SentenceInfo, Source } from '../types';
import { matchLibrarySource, parseReferenceLine } from './quoted';

export type CitationKind =
  | 'pandoc' | 'pandoc-in-text' | 'numbered' | 'footnote' | 'doi-link' | 'pubmed-link' | 'doi' | 'pmid'
  | 'author-year' | 'anaphora' | 'paragraph';

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
}

/** An entry of the note's own numbered reference list. */
export interface ReferenceListEntry {
  number: number;
  text: string;
  start: number;
  end: number;
  sourceId: string;
}

export interface LinkResult {
  citations: Citation[];
  /** Per sentence index: resolved source ids the sentence's claim rests on (explicit, paragraph or anaphora). */
  bySentence: Map<number, { sourceIds: string[]; via: CitationKind[] }>;
  /** Stub sources made for reference-list entries, DOI links etc. that match nothing in the library. */
  stubSources: Source[];
  referenceList: ReferenceListEntry[];
  /** Ranges that are not prose claims (reference list, footnote definitions). */
  excluded: { start: number; end: number }[];
}

const PANDOC_BRACKET = /\[([^[\]]*?-?@[^[\]]*?)\](?!\()/g;
const PANDOC_KEY = /(^|[\s;[(-])(-?@)([A-Za-z0-9_][\w:.#$%&+?<>~/-]*[\w])/g;
const IN_TEXT_KEY = /(^|[^\w@[\\.])@([A-Za-z_][\w:.#$%&+?<>~/-]*[\w])/g;
const NUMBERED = /(?<!\])\[(\d{1,3}(?:\s*[-–—,]\s*\d{1,3})*)\](?![(:[])/g;
const FOOTNOTE_REF = /\[\^([^\]\s]+)\](?!:)/g;
const MD_LINK = /\[([^\]]*)\]\(\s*<?(https?:\/\/[^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const BARE_DOI = /\b(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/[^\s"<>)\]]+[^\s"<>)\].,;:])/gi;
const PMID = /\bPMID:?\s*(\d{5,9})\b|https?:\/\/(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pubmed)\/(\d{5,9})/gi;
const AUTHOR_YEAR = /\b([A-Z][\p{L}'’-]+(?:[ -][A-Z][\p{L}'’-]+)?)(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][\p{L}'’-]+)?,?\s+\(?((?:19|20)\d\d)[a-z]?\)?/gu;
const ANAPHORA = /\b(?:this|that|the|these|those|their|its)\s+(?:same\s+)?(?:study|trial|paper|analysis|work|report|authors|investigators|results?|findings|data|abstract|cohort|experiment|effects?|benefits?|reduction|difference|association|improvement)\b/i;
/** A pronoun subject of a reporting verb opening a sentence: "It shows that", "They also found". */
const PRONOUN_REPORT = /^\s*(?:\d+[.)]\s+)?(It|They)\s+(?:also\s+|clearly\s+|further\s+|therefore\s+|thus\s+)?(?:shows?|showed|shown|demonstrat(?:es|ed)|finds|found|reports?|reported|suggests?|suggested|indicates?|indicated|confirms?|confirmed|reveals?|revealed)\b/;
const REF_HEADING = /^#{1,6}[ \t]*(?:references|bibliography|sources|works cited|literature(?: cited)?|citations)\b.*$/gim;

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
export function closestKeys(key: string, known: string[], max = 3): string[] {
  const limit = Math.max(3, Math.floor(key.length / 2));
  return known
    .map((k) => ({ k, d: distance(key.toLowerCase(), k.toLowerCase()) - (k.toLowerCase().startsWith(key.toLowerCase().slice(0, 4)) ? 1 : 0) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, max)
    .map((x) => x.k);
}

/** Finds every link in the note and resolves it against `sources` (mutated: stubs are appended by the caller). */
export function linkCitations(note: string, sentences: SentenceInfo[], sources: Source[], opts: { paragraphCitations: boolean }): LinkResult {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const stubSources: Source[] = [];
  const addStub = (s: Source) => { stubSources.push(s); byId.set(s.id, s); return s.id; };
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
  const findByDoi = (doi: string) => sources.find((s) => s.doi && s.doi.toLowerCase() === doi.toLowerCase()) ?? stubSources.find((s) => s.doi?.toLowerCase() === doi.toLowerCase());
  const findByPmid = (pmid: string) => sources.find((s) => s.pmid === pmid) ?? stubSources.find((s) => s.pmid === pmid);

  // The note's numbered reference list.
  const referenceList: ReferenceListEntry[] = [];
  REF_HEADING.lastIndex = 0;
  for (let h = REF_HEADING.exec(note); h; h = REF_HEADING.exec(note)) {
    const from = h.index + h[0].length;
    const nextHeading = note.slice(from).search(/^#{1,6}[ \t]/m);
    const to = nextHeading < 0 ? note.length : from + nextHeading;
    excluded.push({ start: h.index, end: to });
    const re = /^[ \t]*(?:(\d{1,3})[.)]|\[(\d{1,3})\])[ \t]+(.+(?:\n(?![ \t]*(?:\d{1,3}[.)]|\[\d{1,3}\])[ \t])[ \t]*\S.*)*)/gm;
    const block = note.slice(from, to);
    for (let m = re.exec(block); m; m = re.exec(block)) {
      const n = Number(m[1] ?? m[2]);
      const text = m[3].replace(/\s+/g, ' ').trim();
      const start = from + m.index;
      const end = start + m[0].length;
      referenceList.push({ number: n, text, start, end, sourceId: resolveReferenceText(text, `ref-${n}`, start, end) });
    }
  }
  // Footnote definitions.
  const footnotes = new Map<string, { start: number; end: number; sourceId?: string }>();
  for (const m of note.matchAll(/^\[\^([^\]\s]+)\]:[ \t]*(.+(?:\n(?:[ \t]{2,}|\t).+)*)/gm)) {
    const start = m.index!;
    const end = start + m[0].length;
    excluded.push({ start, end });
    const body = m[2];
    const key = /(?:^|[\s[;])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*\w)/.exec(body)?.[1];
    const sourceId = key && byId.has(key) ? key : resolveReferenceText(body, `fn-${m[1]}`, start, end);
    footnotes.set(m[1], { start, end, sourceId });
  }

  function resolveReferenceText(text: string, fallbackId: string, start: number, end: number): string {
    const key = /(?:^|[\s[;])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*\w)/.exec(text)?.[1];
    if (key && byId.has(key)) return key;
    const doi = /\b(10\.\d{4,9}\/[^\s"<>)\]]+[^\s"<>)\].,;:])/.exec(text)?.[1];
    const pmid = /\bPMID:?\s*(\d{5,9})/i.exec(text)?.[1] ?? /pubmed[^\s]*\/(\d{5,9})/.exec(text)?.[1];
    const hit = (doi && findByDoi(doi)) || (pmid && findByPmid(pmid));
    if (hit) return hit.id;
    const ref = parseReferenceLine(text);
    if (ref) {
      const lib = matchLibrarySource(ref, sources);
      if (lib) return lib.id;
    }
    return addStub({ id: fallbackId, title: ref?.title ?? text.slice(0, 120), authors: ref?.authors, year: ref?.year, journal: ref?.journal, doi, pmid, text: '', origin: { start, end }, stub: true });
  }

  const inExcluded = (o: number) => excluded.some((r) => o >= r.start && o < r.end);
  // Citations found so far in the current sentence (overlap checks stay local).
  let current: Citation[] = [];
  const push = (c: Omit<Citation, 'sentence'>) => {
    if (inExcluded(c.start)) return;
    if (current.some((x) => c.start < x.end && c.end > x.start)) return;
    const full = { ...c, sentence: sentenceAt(c.start) };
    citations.push(full);
    current.push(full);
  };
  const knownKeys = () => [...byId.keys()].filter((k) => !byId.get(k)?.stub);

  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    current = [];
    if (inExcluded(s.start)) continue;
    const t = s.text;
    const blanked = (i: number) => s.prose[i] === ' ' && t[i] !== ' ';
    // Pandoc bracketed citations.
    for (const m of t.matchAll(PANDOC_BRACKET)) {
      if (blanked(m.index!)) continue;
      const inner = m[1];
      const innerStart = s.start + m.index! + 1;
      for (const k of inner.matchAll(PANDOC_KEY)) {
        const key = k[3];
        const start = innerStart + k.index! + k[1].length;
        const end = start + k[2].length + key.length;
        push(byId.has(key) ? { kind: 'pandoc', key, start, end, sourceId: key } : { kind: 'pandoc', key, start, end, suggestions: closestKeys(key, knownKeys()) });
      }
    }
    // In-text @key (Pandoc author-in-text form).
    for (const m of t.matchAll(IN_TEXT_KEY)) {
      const at = m.index! + m[1].length;
      if (blanked(at)) continue;
      const key = m[2];
      const start = s.start + at;
      const inBracket = current.some((c) => start >= c.start - 2 && start < c.end);
      if (inBracket) continue;
      if (byId.has(key)) push({ kind: 'pandoc-in-text', key, start, end: start + 1 + key.length, sourceId: key });
      else if (knownKeys().length) push({ kind: 'pandoc-in-text', key, start, end: start + 1 + key.length, suggestions: closestKeys(key, knownKeys()) });
    }
    // Markdown links to DOI / PubMed.
    for (const m of t.matchAll(MD_LINK)) {
      const url = m[2];
      const start = s.start + m.index!;
      const end = start + m[0].length;
      const doi = /doi\.org\/(10\.[^\s?#]+)/i.exec(url)?.[1];
      const pmid = /(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pubmed)\/(\d+)/.exec(url)?.[1];
      if (doi) {
        const d = decodeURIComponent(doi);
        push({ kind: 'doi-link', key: d, start, end, sourceId: findByDoi(d)?.id ?? addStub({ id: `doi:${d}`, doi: d, title: m[1] || undefined, text: '', stub: true }) });
      } else if (pmid) {
        push({ kind: 'pubmed-link', key: pmid, start, end, sourceId: findByPmid(pmid)?.id ?? addStub({ id: `pmid:${pmid}`, pmid, title: m[1] || undefined, text: '', stub: true }) });
      }
    }
    for (const m of t.matchAll(BARE_DOI)) {
      const start = s.start + m.index!;
      const d = m[1];
      push({ kind: 'doi', key: d, start, end: start + m[0].length, sourceId: findByDoi(d)?.id ?? addStub({ id: `doi:${d}`, doi: d, text: '', stub: true }) });
    }
    for (const m of t.matchAll(PMID)) {
      const start = s.start + m.index!;
      const p = m[1] ?? m[2];
      push({ kind: 'pmid', key: p, start, end: start + m[0].length, sourceId: findByPmid(p)?.id ?? addStub({ id: `pmid:${p}`, pmid: p, text: '', stub: true }) });
    }
    for (const m of t.matchAll(NUMBERED)) {
      if (blanked(m.index!)) continue;
      const start = s.start + m.index!;
      const nums = expandRange(m[1]);
      for (const n of nums) {
        const entry = referenceList.find((r) => r.number === n);
        const c: Omit<Citation, 'sentence'> = entry
          ? { kind: 'numbered', key: String(n), start, end: start + m[0].length, sourceId: entry.sourceId }
          : { kind: 'numbered', key: String(n), start, end: start + m[0].length };
        if (!inExcluded(c.start)) { const full = { ...c, sentence: si }; citations.push(full); current.push(full); }
      }
    }
    for (const m of t.matchAll(FOOTNOTE_REF)) {
      const start = s.start + m.index!;
      const def = footnotes.get(m[1]);
      push({ kind: 'footnote', key: m[1], start, end: start + m[0].length, sourceId: def?.sourceId });
    }
    for (const m of t.matchAll(AUTHOR_YEAR)) {
      const name = normName(m[1]);
      const year = Number(m[2]);
      const hit = [...byId.values()].find((src) => src.year === year && src.authors?.length && (normName(src.authors[0]) === name || normName(src.authors[0]).endsWith(name) || name.endsWith(normName(src.authors[0]))));
      if (!hit) continue;
      const start = s.start + m.index!;
      push({ kind: 'author-year', key: `${m[1]} ${m[2]}`, start, end: start + m[0].length, sourceId: hit.id });
    }
  }
  const starts = new Set(citations.map((c) => c.start));
  // Footnote references the sentence splitter leaves out ("…MS.[^r]") belong to the sentence before.
  for (const m of note.matchAll(FOOTNOTE_REF)) {
    const start = m.index!;
    if (inExcluded(start) || starts.has(start)) continue;
    let si = sentenceAt(start);
    if (si < 0) {
      for (let k = sentences.length - 1; k >= 0; k--) {
        if (sentences[k].end <= start) {
          if (!/\n[ \t]*\n/.test(note.slice(sentences[k].end, start))) si = k;
          break;
        }
      }
    }
    if (si < 0) continue;
    const def = footnotes.get(m[1]);
    citations.push({ kind: 'footnote', key: m[1], start, end: start + m[0].length, sentence: si, sourceId: def?.sourceId });
  }
  citations.sort((a, b) => a.start - b.start);

  // Which sources each sentence rests on.
  const bySentence = new Map<number, { sourceIds: string[]; via: CitationKind[] }>();
  const add = (si: number, id: string, via: CitationKind) => {
    const e = bySentence.get(si) ?? { sourceIds: [], via: [] };
    if (!e.sourceIds.includes(id)) { e.sourceIds.push(id); e.via.push(via); }
    bySentence.set(si, e);
  };
  for (const c of citations) if (c.sourceId && c.sentence >= 0) add(c.sentence, c.sourceId, c.kind);
  // A sentence that is only a citation ("[@key].") lends it to the sentence before.
  const bySentenceIndex = new Map<number, Citation[]>();
  for (const c of citations) bySentenceIndex.set(c.sentence, [...(bySentenceIndex.get(c.sentence) ?? []), c]);
  for (let si = 1; si < sentences.length; si++) {
    const s = sentences[si];
    const own = bySentenceIndex.get(si) ?? [];
    if (!own.length) continue;
    let rest = s.text;
    for (const c of own) rest = rest.slice(0, c.start - s.start) + ' '.repeat(c.end - c.start) + rest.slice(c.end - s.start);
    if (/[A-Za-z]{3,}/.test(rest.replace(/\b(?:see|cf|e\.g|p|pp)\b\.?/gi, ''))) continue;
    if (sentences[si - 1].blockIndex !== s.blockIndex) continue;
    for (const c of own) if (c.sourceId) add(si - 1, c.sourceId, c.kind);
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
  // Anaphora: "this study" → nearest preceding cited source.
  let lastSource: string | undefined;
  const quotedStarts = sources.filter((s) => s.inNote && typeof s.origin?.start === 'number');
  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    const mine = bySentenceIndex.get(si) ?? [];
    const explicit = mine.filter((c) => c.sourceId);
    const namesSomething = mine.length > 0;
    if (!bySentence.has(si) && !namesSomething) {
      const m = ANAPHORA.exec(s.text);
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
        const p = PRONOUN_REPORT.exec(s.text);
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
    if (explicit.length) lastSource = explicit[explicit.length - 1].sourceId;
  }
  // A paragraph that ends by referring back ("This study therefore…") is about that source too.
  if (opts.paragraphCitations) {
    spreadFromParagraphEnd((last) => last.via.includes('anaphora'), (k) => !bySentence.has(k) && !(bySentenceIndex.get(k)?.length));
  }

  citations.sort((a, b) => a.start - b.start);
  return { citations, bySentence, stubSources, referenceList, excluded };
}
