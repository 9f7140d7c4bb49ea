/**
 * What a note asks to fetch: every cited source that has a DOI or PMID and no text to compare
 * with (a bare DOI, a PubMed link, a reference-list entry, a BibTeX entry without abstract).
 * Read from the analysis, so the identifiers are exactly the ones the citation linker found.
 */
import path from 'node:path';
import type { NoteAnalysis } from '../core/analyze';
import type { Citation } from '../core/evidence/index';
import type { Source } from '../core/types';
import { normalizeDoi } from './paper';
import { identifierLabel, type Identifier } from './resolve';

export interface FetchTarget extends Identifier {
  /** `10.1056/…` or `PMID 123`, for messages. */
  label: string;
  /** The library id to give the fetched note (a BibTeX/CSL entry without abstract), if any. */
  id?: string;
  /** Where the fetched note goes. */
  folder: string;
  /** Why the identifier cannot be looked up as written (no request is made for it). */
  problem?: string;
}

const IDENTIFIER_KINDS = new Set(['doi', 'doi-link', 'pmid', 'pubmed-link', 'numbered', 'footnote', 'pandoc', 'pandoc-in-text', 'author-year']);

function isInside(file: string | undefined, folder: string): boolean {
  if (!file) return false;
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** A key that says which paper a target is, however it was written. */
export function targetKey(id: Identifier): string {
  return id.doi ? `doi:${normalizeDoi(id.doi)}` : `pmid:${id.pmid}`;
}

/**
 * The sources a note cites that can be fetched. With `refresh`, sources already fetched into
 * `folder` are listed again; sources with text from anywhere else never are (the user's own
 * abstract wins).
 */
export function fetchTargets(note: NoteAnalysis, folder: string, opts: { refresh?: boolean; only?: (c: Citation, s: Source) => boolean } = {}): FetchTarget[] {
  const citations = (note.context.extras.citations as Citation[] | undefined) ?? [];
  const byId = new Map(note.context.sources.map((s) => [s.id, s]));
  const out = new Map<string, FetchTarget>();
  for (const c of citations) {
    if (!c.sourceId || !IDENTIFIER_KINDS.has(c.kind)) continue;
    const source = byId.get(c.sourceId);
    if (!source || (!source.doi && !source.pmid)) continue;
    if (opts.only && !opts.only(c, source)) continue;
    const fetchedHere = isInside(source.origin?.file, folder) || isInside((source.fetchedFrom as Source['origin'])?.file, folder);
    if (source.text.trim() && !(opts.refresh && fetchedHere)) continue;
    const doi = source.doi ? cleanCitedDoi(source.doi) : undefined;
    const id: Identifier = doi ? { doi: doi.doi, ...(source.pmid ? { pmid: source.pmid } : {}) } : { pmid: source.pmid };
    const key = targetKey(id);
    if (out.has(key)) continue;
    out.set(key, { ...id, label: identifierLabel(id), id: source.stub || source.inNote ? undefined : source.id, folder, ...(doi?.problem ? { problem: doi.problem } : {}) });
  }
  return [...out.values()];
}

/**
 * A DOI as the services can look it up: without a resolver prefix, a link's query string or
 * fragment, or a trailing slash (all seen in DOIs copied from publisher links); the writer's
 * spelling otherwise (DOIs are case-insensitive). One with unbalanced parentheses was cut short
 * where it was written (`10.1016/S0140-6736(14`): looking it up would find the wrong paper or none.
 */
export function cleanCitedDoi(raw: string): { doi: string; problem?: string } {
  const doi = raw.trim().replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '').replace(/^doi:\s*/i, '').replace(/[?#].*$/, '').replace(/[/.,;]+$/, '');
  const open = (doi.match(/\(/g) ?? []).length;
  const close = (doi.match(/\)/g) ?? []).length;
  return open !== close ? { doi, problem: 'looks cut short (unbalanced parenthesis); write the whole DOI' } : { doi };
}
