/**
 * Pure source parsers: text in, Sources (and load errors) out. The file-system side lives in
 * server/src/workspace/sources.ts. Every parser reports problems as SourceLoadError values and
 * keeps the entries it could read.
 */
import { parseDocument, isMap, isSeq, isScalar, LineCounter } from 'yaml';
import type { Source } from '../types';
import { LineIndex, lineOfOffset } from '../positions';
import { YAML_LIMITS, yamlNestingProblem } from '../formats/yaml';
import { familyNames, plainField, scanBibtex, type ScannedEntry } from '../formats/bibtex';

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
  /** 0-based UTF-16 column within that line, when known. */
  column?: number;
}

export interface ParsedSources {
  sources: Source[];
  errors: SourceLoadError[];
}

const lineOf = lineOfOffset;
/** `lineOf` for many offsets of one text: its line index built once (core/positions), then a binary search each. */
const lineAtIn = (text: string): ((offset: number) => number) => {
  const lines = new LineIndex(text);
  return (offset) => lines.lineOfOffset(offset);
};


/**
 * Fields longer than this are cut for indexing and retrieval (a pasted full text in `abstract`):
 * the source still loads, and its first MAX_FIELD_LENGTH characters are searched.
 */
export const MAX_FIELD_LENGTH = 50_000;
/** Titles, journals and author lists longer than this are cut too. */
export const MAX_SHORT_FIELD_LENGTH = 2_000;
/** A BibTeX `@string` macro whose expansion would exceed this many characters stops the parse. */
export const MAX_STRING_EXPANSION = 1_000_000;

const cut = (v: string | undefined, max: number): string | undefined => (v !== undefined && v.length > max ? v.slice(0, max) : v);

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
  const bomb = stringExpansionBomb(text);
  if (bomb) return { sources: [], errors: [{ file, line: 0, message: `a \`@string\` macro expands to more than ${MAX_STRING_EXPANSION.toLocaleString('en')} characters` }] };
  const lineAt = lineAtIn(text);
  // The common case, fast: a file the plain reader follows, where few entries need LaTeX conversion.
  const scanned = scanBibtex(text, MAX_STRING_EXPANSION);
  if (scanned) {
    const byKey = new Map<string, Source>();
    const latex = scanned.filter((e) => e.latex);
    // A few entries with LaTeX go through the full parser; a library full of them gets the light
    // conversion instead (the full parser needs about a millisecond per entry).
    if (latex.length && latex.length <= MAX_LATEX_ENTRIES) {
      const full = await parseBibtexFully(latex.map((e) => e.input).join('\n\n'), file, lineAt, latex);
      for (const s of full.sources) byKey.set(s.id, s);
      errors.push(...full.errors);
    }
    const sources: Source[] = [];
    for (const e of scanned) {
      const source = e.latex && byKey.size ? byKey.get(e.key) : scannedSource(e, file, lineAt);
      if (source) sources.push(source);
    }
    return { sources, errors };
  }
  return parseBibtexFully(text, file, lineAt);
}

/** Entries with LaTeX in their fields that go through the full parser before the whole file does. */
const MAX_LATEX_ENTRIES = 100;

function scannedSource(e: ScannedEntry, file: string | undefined, lineAt: (offset: number) => number): Source {
  const f = e.fields;
  const field = (name: string, max = MAX_SHORT_FIELD_LENGTH) => {
    const v = f[name];
    return v === undefined ? undefined : cut(plainField(v.length > max * 2 ? v.slice(0, max * 2) : v), max) || undefined;
  };
  return {
    id: e.key,
    title: field('title'),
    authors: f.author !== undefined ? familyNames(f.author.slice(0, 20_000)) : undefined,
    year: asYear(field('year') ?? field('date')),
    journal: field('journal') ?? field('journaltitle') ?? field('booktitle'),
    doi: cleanDoi(field('doi', 200)),
    pmid: field('pmid', 100) ?? (/pubmed/i.test(f.eprinttype ?? '') ? field('eprint', 100) : undefined),
    url: field('url'),
    text: field('abstract', MAX_FIELD_LENGTH) ?? '',
    origin: { file, start: e.start, end: e.start + e.input.length, line: lineAt(e.start) },
  };
}

