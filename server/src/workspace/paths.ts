/**
 * Which files Evidence Lens may read for a note's sources, and how it tells a refusal.
 *
 * A note is untrusted input (a pull request can add one), so a path it names is read only when it
 * is a bibliography-kind file, a regular file (no device, FIFO, directory, /proc or /sys entry),
 * and inside the workspace root or a path the user allowed in their own settings or config file
 * (`allowedSourcePaths`, e.g. a global Zotero export). Paths from the user's settings, config file
 * or command line are trusted for location but still must be regular files of a known kind.
 * Refusals and read errors name the file and the reason, never the file's bytes.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Bibliography files a note, a config or the command line may name. */
export const BIBLIOGRAPHY_EXTENSIONS = ['.bib', '.bibtex', '.biblatex', '.json', '.csljson', '.yaml', '.yml'];
/** Files of a sources folder: one source note each. */
export const SOURCE_NOTE_EXTENSIONS = ['.md', '.markdown'];
/** User drug vocabularies (settings / config only). */
export const LEXICON_EXTENSIONS = ['.json', '.csv', '.rrf'];

/** Largest bibliography or lexicon read (a large Zotero library export is a few tens of MB). */
export const MAX_SOURCE_FILE_BYTES = 64 * 1024 * 1024;

/** Where a note may name files. */
export interface PathPolicy {
  /** The workspace root: a note may name files inside it. */
  root?: string;
  /** Folders or files outside the root that notes may name too (from the user's settings / config). */
  allowed?: string[];
}

export type FileKind = 'bibliography' | 'source note' | 'drug lexicon';

const EXTENSIONS: Record<FileKind, string[]> = {
  bibliography: BIBLIOGRAPHY_EXTENSIONS,
  'source note': SOURCE_NOTE_EXTENSIONS,
  'drug lexicon': LEXICON_EXTENSIONS,
};

/** Kernel and device trees: their "files" are not documents (and /proc/self/environ holds secrets). */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

export type FileCheck = { ok: true; realPath: string; size: number } | { ok: false; reason: string };

/** True when `child` is `parent` or inside it (both absolute, normalised). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `~/x` → the home folder's x; other paths unchanged. */
export function expandHome(p: string): string {
  return p === '~' ? os.homedir() : p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(2)) : p;
}

async function realOrSelf(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    return path.resolve(p);
  }
}

function kindOk(file: string, kind: FileKind): boolean {
  return EXTENSIONS[kind].includes(path.extname(file).toLowerCase());
}

function extensionList(kind: FileKind): string {
  const list = EXTENSIONS[kind];
  return `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

/**
 * Checks a file before it is read. `fromNote`: the path comes from a note (front matter), so it
 * must also stay inside the policy's root or an allowed path (after following links).
 */
export async function checkSourceFile(file: string, kind: FileKind, fromNote: boolean, policy: PathPolicy = {}, maxBytes = MAX_SOURCE_FILE_BYTES): Promise<FileCheck> {
  if (!kindOk(file, kind)) return { ok: false, reason: `not a ${kind} file (use ${extensionList(kind)})` };
  let realPath: string;
  try {
    realPath = await fs.realpath(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'file not found' : code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'too many symbolic links' : 'cannot be read' };
  }
  if (SPECIAL_ROOTS.some((r) => isInside(realPath, r))) return { ok: false, reason: 'not a regular file' };
  // A link named refs.bib may point anywhere: the file it reaches must be of the kind too.
  if (!kindOk(realPath, kind)) return { ok: false, reason: `links to a file that is not a ${kind} file` };
  if (fromNote && !(await allowedFromNote(realPath, policy))) {
    return { ok: false, reason: 'is outside the workspace; a note may name only files inside it (allow a folder with the `allowedSourcePaths` setting)' };
  }
  let stat;
  try {
    stat = await fs.stat(realPath);
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied' : 'cannot be read' };
  }
  if (stat.isDirectory()) return { ok: false, reason: 'is a directory' };
  if (!stat.isFile()) return { ok: false, reason: 'not a regular file' };
  if (stat.size > maxBytes) return { ok: false, reason: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB` };
  return { ok: true, realPath, size: stat.size };
}

