/**
 * Evidence retrieval. A library index (one MiniSearch document per source, BM25) finds
 * candidate sources for a claim that cites nothing; a sentence index over the candidate
 * sources ranks the sentences that bear on a claim. The final score mixes BM25 with the share
 * of the claim's terms, drugs, outcomes and numbers the sentence carries, so it is comparable
 * across claims (0…1).
 */
import MiniSearch from 'minisearch';
import type { Source } from '../types';
import designData from './data/study-design.json';
import { allNumbers, splitSourceSentences, stem, terms, type SourceSentence } from './text';
import { memoByText, TextMemo } from '../by-text';

/** A source sentence with its source and a score. */
export interface RankedSentence extends SourceSentence {
  sourceId: string;
  score: number;
  bm25: number;
  /** IDF-weighted share of the claim's terms the sentence contains. */
  coverage?: number;
}

const termMemo = new Map<string, string | null>();
/** MiniSearch term processing: the same normalisation as `terms`, memoised (it runs per token). */
const processTerm = (t: string): string | null => {
  const hit = termMemo.get(t);
  if (hit !== undefined) return hit;
  const lower = t.toLowerCase();
  const out = lower.length < 2 || /^\d+$/.test(lower) ? null : (terms(lower)[0] ?? null);
  if (termMemo.size > 200_000) termMemo.clear();
  termMemo.set(t, out);
  return out;
};

const OUTCOME_TERMS = (designData.outcomes as { term: string }[]).map((o) => o.term);

interface SentenceFeatures { terms: Set<string>; numbers: number[]; lower: string }
const featureCache = new WeakMap<SourceSentence, SentenceFeatures>();
/** Terms, numbers and lower-cased text of a source sentence, cached. */
function features(s: SourceSentence): SentenceFeatures {
  let f = featureCache.get(s);
  if (!f) {
    f = { terms: new Set(terms(s.text)), numbers: allNumbers(s.text), lower: s.text.toLowerCase() };
    featureCache.set(s, f);
  }
  return f;
}

const sentenceCache = new WeakMap<Source, SourceSentence[]>();
/**
 * Sentences of a text, the same objects for the same text: the note's own sources are new objects
 * in every analysis, and their sentences' features (above) are kept by sentence.
 */
const sentencesOfText = memoByText({ texts: 256, chars: 4_000_000 }, splitSourceSentences);
/** Sentences of a source's text, cached per source object and by text. Read them, never change them. */
export function sourceSentences(source: Source): SourceSentence[] {
  let s = sentenceCache.get(source);
  if (!s) {
    s = sentencesOfText(source.text ?? '');
    sentenceCache.set(source, s);
  }
  return s;
}

/** A search index over a library of sources. */
export interface LibraryIndex {
  search(query: string, limit?: number): { id: string; score: number }[];
  size: number;
  byId: Map<string, Source>;
}

/** Number of documents holding a (processed) term, from MiniSearch's own index. */
function termDocs(ms: MiniSearch, term: string): number {
  const data = (ms as unknown as { _index: { get(t: string): Map<number, Map<number, number>> | undefined } })._index.get(term);
  if (!data) return 0;
  let max = 0;
  for (const docs of data.values()) max = Math.max(max, docs.size);
  return max;
}

const libraryCache = new WeakMap<Source[], LibraryIndex>();
/** The last few libraries indexed, to reuse an index when a new array holds the same sources. */
const recentLibraries: { sources: Source[]; index: LibraryIndex }[] = [];
const sameSources = (a: Source[], b: Source[]) => a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * Builds the source-level BM25 index, or reuses one built for the same array or for an array
 * holding the same source objects (the workspace loader caches parsed files, so an editor
 * re-analysing a note gets the same objects back and the index is not rebuilt per keystroke).
 */
