import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Source } from '../core/types';
import type { Settings, UserDrugEntry } from '../core/settings';
import type { AnalyzeOptions } from '../core/analyze';
import type { WorkspaceConfig } from './config';
import { importDrugBankCsv, importRxNormConso } from '../core/drugs/importers';
import { loadNoteSources } from './sources';
import { checkSourceFile } from './paths';
import { jsonErrorOffset, where } from './safe-errors';
import { LineIndex } from '../core/positions';
import { fetchedSourcesFolder } from '../fetch/folder';

/**
 * Everything the pure core needs besides the note's text, read from disk: sources (BibTeX, CSL-JSON,
 * front matter bibliographies, a sources folder) and user drug lexicons. Shared by the CLI and
 * the language server so both give the same answers.
 */
export interface NoteInputs {
  options: AnalyzeOptions;
  /** Problems met while reading inputs that are not tied to a line of the note. */
  warnings: string[];
}

const MAX_LEXICON_BYTES = 512 * 1024 * 1024;

export async function prepareNoteInputs(noteText: string, notePath: string | undefined, config: WorkspaceConfig): Promise<NoteInputs> {
  const warnings: string[] = [];
  const drugs = await userDrugs(config, warnings);
  const settings: Partial<Settings> = { ...config, drugs };
  const loaded = await loadNoteSources(noteText, notePath, {
    bibFiles: config.bibliography ?? [],
    sourcesFolder: config.sourcesFolder,
    policy: { root: config.workspaceRoot, allowed: config.allowedSourcePaths },
    fetchedFolder: existingFolder(fetchedSourcesFolder(notePath, config)),
  });
  const sources: Source[] = loaded.sources;
  return { options: { settings, sources, sourceErrors: loaded.errors }, warnings };
}

/**
 * `folder` if something is there (the loader reads it only if it is a folder). A synchronous check:
 * the fetched-sources folder rarely exists, and an asynchronous stat of it on every keystroke cost
 * the worker a turn of its event loop before each analysis.
 */
function existingFolder(folder: string | undefined): string | undefined {
  return folder !== undefined && existsSync(folder) ? folder : undefined;
}

interface LexiconFile { mtimeMs: number; size: number; entries: UserDrugEntry[] }
/** Parsed lexicon files by path; a file is read again only when its mtime or size changes. */
const lexiconFiles = new Map<string, LexiconFile>();
/** The last combined list, returned again (same array) while its inputs are unchanged, so the
 *  core's recogniser cache finds it by identity instead of serialising 100,000 entries. */
let lastDrugs: { key: string; drugs: UserDrugEntry[] } | undefined;

/** The config's own drug entries plus every drug lexicon file's, each file parsed once. */
async function userDrugs(config: WorkspaceConfig, warnings: string[]): Promise<UserDrugEntry[]> {
  const files = config.drugLexicons ?? [];
  const parts: UserDrugEntry[][] = [];
  const stamps: string[] = [];
  for (const file of files) {
    // A full RxNorm RXNCONSO.RRF is hundreds of MB: lexicons get a larger limit than bibliographies.
    const check = await checkSourceFile(file, 'drug lexicon', false, {}, MAX_LEXICON_BYTES);
    if (!check.ok) {
      warnings.push(`cannot read drug lexicon ${file}: ${check.reason}`);
      stamps.push(`${file}\u0000error`);
      continue;
    }
    try {
      const entry = readDrugLexiconCached(check.realPath);
      parts.push(entry.entries);
      stamps.push(`${file}\u0000${entry.mtimeMs}\u0000${entry.size}`);
    } catch (error) {
      // Our own messages only: a parser's message may quote the file.
      warnings.push(`cannot read drug lexicon ${file}: ${error instanceof LexiconError ? error.message : 'the file could not be parsed'}`);
      stamps.push(`${file}\u0000error`);
    }
  }
  const key = `${JSON.stringify(config.drugs ?? [])}\u0001${stamps.join('\u0001')}`;
  if (lastDrugs?.key === key) return lastDrugs.drugs;
  const drugs: UserDrugEntry[] = [...(config.drugs ?? [])];
  for (const part of parts) for (const entry of part) drugs.push(entry);
  lastDrugs = { key, drugs };
  return drugs;
}

function readDrugLexiconCached(file: string): LexiconFile {
  const stat = statSync(file);
  const cached = lexiconFiles.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
  const entry = { mtimeMs: stat.mtimeMs, size: stat.size, entries: readDrugLexicon(file) };
  lexiconFiles.set(file, entry);
  return entry;
}

/** A drug lexicon problem told in our own words (never the file's text). */
export class LexiconError extends Error {}

/** Reads a user drug lexicon: JSON entries, a DrugBank vocabulary CSV or an RxNorm RXNCONSO.RRF. */
export function readDrugLexicon(file: string): UserDrugEntry[] {
  const text = readFileSync(file, 'utf8');
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const at = jsonErrorOffset(text);
      const p = at >= 0 ? new LineIndex(text).positionAt(at) : undefined;
      throw new LexiconError(`not valid JSON${p ? ` (${where(p.line, p.character)})` : ''}`);
    }
    if (!Array.isArray(value)) throw new LexiconError('expected a JSON array of {name, generic?, brands?, class?}');
    return value;
  }
  if (ext === '.csv') return importDrugBankCsv(text);
  if (ext === '.rrf') return importRxNormConso(text);
  throw new LexiconError(`unknown lexicon format "${ext}" (use .json, a DrugBank .csv or RxNorm .RRF)`);
}
