import { readFileSync } from 'node:fs';
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
  const drugs: UserDrugEntry[] = [...(config.drugs ?? [])];
  for (const file of config.drugLexicons ?? []) {
    // A full RxNorm RXNCONSO.RRF is hundreds of MB: lexicons get a larger limit than bibliographies.
    const check = await checkSourceFile(file, 'drug lexicon', false, {}, MAX_LEXICON_BYTES);
    if (!check.ok) {
      warnings.push(`cannot read drug lexicon ${file}: ${check.reason}`);
      continue;
    }
    try {
      drugs.push(...readDrugLexicon(check.realPath));
    } catch (error) {
      // Our own messages only: a parser's message may quote the file.
      warnings.push(`cannot read drug lexicon ${file}: ${error instanceof LexiconError ? error.message : 'the file could not be parsed'}`);
    }
  }
  const settings: Partial<Settings> = { ...config, drugs };
  const loaded = await loadNoteSources(noteText, notePath, {
    bibFiles: config.bibliography ?? [],
    sourcesFolder: config.sourcesFolder,
    policy: { root: config.workspaceRoot, allowed: config.allowedSourcePaths },
  });
  const sources: Source[] = loaded.sources;
  return { options: { settings, sources, sourceErrors: loaded.errors }, warnings };
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
