/**
 * Runs analyses in a worker thread with a time budget per note. A job that overruns its budget, or
 * a worker that dies (out of memory, a native crash), ends with one `internal-error` finding for
 * that note; the worker is replaced and the next job runs normally. Jobs run one at a time; a newer
 * version of a document replaces its queued older version (the older one resolves `superseded`)
 * and cancels its running older version (which stops at its next stage or block and resolves
 * `superseded`, saying where it stopped).
 *
 * A job with `findingsOnly` resolves with the findings alone (what diagnostics need, cheap to copy);
 * `detail` fetches the rest of that analysis from the worker, ahead of queued analyses.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { deserialize } from 'node:v8';
import type { NoteAnalysis } from '../core/analyze';
import type { Analysis, Finding } from '../core/types';
import { commonEnds, LineIndex } from '../core/positions';
import { resolveSettings } from '../core/settings';
import { INTERNAL_ERROR_ID } from '../core/rules/index';
import {
  rememberText, type AnalysisJob, type DetailList, type DetailSection, type NoteDetail, type NoteSnapshot, type PackedDetailData,
  type PackedPart, type PostedText, type TextEdit, type WorkerRequest, type WorkerResponse, type WorkerStart, type WarmUpProgress,
} from './protocol';
import { trace } from './trace';
import type { PreparedPublication } from '../lsp/diagnostic';

export type { AnalysisJob, NoteDetail } from './protocol';

/** An analysis as the protocol side holds it (no syntax tree; source texts left in the worker). */
export type AnalyzedNote = NoteAnalysis;

export type AnalysisOutcome =
  /**
   * `job` names the analysis for `detail`; with `findingsOnly`, `note` holds the findings and the text only.
   * With `prepareDiagnostics`, `publication` is the diagnostics message and `note` holds no findings:
   * they come with the detail (`detail(key, job, true)`). `early`: the worker had analysed the text
   * when it was synced, and the job took that analysis.
   */
  | { kind: 'done'; note: AnalyzedNote; warnings: string[]; ms: number; job: number; publication?: PreparedPublication; early?: true }
  /** The job did not finish: it overran its budget or the worker died. `note` carries one internal-error finding. */
  | { kind: 'failed'; note: AnalyzedNote; warnings: string[]; reason: 'timeout' | 'crash' | 'error'; message: string }
  /** A newer version of the same document came first; `stoppedAt` names the stage where a running job stopped. */
  | { kind: 'superseded'; stoppedAt?: string };

export interface AnalysisWorkerOptions {
  /** Time budget of one note: `baseBudgetMs` plus `budgetMsPerKb` for each KB of text. */
  baseBudgetMs?: number;
  budgetMsPerKb?: number;
  /** Heap limit of the worker, in MB. */
  maxHeapMb?: number;
  /** Young generation of the worker, in MB (see analysis-worker.ts: fewer collections, none during an analysis). */
  youngGenerationMb?: number;
  /** The worker script; by default dist/analysis-worker.js next to the running bundle, or the TypeScript source under tsx. */
  script?: string;
  /**
   * Let the worker warm its code up on a note of its own when idle after its first analysis, so the
   * first keystrokes in a note are not analysed by cold code (see warm-up.ts). The language server
   * asks for it; off by default (the CLI analyses its notes and exits). A number: the warm-up's
   * edits (tests).
   */
  warmUp?: boolean | number;
  /**
   * Let the worker analyse a note's new text as soon as it is synced (`sync`), while the debounce
   * waits: the job that follows for the same text takes that analysis (see analysis-worker.ts).
   * The language server asks for it; off by default.
   */
  speculate?: boolean;
}

type Pending =
  | { kind: 'job'; id: number; job: AnalysisJob; cancel: Int32Array; resolve: (outcome: AnalysisOutcome) => void; promise: Promise<AnalysisOutcome> }
  | { kind: 'detail'; id: number; key: string; of: number; findings: boolean; cancel: Int32Array; resolve: (detail: PackedDetail | undefined) => void; promise: Promise<PackedDetail | undefined> };
type Running = Pending & { timer?: NodeJS.Timeout; budget: number };

