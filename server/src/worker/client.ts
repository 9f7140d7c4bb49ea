/**
 * Runs analyses in a worker thread with a time budget per note. A job that overruns its budget, or
 * a worker that dies (out of memory, a native crash), ends with one `internal-error` finding for
 * that note; the worker is replaced and the next job runs normally. Jobs run one at a time; a newer
 * version of a document replaces its queued older version (the older one resolves `superseded`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { NoteAnalysis } from '../core/analyze';
import type { Analysis, Finding } from '../core/types';
import { LineIndex } from '../core/positions';
import { resolveSettings } from '../core/settings';
import { INTERNAL_ERROR_ID } from '../core/rules/index';
import type { AnalysisJob, NoteSnapshot, WorkerRequest, WorkerResponse } from './protocol';

export type { AnalysisJob } from './protocol';

/** An analysis as the protocol side holds it (no syntax tree; source texts left in the worker). */
export type AnalyzedNote = NoteAnalysis;

export type AnalysisOutcome =
  | { kind: 'done'; note: AnalyzedNote; warnings: string[]; ms: number }
  /** The job did not finish: it overran its budget or the worker died. `note` carries one internal-error finding. */
  | { kind: 'failed'; note: AnalyzedNote; warnings: string[]; reason: 'timeout' | 'crash' | 'error'; message: string }
  /** A newer version of the same document was queued before this one started. */
  | { kind: 'superseded' };

export interface AnalysisWorkerOptions {
  /** Time budget of one note: `baseBudgetMs` plus `budgetMsPerKb` for each KB of text. */
  baseBudgetMs?: number;
  budgetMsPerKb?: number;
  /** Heap limit of the worker, in MB. */
  maxHeapMb?: number;
  /** The worker script; by default dist/analysis-worker.js next to the running bundle, or the TypeScript source under tsx. */
  script?: string;
}

interface Pending {
  id: number;
  job: AnalysisJob;
  resolve: (outcome: AnalysisOutcome) => void;
  promise: Promise<AnalysisOutcome>;
}

export const DEFAULT_BASE_BUDGET_MS = 10_000;
export const DEFAULT_BUDGET_MS_PER_KB = 10;
/** How long a new worker may take to load its code. */
const STARTUP_LIMIT_MS = 60_000;

export class AnalysisWorker {
  private worker: Worker | undefined;
  private queue: Pending[] = [];
  private running: (Pending & { timer?: NodeJS.Timeout; budget: number }) | undefined;
  private online = false;
  private nextId = 1;
  private closed = false;
  /** Workers started so far (1 + restarts); tests and logs read it. */
  starts = 0;

  constructor(private readonly options: AnalysisWorkerOptions = {}, private readonly log: (message: string) => void = () => undefined) {}

  /** Analyses a note; never rejects. Joins a queued or running job for the same key and version. */
  analyze(job: AnalysisJob): Promise<AnalysisOutcome> {
    const same = [this.running, ...this.queue].find((p) => p && p.job.key === job.key && p.job.version === job.version && p.job.text === job.text);
    if (same) return same.promise;
    const sameKey = this.queue.filter((p) => p.job.key === job.key);
    if (sameKey.some((p) => p.job.version > job.version)) return Promise.resolve({ kind: 'superseded' });
    for (const older of sameKey) older.resolve({ kind: 'superseded' });
    this.queue = this.queue.filter((p) => p.job.key !== job.key);
    let resolve!: (outcome: AnalysisOutcome) => void;
    const promise = new Promise<AnalysisOutcome>((r) => { resolve = r; });
    this.queue.push({ id: this.nextId++, job, resolve, promise });
    this.pump();
    return promise;
  }

  /** The budget for a text of this length. */
  budgetFor(text: string): number {
    return (this.options.baseBudgetMs ?? DEFAULT_BASE_BUDGET_MS) + Math.ceil(text.length / 1024) * (this.options.budgetMsPerKb ?? DEFAULT_BUDGET_MS_PER_KB);
  }

