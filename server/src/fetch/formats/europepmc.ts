/**
 * Europe PMC REST search responses (format=json, resultType=core). Pure parser, tested on
 * fixtures written from Europe PMC's documentation.
 */
import type { AbstractSection, Paper } from '../paper';
import { MalformedResponse, child, list, markupToText } from './xml';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/**
 * Europe PMC gives a structured abstract as one string with inline headings
 * ("<h4>Background</h4>…" or "BACKGROUND: …"); split it into labelled sections.
 */
export function splitAbstractText(raw: string): AbstractSection[] {
  const headed = raw.split(/<h\d[^>]*>([\s\S]*?)<\/h\d>/i);
  if (headed.length > 1) {
    const out: AbstractSection[] = [];
    const lead = markupToText(headed[0]);
    if (lead) out.push({ text: lead });
    for (let i = 1; i < headed.length; i += 2) {
      const text = markupToText(headed[i + 1] ?? '');
      if (text) out.push({ label: markupToText(headed[i]).replace(/[:.]\s*$/, ''), text });
    }
    return out;
  }
  const text = markupToText(raw);
  return text ? [{ text }] : [];
}

/** The first result of a search answer as a Paper, or undefined when nothing was found. */
export function parseEuropePmcSearch(text: string): Paper | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedResponse(`invalid JSON (${(error as Error).message})`);
  }
  const results = child(child(value, 'resultList'), 'result');
  if (!Array.isArray(results)) {
    if (typeof child(value, 'hitCount') === 'number') return undefined;
    throw new MalformedResponse('expected resultList.result');
  }
  const r = results[0];
  if (!r || typeof r !== 'object') return undefined;
  const authors = list(child(child(r, 'authorList'), 'author'))
    .map((a) => str(child(a, 'lastName')) ? `${str(child(a, 'lastName'))}${str(child(a, 'initials')) ? ` ${str(child(a, 'initials'))}` : ''}` : str(child(a, 'collectiveName')) ?? str(child(a, 'fullName')))
    .filter((a): a is string => Boolean(a));
  const year = Number(str(child(r, 'pubYear')) ?? str(child(child(r, 'journalInfo'), 'yearOfPublication')));
  const title = str(child(r, 'title'));
  return {
    title: title ? markupToText(title).replace(/\.$/, '') : undefined,
    authors: authors.length ? authors : (str(child(r, 'authorString'))?.replace(/\.$/, '').split(/,\s*/) ?? []),
    journal: str(child(child(child(r, 'journalInfo'), 'journal'), 'title')),
    year: Number.isFinite(year) && year > 0 ? year : undefined,
    doi: str(child(r, 'doi')),
    pmid: str(child(r, 'pmid')),
    pmcid: str(child(r, 'pmcid')),
    abstract: str(child(r, 'abstractText')) ? splitAbstractText(str(child(r, 'abstractText'))!) : [],
    publicationTypes: list(child(child(r, 'pubTypeList'), 'pubType')).map(str).filter((t): t is string => Boolean(t)),
    mesh: list(child(child(r, 'meshHeadingList'), 'meshHeading')).map((h) => str(child(h, 'descriptorName'))).filter((t): t is string => Boolean(t)),
    from: 'europepmc',
  };
}
