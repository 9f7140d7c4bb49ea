/**
 * Pure source parsers: text in, Sources (and load errors) out. The file-system side lives in
 * server/src/workspace/sources.ts. Every parser reports problems as SourceLoadError values and
 * keeps the entries it could read.
 */
import { parseDocument, isMap, isSeq, isScalar, LineCounter } from 'yaml';
import type { Source } from '../types';

/** A problem met while loading sources. Offsets point into `file` (or the note when `file` is undefined). */
export interface SourceLoadError {
  message: string;
  /** File the problem is in; undefined = the note being analysed. */
  file?: string;
  /** Range in the note that names the failing file (so the finding lands there). */
  start?: number;
  end?: number;
  /** 0-based line within `file` when the problem is inside that file. */
  line?: number;
}

export interface ParsedSources {
  sources: Source[];
  errors: SourceLoadError[];
}

const lineOf = (text: string, offset: number) => {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

const asYear = (v: unknown): number | undefined => {
  const m = /\b(1[5-9]\d\d|2\d\d\d)\b/.exec(String(v ?? ''));
  return m ? Number(m[1]) : undefined;
};

const cleanDoi = (v: unknown): string | undefined => {
  if (typeof v !== 'string' || !v.trim()) return undefined;
  return v.trim().replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '').replace(/^doi:\s*/i, '');
};

type BibtexModule = typeof import('@retorquere/bibtex-parser');
let bibtexModule: Promise<BibtexModule> | undefined;

/**
 * Parses a BibTeX/BibLaTeX library with @retorquere/bibtex-parser; a malformed entry becomes an
 * error, the others still load. Async because the parser is an ES module loaded on first use
 * (a static import breaks under CommonJS loaders).
 */
export async function parseBibtex(text: string, file?: string): Promise<ParsedSources> {
  const errors: SourceLoadError[] = [];
  let library;
  try {
    bibtexModule ??= import('@retorquere/bibtex-parser');
    const { parse } = await bibtexModule;
    library = parse(text, { sentenceCase: false } as never);
  } catch (err) {
    return { sources: [], errors: [{ file, line: 0, message: `cannot parse BibTeX: ${(err as Error).message}` }] };
  }
  const brokenKeys = new Set<string>();
  for (const e of library.errors) {
    const at = e.input ? text.indexOf(e.input) : -1;
    const key = /^@\w+\s*[{(]\s*([^,\s]+)/.exec(e.input ?? '')?.[1];
    if (key) brokenKeys.add(key);
    errors.push({
      file,
      line: at >= 0 ? lineOf(text, at) : undefined,
      message: `malformed BibTeX entry${key ? ` \`${key}\`` : ''}: ${e.error}`,
    });
  }
  const sources: Source[] = [];
  for (const entry of library.entries) {
    if (!entry.input || brokenKeys.has(entry.key)) continue;
    const f = entry.fields as Record<string, unknown>;
    const authors = Array.isArray(f.author)
      ? (f.author as { lastName?: string; prefix?: string; name?: string }[]).map((a) => (a.lastName ? [a.prefix, a.lastName].filter(Boolean).join(' ') : a.name ?? '')).filter(Boolean)
      : undefined;
    const at = text.indexOf(entry.input);
    // A bare "<"/">" in BibTeX text mode is the T1 glyph "¡"/"¿"; authors writing "p < 0.001" mean the comparator.
    const unT1 = (v: string | undefined) => v && (entry.input.includes('<') || entry.input.includes('>')) ? v.replace(/¡/g, '<').replace(/¿/g, '>') : v;
    const source: Source = {
      id: entry.key,
      title: unT1(str(f.title)),
      authors,
      year: asYear(f.year ?? f.date),
      journal: str(f.journal ?? f.journaltitle ?? f.booktitle),
      doi: cleanDoi(f.doi),
      pmid: str(f.pmid ?? (typeof f.eprinttype === 'string' && /pubmed/i.test(f.eprinttype) ? f.eprint : undefined)),
      url: str(f.url),
      text: unT1(str(f.abstract)) ?? '',
      origin: { file, start: at >= 0 ? at : undefined, end: at >= 0 ? at + entry.input.length : undefined, line: at >= 0 ? lineOf(text, at) : undefined },
    };
    sources.push(source);
  }
  return { sources, errors };
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v) && v.length && typeof v[0] === 'string') return v.join(', ');
  return undefined;
}

interface CslName { family?: string; given?: string; literal?: string }
interface CslItem {
  id?: string | number; 'citation-key'?: string; title?: string; author?: CslName[]; issued?: { 'date-parts'?: unknown[][]; raw?: string; literal?: string };
  'container-title'?: string; DOI?: string; PMID?: string; URL?: string; abstract?: string; note?: string;
}

/** Converts CSL-JSON items (as Zotero exports them, or Pandoc `references:`) to Sources. */
export function cslItemsToSources(items: unknown[], file?: string): ParsedSources {
  const sources: Source[] = [];
  const errors: SourceLoadError[] = [];
  items.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') {
      errors.push({ file, message: `CSL item ${i + 1} is not an object` });
      return;
    }
    const item = raw as CslItem;
    const id = item['citation-key'] ?? (item.id !== undefined ? String(item.id) : undefined);
    if (!id) {
      errors.push({ file, message: `CSL item ${i + 1} has no \`id\`` });
      return;
    }
    const parts = item.issued?.['date-parts']?.[0]?.[0];
    const pmidInNote = typeof item.note === 'string' ? /PMID:\s*(\d+)/i.exec(item.note)?.[1] : undefined;
    sources.push({
      id,
      title: str(item.title),
      authors: Array.isArray(item.author) ? item.author.map((a) => a.family ?? a.literal ?? '').filter(Boolean) : undefined,
      year: asYear(parts ?? item.issued?.raw ?? item.issued?.literal),
      journal: str(item['container-title']),
      doi: cleanDoi(item.DOI),
      pmid: str(item.PMID) ?? pmidInNote,
      url: str(item.URL),
      text: str(item.abstract) ?? '',
      origin: { file },
    });
  });
  return { sources, errors };
}

