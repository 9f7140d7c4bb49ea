/**
 * Loads the sources a note relies on from disk: bibliography files named with --bib or in the
 * note's front matter (`bibliography:`, BibTeX or CSL-JSON), inline `references:`, and a
 * sources folder of one-source-per-file Markdown notes. Never throws: every problem becomes a
 * SourceLoadError that points at the text naming the file, and the other sources still load.
 * Every file passes the access policy of paths.ts first, and no error quotes a file's bytes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Source } from '../core/types';
import { lineOfOffset } from '../core/positions';
import { firstOfEachId } from '../core/evidence/known-sources';
import {
  parseBibtex, parseCslJson, parseFrontMatter, parseSourceNote, type ParsedSources, type SourceLoadError,
} from '../core/evidence/sources';

import { checkSourceFile, expandHome, walkSourcesFolder, type PathPolicy, type WalkLimits } from './paths';
import { sanitizeErrors } from './safe-errors';

export type { SourceLoadError } from '../core/evidence/sources';

export interface LoadSourcesOptions {
  /** Bibliography files given by the user (CLI --bib, settings); resolved against the cwd or absolute. */
  bibFiles: string[];
  /** Folder of one-source-per-file Markdown notes (id/title/… front matter + body). */
  sourcesFolder?: string;
  /** Where a note's front matter may name files (workspace root, allowed paths). */
  policy?: PathPolicy;
  /** Limits for the sources folder walk (tests lower them). */
  walkLimits?: WalkLimits;
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

/** Parses a bibliography file's text by its extension (.bib/.bibtex/.biblatex, .json/.csljson, .yaml/.yml). */
export async function parseBibliographyText(text: string, file: string): Promise<ParsedSources> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json' || ext === '.csljson') return parseCslJson(text, file);
  if (ext === '.yaml' || ext === '.yml') {
    // Pandoc's YAML bibliography: `references:` at the top, read like front matter (4 = "---\n").
    const fm = parseFrontMatter(`---\n${text}\n---\n`);
    return {
      sources: fm.references.map((s) => ({ ...s, origin: { file } })),
      errors: fm.errors.map((e) => ({ file, message: e.message, line: typeof e.start === 'number' ? lineOfOffset(text, Math.max(0, e.start - 4)) : undefined })),
    };
  }
  return parseBibtex(text, file);
}

/** Parsed files by path, reused while the file's size and mtime do not change. */
const parsedFiles = new Map<string, { mtimeMs: number; size: number; result: ParsedSources }>();

/**
 * A load error for a file, never with its contents: a read error says `cannot read `file`: reason`;
 * a parse error is the reason alone, with the line and column as fields (the finding names the file).
 */
function fileError(file: string, verb: 'read' | 'parse', reason: string, named?: { start: number; end: number }, line?: number, column?: number): SourceLoadError {
  const message = verb === 'read' ? `cannot read \`${file}\`: ${reason}` : reason;
  return { file, message, ...(typeof line === 'number' ? { line } : {}), ...(typeof column === 'number' ? { column } : {}), ...named };
}

/**
 * Reads and parses one bibliography file; `named` is where the note names it (for error ranges),
 * and `fromNote` says the path came from the note (then it must stay inside the policy's places).
 * Parsed results are cached per file until it changes, so re-analysing a note (every keystroke in
 * the editor) returns the same Source objects and the library index is reused.
 */
export async function loadBibliography(file: string, named?: { start: number; end: number }, fromNote = false, policy?: PathPolicy): Promise<LoadedSources> {
  const check = await checkSourceFile(file, 'bibliography', fromNote, policy);
  if (!check.ok) return { sources: [], errors: [fileError(file, 'read', check.reason, named)] };
  let text: string;
  try {
    const stat = await fs.stat(check.realPath);
    const cached = parsedFiles.get(check.realPath);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      return { sources: cached.result.sources, errors: cached.result.errors.map((e) => ({ ...e, ...named })) };
    }
    text = await fs.readFile(check.realPath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { sources: [], errors: [fileError(file, 'read', code === 'EACCES' ? 'permission denied' : 'cannot be read', named)] };
  }
  let parsed: ParsedSources;
  try {
    const raw = await parseBibliographyText(text, file);
    parsed = {
      sources: raw.sources,
      errors: sanitizeErrors(raw.errors, text, file).map((e) => fileError(file, 'parse', e.message, undefined, e.line, e.column)),
    };
  } catch {
    return { sources: [], errors: [fileError(file, 'parse', 'the file could not be parsed', named)] };
  }
  try {
    const stat = await fs.stat(check.realPath);
    if (parsedFiles.size > 32) parsedFiles.clear();
    parsedFiles.set(check.realPath, { mtimeMs: stat.mtimeMs, size: stat.size, result: parsed });
  } catch {
    // The file vanished after reading: nothing to cache.
  }
  return { sources: parsed.sources, errors: parsed.errors.map((e) => ({ ...e, ...named })) };
}

