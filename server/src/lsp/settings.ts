import path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { ConfigError, findConfigFile, normalizeConfig, readConfigFile, type WorkspaceConfig } from '../workspace/config';
import { uriToPath } from './uri';

/**
 * Settings per document, pulled from the client (`evidenceLens` section) and merged with the
 * nearest workspace file; the editor's explicit settings win, because the user changed them last.
 * Cached per document; cleared when the client says the
 * configuration or a watched file changed.
 */
export class SettingsCache {
  clientSupportsConfiguration = false;
  private readonly byUri = new Map<string, Promise<WorkspaceConfig>>();

  constructor(private readonly connection: Connection, private readonly folders: () => string[]) {}

  forDocument(uri: string): Promise<WorkspaceConfig> {
    let pending = this.byUri.get(uri);
    if (!pending) {
      pending = this.load(uri);
      this.byUri.set(uri, pending);
    }
    return pending;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
  }

  private async load(uri: string): Promise<WorkspaceConfig> {
    const file = uriToPath(uri);
    const folder = file ? this.folders().find((f) => file.startsWith(f + path.sep)) : this.folders()[0];
    let fromFile: WorkspaceConfig = {};
    const configFile = file ? findConfigFile(path.dirname(file), folder) : folder ? findConfigFile(folder, folder) : undefined;
    if (configFile) {
      try {
        fromFile = readConfigFile(configFile);
      } catch (error) {
        const message = error instanceof ConfigError ? error.message : String(error);
        this.connection.window.showWarningMessage(`Evidence Lens: ${message}`);
        this.connection.console.error(`[evidence-lens] ${message}`);
      }
    }
    let fromClient: WorkspaceConfig = {};
    if (this.clientSupportsConfiguration) {
      try {
        const value = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'evidenceLens' });
        if (value && typeof value === 'object') fromClient = normalizeConfig(value as Record<string, unknown>, folder ?? (file ? path.dirname(file) : process.cwd()));
      } catch (error) {
        this.connection.console.error(`[evidence-lens] cannot read client settings: ${String(error)}`);
      }
    }
    // A note may name files inside its workspace folder (or, outside any folder, its config's folder or its own).
    const workspaceRoot = folder ?? (configFile ? path.dirname(configFile) : file ? path.dirname(file) : undefined);
    return { ...mergeConfigs(fromFile, fromClient), ...(workspaceRoot ? { workspaceRoot } : {}) };
  }
}

/** Later layers win key by key; rule severities and path lists are merged. */
export function mergeConfigs(...layers: WorkspaceConfig[]): WorkspaceConfig {
  const out: WorkspaceConfig = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      if (key === 'rules') out.rules = { ...(out.rules ?? {}), ...(value as WorkspaceConfig['rules']) };
      else if (key === 'fetch') out.fetch = { ...(out.fetch ?? {}), ...(value as WorkspaceConfig['fetch']) };
      else if (key === 'bibliography' || key === 'drugLexicons' || key === 'drugs' || key === 'allowedSourcePaths') {
        (out as Record<string, unknown>)[key] = [...(((out as Record<string, unknown>)[key] as unknown[]) ?? []), ...(value as unknown[])];
      } else (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}
