import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Source } from '../core/types';
import type { Settings, UserDrugEntry } from '../core/settings';
import type { AnalyzeOptions } from '../core/analyze';
import type { WorkspaceConfig } from './config';
import { importDrugBankCsv, importRxNormConso } from '../core/drugs/importers';
import { loadNoteSources } from './sources';
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

export async function prepareNoteInputs(noteText: string, notePath: string | undefined, config: WorkspaceConfig): Promise<NoteInputs> {
  const warnings: string[] = [];
  const drugs: UserDrugEntry[] = [...(config.drugs ?? [])];
  for (const file of config.drugLexicons ?? []) {
    try {
      drugs.push(...readDrugLexicon(file));
    } catch (error) {
      warnings.push(`cannot read drug lexicon ${file}: ${(error as Error).message}`);
    }
  }
  const settings: Partial<Settings> = { ...config, drugs };
  const loaded = await loadNoteSources(noteText, notePath, {
    bibFiles: config.bibliography ?? [],
    sourcesFolder: config.sourcesFolder,
    fetchedFolder: fetchedSourcesFolder(notePath, config),
  });
  const sources: Source[] = loaded.sources;
  return { options: { settings, sources, sourceErrors: loaded.errors }, warnings };
}

/** Reads a user drug lexicon: JSON entries, a DrugBank vocabulary CSV or an RxNorm RXNCONSO.RRF. */
export function readDrugLexicon(file: string): UserDrugEntry[] {
  const text = readFileSync(file, 'utf8');
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') {
    const value = JSON.parse(text);
    if (!Array.isArray(value)) throw new Error('expected a JSON array of {name, generic?, brands?, class?}');
    return value;
  }
  if (ext === '.csv') return importDrugBankCsv(text);
  if (ext === '.rrf') return importRxNormConso(text);
  throw new Error(`unknown lexicon format "${ext}" (use .json, a DrugBank .csv or RxNorm .RRF)`);
}
