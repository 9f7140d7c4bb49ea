/**
 * Where fetched source notes live: `fetch.sourcesFolder` from the settings, else
 * `.evidence-lens/sources` under the project root — the folder of the workspace config file,
 * else the nearest folder with a `.git`, else the note's own folder. No network here: the
 * loader and the fetcher share this so both look in the same place.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceConfig } from '../workspace/config';

export const DEFAULT_FETCH_FOLDER = path.join('.evidence-lens', 'sources');

function projectRoot(notePath: string | undefined, config: WorkspaceConfig): string | undefined {
  if (config.file) return path.dirname(config.file);
  if (!notePath) return undefined;
  const noteDir = path.dirname(path.resolve(notePath));
  for (let dir = noteDir; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return noteDir;
  }
}

/** The absolute folder fetched sources are written to and read from; undefined for an unsaved note without settings. */
export function fetchedSourcesFolder(notePath: string | undefined, config: WorkspaceConfig): string | undefined {
  if (config.fetch?.sourcesFolder) return config.fetch.sourcesFolder;
  const root = projectRoot(notePath, config);
  return root ? path.join(root, DEFAULT_FETCH_FOLDER) : undefined;
}
