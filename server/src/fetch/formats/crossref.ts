/**
 * Crossref REST API `works/{DOI}` responses (JSON; the abstract, when the publisher deposited
 * one, is a JATS XML fragment). Pure parser, tested on fixtures written from Crossref's docs.
 */
import type { AbstractSection, Paper } from '../paper';
import { MalformedResponse, child, list, markupToText } from './xml';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const first = (v: unknown): string | undefined => str(Array.isArray(v) ? v[0] : v);

/**
 * A JATS abstract as sections: each <jats:sec> with its <jats:title> becomes a labelled section,
 * paragraphs outside sections one unlabelled section; a leading "Abstract" title is dropped.
 */
export function jatsAbstractSections(jats: string): AbstractSection[] {
  const body = jats.replace(/<(\/?)jats:/g, '<$1');
  const out: AbstractSection[] = [];
  const secs = [...body.matchAll(/<sec\b[^>]*>([\s\S]*?)<\/sec>/g)];
  if (secs.length) {
    for (const s of secs) {
      const title = /<title\b[^>]*>([\s\S]*?)<\/title>/.exec(s[1]);
      const text = markupToText(s[1].replace(/<title\b[^>]*>[\s\S]*?<\/title>/, ''));
      if (text) out.push({ ...(title ? { label: markupToText(title[1]).replace(/[:.]\s*$/, '') } : {}), text });
    }
    return out;
  }
  const text = markupToText(body.replace(/<title\b[^>]*>\s*Abstract\s*<\/title>/i, ''));
  return text ? [{ text }] : [];
}

function yearOf(message: unknown): number | undefined {
  for (const key of ['published-print', 'published-online', 'published', 'issued']) {
    const parts = child(child(message, key), 'date-parts');
    const y = Array.isArray(parts) && Array.isArray(parts[0]) ? Number(parts[0][0]) : NaN;
    if (Number.isFinite(y) && y > 0) return y;
  }
  return undefined;
}

/** Parses a `works/{DOI}` answer (`{"status":"ok","message-type":"work","message":{…}}`). */
export function parseCrossrefWork(text: string): Paper {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedResponse(`invalid JSON (${(error as Error).message})`);
  }
  const message = child(value, 'message');
  if (child(value, 'message-type') !== 'work' || !message || typeof message !== 'object') throw new MalformedResponse('expected a Crossref work');
  const authors = list(child(message, 'author'))
    .map((a) => str(child(a, 'family')) ? `${str(child(a, 'family'))}${str(child(a, 'given')) ? ` ${str(child(a, 'given'))!.split(/[\s-]+/).map((p) => p[0]).join('')}` : ''}` : str(child(a, 'name')))
    .filter((a): a is string => Boolean(a));
  const abstract = str(child(message, 'abstract'));
  const title = first(child(message, 'title'));
  return {
    title: title ? markupToText(title) : undefined,
    authors,
    journal: first(child(message, 'container-title')),
    year: yearOf(message),
    doi: str(child(message, 'DOI')),
    abstract: abstract ? jatsAbstractSections(abstract) : [],
    publicationTypes: [],
    mesh: [],
    from: 'crossref',
  };
}
