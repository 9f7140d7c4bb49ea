/**
 * From notes on disk (or open in the editor) to fetch targets: each note is analysed with its
 * own inputs, exactly as `check` and the server analyse it, and its citable identifiers listed.
 */
import { analyzeNote } from '../core/analyze';
import type { Citation } from '../core/evidence/index';
import type { Source } from '../core/types';
import type { WorkspaceConfig } from '../workspace/config';
import { prepareNoteInputs } from '../workspace/inputs';
import { fetchedSourcesFolder } from './folder';
import { fetchTargets, type FetchTarget } from './targets';

export interface NoteToFetch {
  /** Absolute path (the folder and relative bibliographies are found from it). */
  path: string;
  text: string;
  config: WorkspaceConfig;
}

export interface CollectedTargets {
  targets: FetchTarget[];
  /** Notes that have no folder to write to (unsaved, no settings). */
  skipped: string[];
}

export async function collectTargets(notes: NoteToFetch[], opts: { refresh?: boolean; only?: (c: Citation, s: Source) => boolean } = {}): Promise<CollectedTargets> {
  const targets: FetchTarget[] = [];
  const skipped: string[] = [];
  for (const note of notes) {
    const folder = fetchedSourcesFolder(note.path, note.config);
    if (!folder) {
      skipped.push(note.path);
      continue;
    }
    const inputs = await prepareNoteInputs(note.text, note.path, note.config);
    targets.push(...fetchTargets(analyzeNote(note.text, inputs.options), folder, opts));
  }
  return { targets, skipped };
}
