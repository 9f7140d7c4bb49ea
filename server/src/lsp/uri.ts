import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file-system path of a file: URI, or undefined for other schemes (untitled:, vscode-remote:…). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
