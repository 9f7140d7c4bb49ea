/**
 * Fetches cited papers into the sources folder: one Markdown source note each, written to a
 * temporary file and renamed, so a failure or a cancellation never leaves half a note and what
 * was fetched before it stays. Used by the CLI's `fetch` and the language server's command.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadSourcesFolder } from '../workspace/sources';
import type { WorkspaceConfig } from '../workspace/config';
import { FetchFailure, HttpClient, type FetchFailureKind, type HttpOptions } from './http';
import { RateLimiter } from './limiter';
import { citationKeyFor, isRetracted, normalizeDoi, renderSourceNote } from './paper';
import { DEFAULT_SERVICES, Resolver, type Limiters, type ServiceSettings } from './resolve';
import { targetKey, type FetchTarget } from './targets';

export type FetchStatus = 'fetched' | 'cached' | 'failed' | 'cancelled';

export interface FetchOutcome {
  target: FetchTarget;
  status: FetchStatus;
  /** One line naming the identifier, for failures, missing abstracts and retractions. */
  message?: string;
  kind?: FetchFailureKind | 'retracted';
  /** The source note written or found. */
  file?: string;
}

export interface FetchReport {
  outcomes: FetchOutcome[];
  cancelled: boolean;
}

export interface FetchRunOptions {
  refresh?: boolean;
  signal?: AbortSignal;
  /** Called before each identifier: (index from 0, total, label). */
  onProgress?: (done: number, total: number, label: string) => void;
  http?: HttpOptions;
  /** Injected limiters (tests); by default NCBI gets 3 a second (10 with an API key). */
  limiters?: Limiters;
  /** Today's date for the notes' `fetched` field. */
  today?: string;
}

/** NCBI's limit: 3 requests a second without an API key, 10 with one (see RateLimiter on how it is counted). */
export const NCBI_WINDOW_MS = 1000;

export function defaultLimiters(ncbiApiKey?: string): Limiters {
  return {
    ncbi: new RateLimiter(ncbiApiKey ? 10 : 3, NCBI_WINDOW_MS),
    europepmc: new RateLimiter(10, 1000),
    crossref: new RateLimiter(5, 1000),
  };
}

/** Service settings from a workspace config (base URLs, tool, email, API key). */
export function serviceSettings(config: WorkspaceConfig): ServiceSettings {
  const f = config.fetch ?? {};
  return {
    pubmedUrl: f.pubmedUrl ?? DEFAULT_SERVICES.pubmedUrl,
    europePmcUrl: f.europePmcUrl ?? DEFAULT_SERVICES.europePmcUrl,
    crossrefUrl: f.crossrefUrl ?? DEFAULT_SERVICES.crossrefUrl,
    tool: f.tool ?? DEFAULT_SERVICES.tool,
    email: f.email,
    ncbiApiKey: config.ncbiApiKey,
  };
}

interface Cached { file: string; id: string }

/** Source notes already in a folder, by DOI and PMID. */
async function readFolder(folder: string): Promise<{ byKey: Map<string, Cached>; ids: Set<string> }> {
  const byKey = new Map<string, Cached>();
  const ids = new Set<string>();
  try {
    await fs.access(folder);
  } catch {
    return { byKey, ids };
  }
  const loaded = await loadSourcesFolder(folder);
  for (const s of loaded.sources) {
    const file = s.origin?.file;
    if (!file) continue;
    ids.add(s.id.toLowerCase());
    if (s.doi) byKey.set(`doi:${normalizeDoi(s.doi)}`, { file, id: s.id });
    if (s.pmid) byKey.set(`pmid:${s.pmid}`, { file, id: s.id });
  }
  return { byKey, ids };
}

