/**
 * The editor side of `fetch`: the `evidence-lens.fetchSources` command (the VS Code commands
 * "Fetch cited sources" and the code action call it) and the code action "Fetch abstract for …"
 * on a claim or a DOI/PMID whose paper has no text. Nothing here runs unless the user asks.
 */
import { promises as fs } from 'node:fs';
import {
  CodeActionKind, type CancellationToken, type CodeAction, type Connection, type Range, type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { NoteAnalysis } from '../core/analyze';
import type { Citation, EvidenceClaim } from '../core/evidence/index';
import type { Source } from '../core/types';
import type { WorkspaceConfig } from '../workspace/config';
import { collectTargets, type NoteToFetch } from '../fetch/notes';
import { fetchSources, serviceSettings, summarize, type FetchReport } from '../fetch/run';
import { identifierLabel, type Identifier } from '../fetch/resolve';
import { cleanCitedDoi, targetKey } from '../fetch/targets';
import { uriToPath } from './uri';

export const FETCH_COMMAND = 'evidence-lens.fetchSources';

/** The command's one argument. */
export interface FetchCommandArgs {
  /** Notes whose cited papers to fetch (open documents or files on disk). */
  uris: string[];
  /** Only these papers (the code action); all cited ones when absent. */
  identifiers?: Identifier[];
  /** Fetch again papers already in the sources folder. */
  refresh?: boolean;
}

/** What the command answers: a summary line and one entry per paper. */
export interface FetchCommandResult {
  summary: string;
  cancelled: boolean;
  outcomes: { label: string; status: string; message?: string; file?: string }[];
}

const fetchable = (s: Source | undefined): s is Source => Boolean(s && (s.doi || s.pmid) && !s.text.trim());

/**
 * "Fetch abstract for 10.1056/…" for each paper without text that a claim or citation inside
 * `range` rests on.
 */
export function fetchCodeActions(note: NoteAnalysis, start: number, end: number, uri: string): CodeAction[] {
  if (!uri.startsWith('file:')) return [];
  const byId = new Map(note.context.sources.map((s) => [s.id, s]));
  const citations = (note.context.extras.citations as Citation[] | undefined) ?? [];
  const wanted = new Map<string, Identifier>();
  const add = (s: Source | undefined) => {
    if (!fetchable(s)) return;
    const doi = s.doi ? cleanCitedDoi(s.doi) : undefined;
    if (doi?.problem) return;
    const id: Identifier = doi ? { doi: doi.doi } : { pmid: s.pmid };
    wanted.set(targetKey(id), id);
  };
  for (const c of citations) if (c.sourceId && c.start <= end && c.end >= start) add(byId.get(c.sourceId));
  for (const claim of note.context.claims as EvidenceClaim[]) {
    if (claim.verdict !== 'unverifiable' || claim.start > end || claim.end < start) continue;
    for (const id of claim.citations) add(byId.get(id));
  }
  return [...wanted.values()].map((id) => ({
    title: `Fetch abstract for ${identifierLabel(id)}`,
    kind: CodeActionKind.QuickFix,
    command: { title: `Fetch abstract for ${identifierLabel(id)}`, command: FETCH_COMMAND, arguments: [{ uris: [uri], identifiers: [id] } satisfies FetchCommandArgs] },
  }));
}

export interface FetchCommandDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  configFor: (uri: string) => Promise<WorkspaceConfig>;
  /** Client announced window.workDoneProgress: the server may create progress itself. */
  canCreateProgress: boolean;
  /** Called after notes were written, so open notes are analysed again. */
  onFetched: () => void;
}

function parseArgs(raw: unknown): FetchCommandArgs {
  const a = (raw ?? {}) as Partial<FetchCommandArgs>;
  return {
    uris: Array.isArray(a.uris) ? a.uris.filter((u): u is string => typeof u === 'string') : [],
    identifiers: Array.isArray(a.identifiers) ? a.identifiers.filter((i) => i && (typeof i.doi === 'string' || typeof i.pmid === 'string')) : undefined,
    refresh: a.refresh === true,
  };
}

/** Runs the fetch command: progress (cancellable), one message for the outcome, then re-analysis. */
export async function executeFetchCommand(deps: FetchCommandDeps, rawArgs: unknown, token: CancellationToken, attached: WorkDoneProgressReporter, hasToken: boolean): Promise<FetchCommandResult> {
  const args = parseArgs(rawArgs);
  const controller = new AbortController();
  const cancelOn = (t: CancellationToken | undefined) => t?.onCancellationRequested(() => controller.abort(new Error('cancelled')));
  cancelOn(token);
  let progress: WorkDoneProgressReporter = attached;
  if (!hasToken && deps.canCreateProgress) {
    try {
      const created = await deps.connection.window.createWorkDoneProgress();
      cancelOn(created.token);
      progress = created;
    } catch {
      // The client refused progress: fetch without it.
    }
  }
  progress.begin('Evidence Lens: fetching cited sources', 0, 'reading notes…', true);
  try {
    const notes: NoteToFetch[] = [];
    for (const uri of args.uris) {
      const file = uriToPath(uri);
      if (!file) continue;
      const text = deps.documents.get(uri)?.getText() ?? (await fs.readFile(file, 'utf8').catch(() => undefined));
      if (text === undefined) continue;
      notes.push({ path: file, text, config: await deps.configFor(uri) });
    }
    const wanted = args.identifiers?.map(targetKey);
    const { targets } = await collectTargets(notes, { refresh: args.refresh });
    const chosen = wanted ? targets.filter((t) => wanted.includes(targetKey(t)) || (t.pmid !== undefined && wanted.includes(`pmid:${t.pmid}`))) : targets;
    const report: FetchReport = await fetchSources(chosen, serviceSettings(notes[0]?.config ?? {}), {
      refresh: args.refresh || Boolean(wanted),
      signal: controller.signal,
      onProgress: (done, total, label) => progress.report(total ? Math.round((done / total) * 100) : 100, label ? `${done + 1}/${total} ${label}` : 'done'),
    });
    const summary = summarize(report);
    const problems = report.outcomes.filter((o) => o.message).map((o) => o.message!);
    const text = `Evidence Lens: ${summary}.${problems.length ? ` ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (+${problems.length - 3} more)` : ''}` : ''}`;
    if (report.outcomes.some((o) => o.status === 'failed' || o.kind === 'retracted')) void deps.connection.window.showWarningMessage(text);
    else void deps.connection.window.showInformationMessage(text);
    for (const p of problems) deps.connection.console.log(`[evidence-lens] fetch: ${p}`);
    if (report.outcomes.some((o) => o.status === 'fetched')) deps.onFetched();
    return {
      summary,
      cancelled: report.cancelled,
      outcomes: report.outcomes.map((o) => ({ label: o.target.label, status: o.status, ...(o.message ? { message: o.message } : {}), ...(o.file ? { file: o.file } : {}) })),
    };
  } finally {
    progress.done();
  }
}