async function allowedFromNote(realPath: string, policy: PathPolicy): Promise<boolean> {
  const places = [policy.root, ...(policy.allowed ?? [])].filter((p): p is string => Boolean(p));
  for (const place of places) {
    const real = await realOrSelf(expandHome(place));
    if (isInside(realPath, real)) return true;
  }
  return false;
}

/** Limits for walking a sources folder. */
export interface WalkLimits {
  /** Source notes read at most. */
  maxFiles: number;
  /** Bytes read at most over all files. */
  maxTotalBytes: number;
  /** Bytes of one source note at most. */
  maxFileBytes: number;
  /** Directory entries looked at at most (a folder like /usr must not take minutes). */
  maxEntries: number;
  /** Folder depth at most. */
  maxDepth: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = {
  maxFiles: 2000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxFileBytes: 4 * 1024 * 1024,
  maxEntries: 20000,
  maxDepth: 12,
};

export interface WalkResult {
  files: { path: string; size: number }[];
  /** Why the walk stopped early or skipped files, one line each (no file contents). */
  notes: string[];
}

/**
 * The source notes under a folder, sorted; never follows a link out of the folder, never reads a
 * special file, and stops at the limits (saying so).
 */
export async function walkSourcesFolder(folder: string, limits: WalkLimits = DEFAULT_WALK_LIMITS): Promise<WalkResult> {
  const out: WalkResult = { files: [], notes: [] };
  const root = await fs.realpath(folder);
  if (SPECIAL_ROOTS.some((r) => isInside(root, r))) {
    out.notes.push('not a folder of source notes');
    return out;
  }
  if (!(await fs.stat(root)).isDirectory()) {
    out.notes.push('is not a folder');
    return out;
  }
  let entries = 0;
  let total = 0;
  let skippedLarge = 0;
  let skippedOutside = 0;
  let skippedDeep = 0;
  let stopped = '';
  const visit = async (dir: string, depth: number): Promise<void> => {
    if (stopped) return;
    if (depth > limits.maxDepth) {
      skippedDeep++;
      return;
    }
    let list;
    try {
      list = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of list) {
      if (stopped) return;
      if (++entries > limits.maxEntries) {
        stopped = `stopped after looking at ${limits.maxEntries} entries`;
        return;
      }
      if (entry.name.startsWith('.')) continue;
      let full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await fs.realpath(full);
        } catch {
          continue;
        }
        if (!isInside(target, root)) {
          skippedOutside++;
          continue;
        }
        // A link to a folder inside is walked where it really is (once), not through the link.
        if (!SOURCE_NOTE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) continue;
        const st = await fs.stat(target).catch(() => undefined);
        isDir = false;
        isFile = Boolean(st?.isFile());
        full = target;
      }
      if (isDir) {
        await visit(full, depth + 1);
        continue;
      }
      if (!isFile || !SOURCE_NOTE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) continue;
      const st = await fs.stat(full).catch(() => undefined);
      if (!st?.isFile()) continue;
      if (st.size > limits.maxFileBytes) {
        skippedLarge++;
        continue;
      }
      if (out.files.length >= limits.maxFiles) {
        stopped = `stopped after ${limits.maxFiles} source notes`;
        return;
      }
      if (total + st.size > limits.maxTotalBytes) {
        stopped = `stopped after ${Math.round(limits.maxTotalBytes / 1024 / 1024)} MB of source notes`;
        return;
      }
      total += st.size;
      out.files.push({ path: full, size: st.size });
    }
  };
  await visit(root, 0);
  if (stopped) out.notes.push(stopped);
  if (skippedLarge) out.notes.push(`skipped ${skippedLarge} source note${skippedLarge === 1 ? '' : 's'} larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB`);
  if (skippedDeep) out.notes.push(`skipped ${skippedDeep} folder${skippedDeep === 1 ? '' : 's'} more than ${limits.maxDepth} levels deep`);
  if (skippedOutside) out.notes.push(`did not follow ${skippedOutside} link${skippedOutside === 1 ? '' : 's'} leading out of the folder`);
  return out;
}