  /** Stops the worker; queued jobs resolve `superseded`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue) p.resolve({ kind: 'superseded' });
    this.queue = [];
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.resolve({ kind: 'superseded' });
      this.running = undefined;
    }
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    const worker = this.ensureWorker();
    this.running = { ...next, budget: this.budgetFor(next.job.text) };
    // The budget counts from when the worker has loaded its code, not while a new one starts.
    if (this.online) this.startClock();
    const request: WorkerRequest = { id: next.id, job: next.job };
    worker.postMessage(request);
  }

  private startClock(): void {
    const running = this.running;
    if (!running || running.timer) return;
    const { budget } = running;
    running.timer = setTimeout(() => this.fail('timeout', `the analysis did not finish within its time budget of ${(budget / 1000).toFixed(1)} s`), budget);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const { script, eval: isEval } = workerScript(this.options.script);
    const worker = new Worker(script, {
      eval: isEval,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 2048, stackSizeMb: 8 },
    });
    worker.unref();
    this.starts++;
    this.online = false;
    // A worker that never finishes loading is as stuck as an analysis that never ends.
    const startup = setTimeout(() => {
      if (worker === this.worker && !this.online) this.fail('crash', `the analysis worker did not start within ${STARTUP_LIMIT_MS / 1000} s`);
    }, STARTUP_LIMIT_MS);
    startup.unref();
    worker.on('message', (response: WorkerResponse) => {
      if (worker !== this.worker) return;
      if ('ready' in response) {
        clearTimeout(startup);
        this.online = true;
        this.startClock();
        return;
      }
      const running = this.running;
      if (!running || response.id !== running.id) return;
      clearTimeout(running.timer);
      this.running = undefined;
      if (response.ok) {
        running.resolve({ kind: 'done', note: fromSnapshot(running.job.text, response.snapshot), warnings: response.warnings, ms: response.ms });
      } else {
        running.resolve(failedOutcome(running.job, 'error', `the analysis failed: ${response.error}`));
      }
      this.pump();
    });
    worker.on('error', (error) => {
      if (worker === this.worker) this.fail('crash', `the analysis worker stopped: ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (worker === this.worker) this.fail('crash', `the analysis worker exited (code ${code})`);
    });
    this.worker = worker;
    return worker;
  }

  /** Ends the running job with an internal-error finding and replaces the worker. */
  private fail(reason: 'timeout' | 'crash', message: string): void {
    const running = this.running;
    const worker = this.worker;
    this.worker = undefined;
    this.running = undefined;
    if (worker) void worker.terminate().catch(() => undefined);
    if (running) {
      clearTimeout(running.timer);
      this.log(`${running.job.key} (version ${running.job.version}): ${message}; worker restarted`);
      running.resolve(failedOutcome(running.job, reason, message));
    }
    this.pump();
  }
}

/** The worker script: the bundle's sibling when bundled, else the TypeScript source run through tsx. */
function workerScript(given: string | undefined): { script: string; eval: boolean } {
  if (given) return { script: given, eval: false };
  const bundled = path.join(__dirname, 'analysis-worker.js');
  if (existsSync(bundled)) return { script: bundled, eval: false };
  const source = path.join(__dirname, 'analysis-worker.ts');
  return { script: `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, eval: true };
}

/** Rebuilds what the LSP layer and the CLI read from a worker's snapshot. */
export function fromSnapshot(text: string, snapshot: NoteSnapshot): AnalyzedNote {
  return { ...snapshot, lines: new LineIndex(text), tree: { type: 'root', children: [] } };
}

function failedOutcome(job: AnalysisJob, reason: 'timeout' | 'crash' | 'error', message: string): AnalysisOutcome {
  const lines = new LineIndex(job.text);
  const finding: Finding = {
    ruleId: INTERNAL_ERROR_ID,
    category: 'internal',
    severity: 'error',
    message: `Evidence Lens skipped this note: ${message}, so none of its checks ran (${job.text.length.toLocaleString('en')} characters). Split the note or look for pasted material such as a very long line or deep nesting.`,
    start: 0,
    end: 0,
    line: 0,
    character: 0,
    data: { failedStage: 'analysis', reason },
  };
  const analysis: Analysis = { version: 1, sentences: [], claims: [], drugs: [], statistics: [], sources: [], findings: [finding] };
  const settings = resolveSettings(job.config);
  const note: AnalyzedNote = {
    analysis,
    context: { text: job.text, sentences: [], drugs: [], statistics: [], claims: [], sources: [], settings, extras: {} },
    lines,
    tree: { type: 'root', children: [] },
  };
  return { kind: 'failed', note, warnings: [], reason, message };
}
