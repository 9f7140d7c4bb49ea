/**
 * A paper as the fetchers return it, and its rendering as a Markdown source note (the format the
 * sources-folder loader reads: YAML front matter, the abstract as the body). Pure: no I/O.
 */
import { stringify } from 'yaml';

/** Where a paper's record came from. */
export type PaperOrigin = 'pubmed' | 'europepmc' | 'crossref';

export const ORIGIN_NAMES: Record<PaperOrigin, string> = {
  pubmed: 'PubMed E-utilities',
  europepmc: 'Europe PMC',
  crossref: 'Crossref',
};

/** One labelled part of an abstract ("RESULTS"), or the whole abstract when it has no labels. */
export interface AbstractSection {
  label?: string;
  text: string;
}

export interface Paper {
  title?: string;
  /** "Family Initials" or a collective name, in the record's order. */
  authors: string[];
  journal?: string;
  year?: number;
  doi?: string;
  pmid?: string;
  pmcid?: string;
  abstract: AbstractSection[];
  /** PubMed publication types ("Randomized Controlled Trial", "Retracted Publication"…). */
  publicationTypes: string[];
  /** MeSH descriptor names ("Humans", "Multiple Sclerosis, Chronic Progressive"…). */
  mesh: string[];
  from: PaperOrigin;
  /** The request that gave the record, for the note's provenance line. */
  url?: string;
}

/** PubMed marks a retracted article with this publication type (the notice itself is "Retraction of Publication"). */
export const RETRACTED_TYPE = 'Retracted Publication';

export function isRetracted(paper: Pick<Paper, 'publicationTypes'>): boolean {
  return paper.publicationTypes.some((t) => t.toLowerCase() === RETRACTED_TYPE.toLowerCase());
}

/** Collapses runs of white space and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Lower-cases a DOI and strips a resolver prefix, so identifiers compare equal however written. */
export function normalizeDoi(doi: string): string {
  return doi.trim().replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '').replace(/^doi:\s*/i, '').toLowerCase();
}

const FOLD: Record<string, string> = { Ø: 'O', ø: 'o', Æ: 'Ae', æ: 'ae', ß: 'ss', Þ: 'Th', þ: 'th', Ð: 'D', ð: 'd', Ł: 'L', ł: 'l' };

/**
 * A citation key in the style reference managers use: first author's family name and year
 * (`lindahl2019`), ASCII letters only; `paper` when neither is known.
 */
export function citationKeyFor(paper: Pick<Paper, 'authors' | 'year' | 'pmid' | 'doi'>): string {
  const family = (paper.authors[0] ?? '').split(/\s+/)[0] ?? '';
  const name = family.replace(/[ØøÆæßÞþÐðŁł]/g, (c) => FOLD[c] ?? c).normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase();
  if (name) return `${name}${paper.year ?? ''}`;
  if (paper.pmid) return `pmid${paper.pmid}`;
  if (paper.doi) return `doi-${paper.doi.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`.replace(/-+$/, '');
  return 'paper';
}

/** The abstract as the note's body: one paragraph per section, "LABEL: text" when labelled. */
export function abstractBody(sections: AbstractSection[]): string {
  return sections
    .filter((s) => s.text.trim())
    .map((s) => (s.label ? `${s.label.toUpperCase()}: ${squash(s.text)}` : squash(s.text)))
    .join('\n\n');
}

/**
 * Renders a paper as a source note. `fetched` is the date (YYYY-MM-DD) written to the front
 * matter, so a reader sees how old the copy is.
 */
export function renderSourceNote(paper: Paper, id: string, fetched: string): string {
  const front: Record<string, unknown> = { id };
  if (paper.title) front.title = paper.title;
  if (paper.authors.length) front.authors = paper.authors;
  if (paper.journal) front.journal = paper.journal;
  if (paper.year) front.year = paper.year;
  if (paper.doi) front.doi = paper.doi;
  if (paper.pmid) front.pmid = paper.pmid;
  if (paper.pmcid) front.pmcid = paper.pmcid;
  if (paper.publicationTypes.length) front.publicationTypes = paper.publicationTypes;
  if (paper.mesh.length) front.mesh = paper.mesh;
  if (isRetracted(paper)) front.retracted = true;
  front.fetched = fetched;
  front.from = paper.url ? `${ORIGIN_NAMES[paper.from]} (${paper.url})` : ORIGIN_NAMES[paper.from];
  const body = abstractBody(paper.abstract);
  const yaml = stringify(front, { lineWidth: 0 }).trimEnd();
  // No abstract: the note keeps the metadata (and a retraction flag) with an empty body, so claims
  // citing it stay unverifiable instead of being compared with a placeholder.
  return `---\n${yaml}\n---\n${body ? `\n${body}\n` : ''}`;
}