/** Parsed source notes by path, reused while the file's size and mtime do not change. */
const parsedNotes = new Map<string, { mtimeMs: number; size: number; sources: Source[]; errors: SourceLoadError[] }>();

/** Loads a sources folder: every .md/.markdown file (recursively, within limits) is one source. */
export async function loadSourcesFolder(folder: string, limits?: WalkLimits): Promise<LoadedSources> {
  const out: LoadedSources = { sources: [], errors: [] };
  let walked;
  try {
    walked = await walkSourcesFolder(folder, limits);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    out.errors.push({ file: folder, message: `cannot read sources folder \`${folder}\`: ${code === 'ENOENT' ? 'folder not found' : code === 'ENOTDIR' ? 'is not a folder' : code === 'EACCES' ? 'permission denied' : 'cannot be read'}` });
    return out;
  }
  for (const note of walked.notes) out.errors.push({ file: folder, message: `sources folder \`${folder}\`: ${note}` });
  for (const { path: file } of walked.files) {
    let text: string;
    try {
      // Re-analysis happens on every pause in typing: parse a source note again only when it changed.
      const stat = await fs.stat(file);
      const cached = parsedNotes.get(file);
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
        out.sources.push(...cached.sources);
        out.errors.push(...cached.errors);
        continue;
      }
      text = await fs.readFile(file, 'utf8');
    } catch {
      out.errors.push(fileError(file, 'read', 'cannot be read'));
      continue;
    }
    try {
      const parsed = parseSourceNote(text, file);
      const errors = sanitizeErrors(parsed.errors, text, file).map((e) => fileError(file, 'parse', e.message, undefined, e.line));
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat) {
        if (parsedNotes.size > 4096) parsedNotes.clear();
        parsedNotes.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, sources: parsed.sources, errors });
      }
      out.sources.push(...parsed.sources);
      out.errors.push(...errors);
    } catch {
      out.errors.push(fileError(file, 'parse', 'the file could not be parsed'));
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

/**
 * Everything a note's analysis needs: --bib files, front-matter bibliographies (relative to the
 * note, checked against the policy), inline references and the sources folder. Earlier sources win
 * on duplicate ids.
 */
export async function loadNoteSources(noteText: string, notePath: string | undefined, opts: LoadSourcesOptions): Promise<LoadedSources> {
  let sources: Source[] = [];
  const errors: SourceLoadError[] = [];
  // The ids taken: the first list's (kept with it), then those of the lists after it.
  let firstIds: { has(id: string): boolean } = new Set<string>();
  const seen = new Set<string>();
  const add = (loaded: LoadedSources) => {
    if (!sources.length && loaded.sources.length) {
      // The first list (a library parsed once and cached: the same array on every keystroke): its
      // first source of each id, worked out once for that array.
      const first = firstOfEachId(loaded.sources);
      sources = [...first.list];
      firstIds = first.byId;
    } else for (const s of loaded.sources) if (!firstIds.has(s.id) && !seen.has(s.id)) { seen.add(s.id); sources.push(s); }
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
  const policy: PathPolicy = { root: opts.policy?.root ?? baseDir, allowed: opts.policy?.allowed ?? [] };
  const loaded: string[] = [];
  for (const file of opts.bibFiles ?? []) {
    const abs = path.resolve(file);
    if (loaded.includes(abs)) continue;
    loaded.push(abs);
    add(await loadBibliography(abs));
  }
  if (fm) {
    for (const ref of fm.bibliography) {
      const abs = path.resolve(baseDir, expandHome(ref.path));
      if (loaded.includes(abs)) continue;
      loaded.push(abs);
      const result = await loadBibliography(abs, { start: ref.start, end: ref.end }, true, policy);
      // Name the file as the note does, not as an absolute path.
      add({ sources: result.sources, errors: result.errors.map((e) => ({ ...e, file: ref.path, message: e.message.split(abs).join(ref.path) })) });
    }
    // Front-matter YAML errors and inline references are also read by the core; only sources here.
    add({ sources: fm.references, errors: [] });
  }
  const folder = opts.sourcesFolder ? path.resolve(baseDir, opts.sourcesFolder) : undefined;
  if (folder) add(await loadSourcesFolder(folder, opts.walkLimits));
  if (opts.fetchedFolder && path.resolve(opts.fetchedFolder) !== folder && (await isDirectory(opts.fetchedFolder))) {
    const fetched = await loadSourcesFolder(opts.fetchedFolder, opts.walkLimits);
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