/** The LaTeX-aware parser; `located` gives the entries' places in the file when `text` is a part of it. */
async function parseBibtexFully(text: string, file: string | undefined, lineAt: (offset: number) => number, located?: ScannedEntry[]): Promise<ParsedSources> {
  const errors: SourceLoadError[] = [];
  let library;
  try {
    bibtexModule ??= import('@retorquere/bibtex-parser');
    const { parse } = await bibtexModule;
    library = parse(text, { sentenceCase: false } as never);
  } catch (err) {
    return { sources: [], errors: [{ file, line: 0, message: `cannot parse BibTeX: ${(err as Error).message}` }] };
  }
  const place = new Map((located ?? []).map((e) => [e.key, e]));
  const brokenKeys = new Set<string>();
  for (const e of library.errors) {
    const key = /^@\w+\s*[{(]\s*([^,\s]+)/.exec(e.input ?? '')?.[1];
    const at = key && place.has(key) ? place.get(key)!.start : e.input ? text.indexOf(e.input) : -1;
    if (key) brokenKeys.add(key);
    errors.push({
      file,
      line: at >= 0 ? lineAt(at) : undefined,
      message: `malformed BibTeX entry${key ? ` \`${key}\`` : ''}: ${e.error.split('\n')[0].slice(0, 300)}`,
    });
  }
  const sources: Source[] = [];
  // Entries come in file order: search for each from where the previous one was found.
  let cursor = 0;
  for (const entry of library.entries) {
    if (!entry.input || brokenKeys.has(entry.key)) continue;
    const f = entry.fields as Record<string, unknown>;
    const authors = Array.isArray(f.author)
      ? (f.author as { lastName?: string; prefix?: string; name?: string }[]).map((a) => (a.lastName ? [a.prefix, a.lastName].filter(Boolean).join(' ') : a.name ?? '')).filter(Boolean)
      : undefined;
    let at: number;
    let length = entry.input.length;
    const known = place.get(entry.key);
    if (known) {
      at = known.start;
      length = known.input.length;
    } else {
      at = text.indexOf(entry.input, cursor);
      if (at < 0) at = text.indexOf(entry.input);
      else cursor = at + entry.input.length;
    }
    // A bare "<"/">" in BibTeX text mode is the T1 glyph "¡"/"¿"; authors writing "p < 0.001" mean the comparator.
    const unT1 = (v: string | undefined) => v && (entry.input.includes('<') || entry.input.includes('>')) ? v.replace(/¡/g, '<').replace(/¿/g, '>') : v;
    const source: Source = {
      id: entry.key,
      title: cut(unT1(str(f.title)), MAX_SHORT_FIELD_LENGTH),
      authors: authors?.slice(0, 100),
      year: asYear(cut(String(f.year ?? f.date ?? ''), 100)),
      journal: cut(str(f.journal ?? f.journaltitle ?? f.booktitle), MAX_SHORT_FIELD_LENGTH),
      doi: cleanDoi(cut(str(f.doi), 200)),
      pmid: cut(str(f.pmid ?? (typeof f.eprinttype === 'string' && /pubmed/i.test(f.eprinttype) ? f.eprint : undefined)), 100),
      url: cut(str(f.url), MAX_SHORT_FIELD_LENGTH),
      text: cut(unT1(str(f.abstract)), MAX_FIELD_LENGTH) ?? '',
      origin: { file, start: at >= 0 ? at : undefined, end: at >= 0 ? at + length : undefined, line: at >= 0 ? lineAt(at) : undefined },
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

/**
 * The first `@string` macro whose expansion would exceed MAX_STRING_EXPANSION characters, if any
 * (`@string{a1 = a0 # a0}` doubles each time, so thirty lines expand to gigabytes). Lengths are
 * computed from the definitions alone, without expanding anything.
 */
export function stringExpansionBomb(text: string): string | undefined {
  if (!['@string', '@String', '@STRING'].some((w) => text.includes(w))) return undefined;
  const lengths = new Map<string, number>();
  const DEF = /@string\s*[{(]\s*([^\s=#{}(),"]+)\s*=\s*/gi;
  for (let m = DEF.exec(text); m; m = DEF.exec(text)) {
    let i = DEF.lastIndex;
    let total = 0;
    // value := part (# part)*, part := "…" | {…} | number | macro name
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      const c = text[i];
      if (c === '"' || c === '{') {
        const close = c === '"' ? '"' : '}';
        let depth = 0;
        const start = i;
        for (i++; i < text.length; i++) {
          if (text[i] === '{') depth++;
          else if (text[i] === '}' && depth > 0) depth--;
          else if (text[i] === close && depth === 0) break;
        }
        total += i - start - 1;
        i++;
      } else {
        const name = /^[^\s#{}(),"=]+/.exec(text.slice(i, i + 200))?.[0];
        if (!name) break;
        total += /^\d+$/.test(name) ? name.length : lengths.get(name.toLowerCase()) ?? 0;
        i += name.length;
      }
      if (total > MAX_STRING_EXPANSION) return m[1];
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text[i] !== '#') break;
      i++;
    }
    lengths.set(m[1].toLowerCase(), total);
    DEF.lastIndex = Math.max(DEF.lastIndex, i);
  }
  return undefined;
}
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
    // One bad item (`"author": [null]`) costs that item only; the rest of the library loads.
    if (item.author !== undefined && !(Array.isArray(item.author) && item.author.every((a) => a !== null && typeof a === 'object'))) {
      errors.push({ file, message: `CSL item ${i + 1} has an author that is not a name` });
      return;
    }
    const parts = item.issued?.['date-parts']?.[0]?.[0];
    const pmidInNote = typeof item.note === 'string' ? /PMID:\s*(\d+)/i.exec(item.note.slice(0, MAX_SHORT_FIELD_LENGTH))?.[1] : undefined;
    sources.push({
      id: cut(id, MAX_SHORT_FIELD_LENGTH)!,
      title: cut(str(item.title), MAX_SHORT_FIELD_LENGTH),
      authors: Array.isArray(item.author) ? item.author.slice(0, 100).map((a) => String(a?.family ?? a?.literal ?? '').slice(0, 200)).filter(Boolean) : undefined,
      year: asYear(cut(String(parts ?? item.issued?.raw ?? item.issued?.literal ?? ''), 100)),
      journal: cut(str(item['container-title']), MAX_SHORT_FIELD_LENGTH),
      doi: cleanDoi(cut(str(item.DOI), 200)),
      pmid: cut(str(item.PMID) ?? pmidInNote, 100),
      url: cut(str(item.URL), MAX_SHORT_FIELD_LENGTH),
      text: cut(str(item.abstract), MAX_FIELD_LENGTH) ?? '',
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
  // Locate each item in the file for go-to-definition (items in file order: search onwards).
  const lineAt = lineAtIn(text);
  let cursor = 0;
  for (const s of parsed.sources) {
    let at = text.indexOf(`"${s.id}"`, cursor);
    if (at < 0) at = text.indexOf(`"${s.id}"`);
    else cursor = at + s.id.length + 2;
    if (at >= 0) s.origin = { file, start: at, end: at + s.id.length + 2, line: lineAt(at) };
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
  const open = /^\uFEFF?---[ \t]*(?:\r\n?|\n)/.exec(note);
  if (!open) return out;
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = note.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) return out;
  const yamlStart = open[0].length;
  // Everything below depends on the front matter alone: typing in the body re-uses its reading.
  const head = note.slice(0, yamlStart + m.index + m[0].length);
  if (lastFrontMatter?.head === head) return copyOf(lastFrontMatter.out);
  readFrontMatter(note, out, yamlStart, rest.slice(0, m.index), m[0].length);
  lastFrontMatter = { head, out: copyOf(out) };
  return out;
}

/** The last front matter read (by its text, delimiters included) and what was read from it. */
let lastFrontMatter: { head: string; out: FrontMatter } | undefined;

/** Forgets the last front matter read (tests compare a re-used reading with a fresh one). */
export function forgetFrontMatter(): void {
  lastFrontMatter = undefined;
}

/** A copy whose lists a caller may change without changing the remembered reading. */
function copyOf(fm: FrontMatter): FrontMatter {
  return { ...fm, bibliography: [...fm.bibliography], references: fm.references.map((r) => ({ ...r })), errors: [...fm.errors] };
}

function readFrontMatter(note: string, out: FrontMatter, yamlStart: number, rawYaml: string, closeLength: number): FrontMatter {
  // The YAML parser knows no lone-CR line breaks; a same-length swap keeps every offset.
  const yamlText = rawYaml.replace(/\r(?!\n)/g, '\n');
  out.range = { start: 0, end: yamlStart + rawYaml.length + closeLength };
  const tooDeep = yamlNestingProblem(yamlText);
  if (tooDeep) {
    out.errors.push({ start: 0, end: Math.min(3, note.length), message: `front matter not read: its YAML is ${tooDeep}` });
    return out;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, ...YAML_LIMITS });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const [s, e2] = e.pos ?? [0, 0];
      out.errors.push({ start: yamlStart + s, end: Math.max(yamlStart + e2, yamlStart + s + 1), message: `bad YAML in front matter: ${e.message.split('\n')[0]}` });
    }
    return out;
  }
  const root = doc.contents;
  if (!isMap(root)) return out;
  try {
    out.data = (doc.toJS(YAML_LIMITS) ?? {}) as Record<string, unknown>;
  } catch (error) {
    // Too many alias expansions (a "billion laughs" document).
    out.errors.push({ start: 0, end: Math.min(3, note.length), message: `front matter not read: ${(error as Error).message.split('\n')[0]}` });
    return out;
  }
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
    // Lines of offsets in the front matter: its own text is enough (not a line index of the whole note).
    const noteLineAt = lineAtIn(note.slice(0, out.range.end));
    refs.items.forEach((node, i) => {
      const r = (node as { range?: [number, number, number] }).range;
      const src = parsed.sources.find((s) => s.id === String((items[i] as CslItem | undefined)?.id ?? ''));
      if (src && r) src.origin = { start: yamlStart + r[0], end: yamlStart + r[1], line: noteLineAt(yamlStart + r[0]) };
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
