import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind, MarkupKind, Range, type CompletionItem, type Location,
} from 'vscode-languageserver';
import type { NoteAnalysis } from '../core/analyze';
import type { Source } from '../core/types';
import type { Citation } from '../core/evidence/index';
import { rangeOf } from './convert';
import { LineIndex } from '../core/positions';

/** Citation-aware LSP features: go to a cited source's entry, complete citation keys after `[@`. */

function citationsOf(note: NoteAnalysis): Citation[] {
  const citations = note.context.extras.citations;
  return Array.isArray(citations) ? (citations as Citation[]) : [];
}

/**
 * Where a citation at `offset` is defined: the BibTeX/CSL entry or source note it resolves to, and
 * the abstract quoted in the note when there is one (entry first; editors offer both).
 */
export function definitionAt(note: NoteAnalysis, offset: number, documentUri: string): Location[] {
  const citation = citationsOf(note).find((c) => c.start <= offset && offset <= c.end && c.sourceId);
  if (!citation) return [];
  const source = note.context.sources.find((s) => s.id === citation.sourceId);
  if (!source) return [];
  const locations: Location[] = [];
  for (const origin of [source.libraryOrigin as Source['origin'], source.origin]) {
    if (!origin) continue;
    if (origin.file && origin.file !== 'note') {
      const line = typeof origin.line === 'number' ? origin.line : 0;
      locations.push({ uri: pathToFileURL(origin.file).href, range: Range.create(line, 0, line, 0) });
    } else if (typeof origin.start === 'number') {
      const end = typeof origin.end === 'number' ? origin.end : origin.start;
      locations.push({ uri: documentUri, range: rangeOf(note.lines, origin.start, end) });
    }
  }
  return locations;
}

const KIND_NAMES: Partial<Record<Citation['kind'], string>> = {
  pandoc: 'Pandoc citation', 'pandoc-in-text': 'Pandoc citation', numbered: 'numbered reference', footnote: 'footnote',
  'doi-link': 'link to a DOI', 'pubmed-link': 'link to PubMed', link: 'link', doi: 'DOI', pmid: 'PMID', wiki: 'wiki link',
  acronym: 'trial name introduced with a reference', malformed: 'malformed citation', 'author-year': 'author and year',
};

/** Markdown describing the citation at `offset` (what it points at), for the hover; undefined when none. */
export function describeCitationAt(note: NoteAnalysis, offset: number): { text: string; start: number; end: number } | undefined {
  const c = citationsOf(note).find((x) => x.start <= offset && offset <= x.end && x.kind !== 'anaphora' && x.kind !== 'paragraph');
  if (!c) return undefined;
  const kind = KIND_NAMES[c.kind] ?? c.kind;
  const source = c.sourceId ? note.context.sources.find((s) => s.id === c.sourceId) : undefined;
  if (!source) return { text: `**Cites** (${kind}) \`${c.key}\`: resolves to no source.`, start: c.start, end: c.end };
  const title = source.title ? ` *${source.title}*` : '';
  const url = typeof source.url === 'string' && /^https?:/.test(source.url) ? ` · [open](${source.url})` : '';
  const text = source.text.trim() ? '' : ' (no text of it is loaded, so claims citing it are not checked against it)';
  return { text: `**Cites** (${kind}) \`${source.id}\`: ${shortCitation(source)}.${title}${url}${text}`, start: c.start, end: c.end };
}

// "[@", "[see @ro", "[@a; @b", or "@ro" at the start of a word.
const KEY_PREFIX = /(?:\[[^\]\n]*?|(?:^|[\s(]))-?@([\w:.#$%&+?<>~/-]*)$/;

/** Citation keys from the loaded sources, offered after `@` inside brackets or at a word start. */
export function completeCitationKey(sources: readonly Source[], text: string, offset: number): CompletionItem[] {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const m = KEY_PREFIX.exec(text.slice(lineStart, offset));
  if (!m) return [];
  const typed = m[1];
  // Positions from the current text: the sources may come from an analysis one edit old.
  const replace = rangeOf(new LineIndex(text), offset - typed.length, offset);
  return sources
    .filter((s) => !s.stub && /^[\w:.#$%&+?<>~/-]+$/.test(s.id))
    .map((s, i) => ({
      label: s.id,
      kind: CompletionItemKind.Reference,
      detail: shortCitation(s),
      documentation: { kind: MarkupKind.Markdown, value: `${shortCitation(s)}${s.title ? `\n\n*${s.title}*` : ''}${s.journal ? `\n\n${s.journal}` : ''}` },
      sortText: String(i).padStart(5, '0'),
      filterText: s.id,
      textEdit: { range: replace, newText: s.id },
    }));
}

function shortCitation(s: Source): string {
  const first = s.authors?.[0]?.split(/[ ,]/)[0];
  const who = first ? `${first}${(s.authors?.length ?? 0) > 1 ? ' et al.' : ''}` : 'Unknown author';
  return `${who}${s.year ? ` ${s.year}` : ''}`;
}