export function buildLibraryIndex(sources: Source[]): LibraryIndex {
  const cached = libraryCache.get(sources) ?? recentLibraries.find((r) => sameSources(r.sources, sources))?.index;
  if (cached) {
    libraryCache.set(sources, cached);
    return cached;
  }
  const ms = new MiniSearch<{ id: number; title: string; text: string }>({
    fields: ['title', 'text'],
    idField: 'id',
    processTerm,
    searchOptions: { boost: { title: 1.5 }, processTerm },
  });
  const withText = sources.map((s, i) => ({ s, i })).filter(({ s }) => (s.text ?? '').trim() || s.title);
  ms.addAll(withText.map(({ s, i }) => ({ id: i, title: s.title ?? '', text: s.text ?? '' })));
  const byId = new Map(sources.map((s) => [s.id, s]));
  const index: LibraryIndex = {
    size: withText.length,
    byId,
    search(query, limit = 5) {
      const qTerms = [...new Set(terms(query))];
      if (!qTerms.length) return [];
      // Terms in over a fifth of the library barely move BM25 but cost the most to score: drop them.
      const n = Math.max(1, withText.length);
      const withDf = qTerms.map((t) => ({ t, df: termDocs(ms, t) })).filter((x) => x.df > 0);
      if (!withDf.length) return [];
      const rare = withDf.filter((x) => n <= 200 || x.df / n < 0.2);
      // The six rarest terms decide the ranking; more only adds cost on a large library.
      const used = (rare.length ? rare : withDf).sort((a, b) => a.df - b.df).slice(0, 6).map((x) => x.t);
      // Sources holding all of the rarest terms first (cheap on a large library), then any of them.
      let hits = used.length > 1 ? ms.search(used.slice(0, 3).join(' '), { combineWith: 'AND' }) : [];
      if (hits.length < limit) hits = ms.search(used.join(' '), { combineWith: 'OR' });
      return hits.slice(0, limit).map((r) => ({ id: sources[r.id as number].id, score: r.score }));
    },
  };
  libraryCache.set(sources, index);
  recentLibraries.unshift({ sources: [...sources], index });
  if (recentLibraries.length > 3) recentLibraries.pop();
  return index;
}

/** What the claim brings to ranking besides its words. */
export interface ClaimFeatures {
  text: string;
  drugs?: string[];
}


/** The claim's distinct terms (in order of first use) with their IDF weights, and the weights' sum. */
interface WeightedTerms { terms: string[]; weights: number[]; total: number }

function weighted(claimTerms: string[], idf: (t: string) => number): WeightedTerms {
  const out: WeightedTerms = { terms: [...new Set(claimTerms)], weights: [], total: 0 };
  for (const t of out.terms) {
    const w = idf(t);
    out.weights.push(w);
    out.total += w;
  }
  return out;
}

/** IDF-weighted share of the claim's terms found in the sentence. */
function coverage(claim: WeightedTerms, sentenceTerms: Set<string>): number {
  let hit = 0;
  for (let i = 0; i < claim.terms.length; i++) if (sentenceTerms.has(claim.terms[i])) hit += claim.weights[i];
  return claim.total ? hit / claim.total : 0;
}

/** A sentence index over a set of sources, reusable across claims that cite the same sources. */
export interface SentencePool {
  all: (SourceSentence & { sourceId: string; key: number; f: SentenceFeatures })[];
  ms: MiniSearch<{ key: number; text: string }>;
  df: Map<string, number>;
}

/**
 * Pools kept: a note's claims cite a few sets of sources. Bounded by their texts' characters too
 * (a pool's index is about as large as its text, and a source may be a full paper).
 */
const pools = new TextMemo<SentencePool>({ texts: 32, chars: 4_000_000 });

/**
 * The sentence pool of some sources, the same pool for the same ids and texts in the same order:
 * an edit judges one claim again, and its sources' pool is not built again for it (the note's own
 * sources are new objects in every analysis). Read it, never change it.
 */
export function sentencePoolOf(sources: Source[]): SentencePool {
  let key = '';
  for (const s of sources) key += `${s.id}\u0001${s.text ?? ''}\u0000`;
  return pools.get(key, () => buildSentencePool(sources));
}