/** Parses a CSL-JSON file (an array of items, or `{items: [...]}`). */
export function parseCslJson(text: string, file?: string): ParsedSources {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message)?.[1];
    return { sources: [], errors: [{ file, line: pos ? lineOf(text, Number(pos)) : 0, message: `invalid CSL-JSON: ${(err as Error).message}` }] };
  }
  const items = Array.isArray(data) ? data : (data && typeof data === 'object' && Array.isArray((data as { items?: unknown[] }).items) ? (data as { items: unknown[] }).items : undefined);
  if (!items) return { sources: [], errors: [{ file, line: 0, message: 'CSL-JSON must be an array of items' }] };
  const parsed = cslItemsToSources(items, file);
  // Locate each item in the file for go-to-definition.
  for (const s of parsed.sources) {
    const at = text.indexOf(`"${s.id}"`);
    if (at >= 0) s.origin = { file, start: at, end: at + s.id.length + 2, line: lineOf(text, at) };
  }
  return parsed;
}

/** A bibliography path named in the note's front matter, with where it is named. */
export interface BibliographyRef {
  path: string;
  start: number;
  end: number;
}

export interface FrontMatter {
  /** Front matter range in the note ([0, end) including the fences), undefined when absent. */
  range?: { start: number; end: number };
  data: Record<string, unknown>;
  bibliography: BibliographyRef[];
  /** Inline `references:` as Sources (CSL items). */
  references: Source[];
  errors: SourceLoadError[];
}

