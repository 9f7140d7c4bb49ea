import type { ClaimAnalysis, Drug, EvidenceSentence, SentenceInfo, Source } from '../types';
import type { Settings } from '../settings';
import type { Memo } from '../memo';
import { drugRecognizerFor } from '../drugs';
import { PlacedList } from '../placed';
import { blankRanges, inRanges, linkCitations, mergeRanges, type Citation, type ReferenceListEntry } from './citations';
import { compareProfiles, type NumberMismatch, type ReasonDetail } from './compare';
import { findBlockquotesUnderParagraphs, findQuotedAbstracts, findQuotesUnderReferenceLines, matchLibrarySource } from './quoted';
import { rankSentences, sentencePoolOf, sourceSentences, suggestSources, type RankedSentence } from './search';
import { parseFrontMatter, type FrontMatter, type SourceLoadError } from './sources';
import { terms } from './text';
import { keptClaims } from './kept';
import { firstOfEachId } from './known-sources';
import { makeClaim } from './claim';
import { profileStudy, type StudyProfile } from './study';
import { parseMarkdown } from '../markdown/parse';
import { buildNoteStructure, type NoteStructure } from '../markdown/structure';

export type { SourceLoadError } from './sources';
export type { StudyProfile } from './study';
export type { Citation } from './citations';

export interface EvidenceInput {
  text: string;
  sentences: SentenceInfo[];
  /** Sources loaded by the adapters (BibTeX, CSL-JSON, folders…), already parsed. */
  sources: Source[];
  settings: Settings;
  /**
   * Drug mentions the pipeline already found in the note (a list, or the pipeline's blocks' moved
   * when read: see PlacedList); recognised here only when absent.
   */
  drugs?: Drug[] | PlacedList<Drug>;
  /** Problems the adapters met while loading sources (see workspace/sources.ts). */
  sourceErrors?: SourceLoadError[] | unknown[];
  /** The note's structure from the pipeline's parse; built here when absent. */
  structure?: NoteStructure;
  /** What earlier analyses of the same note kept (see Memo); absent for a one-off analysis. */
  memo?: Memo;
}

export interface EvidenceResult {
  claims: ClaimAnalysis[];
  /** Sources found inside the note itself (quoted abstracts) plus the given ones. */
  sources: Source[];
  extras: Record<string, unknown>;
}

/** An evidence sentence as analyzeEvidence reports it; start/end are note offsets when the source is quoted in the note. */
export interface LocatedEvidence extends EvidenceSentence {
  start?: number;
  end?: number;
  section?: string;
}

/** ClaimAnalysis with the details the evidence rules and the hover use. */
export interface EvidenceClaim extends ClaimAnalysis {
  start: number;
  end: number;
  evidence: LocatedEvidence[];
  details: ReasonDetail[];
  mismatches: NumberMismatch[];
  /** How the claim got its sources: "pandoc", "paragraph", "anaphora"… */
  linkedVia: string[];
  /** Best library candidate for an uncited claim. */
  suggestion?: { sourceId: string; score: number; text: string };
}


const studyCache = new WeakMap<Source, StudyProfile>();
/** Study profile of a source, cached per source object. */
export function studyProfileOf(source: Source): StudyProfile {
  let p = studyCache.get(source);
  if (!p) {
    p = profileStudy(source);
    studyCache.set(source, p);
  }
  return p;
}

/**
 * Sources the note defines or quotes itself, merged with the given library. The list is shared
 * (with the next analyses, when the note has no sources of its own): read it, never change it.
 */
