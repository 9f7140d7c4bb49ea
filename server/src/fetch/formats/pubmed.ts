/**
 * PubMed E-utilities responses: efetch (db=pubmed, retmode=xml: a PubmedArticleSet) and esearch
 * (retmode=json). Pure parsers, tested on fixtures written from NCBI's documentation.
 */
import type { AbstractSection, Paper } from '../paper';
import { MalformedResponse, attr, child, list, markupToText, parseXml, textOf } from './xml';

const RAW = ['AbstractText', 'ArticleTitle', 'VernacularTitle'];
const ARRAYS = ['PubmedArticle', 'Author', 'AbstractText', 'PublicationType', 'MeshHeading', 'ArticleId', 'ELocationID'];

/** The year of a PubDate: <Year>, else the first four digits of <MedlineDate> ("2019 Jan-Feb"). */
function yearOf(pubDate: unknown): number | undefined {
  const y = textOf(child(pubDate, 'Year')) ?? textOf(child(pubDate, 'MedlineDate'));
  const m = y ? /\b(1[89]\d\d|20\d\d)\b/.exec(y) : null;
  return m ? Number(m[1]) : undefined;
}

function authorName(author: unknown): string | undefined {
  const collective = child(author, 'CollectiveName');
  if (collective !== undefined) return markupToText(String(textOf(collective) ?? ''));
  const last = textOf(child(author, 'LastName'));
  if (!last) return undefined;
  const initials = textOf(child(author, 'Initials')) ?? textOf(child(author, 'ForeName'))?.split(/[\s-]+/).map((p) => p[0]).join('');
  return initials ? `${last} ${initials}` : last;
}

function sectionsOf(abstract: unknown): AbstractSection[] {
  return list(child(abstract, 'AbstractText')).map((node) => {
    const raw = typeof node === 'string' ? node : String(textOf(node) ?? '');
    const label = attr(node, 'Label');
    return { ...(label ? { label } : {}), text: markupToText(raw) };
  }).filter((s) => s.text);
}

/** Converts one <PubmedArticle> element. */
function articleToPaper(article: unknown): Paper | undefined {
  const citation = child(article, 'MedlineCitation');
  const art = child(citation, 'Article');
  const pmid = textOf(child(citation, 'PMID'));
  if (!pmid || !art) return undefined;
  const ids = list(child(child(child(article, 'PubmedData'), 'ArticleIdList'), 'ArticleId'));
  const idOf = (type: string) => textOf(ids.find((i) => attr(i, 'IdType') === type));
  const elocDoi = textOf(list(child(art, 'ELocationID')).find((e) => attr(e, 'EIdType') === 'doi' && attr(e, 'ValidYN') !== 'N'));
  const journal = child(art, 'Journal');
  const titleRaw = child(art, 'ArticleTitle');
  const title = titleRaw !== undefined ? markupToText(String(textOf(titleRaw) ?? titleRaw ?? '')) : undefined;
  return {
    title: title?.replace(/\.$/, '') || undefined,
    authors: list(child(child(art, 'AuthorList'), 'Author')).map(authorName).filter((a): a is string => Boolean(a)),
    journal: textOf(child(journal, 'Title')) ?? textOf(child(journal, 'ISOAbbreviation')),
    year: yearOf(child(child(journal, 'JournalIssue'), 'PubDate')) ?? yearOf(child(art, 'ArticleDate')),
    doi: idOf('doi') ?? elocDoi,
    pmid,
    pmcid: idOf('pmc'),
    abstract: sectionsOf(child(art, 'Abstract')),
    publicationTypes: list(child(child(art, 'PublicationTypeList'), 'PublicationType')).map(textOf).filter((t): t is string => Boolean(t)),
    mesh: list(child(child(citation, 'MeshHeadingList'), 'MeshHeading')).map((h) => textOf(child(h, 'DescriptorName'))).filter((t): t is string => Boolean(t)),
    from: 'pubmed',
  };
}

/**
 * Parses an efetch PubmedArticleSet. An empty set (or efetch's <eFetchResult><ERROR>, its answer
 * to an unknown id) gives []; anything that is not a PubmedArticleSet is malformed.
 */
export function parseEfetchXml(xml: string): Paper[] {
  const doc = parseXml(xml, RAW, ARRAYS);
  if ('eFetchResult' in doc) return [];
  if (!('PubmedArticleSet' in doc)) throw new MalformedResponse('expected a PubmedArticleSet');
  const set = doc.PubmedArticleSet;
  return list(child(set, 'PubmedArticle')).map(articleToPaper).filter((p): p is Paper => Boolean(p));
}

/** Parses an esearch JSON answer: the PMIDs found (`esearchresult.idlist`). */
export function parseEsearchJson(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedResponse(`invalid JSON (${(error as Error).message})`);
  }
  const result = child(value, 'esearchresult');
  if (!result || typeof result !== 'object') throw new MalformedResponse('expected an esearchresult object');
  const error = child(result, 'ERROR');
  if (typeof error === 'string' && error) throw new MalformedResponse(`esearch error: ${error}`);
  const ids = child(result, 'idlist');
  if (!Array.isArray(ids)) throw new MalformedResponse('esearchresult has no idlist');
  return ids.map(String).filter((id) => /^\d+$/.test(id));
}