/** Builds the sentence pool of some sources (`sentencePoolOf` keeps them). */
export function buildSentencePool(sources: Source[]): SentencePool {
  const all: SentencePool['all'] = [];
  for (const src of sources) for (const s of sourceSentences(src)) all.push({ ...s, sourceId: src.id, key: all.length, f: features(s) });
  const ms = new MiniSearch<{ key: number; text: string }>({ fields: ['text'], idField: 'key', processTerm, searchOptions: { processTerm } });
  ms.addAll(all.map((s) => ({ key: s.key, text: s.text })));
  const df = new Map<string, number>();
  for (const s of all) for (const t of s.f.terms) df.set(t, (df.get(t) ?? 0) + 1);
  return { all, ms, df };
}

/** Ranks the sentences of the given sources (or a prebuilt pool) for a claim; best first. */
export function rankSentences(claim: ClaimFeatures, sources: Source[] | SentencePool, limit = 5): RankedSentence[] {
  const pool = Array.isArray(sources) ? buildSentencePool(sources) : sources;
  const { all, ms, df } = pool;
  if (!all.length) return [];
  const bm = new Map<number, number>();
  for (const r of ms.search(claim.text, { combineWith: 'OR' })) bm.set(r.id as number, r.score);
  const maxBm = Math.max(1e-9, ...bm.values());
  const sets = all.map((s) => s.f.terms);
  const idf = (t: string) => Math.log(1 + (all.length + 1) / ((df.get(t) ?? 0) + 0.5));
  // Weighed once per claim, not once per sentence.
  const claimTerms = weighted(terms(claim.text), idf);
  const claimLower = claim.text.toLowerCase();
  const claimOutcomes = OUTCOME_TERMS.filter((o) => claimLower.includes(o));
  const claimNumbers = allNumbers(claim.text).filter((n) => !(n >= 1900 && n <= 2100));
  const claimDrugs = (claim.drugs ?? []).map((d) => d.toLowerCase());
  const ranked = all.map((s, i) => {
    const lower = s.f.lower;
    const cov = coverage(claimTerms, sets[i]);
    const b = (bm.get(s.key) ?? 0) / maxBm;
    const drugs = claimDrugs.length ? claimDrugs.filter((d) => lower.includes(d)).length / claimDrugs.length : 0;
    const outcomes = claimOutcomes.length ? claimOutcomes.filter((o) => lower.includes(o)).length / claimOutcomes.length : 0;
    const nums = claimNumbers.length ? claimNumbers.filter((n) => s.f.numbers.includes(n)).length / claimNumbers.length : 0;
    // Results and conclusions are the study's evidence; background and aims restate prior beliefs.
    const section = !s.section ? 0 : /RESULT|FINDING|CONCLUSION|INTERPRETATION/.test(s.section) ? 0.05 : /BACKGROUND|INTRODUCTION|OBJECTIVE|AIM|PURPOSE|IMPORTANCE/.test(s.section) ? -0.1 : 0;
    const weights = { cov: 0.45, bm: 0.2, drugs: claimDrugs.length ? 0.2 : 0, outcomes: claimOutcomes.length ? 0.15 : 0, nums: claimNumbers.length ? 0.15 : 0 };
    const wsum = weights.cov + weights.bm + weights.drugs + weights.outcomes + weights.nums;
    const score = (weights.cov * cov + weights.bm * b + weights.drugs * drugs + weights.outcomes * outcomes + weights.nums * nums) / wsum + section;
    return { text: s.text, start: s.start, end: s.end, section: s.section, sourceId: s.sourceId, score: Math.max(0, Math.min(1, score)), bm25: bm.get(s.key) ?? 0, coverage: cov };
  });
  return ranked.filter((r) => r.score > 0).sort((a, b) => b.score - a.score).slice(0, limit);
}

/** Candidate sources for a claim that cites nothing: library search then sentence ranking. */
export function suggestSources(claim: ClaimFeatures, library: Source[], limit = 3, extra: Source[] = []): RankedSentence[] {
  const index = library.length ? buildLibraryIndex(library) : undefined;
  const hits = index ? index.search(claim.text, 8) : [];
  const candidates = [...hits.map((h) => index!.byId.get(h.id)!).filter(Boolean), ...extra];
  const ranked = rankSentences(claim, candidates, 20);
  const best = new Map<string, RankedSentence>();
  for (const r of ranked) if (!best.has(r.sourceId)) best.set(r.sourceId, r);
  return [...best.values()].slice(0, limit);
}

export { stem };