/** Reads the note's YAML front matter: `bibliography:` paths and inline `references:`. */
export function parseFrontMatter(note: string): FrontMatter {
  const out: FrontMatter = { data: {}, bibliography: [], references: [], errors: [] };
  const open = /^\uFEFF?---[ \t]*\r?\n/.exec(note);
  if (!open) return out;
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = note.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) return out;
  const yamlStart = open[0].length;
  const yamlText = rest.slice(0, m.index);
  out.range = { start: 0, end: yamlStart + m.index + m[0].length };
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const [s, e2] = e.pos ?? [0, 0];
      out.errors.push({ start: yamlStart + s, end: Math.max(yamlStart + e2, yamlStart + s + 1), message: `bad YAML in front matter: ${e.message.split('\n')[0]}` });
    }
    return out;
  }
  const root = doc.contents;
  if (!isMap(root)) return out;
  out.data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const bib = root.get('bibliography', true);
  const scalars = isSeq(bib) ? bib.items : [bib];
  for (const node of scalars) {
    if (isScalar(node) && typeof node.value === 'string' && node.range) {
      out.bibliography.push({ path: node.value, start: yamlStart + node.range[0], end: yamlStart + node.range[1] });
    }
  }
  const refs = root.get('references', true);
  if (isSeq(refs)) {
    const items = refs.items.map((n) => (n && typeof (n as { toJSON?: unknown }).toJSON === 'function' ? (n as { toJSON(): unknown }).toJSON() : n));
    const parsed = cslItemsToSources(items);
    refs.items.forEach((node, i) => {
      const r = (node as { range?: [number, number, number] }).range;
      const src = parsed.sources.find((s) => s.id === String((items[i] as CslItem | undefined)?.id ?? ''));
      if (src && r) src.origin = { start: yamlStart + r[0], end: yamlStart + r[1], line: lineOf(note, yamlStart + r[0]) };
    });
    out.references.push(...parsed.sources);
    const refsRange = (refs as { range?: [number, number, number] }).range;
    for (const e of parsed.errors) out.errors.push({ ...e, start: refsRange ? yamlStart + refsRange[0] : 0, end: refsRange ? yamlStart + refsRange[1] : 3 });
  }
  return out;
}

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) : typeof v === 'string' && v.trim() ? [v.trim()] : undefined;

/** PubMed publication types, MeSH headings and a retraction flag, when a source note carries them. */
function studyMetadata(d: Record<string, unknown>): Pick<Source, 'publicationTypes' | 'mesh' | 'retracted'> {
  const out: Pick<Source, 'publicationTypes' | 'mesh' | 'retracted'> = {};
  const types = strings(d.publicationTypes ?? d.publication_types);
  if (types?.length) out.publicationTypes = types;
  const mesh = strings(d.mesh);
  if (mesh?.length) out.mesh = mesh;
  if (d.retracted === true || types?.some((t) => /^retracted publication$/i.test(t))) out.retracted = true;
  return out;
}

/**
 * Parses one source note of a sources folder: YAML front matter (`id`, `title`, `authors`,
 * `year`, `journal`, `doi`, `pmid`; `publicationTypes`, `mesh` and `retracted` as `fetch` writes
 * them) and a body that is the source's text. Without an `id` the
 * file name (without extension) is the id.
 */
export function parseSourceNote(text: string, file: string): ParsedSources {
  const fm = parseFrontMatter(text);
  if (fm.errors.length) return { sources: [], errors: fm.errors.map((e) => ({ file, line: lineOf(text, e.start ?? 0), message: e.message })) };
  const d = fm.data;
  const base = file.replace(/\\/g, '/').split('/').pop()!.replace(/\.(md|markdown|txt)$/i, '');
  const bodyStart = fm.range?.end ?? 0;
  const body = text.slice(bodyStart);
  const lead = body.length - body.trimStart().length;
  const authors = Array.isArray(d.authors) ? d.authors.map(String) : typeof d.authors === 'string' ? d.authors.split(/\s*(?:;|\band\b)\s*/) : typeof d.author === 'string' ? [d.author] : undefined;
  return {
    sources: [{
      id: str(d.id) ?? base,
      title: str(d.title),
      authors,
      year: asYear(d.year ?? d.date),
      journal: str(d.journal),
      doi: cleanDoi(d.doi),
      pmid: str(d.pmid),
      url: str(d.url),
      text: body.trim(),
      origin: { file, start: bodyStart + lead, line: lineOf(text, bodyStart + lead) },
      textOffset: bodyStart + lead,
      ...studyMetadata(d),
    }],
    errors: [],
  };
}
