import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isSeveritySetting, isStrictness, type Settings } from '../core/settings';
import { expandHome } from './paths';
import { jsonErrorOffset, where } from './safe-errors';
import { LineIndex } from '../core/positions';
import { YAML_LIMITS, yamlNestingProblem } from '../core/formats/yaml';

/**
 * The workspace file: `.evidence-lens.json` or `.evidence-lens.yaml` (`.yml`), found in the note's
 * folder or the nearest parent. Everything in it is optional:
 *
 *   { "rules": { "overstated-language": "error", "drug-brand-generic": "off" },
 *     "paragraphCitations": true,
 *     "strictness": "balanced",                    // strict | balanced | quiet
 *     "bibliography": ["references.bib"],          // paths relative to the config file
 *     "sourcesFolder": "sources",
 *     "drugs": [{ "name": "tolebrutinib", "class": "BTK inhibitor" }],
 *     "drugLexicons": ["vocab/drugbank.csv", "rxnorm/RXNCONSO.RRF"],
 *     "allowedSourcePaths": ["~/Zotero/exports"] }   // outside the workspace, notes may name these
 *     "ncbiApiKey": "…",
 *     "fetch": { "email": "you@example.org", "sourcesFolder": ".evidence-lens/sources" } }
 */
export interface WorkspaceConfig extends Partial<Settings> {
  bibliography?: string[];
  sourcesFolder?: string;
  drugLexicons?: string[];
  /** Folders or files outside the workspace that a note's front matter may name (absolute). */
  allowedSourcePaths?: string[];
  /** The workspace root a note may name files in (set by the CLI / server, not read from files). */
  workspaceRoot?: string;
  /** NCBI API key for `fetch` (10 requests a second to PubMed instead of 3). */
  ncbiApiKey?: string;
  /** Settings of the explicit `fetch` command (never used by analysis). */
  fetch?: FetchConfig;
  /** The file the config came from (absolute), if any. */
  file?: string;
}

const MAX_CONFIG_BYTES = 1024 * 1024;

export const CONFIG_FILE_NAMES = ['.evidence-lens.json', '.evidence-lens.yaml', '.evidence-lens.yml'];

/** Settings of `evidence-lens fetch` and the editor's "Fetch cited sources". */
export interface FetchConfig {
  /** Where fetched source notes go (absolute once normalised). */
  sourcesFolder?: string;
  /** Sent to NCBI as `email` and to Crossref as `mailto` (its polite pool). */
  email?: string;
  /** Sent to NCBI as `tool`. */
  tool?: string;
  /** Base URLs of the services (a mirror, or a local test server). */
  pubmedUrl?: string;
  europePmcUrl?: string;
  crossrefUrl?: string;
}

/** A config file exists but cannot be read or parsed. */
export class ConfigError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`cannot read config ${file}: ${reason}`);
  }
}

/** Finds the nearest config file at or above `dir`, stopping at `stopAt` (inclusive) if given. */
export function findConfigFile(dir: string, stopAt?: string): string | undefined {
  let current = path.resolve(dir);
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(current, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(current);
    if (parent === current || current === stop) return undefined;
    current = parent;
  }
}

/** Reads and validates one config file; paths inside it are made absolute. Throws ConfigError. */
export function readConfigFile(file: string): WorkspaceConfig {
  let raw: string;
  try {
    // Only a regular file of sane size: a FIFO or device named like a config must not hang the reader.
    const stat = statSync(file);
    if (!stat.isFile()) throw new ConfigError(file, 'not a regular file');
    if (stat.size > MAX_CONFIG_BYTES) throw new ConfigError(file, 'larger than 1 MB');
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(file, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  let value: unknown;
  const tooDeep = file.endsWith('.json') ? undefined : yamlNestingProblem(raw);
  if (tooDeep) throw new ConfigError(file, `invalid YAML (${tooDeep})`);
  try {
    value = file.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw, YAML_LIMITS);
  } catch (error) {
    // Where and what kind of problem, never the file's text (a parser's message quotes it).
    throw new ConfigError(file, `invalid ${file.endsWith('.json') ? 'JSON' : 'YAML'}${configErrorPlace(raw, file, error)}`);
  }
  if (value === null || value === undefined) return { file };
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(file, 'expected an object at the top level');
  return normalizeConfig(value as Record<string, unknown>, path.dirname(file), file);
}

/** Validates a config object (from a file or the editor) and resolves its paths against `baseDir`. */
export function normalizeConfig(value: Record<string, unknown>, baseDir: string, file?: string): WorkspaceConfig {
  const out: WorkspaceConfig = {};
  if (file) out.file = file;
  const paths = (key: string): string[] | undefined => {
    const v = value[key];
    if (v === undefined || v === null) return undefined;
    const list = Array.isArray(v) ? v : [v];
    if (!list.every((x) => typeof x === 'string')) throw new ConfigError(file ?? 'settings', `"${key}" must be a path or a list of paths`);
    return (list as string[]).filter((x) => x.trim() !== '').map((x) => path.resolve(baseDir, expandHome(x)));
  };
  if (value.rules !== undefined) {
    if (typeof value.rules !== 'object' || value.rules === null || Array.isArray(value.rules)) {
      throw new ConfigError(file ?? 'settings', '"rules" must map rule ids to off|hint|information|warning|error');
    }
    // Editors send every rule key; "default" (or anything else) means: leave the rule as it is.
    out.rules = Object.fromEntries(Object.entries(value.rules).filter(([, v]) => isSeveritySetting(v))) as Settings['rules'];
  }
  if (typeof value.paragraphCitations === 'boolean') out.paragraphCitations = value.paragraphCitations;
  if (value.strictness !== undefined) {
    if (!isStrictness(value.strictness)) throw new ConfigError(file ?? 'settings', '"strictness" must be strict, balanced or quiet');
    out.strictness = value.strictness;
  }
  if (typeof value.suggestCitationScore === 'number') out.suggestCitationScore = value.suggestCitationScore;
  if (Array.isArray(value.drugs)) out.drugs = value.drugs as Settings['drugs'];
  out.bibliography = paths('bibliography');
  const folder = paths('sourcesFolder');
  if (folder?.length) out.sourcesFolder = folder[0];
  out.drugLexicons = paths('drugLexicons');
  out.allowedSourcePaths = paths('allowedSourcePaths');
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  if (text(value.ncbiApiKey)) out.ncbiApiKey = text(value.ncbiApiKey);
  const f = value.fetch;
  if (f !== undefined && f !== null) {
    if (typeof f !== 'object' || Array.isArray(f)) throw new ConfigError(file ?? 'settings', '"fetch" must be an object');
    const raw = f as Record<string, unknown>;
    const fetch: FetchConfig = {};
    if (text(raw.sourcesFolder)) fetch.sourcesFolder = path.resolve(baseDir, text(raw.sourcesFolder)!);
    for (const key of ['email', 'tool', 'pubmedUrl', 'europePmcUrl', 'crossrefUrl'] as const) {
      if (text(raw[key])) fetch[key] = text(raw[key]);
    }
    out.fetch = fetch;
  }
  return out;
}

function configErrorPlace(raw: string, file: string, error: unknown): string {
  if (file.endsWith('.json')) {
    const at = jsonErrorOffset(raw);
    if (at < 0) return '';
    const p = new LineIndex(raw).positionAt(at);
    return ` at ${where(p.line, p.character)}`;
  }
  const pos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  return pos ? ` at ${where(pos.line - 1, pos.col - 1)}` : '';
}