export function collectSources(
  text: string, given: Source[], structure?: NoteStructure, fm: FrontMatter = parseFrontMatter(text),
  /** The note's blockquotes under paragraphs, when the caller found them already. */
  blockquotes?: ReturnType<typeof findBlockquotesUnderParagraphs>,
): { sources: readonly Source[]; errors: SourceLoadError[] } {
  const quotes = [...findQuotedAbstracts(text), ...findQuotesUnderReferenceLines(text, structure, blockquotes)];
  const first = firstOfEachId(given);
  // Nothing of the note's own: the given sources as they are (the same array while they are the same objects).
  if (!fm.references.length && !quotes.length) return { sources: first.list, errors: fm.errors };
  const byId = new Map<string, Source>(first.byId);
  for (const s of fm.references) if (!byId.has(s.id)) byId.set(s.id, { ...s, origin: { ...s.origin, file: undefined }, inNote: true });
  // The sources before the quotes, listed when the note quotes one (a library can be 10,000).
  let library: Source[] | undefined;
  for (const q of quotes) {
    const lib = matchLibrarySource(q, (library ??= [...byId.values()]));
    if (lib) {
      // The note's copy of the abstract is what the writer read: use it, keep the library's metadata.
      byId.set(lib.id, { ...lib, text: q.text, textOffset: q.textOffset, inNote: true, origin: q.origin, libraryOrigin: lib.origin });
    } else {
      let id = q.id;
      for (let n = 2; byId.has(id); n++) id = `${q.id}-${n}`;
      byId.set(id, { ...q, id });
    }
  }
  return { sources: [...byId.values()], errors: fm.errors };
}

/**
 * Links claims to sources and judges them. Never throws: an unexpected failure leaves the note
 * without evidence verdicts and reports itself as a source-load error at the top of the note.
 */