export const DEFAULT_BASE_BUDGET_MS = 10_000;
/**
 * V8's default on 64-bit systems (16 MB semi-spaces). Not more: what an edit's analysis keeps (its
 * sentences placed after the edit, their findings) lives until a later edit before them replaces
 * it, so the more edits a young generation holds between two collections, the more each one finds
 * alive and copies (in process, bench note: 2.2 MB when collected after every edit, ~10 MB after
 * every fifth). Twice the default (96 MB, chosen when an edit allocated 10 MB rather than 4) made a
 * collection every five or six edits, 20–30 ms each, which the next keystroke waited for. Over the
 * protocol, the mean of each run's p95 of the bench's 30 edits, interleaved runs (96 MB / 48 MB):
 * right after opening 52 / 46 ms (32 / 42 runs), 3 s after it 48 / 38 ms (22 / 32 runs); first
 * diagnostics of the note 1101 / 1033 ms, of a 1 MB note 2386 / 2192 ms (5 runs each). 32 MB
 * measured as 48 did.
 */
export const DEFAULT_YOUNG_GENERATION_MB = 48;
export const DEFAULT_BUDGET_MS_PER_KB = 10;
/** How long a new worker may take to load its code. */
const STARTUP_LIMIT_MS = 60_000;

export class AnalysisWorker {
  private worker: Worker | undefined;
  private queue: Pending[] = [];
  private running: Running | undefined;
  /**
   * A detail whose packing was told to stop because an analysis was asked for: the analysis is
   * posted at once, behind it in the worker's queue, instead of after its answer came back here;
   * its answer (usually no detail) resolves it when it comes.
   */
  private draining: Running | undefined;
  private online = false;
  private nextId = 1;
  private closed = false;
  /** The last text posted to the current worker for each key (the worker keeps the same): later jobs send an edit of it. */
  private readonly texts = new Map<string, PostedText>();
  /** Characters of note text posted to workers so far (whole texts and edits' insertions); tests read it. */
  postedChars = 0;
  /** Workers started so far (1 + restarts); tests and logs read it. */
  starts = 0;
  /** How far the current worker's warm-up got, as it last said (see warm-up.ts); tests read it. */
  warmUp: WarmUpProgress | undefined;
  /**
   * Messages posted to the workers, and of those the ones that bring a note a new text, counted
   * where they can read them (see `WorkerStart.posted`): one count for every worker this client
   * starts (a warm-up and an early analysis only ask whether theirs moved).
   */
  private readonly posted = new Int32Array(new SharedArrayBuffer(8));

  constructor(private readonly options: AnalysisWorkerOptions = {}, private readonly log: (message: string) => void = () => undefined) {}

  /** Analyses a note; never rejects. Joins a queued or running job for the same key and version. */
  analyze(job: AnalysisJob): Promise<AnalysisOutcome> {
    const jobs = this.jobs();
    const same = jobs.find((p) => p.job.key === job.key && p.job.version === job.version && p.job.text === job.text
      && Boolean(p.job.findingsOnly) === Boolean(job.findingsOnly) && Boolean(p.job.prepareDiagnostics) === Boolean(job.prepareDiagnostics)
      && Atomics.load(p.cancel, 0) === 0);
    if (same) return same.promise;
    const sameKey = this.queue.filter((p) => p.kind === 'job' && p.job.key === job.key);
    if (sameKey.some((p) => p.kind === 'job' && p.job.version > job.version)) return Promise.resolve({ kind: 'superseded' });
    this.cancelOlder(job.key, job.version);
    let resolve!: (outcome: AnalysisOutcome) => void;
    const promise = new Promise<AnalysisOutcome>((r) => { resolve = r; });
    this.queue.push({ kind: 'job', id: this.nextId++, job, cancel: new Int32Array(new SharedArrayBuffer(4)), resolve, promise });
    // An analysis does not wait for the packing of an earlier one's detail: that stops (and the
    // requests that wanted it answer from the analysis before, as they do while one runs), and the
    // analysis goes to the worker now, not after the stopped packing's answer has come back.
    if (this.running?.kind === 'detail') {
      Atomics.store(this.running.cancel, 0, 1);
      if (!this.draining) {
        clearTimeout(this.running.timer); // the analysis's own budget covers the rest of the packing
        this.draining = this.running;
        this.running = undefined;
      }
    }
    this.pump();
    return promise;
  }

