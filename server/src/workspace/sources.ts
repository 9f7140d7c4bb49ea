/**
 * Loads the sources a note relies on from disk: bibliography files named with --bib or in the
 * note's front matter (`bibliography:`, BibTeX or CSL-JSON), inline `references:`, and a
 * sources folder of one-source-per-file Markdown notes. Never throws: every problem becomes a
 * SourceLoadError that points at the text naming the file, and the other sources still load.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Source } from '../core/types';
import {
  parseBibtex, parseCslJson, parseFrontMatter, parseSourceNote, type ParsedSources, type SourceLoadError,
} from '../core/evidence/sources';

export type { SourceLoadError } from '../core/evidence/sources';

export interface LoadSourcesOptions {
  /** Bibliography files given by the user (CLI --bib, settings); resolved against the cwd or absolute. */
  bibFiles: string[];
  /** Folder of one-source-per-file Markdown notes (id/title/… front matter + body). */
  sourcesFolder?: string;
  /**
   * Folder of source notes written by `fetch` (absolute). Read when it exists; a fetched
   * abstract fills in a library entry of the same id that has none.
   */
  fetchedFolder?: string;
}

export interface LoadedSources {
  sources: Source[];
  errors: SourceLoadError[];
}

/** Parses a bibliography file's text by its extension (.bib/.bibtex → BibTeX, .json → CSL-JSON). */
export async function parseBibliographyText(text: string, file: string): Promise<ParsedSources> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json' || ext === '.csljson') return parseCslJson(text, file);
  if (ext === '.bib' || ext === '.bibtex' || ext === '.biblatex') return parseBibtex(text, file);
  if (ext === '.yaml' || ext === '.yml') {
    const fm = parseFrontMatter(`---\n${text}\n---\n`);
    return { sources: fm.references.map((s) => ({ ...s, origin: { file } })), errors: fm.errors.map((e) => ({ file, message: e.message })) };
  }
  const trimmed = text.trimStart();
  return trimmed.startsWith('[') || trimmed.startsWith('{') ? parseCslJson(text, file) : parseBibtex(text, file);
}

/** Parsed files by path, reused while the file's size and mtime do not change. */
const parsedFiles = new Map<string, { mtimeMs: number; size: number; result: ParsedSources }>();

/**
 * Reads and parses one bibliography file; `named` is where the note names it (for error ranges).
 * Parsed results are cached per file until it changes, so re-analysing a note (every keystroke in
 * the editor) returns the same Source objects and the library index is reused.
 */
export async function loadBibliography(file: string, named?: { start: number; end: number }): Promise<LoadedSources> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    const cached = parsedFiles.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      return { sources: cached.result.sources, errors: cached.result.errors.map((e) => ({ ...e, ...named })) };
    }
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    return { sources: [], errors: [{ file, message: `cannot read \`${file}\`: ${why}`, ...named }] };
  }
  try {
    const parsed = await parseBibliographyText(text, file);
    try {
      const stat = await fs.stat(file);
      if (parsedFiles.size > 32) parsedFiles.clear();
      parsedFiles.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, result: parsed });
    } catch {
      // The file vanished after reading: nothing to cache.
    }
    return { sources: parsed.sources, errors: parsed.errors.map((e) => ({ ...e, ...named })) };
  } catch (err) {
    return { sources: [], errors: [{ file, message: `cannot parse \`${file}\`: ${(err as Error).message}`, ...named }] };
  }
}

/** Parsed source notes by path, reused while the file's size and mtime do not change. */
const parsedNotes = new Map<string, { mtimeMs: number; size: number; result: ParsedSources }>();

/** Loads a sources folder: every .md/.markdown/.txt file (recursively) is one source. */
export async function loadSourcesFolder(folder: string): Promise<LoadedSources> {
  const out: LoadedSources = { sources: [], errors: [] };
  let entries: string[];
  try {
    entries = await walk(folder);
  } catch (err) {
    out.errors.push({ file: folder, message: `cannot read sources folder \`${folder}\`: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    return out;
  }
  for (const file of entries) {
    try {
      // Re-analysis happens on every pause in typing: parse a source note again only when it changed.
      const stat = await fs.stat(file);
      const cached = parsedNotes.get(file);
      const parsed = cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size
        ? cached.result
        : parseSourceNote(await fs.readFile(file, 'utf8'), file);
      if (parsed !== cached?.result) {
        if (parsedNotes.size > 4096) parsedNotes.clear();
        parsedNotes.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, result: parsed });
      }
      out.sources.push(...parsed.sources);
      out.errors.push(...parsed.errors);
    } catch (err) {
      out.errors.push({ file, message: `cannot read \`${file}\`: ${(err as Error).message}` });
    }
  }
  return out;
}

function definedFields(source: Source): Source {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined)) as Source;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (/\.(md|markdown|txt)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/**
 * Everything a note's analysis needs: --bib files, front-matter bibliographies (relative to the
 * note), inline references and the sources folder. Earlier sources win on duplicate ids.
 */
export async function loadNoteSources(noteText: string, notePath: string | undefined, opts: LoadSourcesOptions): Promise<LoadedSources> {
  const sources: Source[] = [];
  const errors: SourceLoadError[] = [];
  const seen = new Set<string>();
  const add = (loaded: LoadedSources) => {
    for (const s of loaded.sources) if (!seen.has(s.id)) { seen.add(s.id); sources.push(s); }
    errors.push(...loaded.errors);
  };
  let fm;
  try {
    fm = parseFrontMatter(noteText);
  } catch (err) {
    fm = undefined;
    errors.push({ start: 0, end: 3, message: `cannot read front matter: ${(err as Error).message}` });
  }
  const baseDir = notePath ? path.dirname(path.resolve(notePath)) : process.cwd();
  const loaded: string[] = [];
  for (const file of opts.bibFiles ?? []) {
    const abs = path.resolve(file);
    if (loaded.includes(abs)) continue;
    loaded.push(abs);
    add(await loadBibliography(abs));
  }
  if (fm) {
    for (const ref of fm.bibliography) {
      const abs = path.resolve(baseDir, ref.path);
      if (loaded.includes(abs)) continue;
      loaded.push(abs);
      const result = await loadBibliography(abs, { start: ref.start, end: ref.end });
      // Name the file as the note does, not as an absolute path.
      add({ sources: result.sources, errors: result.errors.map((e) => ({ ...e, file: ref.path, message: e.message.split(abs).join(ref.path) })) });
    }
    // Front-matter YAML errors and inline references are also read by the core; only sources here.
    add({ sources: fm.references, errors: [] });
  }
  const folder = opts.sourcesFolder ? path.resolve(baseDir, opts.sourcesFolder) : undefined;
  if (folder) add(await loadSourcesFolder(folder));
  if (opts.fetchedFolder && path.resolve(opts.fetchedFolder) !== folder && (await isDirectory(opts.fetchedFolder))) {
    const fetched = await loadSourcesFolder(opts.fetchedFolder);
    for (const f of fetched.sources) {
      const at = sources.findIndex((s) => s.id === f.id);
      if (at < 0) { seen.add(f.id); sources.push(f); }
      else if (!sources[at].text.trim() && f.text.trim()) sources[at] = { ...f, ...definedFields(sources[at]), text: f.text, fetchedFrom: f.origin };
      else if (f.retracted && !sources[at].retracted) sources[at] = { ...sources[at], retracted: true, publicationTypes: f.publicationTypes };
    }
    errors.push(...fetched.errors);
  }
  return { sources, errors };
}