export function analyzeEvidence(input: EvidenceInput): EvidenceResult {
  try {
    return analyzeEvidenceUnsafe(input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { claims: [], sources: input.sources ?? [], extras: { citations: [], studyProfiles: {}, sourceLoadErrors: [{ start: 0, end: 0, message: `evidence analysis failed: ${message}` }] } };
  }
}

function analyzeEvidenceUnsafe(input: EvidenceInput): EvidenceResult {
  const { text, sentences, settings } = input;
  const structure = input.structure ?? buildNoteStructure(text, parseMarkdown(text));
  // The front matter, read once for every use below.
  const fm = parseFrontMatter(text);
  // Blockquotes under paragraphs, found once: quoted abstracts under reference lines, passages of cited sources.
  const blockquotes = findBlockquotesUnderParagraphs(text, structure);
  const collected = collectSources(text, input.sources ?? [], structure, fm, blockquotes);
  const expectsKeys = fm.bibliography.length > 0;
  const link = linkCitations(text, sentences, collected.sources, { paragraphCitations: settings.paragraphCitations, structure, expectsKeys, memo: input.memo, library: input.sources });
  const sources = [...collected.sources, ...link.stubSources];
  // By id, as linking left them (a library's part indexed once; see known-sources.ts).
  const byId = link.known;

  // Blockquotes right under a citing paragraph are passages of the cited source.
  const passages = new Map<string, Source[]>();
  const quotedRanges: { start: number; end: number }[] = [];
  for (const s of sources) {
    if (s.inNote && typeof s.textOffset === 'number') {
      // The earlier of the two (no Infinity in between: a range's offsets stay small integers for V8).
      const origin = s.origin?.start;
      const start = typeof origin === 'number' && origin < (s.textOffset as number) ? origin : (s.textOffset as number);
      quotedRanges.push({ start, end: (s.textOffset as number) + s.text.length });
    }
  }
  // Citations by start, so each quote's lead-in finds its own by a binary search, not a scan of all.
  const citationsByStart = blockquotes.length ? link.citations.map((c, i) => ({ c, i })).sort((a, b) => a.c.start - b.c.start || a.i - b.i) : [];
  for (const q of blockquotes) {
    // A short lead-in that refers back ("The authors conclude:", "The paper says:") introduces a quote of that source too.
    const leadIn = q.before.text.length <= 160 && /:\s*$/.test(q.before.text);
    let lo = 0;
    let hi = citationsByStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (citationsByStart[mid].c.start < q.before.start) lo = mid + 1;
      else hi = mid;
    }
    // The last one in the linker's order, as a filter over all citations would give.
    let last: { c: Citation; i: number } | undefined;
    for (let k = lo; k < citationsByStart.length && citationsByStart[k].c.start <= q.before.end; k++) {
      const x = citationsByStart[k];
      if (x.c.end <= q.before.end && x.c.sourceId && (x.c.kind !== 'anaphora' || leadIn) && (!last || x.i > last.i)) last = x;
    }
    const cite = last?.c;
    if (!cite?.sourceId) continue;
    const src = byId.get(cite.sourceId);
    if (!src) continue;
    const passage: Source = { ...src, text: q.text, textOffset: q.quote.start, inNote: true };
    if (!src.text.trim()) byId.add(passage);
    else passages.set(src.id, [...(passages.get(src.id) ?? []), passage]);
    quotedRanges.push({ start: q.quote.start, end: q.quote.end });
  }
  const finalSources = sources.map((s) => byId.get(s.id)!);
  const quotedSourceRanges: { sourceId: string; start: number; end: number }[] = [];
  for (const s of [...finalSources, ...[...passages.values()].flat()]) {
    if (s.inNote && typeof s.textOffset === 'number') quotedSourceRanges.push({ sourceId: s.id, start: s.textOffset, end: s.textOffset + s.text.length });
  }
  // Mentions inside quoted sources ("the study" in an abstract) and headings are not links.
  const quotedMerged = mergeRanges(quotedRanges);
  const inQuoted = (o: number) => inRanges(quotedMerged, o);
  link.citations = link.citations.filter((c) => !((c.kind === 'anaphora' || c.kind === 'author-year') && (inQuoted(c.start) || sentences[c.sentence]?.block === 'heading')));
  // Made when a sentence linked by anaphora alone asks (few do).
  let citedSentences: Set<number> | undefined;
  // Deleting the entry being visited does not disturb the iteration of a Map: no copy of its entries
  // (and forEach makes no [key, value] pair per entry).
  link.bySentence.forEach((entry, si) => {
    if (inQuoted(sentences[si]?.start ?? -1) || sentences[si]?.block === 'heading') link.bySentence.delete(si);
    else if (entry.via.every((v) => v === 'anaphora') && !(citedSentences ??= new Set(link.citations.map((c) => c.sentence))).has(si)) link.bySentence.delete(si);
  });
  const pool = (id: string): Source[] => [byId.get(id)!, ...(passages.get(id) ?? [])].filter((s) => s && s.text.trim());
  // The indexed library is the given sources as loaded (stable objects, so the index is reused
  // across analyses); sources defined or rewritten by the note are few and ranked directly.
  // Made when a claim that cites nothing is judged (with kept claims, few analyses judge one).
  let uncitedPool: { library: Source[]; noteLocal: Source[] } | undefined;
  const suggestionCandidates = () => {
    if (uncitedPool) return uncitedPool;
    const given = new Set(input.sources ?? []);
    const library = finalSources.filter((s) => s.text.trim() && !s.stub && given.has(s));
    const noteLocal = finalSources.filter((s) => s.text.trim() && !s.stub && !given.has(s));
    return (uncitedPool = { library, noteLocal });
  };

  const excluded = [...link.excluded, ...quotedRanges];
  if (fm.range) excluded.push(fm.range);
  // Merged and sorted once: one binary search per sentence, not a scan of every range.
  const excludedMerged = mergeRanges(excluded);

  // The pipeline has matched drugs in every sentence already: reuse them on this per-keystroke path.
  // Each sentence finds its own by a search, not a scan of them all (with kept claims, only new
  // sentences ask): the pipeline's are moved to their place block by block, only when asked for.
  const noteDrugs = input.drugs === undefined ? undefined : input.drugs instanceof PlacedList ? input.drugs : PlacedList.of(input.drugs);
  const recognizer = noteDrugs ? undefined : drugRecognizerFor(settings.drugs);
  const bySentenceCitations = new Map<number, Citation[]>();
  for (const c of link.citations) {
    const list = bySentenceCitations.get(c.sentence);
    if (list) list.push(c); else bySentenceCitations.set(c.sentence, [c]);
  }
  const claims: EvidenceClaim[] = [];
  const usedSources = new Set<string>();
  // Each sentence's claim depends on the sentence, its own citations and links, and the sources:
  // with a memo, an unchanged sentence among unchanged sources gets its claim back, moved.
  const kept = input.memo ? keptClaims(input.memo, input.sources, finalSources, passages, settings, text, sentences) : undefined;
  claimsPass();

  /**
   * Each sentence's claim, judged or kept. (Its own function: V8 optimises a small function that
   * loops soon after a note opens; the loop inside this one would wait for all of it to compile.)
   */
  function claimsPass(): void {
    // The excluded ranges walked along with the sentences (in note order): no search per sentence.
    let ex = 0;
    for (let si = 0; si < sentences.length; si++) {
      const s = sentences[si];
      while (ex < excludedMerged.length && excludedMerged[ex].end <= s.start) ex++;
      if (s.block === 'heading' || s.quoteDepth > 0 || (ex < excludedMerged.length && excludedMerged[ex].start <= s.start)) continue;
      const claim = kept ? kept(s, si, bySentenceCitations.get(si), link.bySentence.get(si), judge) : judge(si);
      if (!claim) continue;
      const linkedIds = link.bySentence.get(si)?.sourceIds;
      if (linkedIds) for (const id of linkedIds) if (byId.has(id)) usedSources.add(id);
      claims.push(claim);
    }
  }

  /** The claim of sentence `si` (not a heading, quote or excluded range), or undefined when it makes none. */
  function judge(si: number): EvidenceClaim | undefined {
    const s = sentences[si];
    const own = bySentenceCitations.get(si) ?? [];
    // A cited sentence that quotes numbers is checked even when it asserts no relation ("386 of 2373 (16.3%)").
    // So is a sentence with numbers in the results of a note about one paper.
    const restsOnPaper = link.bySentence.get(si)?.via.includes('paper') ?? false;
    if (!s.claim.isClaim && !((restsOnPaper || own.some((c) => c.sourceId && c.kind !== 'anaphora')) && /\d/.test(s.prose))) return undefined;
    // Rank on the prose with citation markup blanked so keys do not count as words.
    const marks = own.filter((c) => !(c.kind === 'anaphora' || c.kind === 'author-year' || c.kind === 'acronym' || c.kind === 'link' || c.kind === 'doi-link' || c.kind === 'pubmed-link'));
    let prose = blankRanges(s.prose, marks, s.start);
    prose = prose.replace(/\[\s*(?:see\s+)?[,;\s]*(?:p{1,2}\.\s*[\d–-]+)?\s*\]/g, (m) => ' '.repeat(m.length));
    const drugs = noteDrugs
      ? noteDrugs.within(s.start, s.end).filter((d) => /\S/.test(prose.slice(d.start - s.start, d.end - s.start))).map((d) => d.generic)
      : recognizer!.find(prose, 0).map((d) => d.generic);
    const linked = link.bySentence.get(si);
    const ids = (linked?.sourceIds ?? []).filter((id) => byId.has(id));
    const linkedVia: string[] = linked?.via ?? [];
    if (!ids.length && own.some((c) => c.kind !== 'anaphora')) {
      // It names a source we could not resolve (reported by unresolved-citation): nothing to compare.
      return makeClaim(si, s.start, s.end, own.map((c) => c.key), linkedVia, [], [], [], 'unverifiable', []);
    }
    if (!ids.length) {
      const { library, noteLocal } = suggestionCandidates();
      const suggestions = library.length || noteLocal.length ? suggestSources({ text: prose, drugs }, library, 3, noteLocal) : [];
      const best = suggestions[0];
      const claim = makeClaim(si, s.start, s.end, ids, linkedVia, [], [], suggestions.map((r) => locate(r)), 'unsupported', []);
      // Suggest only a sentence that carries most of the claim's distinctive words.
      if (best && best.score >= settings.suggestCitationScore && (best.coverage ?? 0) >= 0.5) claim.suggestion = { sourceId: best.sourceId, score: best.score, text: best.text };
      return claim;
    }
    const candidates = ids.flatMap(pool);
    if (!candidates.length) {
      return makeClaim(si, s.start, s.end, ids, linkedVia, [], [], [], 'unverifiable', []);
    }
    const sentencePool = sentencePoolOf(candidates);
    const rankedAll = rankSentences({ text: prose, drugs }, sentencePool, 50);
    const ranked = rankedAll.slice(0, 5);
    // A link made only by "this study" / "the effect" is a guess: keep it only if the source bears on the claim.
    const guessed = (linked?.via ?? []).every((v) => v === 'anaphora' || v === 'paragraph') && !own.some((c) => c.kind !== 'anaphora');
    if (guessed && (ranked[0]?.score ?? 0) < 0.3) {
      return makeClaim(si, s.start, s.end, [], [], [], [], [], 'unsupported', []);
    }
    // The study's primary result is what any claim about the study answers to: keep it in view.
    const primary = primaryResult(byId.get(ids[0])!, candidates);
    if (primary && ranked.length && !ranked.slice(0, 3).some((r) => r.sourceId === primary.sourceId && r.start === primary.start)) {
      const withPrimary = rankedAll.find((r) => r.sourceId === primary.sourceId && r.start === primary.start);
      ranked.splice(Math.min(2, ranked.length), 0, { ...primary, score: withPrimary?.score ?? 0, bm25: withPrimary?.bm25 ?? 0 });
    }
    if (!ranked.length) {
      return makeClaim(si, s.start, s.end, ids, linkedVia, [], [], [], 'unverifiable', []);
    }
    const topSource = byId.get(ranked[0].sourceId)!;
    const comparison = compareProfiles(prose, s.claim, {
      sentences: ranked.map((r) => ({ text: r.text, score: r.score })),
      study: studyProfileOf(topSource),
      sourceText: candidates.map((c) => c.text).join('\n'),
    }, s.start);
    return makeClaim(
      si, s.start, s.end, ids, linkedVia, comparison.details, comparison.mismatches,
      ranked.slice(0, 3).map((r) => locate(r)), comparison.verdict, comparison.reasons.filter((r) => r !== 'understated' && r !== 'negation'),
    );
  }

  /** The results sentence that reports the primary endpoint of a source, if one can be found. */
  function primaryResult(source: Source | undefined, candidates: Source[]): RankedSentence | undefined {
    if (!source) return undefined;
    const endpoint = studyProfileOf(source).primaryEndpoint?.text;
    if (!endpoint) return undefined;
    const holder = candidates.find((c) => c.id === source.id && c.text.includes(endpoint.slice(0, 20))) ?? candidates.find((c) => c.id === source.id);
    if (!holder) return undefined;
    const sents = sourceSentences(holder);
    const generic = new Set(['chang', 'baselin', 'week', 'proportion', 'marker', 'composit', 'rate', 'risk', 'time', 'number', 'level', 'outcom', 'endpoint', 'confirm']);
    const endpointTerms = [...new Set(terms(endpoint))].filter((t) => !generic.has(t) && sents.filter((x) => terms(x.text).includes(t)).length <= 3);
    const hit = sents.find((x) => x.section && /RESULT|FINDING/.test(x.section) && /\d/.test(x.text) && endpointTerms.some((t) => terms(x.text).includes(t)));
    return hit ? { ...hit, sourceId: source.id, score: 0, bm25: 0 } : undefined;
  }

  function locate(r: RankedSentence): LocatedEvidence {
    const src = byId.get(r.sourceId);
    const fromPassage = passages.get(r.sourceId)?.find((p) => p.text.slice(r.start, r.end) === r.text);
    const holder = fromPassage ?? src;
    const offset = holder?.inNote && typeof holder.textOffset === 'number' ? (holder.textOffset as number) : undefined;
    const e: LocatedEvidence = { source: r.sourceId, text: r.text, score: Math.round(r.score * 1000) / 1000 };
    if (r.section) e.section = r.section;
    if (offset !== undefined && text.slice(offset + r.start, offset + r.end) === r.text) {
      e.start = offset + r.start;
      e.end = offset + r.end;
    }
    return e;
  }

  const studyProfiles: Record<string, StudyProfile> = {};
  for (const s of finalSources) {
    if ((usedSources.has(s.id) || s.inNote) && s.text.trim()) studyProfiles[s.id] = studyProfileOf(s);
  }
  const sourceErrors = [...collected.errors, ...normaliseErrors(input.sourceErrors)];
  return {
    claims,
    sources: finalSources,
    extras: {
      citations: link.citations as Citation[],
      referenceList: link.referenceList as ReferenceListEntry[],
      mainPaper: link.mainPaper,
      quotedSources: quotedSourceRanges,
      studyProfiles,
      sourceLoadErrors: sourceErrors,
    },
  };
}

function normaliseErrors(errors: unknown[] | undefined): SourceLoadError[] {
  if (!Array.isArray(errors)) return [];
  return errors.filter((e): e is SourceLoadError => !!e && typeof e === 'object' && typeof (e as SourceLoadError).message === 'string');
}

export { sourceSentences };