  /**
   * A newer version of `key` exists: queued older jobs resolve `superseded` and a running one is
   * told to stop (it resolves `superseded` when it has).
   */
  cancelOlder(key: string, version: number): void {
    for (const p of this.queue) if (p.kind === 'job' && p.job.key === key && p.job.version < version) p.resolve({ kind: 'superseded' });
    this.queue = this.queue.filter((p) => !(p.kind === 'job' && p.job.key === key && p.job.version < version));
    const running = this.running;
    if (running?.kind === 'job' && running.job.key === key && running.job.version < version) Atomics.store(running.cancel, 0, 1);
  }

  /** True when an analysis is running (of any note). */
  busy(): boolean {
    return this.running?.kind === 'job';
  }

  /** True when an analysis of `key` is queued or running. */
  busyWith(key: string): boolean {
    return this.jobs().some((p) => p.job.key === key);
  }

  /**
   * The rest of the analysis job `of` made (see `AnalysisOutcome`'s `job`), with its findings if
   * `findings`, or undefined when the worker has analysed the note since (or was replaced). Runs
   * ahead of queued analyses.
   */
  detail(key: string, of: number, findings = false): Promise<PackedDetail | undefined> {
    const same = [this.running, ...this.queue].find((p) => p?.kind === 'detail' && p.key === key && p.of === of && (p.findings || !findings));
    if (same) return same.promise as Promise<PackedDetail | undefined>;
    let resolve!: (detail: PackedDetail | undefined) => void;
    const promise = new Promise<PackedDetail | undefined>((r) => { resolve = r; });
    this.queue.unshift({ kind: 'detail', id: this.nextId++, key, of, findings, cancel: new Int32Array(new SharedArrayBuffer(4)), resolve, promise });
    this.pump();
    return promise;
  }

  /**
   * Posts `text` as the note's new text before its analysis is asked for (an edit of the last text
   * posted for `key`; nothing when there is none, or no worker ready): the worker applies it at
   * once, so the job that comes after the debounce finds it ready (see `WorkerRequest`'s `sync`).
   * `stopDetail`: a detail being packed stops, so that the worker analyses the new text at once
   * when asked to (`speculate`); the caller says so when it has an earlier detail of the note to
   * answer from meanwhile. `version`: the text's version (the worker's early analysis prepares
   * that version's diagnostics message, when the note's jobs ask for one); `debounceMs`: how long
   * until its job is asked for (the early analysis begins when it would end by then).
   */
  sync(key: string, text: string, stopDetail = false, version?: number, debounceMs?: number): void {
    const worker = this.worker;
    const base = this.texts.get(key);
    if (!worker || !this.online || this.closed || base === undefined || base.text === text) return;
    const id = this.nextId++;
    const edit = textEdit(base, text);
    rememberText(this.texts, key, { request: id, text });
    this.postedChars += edit.insert.length;
    trace('server:post-sync');
    this.post(worker, { id, sync: { key, edit, ...(version === undefined ? {} : { version }), ...(debounceMs === undefined ? {} : { debounceMs }) } }, true);
    if (stopDetail && this.options.speculate && this.running?.kind === 'detail') Atomics.store(this.running.cancel, 0, 1);
  }

  private jobs(): Extract<Pending, { kind: 'job' }>[] {
    return [this.running, ...this.queue].filter((p): p is Extract<Pending, { kind: 'job' }> => p?.kind === 'job');
  }

  /** The budget for a text of this length. */
  budgetFor(text: string): number {
    return (this.options.baseBudgetMs ?? DEFAULT_BASE_BUDGET_MS) + Math.ceil(text.length / 1024) * (this.options.budgetMsPerKb ?? DEFAULT_BUDGET_MS_PER_KB);
  }

  /** Stops the worker; queued jobs resolve `superseded`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue) settle(p, { kind: 'superseded' });
    this.queue = [];
    if (this.draining) settle(this.draining, { kind: 'superseded' });
    this.draining = undefined;
    if (this.running) {
      clearTimeout(this.running.timer);
      settle(this.running, { kind: 'superseded' });
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
    this.running = { ...next, budget: next.kind === 'job' ? this.budgetFor(next.job.text) : this.budgetFor('') };
    // The budget counts from when the worker has loaded its code, not while a new one starts.
    if (this.online) this.startClock();
    const request: WorkerRequest = next.kind === 'job'
      ? this.jobRequest(next)
      : { id: next.id, detail: { key: next.key, of: next.of, ...(next.findings ? { findings: true } : {}) }, cancel: next.cancel };
    trace(`server:post-${next.kind}`);
    this.post(worker, request);
  }

  /** A job's request: its text as an edit of the key's last text when the worker has that (see `TextEdit`). */
  private jobRequest(next: Extract<Pending, { kind: 'job' }>, whole = false): WorkerRequest {
    const { key, text } = next.job;
    const base = whole ? undefined : this.texts.get(key);
    rememberText(this.texts, key, { request: next.id, text });
    // A text the worker does not hold yet (not synced before): one more new text.
    if (base?.text !== text) Atomics.add(this.posted, 1, 1);
    if (base === undefined) {
      this.postedChars += text.length;
      return { id: next.id, job: next.job, cancel: next.cancel };
    }
    const edit = textEdit(base, text);
    this.postedChars += edit.insert.length;
    return { id: next.id, job: { ...next.job, text: '' }, cancel: next.cancel, edit };
  }