/** Writes `text` to `file` through a temporary file in the same folder and a rename. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(tmp, text, 'utf8');
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}

function safeFileName(id: string): string {
  return id.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '') || 'paper';
}

/** Fetches every target (each once, in order), writing one source note per paper. Never throws. */
export async function fetchSources(targets: FetchTarget[], services: ServiceSettings, options: FetchRunOptions = {}): Promise<FetchReport> {
  const resolver = new Resolver(new HttpClient({ userAgent: `${services.tool} (${services.email ? `mailto:${services.email}` : 'no contact set'})`, ...options.http }), options.limiters ?? defaultLimiters(services.ncbiApiKey), services);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const folders = new Map<string, Awaited<ReturnType<typeof readFolder>>>();
  const seen = new Set<string>();
  const unique = targets.filter((t) => {
    const key = `${t.folder}\u0000${targetKey(t)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const outcomes: FetchOutcome[] = [];
  for (let i = 0; i < unique.length; i++) {
    const target = unique[i];
    if (options.signal?.aborted) {
      outcomes.push(...unique.slice(i).map((t) => ({ target: t, status: 'cancelled' as const })));
      return { outcomes, cancelled: true };
    }
    options.onProgress?.(i, unique.length, target.label);
    let folder = folders.get(target.folder);
    if (!folder) {
      folder = await readFolder(target.folder);
      folders.set(target.folder, folder);
    }
    if (target.problem) {
      outcomes.push({ target, status: 'failed', kind: 'malformed', message: `${target.label}: ${target.problem}; not fetched` });
      continue;
    }
    const cached = folder.byKey.get(targetKey(target)) ?? (target.pmid ? folder.byKey.get(`pmid:${target.pmid}`) : undefined);
    if (cached && !options.refresh) {
      outcomes.push({ target, status: 'cached', file: cached.file });
      continue;
    }
    try {
      const paper = await resolver.resolve(target, options.signal);
      let id = cached?.id ?? target.id;
      if (!id) {
        const base = citationKeyFor(paper);
        id = base;
        // As reference managers do: smith2019, smith2019a, smith2019b, … (then smith2019-27, …).
        for (let n = 1; folder.ids.has(id.toLowerCase()); n++) id = `${base}${n <= 26 ? String.fromCharCode(96 + n) : `-${n}`}`;
      }
      const file = cached?.file ?? path.join(target.folder, `${safeFileName(id)}.md`);
      await writeAtomically(file, renderSourceNote({ ...paper, doi: paper.doi ?? target.doi, pmid: paper.pmid ?? target.pmid }, id, today));
      folder.ids.add(id.toLowerCase());
      for (const key of [paper.doi && `doi:${normalizeDoi(paper.doi)}`, paper.pmid && `pmid:${paper.pmid}`, targetKey(target)]) {
        if (key) folder.byKey.set(key, { file, id });
      }
      const outcome: FetchOutcome = { target, status: 'fetched', file };
      if (isRetracted(paper)) Object.assign(outcome, { kind: 'retracted', message: `${target.label}: retracted (PubMed lists it as a Retracted Publication)` });
      else if (!paper.abstract.length) Object.assign(outcome, { kind: 'no-abstract', message: `${target.label}: no abstract in ${paper.from === 'crossref' ? 'Crossref' : paper.from === 'europepmc' ? 'Europe PMC' : 'PubMed'}; saved its metadata only` });
      outcomes.push(outcome);
    } catch (error) {
      if (error instanceof FetchFailure && error.kind === 'cancelled') {
        outcomes.push(...unique.slice(i).map((t) => ({ target: t, status: 'cancelled' as const })));
        return { outcomes, cancelled: true };
      }
      const message = error instanceof FetchFailure ? error.message : `${target.label}: ${(error as Error).message}`;
      outcomes.push({ target, status: 'failed', kind: error instanceof FetchFailure ? error.kind : 'http', message });
    }
  }
  options.onProgress?.(unique.length, unique.length, '');
  return { outcomes, cancelled: false };
}

/** One-line summary: "fetched 3, 1 already cached, 1 failed". */
export function summarize(report: FetchReport): string {
  const count = (s: FetchStatus) => report.outcomes.filter((o) => o.status === s).length;
  const parts = [`fetched ${count('fetched')}`];
  if (count('cached')) parts.push(`${count('cached')} already in the sources folder`);
  if (count('failed')) parts.push(`${count('failed')} failed`);
  if (report.cancelled) parts.push(`cancelled (${count('cancelled')} not fetched)`);
  if (!report.outcomes.length) return 'nothing to fetch: every paper the notes cite by DOI or PMID has its abstract already';
  return parts.join(', ');
}
