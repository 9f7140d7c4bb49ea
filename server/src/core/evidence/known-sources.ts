/**
 * The sources a note's citations resolve against (`linkCitations`), by id, by identifier (DOI,
 * PMID, PMCID, NCT) and by URL. A loaded library of thousands of entries is the same objects from
 * one analysis to the next (the loader caches parsed files), and every analysis (every keystroke)
 * looked all of them up again: for a 10,000-entry library, most of the 80–140 ms a keystroke took. Its part is now
 * indexed once (kept for the last few libraries); each analysis adds only the sources after it
 * (the note's own) and the stubs it makes, in an overlay that answers as one index built from
 * the whole list in order would.
 */
import type { Source } from '../types';

/**
 * A DOI as compared: DOIs are case-insensitive, and one copied from a link may carry a query
 * string, a fragment or a trailing slash (`10.7326/M15-2112?rfr_dat=…`) that is not part of it.
 */
export function canonicalDoi(doi: string): string {
  return doi.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '').replace(/[?#].*$/, '').replace(/\/+$/, '').toLowerCase();
}

/** How a source is found by an identifier (DOIs compared canonically, the others without case). */
export function identifierKey(field: 'doi' | 'pmid' | 'pmcid' | 'nct', value: string): string {
  return `${field}:${field === 'doi' ? canonicalDoi(value) : value.toLowerCase()}`;
}

/** The identifier keys a source is found by. */
export function identifierKeys(src: Source): string[] {
  const keys: string[] = [];
  for (const field of ['doi', 'pmid', 'pmcid', 'nct'] as const) {
    const v = src[field];
    if (typeof v === 'string' && v) keys.push(identifierKey(field, v));
  }
  return keys;
}

/** A URL as compared: without scheme, `www.`, trailing slashes or fragment marks, lower-cased. */
export const normUrl = (u: string) => u.replace(/^https?:\/\/(?:www\.)?/i, '').replace(/[/#]+$/, '').toLowerCase();

/** Short abbreviations (HPV, ICU) name topics, not trials: a trial name has 4+ characters. */
export const trialLike = (acr: string) => acr.replace(/-/g, '').length >= 4 && !/^(?:COVID|SARS|MERS|HIV|HPV|HCV|HBV)/.test(acr);

/** What linking reads of a source that depends on the source alone (see `factsOfSource`). */
interface SourceFacts {
  /** identifierKeys(src). */
  keys: readonly string[];
  /** The source's URL, normalised (normUrl), when it has one. */
  url: string | undefined;
  /** The trial acronyms its title names ("… (ASCEND)", "the REDUCE-IT trial"), in title order. */
  acronyms: readonly string[];
}

const sourceFacts = new WeakMap<Source, SourceFacts>();

/** A source's facts, worked out once per source object (sources are not changed once made: copies are spread from them). */
export function factsOfSource(src: Source): SourceFacts {
  let facts = sourceFacts.get(src);
  if (!facts) {
    const title = src.title ?? '';
    const acronyms: string[] = [];
    if (/\b(?:trial|randomi[sz]ed|study)\b/i.test(title)) {
      for (const m of title.matchAll(/\(([A-Z][A-Z0-9-]{2,})\)|\b([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)\b\s+(?:trial|study)/g)) if (trialLike(m[1] ?? m[2])) acronyms.push(m[1] ?? m[2]);
    }
    facts = { keys: identifierKeys(src), url: typeof src.url === 'string' ? normUrl(src.url) : undefined, acronyms };
    sourceFacts.set(src, facts);
  }
  return facts;
}

/** A list of sources indexed once: what `new Map(list.map(…))` and first-come look-ups would give. */
interface Indexed {
  list: readonly Source[];
  /** By id, the last source of an id (in the place of its first). */
  byId: Map<string, Source>;
  /** By identifier key, the first source with it. */
  byIdentifier: Map<string, Source>;
  /** By normalised URL, the first source's id. */
  byUrl: Map<string, string>;
  /** The ids of the sources that are not stubs, in list order. */
  keys: string[];
  /** The title acronyms of the sources in `byId` order, with their source's id. */
  acronyms: { acronym: string; id: string }[];
}

function indexList(list: readonly Source[]): Indexed {
  const byId = new Map<string, Source>();
  const byIdentifier = new Map<string, Source>();
  const byUrl = new Map<string, string>();
  const keys: string[] = [];
  for (const src of list) {
    byId.set(src.id, src);
    const facts = factsOfSource(src);
    for (const key of facts.keys) if (!byIdentifier.has(key)) byIdentifier.set(key, src);
    if (facts.url !== undefined && !byUrl.has(facts.url)) byUrl.set(facts.url, src.id);
    if (!src.stub) keys.push(src.id);
  }
  const acronyms: Indexed['acronyms'] = [];
  for (const src of byId.values()) for (const acronym of factsOfSource(src).acronyms) acronyms.push({ acronym, id: src.id });
  return { list, byId, byIdentifier, byUrl, keys, acronyms };
}

/** The last libraries indexed (a note's, or a few notes' with different bibliographies). */
const recent: Indexed[] = [];
const RECENT = 3;
/** Below this many, a library is indexed with the rest in every analysis (keeping it would not pay). */
const WORTH_KEEPING = 64;

/** Whether `sources` starts with the objects of `list`, in order. */
function startsWith(sources: readonly Source[], list: readonly Source[]): boolean {
  if (sources.length < list.length) return false;
  for (let i = 0; i < list.length; i++) if (sources[i] !== list[i]) return false;
  return true;
}

const NONE: Indexed = indexList([]);

/**
 * The index of `sources` (in order) for one analysis: the leading run of `library`'s objects is
 * indexed once and kept; what follows it is added to this analysis's overlay.
 */
export function knownSources(sources: readonly Source[], library?: readonly Source[]): KnownSources {
  // The longest kept index the list starts with.
  let base: Indexed | undefined;
  for (const r of recent) if ((!base || r.list.length > base.list.length) && startsWith(sources, r.list)) base = r;
  // Many sources after it (none kept yet, or one kept while a note's copy of a library source
  // stood in the library's place): index the library's leading run, when that is longer.
  if (library?.length && sources.length - (base?.list.length ?? 0) >= WORTH_KEEPING) {
    const inLibrary = new Set(library);
    let n = 0;
    while (n < sources.length && inLibrary.has(sources[n])) n++;
    if (n >= (base?.list.length ?? 0) + WORTH_KEEPING) {
      base = indexList(sources.slice(0, n));
      recent.unshift(base);
      if (recent.length > RECENT) recent.pop();
    }
  }
  const known = new KnownSources(base ?? NONE);
  for (let i = known.base.list.length; i < sources.length; i++) known.add(sources[i], true);
  return known;
}

/** An index of sources: a kept library's and this analysis's own (see knownSources). */
export class KnownSources {
  /** By id: sources added to this analysis (the note's own, stubs); they replace a library's of the same id. */
  private readonly own = new Map<string, Source>();
  private readonly ownIdentifiers = new Map<string, Source>();
  /** URLs of this analysis's sources, and URLs set to another id (`setUrl`). */
  private readonly ownUrls = new Map<string, string>();
  /** The ids of the listed sources added (not stubs made later), in order; undefined while none was. */
  private ownKeys: string[] | undefined;
  /** Whether an added source has the id of one of the library's. */
  private replaced = false;

  constructor(readonly base: Indexed) {}

  /**
   * Adds a source after all before it: by id it replaces an earlier one; by identifier and URL
   * the earlier keep theirs. `listed`: one of the sources given (its id is a known key when it is
   * not a stub), not a stub made while linking (whose URL the caller records itself).
   */
  add(src: Source, listed = false): void {
    if (!this.replaced && this.base.byId.has(src.id)) this.replaced = true;
    this.own.set(src.id, src);
    const facts = factsOfSource(src);
    for (const key of facts.keys) if (!this.base.byIdentifier.has(key) && !this.ownIdentifiers.has(key)) this.ownIdentifiers.set(key, src);
    if (!listed) return;
    if (facts.url !== undefined && !this.base.byUrl.has(facts.url) && !this.ownUrls.has(facts.url)) this.ownUrls.set(facts.url, src.id);
    if (!src.stub) (this.ownKeys ??= [...this.base.keys]).push(src.id);
  }

  has(id: string): boolean {
    return this.own.has(id) || this.base.byId.has(id);
  }

  get(id: string): Source | undefined {
    return this.own.get(id) ?? this.base.byId.get(id);
  }

  /** Every source by id, in the order of their ids' first appearance (as one Map would give them). */
  values(): Iterable<Source> {
    if (!this.own.size) return this.base.byId.values();
    return this.merged();
  }

  private *merged(): Generator<Source> {
    for (const [id, src] of this.base.byId) yield this.own.get(id) ?? src;
    for (const [id, src] of this.own) if (!this.base.byId.has(id)) yield src;
  }

  /** The first source with an identifier key (identifierKey). */
  byIdentifier(key: string): Source | undefined {
    return this.base.byIdentifier.get(key) ?? this.ownIdentifiers.get(key);
  }

  hasIdentifier(key: string): boolean {
    return this.base.byIdentifier.has(key) || this.ownIdentifiers.has(key);
  }

  /** The id a normalised URL stands for. */
  byUrl(norm: string): string | undefined {
    return this.ownUrls.get(norm) ?? this.base.byUrl.get(norm);
  }

  /** From now on, `norm` stands for `id`. */
  setUrl(norm: string, id: string): void {
    this.ownUrls.set(norm, id);
  }

  /** The ids of the given sources that are not stubs, in order (the same array while nothing was added to a kept library). */
  keys(): readonly string[] {
    return this.ownKeys ?? this.base.keys;
  }

  /** Each title acronym of the sources (values() order) with its source's id. */
  eachAcronym(fn: (acronym: string, id: string) => void): void {
    if (this.replaced) {
      for (const src of this.values()) for (const acronym of factsOfSource(src).acronyms) fn(acronym, src.id);
      return;
    }
    for (const { acronym, id } of this.base.acronyms) fn(acronym, id);
    for (const src of this.own.values()) for (const acronym of factsOfSource(src).acronyms) fn(acronym, src.id);
  }
}

/** The given sources with the first source of each id (by id too), for one list of them. */
export interface FirstOfEachId {
  list: readonly Source[];
  byId: ReadonlyMap<string, Source>;
}

/** The last few lists given (a loader's new array of the same objects on every analysis), compared object by object. */
const recentGiven: { given: readonly Source[]; first: FirstOfEachId }[] = [];

/** The first source of each id in `given` (entries without a string id left out), worked out once per list of the same objects. */
export function firstOfEachId(given: readonly Source[]): FirstOfEachId {
  const hit = recentGiven.find((r) => r.given.length === given.length && r.given.every((s, i) => s === given[i]));
  if (hit) return hit.first;
  const byId = new Map<string, Source>();
  for (const s of given) if (s && typeof s.id === 'string' && !byId.has(s.id)) byId.set(s.id, s);
  const first = { list: [...byId.values()], byId };
  recentGiven.unshift({ given: [...given], first });
  if (recentGiven.length > RECENT) recentGiven.pop();
  return first;
}