  /** Posts `request`, counted first (the worker's warm-up stops when the count moves); `text`: it brings a new text. */
  private post(worker: Worker, request: WorkerRequest, text = false): void {
    Atomics.add(this.posted, 0, 1);
    if (text) Atomics.add(this.posted, 1, 1);
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
    this.warmUp = undefined;
    const worker = new Worker(script, {
      eval: isEval,
      workerData: { posted: this.posted.buffer as SharedArrayBuffer, warmUp: this.options.warmUp ?? false, speculate: this.options.speculate ?? false } satisfies WorkerStart,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 2048, maxYoungGenerationSizeMb: this.options.youngGenerationMb ?? DEFAULT_YOUNG_GENERATION_MB, stackSizeMb: 8 },
      // What the worker writes to stdout (a dependency's console.log) goes to stderr: over --stdio
      // the process's stdout is the protocol's channel, and the CLI's holds its JSON or SARIF.
      stdout: true,
    });
    worker.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    worker.unref();
    this.starts++;
    this.texts.clear(); // a new worker has no texts yet
    this.online = false;
    // A worker that never finishes loading is as stuck as an analysis that never ends.
    const startup = setTimeout(() => {
      if (worker === this.worker && !this.online) this.fail('crash', `the analysis worker did not start within ${STARTUP_LIMIT_MS / 1000} s`);
    }, STARTUP_LIMIT_MS);
    startup.unref();
    worker.on('message', (response: WorkerResponse) => {
      if (worker !== this.worker) return;
      if ('warmUp' in response) {
        this.warmUp = response.warmUp;
        return;
      }
      if ('ready' in response) {
        clearTimeout(startup);
        this.online = true;
        this.startClock();
        return;
      }
      const draining = this.draining;
      if (draining && response.id === draining.id) {
        this.draining = undefined;
        trace('server:answer-detail');
        if (draining.kind === 'detail') draining.resolve('detail' in response && response.detail ? new PackedDetail(response.detail) : undefined);
        if (!this.running) this.pump(); // (a job is already posted behind it, unless that was superseded)
        return;
      }
      const running = this.running;
      if (!running || response.id !== running.id) return;
      trace(`server:answer-${running.kind}`);
      if ('resend' in response && running.kind === 'job') {
        this.post(worker, this.jobRequest(running, true));
        return;
      }
      clearTimeout(running.timer);
      this.running = undefined;
      if (running.kind === 'detail') {
        running.resolve('detail' in response && response.detail ? new PackedDetail(response.detail) : undefined);
      } else if ('snapshot' in response) {
        running.resolve({ kind: 'done', note: fromSnapshot(running.job.text, response.snapshot), warnings: response.warnings, ms: response.ms, job: running.id, ...(response.early ? { early: true as const } : {}) });
      } else if ('publication' in response) {
        running.resolve({ kind: 'done', note: fromFindings(running.job, []), publication: response.publication, warnings: response.warnings, ms: response.ms, job: running.id, ...(response.early ? { early: true as const } : {}) });
      } else if ('findings' in response) {
        running.resolve({ kind: 'done', note: fromFindings(running.job, response.findings), warnings: response.warnings, ms: response.ms, job: running.id, ...(response.early ? { early: true as const } : {}) });
      } else if ('cancelled' in response) {
        running.resolve({ kind: 'superseded', stoppedAt: response.cancelled });
      } else {
        running.resolve(failedOutcome(running.job, 'error', `the analysis failed: ${'error' in response ? response.error : 'no result'}`));
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
    if (this.draining) settle(this.draining, { kind: 'superseded' });
    this.draining = undefined;
    if (worker) void worker.terminate().catch(() => undefined);
    if (running?.kind === 'job') {
      clearTimeout(running.timer);
      this.log(`${running.job.key} (version ${running.job.version}): ${message}; worker restarted`);
      running.resolve(failedOutcome(running.job, reason, message));
    } else if (running) {
      clearTimeout(running.timer);
      this.log(`${running.key} (details): ${message}; worker restarted`);
      running.resolve(undefined);
    }
    this.pump();
  }
}

/** `text` as an edit of the posted text `base`: what lies between their common start and common end. */
export function textEdit({ request, text: base }: PostedText, text: string): TextEdit {
  if (base === text) return { base: request, keep: [text.length, 0], insert: '', length: text.length };
  const { prefix, suffix } = commonEnds(base, text);
  return { base: request, keep: [prefix, suffix], insert: text.slice(prefix, text.length - suffix), length: text.length };
}

/** The worker script: the bundle's sibling when bundled, else the TypeScript source run through tsx. */
function workerScript(given: string | undefined): { script: string; eval: boolean } {
  if (given) return { script: given, eval: false };
  const bundled = path.join(__dirname, 'analysis-worker.js');
  if (existsSync(bundled)) return { script: bundled, eval: false };
  const source = path.join(__dirname, 'analysis-worker.ts');
  return { script: `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, eval: true };
}

function settle(p: Pending, outcome: AnalysisOutcome): void {
  if (p.kind === 'job') p.resolve(outcome);
  else p.resolve(undefined);
}

/**
 * A `detail` answer as it came from the worker (see `PackedDetailData`), unpacked on this thread
 * piece by piece as requests need them: a hover unpacks the sections and the few list parts around
 * its offset (`view`), so no request waits for the whole detail to be unpacked.
 */
export class PackedDetail {
  private readonly sections = new Map<DetailSection, unknown>();
  private readonly parts = new Map<PackedPart, unknown[]>();

  private previous: PackedDetail | undefined;

  constructor(private readonly data: PackedDetailData) {}

  /** The note's detail before this one: sections identical to its unpacked ones are taken from it. */
  follows(previous: PackedDetail | undefined): void {
    if (previous === this) return;
    this.previous = previous;
    if (previous) previous.previous = undefined; // never a chain of old details
  }

  /** A section, unpacked once (the claims: all their parts). */
  section<K extends DetailSection>(name: K): NoteDetail[K] {
    if (!this.sections.has(name)) {
      if (name === 'claims') {
        this.sections.set(name, this.inParts(this.data.claims).items);
      } else {
        const [from, to] = this.data.sections[name as Exclude<DetailSection, 'claims'>];
        const bytes = this.data.bytes.subarray(from, to);
        const before = this.previous?.sameSection(name as Exclude<DetailSection, 'claims'>, bytes);
        this.sections.set(name, before ?? deserialize(bytes));
      }
    }
    return this.sections.get(name) as NoteDetail[K];
  }

  /** The section as unpacked here, when its bytes are `bytes` (sources rarely change between two analyses). */
  private sameSection(name: Exclude<DetailSection, 'claims'>, bytes: Uint8Array): unknown {
    if (!this.sections.has(name)) return undefined;
    const [from, to] = this.data.sections[name];
    return to - from === bytes.length && Buffer.compare(this.data.bytes.subarray(from, to), bytes) === 0 ? this.sections.get(name) : undefined;
  }

  /**
   * The analysis's findings, when they came with the detail (unpacked when first needed, not ahead
   * with the sections); with `offset`, only those of the parts whose span holds it (every finding
   * whose span holds the offset is among them).
   */
  findings(offset?: number): Finding[] | undefined {
    return this.data.findings ? (this.inParts(this.data.findings, offset).items as Finding[]) : undefined;
  }

  /**
   * The items of every part whose span holds `offset` (every item whose span holds it is among
   * them), in order, with their indices in the whole list; all items without an offset.
   */
  private inParts(parts: readonly PackedPart[], offset?: number): { items: unknown[]; indices: number[] } {
    const items: unknown[] = [];
    const indices: number[] = [];
    for (const part of parts) {
      if (offset !== undefined && (offset < part.min || offset > part.max)) continue;
      const unpacked = this.unpacked(part);
      for (let i = 0; i < unpacked.length; i++) {
        items.push(unpacked[i]);
        indices.push(part.first + i);
      }
    }
    return { items, indices };
  }

  /** A part's items, unpacked once. */
  private unpacked(part: PackedPart): unknown[] {
    let items = this.parts.get(part);
    if (!items) {
      items = deserialize(this.data.bytes.subarray(part.from, part.to)) as unknown[];
      this.parts.set(part, items);
    }
    return items;
  }

  /** The sections, unpacked (what code actions, definitions and completions read). */
  head(): Pick<NoteDetail, DetailSection> {
    return { claims: this.section('claims'), ...this.rest() };
  }

  /** The sections but the claims, unpacked. */
  private rest(): Pick<NoteDetail, Exclude<DetailSection, 'claims'>> {
    const rest = { sources: this.section('sources'), settings: this.section('settings'), extras: this.section('extras') };
    this.previous = undefined; // nothing more to take from it
    return rest;
  }

  /**
   * The items of a list in every part whose span holds `offset` (every item whose span holds it is
   * among them), in the list's order, with their indices in the whole list; all items without an offset.
   */
  near<K extends DetailList>(name: K, offset?: number): { items: NoteDetail[K]; indices: number[] } {
    const { items, indices } = this.inParts(this.data.lists[name], offset);
    return { items: items as NoteDetail[K], indices };
  }

  /** The whole detail, unpacked (without the findings). */
  unpack(): NoteDetail {
    return { ...this.head(), sentences: this.near('sentences').items, drugs: this.near('drugs').items, statistics: this.near('statistics').items };
  }

  /**
   * A findings-only analysis completed with this detail as far as a request at `offset` (of the
   * analysed text) needs it: the sections whole; of the sentences, drugs, statistics and the
   * findings that came with the detail, those whose parts hold the offset (claims: those of these
   * sentences, renumbered; findings that did not come with the detail: the note's). Without an
   * offset, the sections and all findings: no sentences, drugs or statistics (the claims keep their
   * sentence numbers).
   */
  view(note: AnalyzedNote, offset?: number): AnalyzedNote {
    const rest = this.rest();
    const findings = this.findings(offset);
    if (offset === undefined) return withDetail(note, { claims: this.section('claims'), ...rest, sentences: [], drugs: [], statistics: [] }, findings);
    const sentences = this.near('sentences', offset);
    const local = new Map(sentences.indices.map((global, i) => [global, i]));
    // The claims' parts follow the sentences' parts: those unpacked here hold the claims of these sentences.
    const near = this.inParts(this.data.claims, offset).items as NoteDetail['claims'];
    const claims = near.filter((c) => local.has(c.sentence)).map((c) => ({ ...c, sentence: local.get(c.sentence)! }));
    return withDetail(note, { ...rest, claims, sentences: sentences.items, drugs: this.near('drugs', offset).items, statistics: this.near('statistics', offset).items }, findings);
  }
}

/** Rebuilds what the LSP layer and the CLI read from a worker's snapshot. */
export function fromSnapshot(text: string, snapshot: NoteSnapshot): AnalyzedNote {
  return { ...snapshot, lines: new LineIndex(text), tree: { type: 'root', children: [] } };
}

/**
 * A findings-only analysis: the findings and the text; the rest (spans, claims, sources) is empty
 * until `withDetail` adds a `detail` answer.
 */
export function fromFindings(job: AnalysisJob, findings: Finding[]): AnalyzedNote {
  const analysis: Analysis = { version: 1, sentences: [], claims: [], drugs: [], statistics: [], sources: [], findings };
  return {
    analysis,
    context: { text: job.text, sentences: [], drugs: [], statistics: [], claims: [], sources: [], settings: resolveSettings(job.config), extras: {} },
    lines: new LineIndex(job.text),
    tree: { type: 'root', children: [] },
  };
}

/** A findings-only analysis completed with its detail (and with `findings`, when they came with it). */
export function withDetail(note: AnalyzedNote, detail: NoteDetail, findings = note.analysis.findings): AnalyzedNote {
  const context = { ...detail, text: note.context.text };
  const analysis: Analysis = {
    version: 1,
    sentences: context.sentences.map(({ text, start, end, claim }) => ({ text, start, end, claim })),
    claims: context.claims,
    drugs: context.drugs,
    statistics: context.statistics,
    sources: context.sources.map((s) => ({ id: s.id, title: s.title, year: s.year })),
    findings,
  };
  return { analysis, context, lines: note.lines, tree: note.tree };
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
