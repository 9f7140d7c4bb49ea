// Issue 13 figures: typing in a long note (incremental analysis in process and over the protocol,
// checked against a full analysis), growth to 5 MB, peak memory against parsing alone, and hover
// latency while an analysis runs. Used by scripts/bench.ts.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { analyzeNote } from '../../server/src/core/analyze';
import { AnalysisCache } from '../../server/src/core/incremental';
import { DidChangeTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { TestClient, root } from '../../test/protocol/lsp-client';
import { AnalysisWorker } from '../../server/src/worker/client';
import { findingToDiagnostic } from '../../server/src/lsp/convert';
import { parseTrace, type TraceLine } from '../../server/src/worker/trace';

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * A one-character edit at a spread of places: an `x` at the start of line `k * 37` of the note
 * (so edits land in the body, as typing does, not all in the front matter at the top).
 */
function editLine(text: string, k: number): { text: string; line: number } {
  const lines = text.split('\n');
  const line = (k * 37) % lines.length;
  const at = lines.slice(0, line).join('\n').length + (line ? 1 : 0);
  return { text: text.slice(0, at) + 'x' + text.slice(at), line };
}

function editAt(text: string, k: number): string {
  return editLine(text, k).text;
}

/** One-character edits analysed with the note's AnalysisCache, each checked against a fresh analysis of the note parsed whole. */
export function incrementalLatency(start: string, edits: number): { p50: number; p95: number; equal: number; checked: number } {
  const cache = new AnalysisCache();
  analyzeNote(start, { cache });
  let text = start;
  const samples: number[] = [];
  let equal = 0;
  for (let k = 1; k <= edits; k++) {
    text = editAt(text, k);
    const t0 = performance.now();
    const inc = analyzeNote(text, { cache });
    samples.push(performance.now() - t0);
    if (isDeepStrictEqual(inc.analysis, analyzeNote(text, { wholeParse: true }).analysis)) equal++;
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), equal, checked: edits };
}

/** Debounce the bench's client asks for (TestClient.initialize). */
const DEBOUNCE_MS = 20;

/**
 * When a hover is sent after an edit, so that the edit's analysis runs: with the worker's early
 * analysis it begins at the edit (and may be over by the debounce's end); without it, once the
 * debounce is over.
 */
export const HOVER_AFTER_EDIT_MS = { early: 8, debounced: 25 };

/**
 * Where one edit's time went between didChange and publishDiagnostics (medians over the edits, ms),
 * from the server's and worker's trace marks (server/src/worker/trace.ts) and the client's own
 * clock: the server receiving the change; the debounce timer's lateness; the job's way to the
 * worker (settings, the edit posted; waiting for a detail still being packed or a collection);
 * reading the note's inputs; the analysis, and the worker's collections during it; the diagnostics
 * message prepared in the worker (over stdio); the answer (findings, or that message) posted back;
 * diagnostics built on the server; sent (JSON, the pipe) until the client's first bytes; the client
 * reading and parsing them; collections on the server's main thread and in the client during the edit.
 */
export interface ProtocolGap {
  receive: number; debounceLate: number; toWorker: number; inputs: number; analysis: number; workerGc: number;
  prepare: number; findingsBack: number; diagnostics: number; send: number; clientReceive: number; serverGc: number; clientGc: number;
  /** Of `clientReceive`: from the first to the last bytes of the message (the pipe), and from those to the parsed notification (the client). */
  transfer: number; clientParse: number;
  /** Edits whose job reached the worker while it was still packing the previous detail or collecting garbage. */
  waitedForWorker: number; edits: number;
  /**
   * Edits whose job took the worker's early analysis of the synced text (made while the debounce
   * waited: see analysis-worker.ts), the median length of those analyses, and how much of it fell
   * after the debounce's end (the job waited for it: in \`toWorker\`).
   */
  early: number; earlyAnalysis: number; earlyAfterDebounce: number;
  /**
   * The debounce itself (the wait the server is asked for; `debounceLate` is beyond it): in the p50,
   * and in no step above.
   */
  debounce: number;
  /**
   * Means of the steps that follow one another (receive … clientReceive, with the debounce), and of
   * the whole latency: per edit the steps add up to its latency exactly, so their means add up to
   * the mean latency. (Medians do not add up: the sum of the steps' medians is not the p50.)
   */
  mean: Record<'receive' | 'debounce' | 'debounceLate' | 'toWorker' | 'inputs' | 'analysis' | 'prepare' | 'findingsBack' | 'diagnostics' | 'send' | 'clientReceive' | 'total', number>;
}

/** The steps of `ProtocolGap` that follow one another from didChange to the parsed publishDiagnostics. */
const CHAIN = ['receive', 'debounceLate', 'toWorker', 'inputs', 'analysis', 'prepare', 'findingsBack', 'diagnostics', 'send', 'clientReceive'] as const;

/** Per-edit gaps from the marks in the window of each edit (`[sent, received]` on the client's clock). */
function gapOf(windows: { sent: number; received: number; chunks: number[] }[], marks: TraceLine[], clientGcs: TraceLine[]): ProtocolGap {
  const samples: Record<string, number[]> = {};
  const add = (name: string, value: number | undefined): void => {
    if (value !== undefined && Number.isFinite(value)) (samples[name] ??= []).push(value);
  };
  const gcIn = (list: TraceLine[], from: number, to: number): number => list.filter((m) => m.time >= from && m.time <= to).reduce((sum, m) => sum + (m.duration ?? 0), 0);
  let waited = 0;
  for (const { sent, received, chunks } of windows) {
    const inside = marks.filter((m) => m.time >= sent && m.time <= received);
    const at = (mark: string, after = sent): number | undefined => inside.find((m) => m.mark === mark && m.time >= after)?.time;
    const change = at('server:change');
    const timer = change === undefined ? undefined : at('server:timer', change);
    const posted = timer === undefined ? undefined : at('server:post-job', timer);
    const job = posted === undefined ? undefined : at('worker:job', posted);
    const inputs = job === undefined ? undefined : at('worker:inputs', job);
    const analysed = inputs === undefined ? undefined : at('worker:analysed', inputs);
    const answer = analysed === undefined ? undefined : at('server:answer-job', analysed);
    const prepared = analysed === undefined || answer === undefined ? undefined : inside.find((m) => m.mark === 'worker:prepared' && m.time >= analysed && m.time <= answer)?.time;
    const diagnostics = answer === undefined ? undefined : at('server:diagnostics', answer);
    const firstBytes = diagnostics === undefined ? undefined : chunks.find((t) => t >= diagnostics);
    if (change === undefined || timer === undefined || posted === undefined || job === undefined || inputs === undefined || analysed === undefined || answer === undefined || diagnostics === undefined || firstBytes === undefined) continue;
    add('total', received - sent);
    add('receive', change - sent);
    add('debounceLate', timer - change - DEBOUNCE_MS);
    add('toWorker', job - timer);
    add('inputs', inputs - job);
    add('analysis', analysed - inputs);
    add('workerGc', gcIn(inside.filter((m) => m.mark.startsWith('gc:worker:')), inputs, analysed));
    add('prepare', prepared === undefined ? 0 : prepared - analysed);
    add('findingsBack', answer - (prepared ?? analysed));
    add('diagnostics', diagnostics - answer);
    add('send', firstBytes - diagnostics);
    add('clientReceive', received - firstBytes);
    const lastBytes = Math.max(...chunks.filter((t) => t >= firstBytes && t <= received));
    add('transfer', lastBytes - firstBytes);
    add('clientParse', received - lastBytes);
    add('serverGc', gcIn(inside.filter((m) => m.mark.startsWith('gc:server:')), sent, received));
    add('clientGc', gcIn(clientGcs, sent, received));
    // The early analysis the job took (the last one begun before the job came).
    if (inside.some((m) => m.mark === 'worker:early-used' && m.time >= inputs && m.time <= analysed)) {
      const begun = inside.filter((m) => m.mark === 'worker:early' && m.time <= job).at(-1)?.time;
      const ended = begun === undefined ? undefined : at('worker:early-done', begun);
      if (begun !== undefined && ended !== undefined) {
        add('earlyAnalysis', ended - begun);
        add('earlyAfterDebounce', Math.max(0, ended - timer));
        add('early', 1);
      }
    }
    // Still packing the last detail, or collecting, when the job was posted.
    const busy = marks.some((m) => (m.mark === 'worker:packed' || m.mark === 'worker:collected') && m.time > posted && m.time < job);
    if (busy) waited++;
  }
  const m = (name: string): number => (samples[name]?.length ? percentile(samples[name], 50) : NaN);
  const average = (name: string): number => (samples[name]?.length ? samples[name].reduce((sum, v) => sum + v, 0) / samples[name].length : NaN);
  const mean = {} as ProtocolGap['mean'];
  for (const name of CHAIN) {
    mean[name] = average(name);
    if (name === 'receive') mean.debounce = DEBOUNCE_MS;
  }
  mean.total = average('total');
  return {
    receive: m('receive'), debounceLate: m('debounceLate'), toWorker: m('toWorker'), inputs: m('inputs'), analysis: m('analysis'), workerGc: m('workerGc'),
    prepare: m('prepare'), findingsBack: m('findingsBack'), diagnostics: m('diagnostics'), send: m('send'), clientReceive: m('clientReceive'), transfer: m('transfer'), clientParse: m('clientParse'), serverGc: m('serverGc'), clientGc: m('clientGc'),
    waitedForWorker: waited, edits: samples.receive?.length ?? 0, debounce: DEBOUNCE_MS, mean,
    early: samples.early?.length ?? 0, earlyAnalysis: m('earlyAnalysis'), earlyAfterDebounce: m('earlyAfterDebounce'),
  };
}

/**
 * Where one hover's time went (ms), from the server's trace marks in its window `[sent, received]`
 * on the client's clock: until the server read the request; finding the last analysis; unpacking
 * what the hover needs of it; making the hover; from then until the client had the answer (the
 * write, the pipe, the client's parse); and the collections in the window on the server's main
 * thread, in the worker and in the client. Undefined steps: a mark was missing.
 */
export interface HoverSteps { receive?: number; last?: number; view?: number; make?: number; answer?: number; serverGc: number; workerGc: number; clientGc: number }

function hoverSteps(window: { sent: number; received: number }, marks: TraceLine[], clientGcs: TraceLine[]): HoverSteps {
  const inside = marks.filter((m) => m.time >= window.sent && m.time <= window.received);
  const at = (mark: string): number | undefined => inside.find((m) => m.mark === mark)?.time;
  const [hover, last, view, made] = [at('server:hover'), at('server:hover-last'), at('server:hover-view'), at('server:hover-made')];
  const gc = (list: TraceLine[]): number => list.reduce((sum, m) => sum + (m.duration ?? 0), 0);
  const span = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : b - a);
  return {
    receive: span(window.sent, hover), last: span(hover, last), view: span(last, view), make: span(view, made), answer: span(made, window.received),
    serverGc: gc(inside.filter((m) => m.mark.startsWith('gc:server:'))), workerGc: gc(inside.filter((m) => m.mark.startsWith('gc:worker:'))),
    clientGc: gc(clientGcs.filter((m) => m.time >= window.sent && m.time <= window.received)),
  };
}

/**
 * didChange → publishDiagnostics over stdio (debounce 20 ms), the last publication checked against a
 * full analysis, and where the time went (`gap`, from the server's trace marks); then hovers on a
 * drug name sent while an analysis runs (`HOVER_AFTER_EDIT_MS` after an edit elsewhere): their
 * latency, how many were sent before that edit's diagnostics came and of those how many were
 * answered only after them, and how many had content (a hover answered from the last analysis is
 * not empty).
 *
 * `idleMs`: how long the client waits after the note's first diagnostics before its first edit (a
 * writer opens a note, reads, then types); 0: at once. `warmUp`: false starts the server with its
 * worker's warm-up off (EVIDENCE_LENS_WARM_UP=0, see server/src/worker/warm-up.ts); `early`: false,
 * with no early analysis of a synced text (EVIDENCE_LENS_EARLY=0, see analysis-worker.ts).
 * `runtime`: the node that runs the server (see scripts/bench/runtime.ts); the client stays here.
 */
export async function protocolLatency(start: string, edits: number, idleMs = 0, warmUp = true, early = true, runtime = process.execPath): Promise<{ p50: number; p95: number; sameAsFull: boolean; hoverP50: number; hoverMax: number; hoverAfterDiagnostics: number; hoversBeforeDiagnostics: number; hovers: number; hoversWithContent: number; slowestHover: HoverSteps; gap: ProtocolGap; warmUpSteps: number }> {
  // The server (and its worker) write their trace marks to stderr, which the client keeps.
  const client = new TestClient([], runtime, {
    EVIDENCE_LENS_TRACE: '1', ...(warmUp ? {} : { EVIDENCE_LENS_WARM_UP: '0' }), ...(early ? {} : { EVIDENCE_LENS_EARLY: '0' }),
  });
  const uri = 'file:///tmp/evidence-lens-bench/note.md';
  const clock = (): number => performance.timeOrigin + performance.now();
  // When bytes from the server arrive, and this process's own collections (the client's cost).
  const chunks: number[] = [];
  client.process.stdout!.on('data', () => chunks.push(clock()));
  const clientGcs: TraceLine[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) clientGcs.push({ mark: 'gc:client', time: performance.timeOrigin + e.startTime, duration: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const windows: { sent: number; received: number; chunks: number[] }[] = [];
  // An editor keeps a note's latest diagnostics, not every publication: the client here kept all
  // (some 200 KB of JSON each, parsed), and its own garbage collections (20–50 ms) made the slowest
  // edits slower still.
  const keepLatest = (): void => {
    const list = client.published.get(uri);
    if (list && list.length > 1) list.splice(0, list.length - 1);
  };
  try {
    await client.initialize({});
    await client.open(uri, start);
    await client.waitForDiagnostics(uri, () => true, 60000);
    if (idleMs > 0) await new Promise((r) => setTimeout(r, idleMs));
    const latencies: number[] = [];
    let text = start;
    for (let v = 2; v < edits + 2; v++) {
      // The same spread of places as the in-process edits above. (Edits at lines 2, 3, 4… broke
      // the bench note's front matter at the first edit, which makes the whole note one block.)
      const edit = editLine(text, v - 1);
      const line = edit.line;
      text = edit.text;
      const t0 = performance.now();
      const sent = clock();
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }],
      });
      await client.waitForDiagnostics(uri, (p) => p.version === v, 60000);
      latencies.push(performance.now() - t0);
      windows.push({ sent, received: clock(), chunks: chunks.filter((t) => t >= sent) });
      keepLatest();
    }
    const marks = parseTrace(client.stderr);
    const gap = gapOf(windows, marks, clientGcs);
    // The worker's warm-up steps run to their end before the first edit (see warm-up.ts).
    const warmUpSteps = marks.filter((m) => m.mark === 'worker:warmed-up' && m.time < windows[0].sent).length;
    // Compared with a full analysis after the hovers: made here, that analysis's garbage was
    // collected by this process in the hovers' windows (20–40 ms), and the server sat idle meanwhile.
    const last = client.published.get(uri)!.at(-1)!;
    const lastText = text;

    // Hovers sent while an analysis runs: edit, wait until the analysis has begun, hover on a drug
    // name further down (the edits are on line 3).
    const lines = text.split('\n');
    const drugLine = lines.findIndex((l, i) => i > 3 && /natalizumab/i.test(l));
    const position = { line: drugLine, character: lines[drugLine].search(/natalizumab/i) + 3 };
    const hovers: number[] = [];
    const hoverWindows: { sent: number; received: number }[] = [];
    let hoverAfterDiagnostics = 0;
    let hoversBeforeDiagnostics = 0;
    let hoversWithContent = 0;
    for (let v = edits + 2; v < edits + 12; v++) {
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }],
      });
      await new Promise((r) => setTimeout(r, early ? HOVER_AFTER_EDIT_MS.early : HOVER_AFTER_EDIT_MS.debounced));
      const t0 = performance.now();
      const sent = clock();
      const published = client.published.get(uri)!.at(-1);
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      hovers.push(performance.now() - t0);
      hoverWindows.push({ sent, received: clock() });
      if (hover) hoversWithContent++;
      // Sent before the edit's diagnostics came: was it answered only after them?
      if (published?.version !== v) {
        hoversBeforeDiagnostics++;
        if (client.published.get(uri)!.at(-1) !== published) hoverAfterDiagnostics++;
      }
      await client.waitForDiagnostics(uri, (p) => p.version === v, 60000);
      keepLatest();
    }
    const slowest = hoverWindows[hovers.indexOf(Math.max(...hovers))];
    const slowestHover = hoverSteps(slowest, parseTrace(client.stderr), clientGcs);
    const full = analyzeNote(lastText, { wholeParse: true }).analysis.findings;
    const sameAsFull = last.diagnostics.length === full.length && last.diagnostics.every((d, i) => d.message === full[i].message && d.range.start.line === full[i].line && d.range.start.character === full[i].character);
    return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), sameAsFull, hoverP50: percentile(hovers, 50), hoverMax: Math.max(...hovers), hoverAfterDiagnostics, hoversBeforeDiagnostics, hovers: hovers.length, hoversWithContent, slowestHover, gap, warmUpSteps };
  } finally {
    observer.disconnect();
    await client.close();
  }
}

/**
 * Where the time of one edit goes outside the analysis itself, in this process with the bundled
 * worker (medians over `edits` one-character edits): the round trip beyond the worker's own time
 * for a findings-only answer and for the whole snapshot (what was sent before), turning the
 * findings into diagnostics and their JSON on the server, fetching the rest of the analysis
 * afterwards (off the diagnostics' path, when the worker is idle) and unpacking it on the server
 * (only when a hover or another request first needs it).
 */
export async function protocolBreakdown(start: string, edits: number): Promise<{ analysisMs: number; findingsTransferMs: number; snapshotTransferMs: number; diagnosticsMs: number; detailMs: number; unpackMs: number }> {
  const worker = new AnalysisWorker({ script: path.join(root, 'dist', 'analysis-worker.js') });
  const median = (values: number[]): number => percentile(values, 50);
  const samples = { analysis: [] as number[], findings: [] as number[], snapshot: [] as number[], diagnostics: [] as number[], detail: [] as number[], unpack: [] as number[] };
  try {
    let text = start;
    let version = 1;
    await worker.analyze({ key: 'bench', version: version++, text, config: {}, findingsOnly: true });
    for (let k = 1; k <= edits; k++) {
      text = editAt(text, k);
      for (const findingsOnly of [true, false]) {
        // The same text twice: the second analysis is as cheap as the first, so the two round trips compare.
        const t0 = performance.now();
        const outcome = await worker.analyze({ key: 'bench', version: version++, text, config: {}, findingsOnly });
        const t1 = performance.now();
        if (outcome.kind !== 'done') throw new Error(`bench analysis ${outcome.kind}`);
        (findingsOnly ? samples.findings : samples.snapshot).push(t1 - t0 - outcome.ms);
        if (!findingsOnly) continue;
        samples.analysis.push(outcome.ms);
        const t2 = performance.now();
        const diagnostics = outcome.note.analysis.findings.map((f) => findingToDiagnostic(f, outcome.note.lines, 'file:///bench.md', version));
        JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///bench.md', version, diagnostics } });
        samples.diagnostics.push(performance.now() - t2);
        const t3 = performance.now();
        const packed = await worker.detail('bench', outcome.job);
        const t4 = performance.now();
        samples.detail.push(t4 - t3);
        // What a hover unpacks: the sections and the parts around its offset (the middle of the note).
        packed?.view(outcome.note, Math.floor(text.length / 2));
        samples.unpack.push(performance.now() - t4);
      }
    }
  } finally {
    await worker.close();
  }
  return {
    analysisMs: median(samples.analysis), findingsTransferMs: median(samples.findings), snapshotTransferMs: median(samples.snapshot),
    diagnosticsMs: median(samples.diagnostics), detailMs: median(samples.detail), unpackMs: median(samples.unpack),
  };
}

/**
 * `protocolLatency` of the bench note in a process of its own (scripts/bench/protocol-child.ts);
 * `runtime`: the node that runs the server (the client's, this process's, by default); `env`: more
 * environment for the child (the server it starts inherits it).
 */
export function protocolLatencyInChild(edits: number, idleMs = 0, warmUp = true, early = true, runtime = process.execPath, env: Record<string, string> = {}): Awaited<ReturnType<typeof protocolLatency>> {
  const args = [path.join(__dirname, 'protocol-child.ts'), String(edits), String(idleMs), warmUp ? 'warm-up' : 'no-warm-up', early ? 'early' : 'no-early', runtime];
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  const last = result.stdout.trim().split('\n').at(-1);
  if (result.status !== 0 || !last) throw new Error(`protocol child failed (${result.status}): ${result.stderr}`);
  return JSON.parse(last) as Awaited<ReturnType<typeof protocolLatency>>;
}

/** Peak RSS and heap of parsing alone and of a full analysis, each in a fresh process (same modules loaded). */
export function peakMemory(bytes: number): { parseMb: number; analysisMb: number; ratio: number } {
  const run = (mode: string): number => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'memory-child.ts'), mode, String(bytes)], { encoding: 'utf8' });
    const m = /peakMb=([\d.]+)/.exec(result.stdout);
    if (!m) throw new Error(`memory child failed: ${result.stderr}`);
    return Number(m[1]);
  };
  const parseMb = run('parse');
  const analysisMb = run('analysis');
  return { parseMb, analysisMb, ratio: analysisMb / parseMb };
}

/**
 * A writer typing at a human pace with the editor's default debounce: 40 keystrokes in one place of
 * the bench note, `gapMs` apart, 3 s after opening it (the warm-up done). The last keystroke's
 * latency to its diagnostics (debounce included), and the CPU the server's process (its worker
 * with it) spent from the first keystroke until a moment after those diagnostics (Linux: from
 * /proc; undefined elsewhere). `early`: false, without the worker's early analysis.
 */
export async function humanTyping(start: string, early: boolean, gapMs = 120, debounceMs = 250): Promise<{ latency: number; cpuMs: number | undefined; sameAsFull: boolean }> {
  const client = new TestClient([], process.execPath, early ? {} : { EVIDENCE_LENS_EARLY: '0' });
  const pid = client.process.pid;
  const cpu = (): number | undefined => {
    try {
      // utime and stime (fields 14 and 15), in clock ticks of 10 ms.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  };
  const uri = 'file:///tmp/evidence-lens-bench/typed.md';
  try {
    await client.initialize({}, undefined, debounceMs);
    await client.open(uri, start);
    await client.waitForDiagnostics(uri, () => true, 60000);
    await new Promise((r) => setTimeout(r, 3000));
    const line = Math.floor(start.split('\n').length / 2);
    let text = start;
    const before = cpu();
    let version = 2;
    for (let k = 0; k < 40; k++, version++) {
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: k }, end: { line, character: k } }, text: 'x' }],
      });
      const lines = text.split('\n');
      lines[line] = `${lines[line].slice(0, k)}x${lines[line].slice(k)}`;
      text = lines.join('\n');
      if (k < 39) await new Promise((r) => setTimeout(r, gapMs));
    }
    const t0 = performance.now();
    const last = await client.waitForDiagnostics(uri, (p) => p.version === version - 1, 60000);
    const latency = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1000));
    const after = cpu();
    const full = analyzeNote(text, { wholeParse: true }).analysis.findings;
    const sameAsFull = last.diagnostics.length === full.length && last.diagnostics.every((d, i) => d.message === full[i].message && d.range.start.line === full[i].line);
    return { latency, cpuMs: before === undefined || after === undefined ? undefined : after - before, sameAsFull };
  } finally {
    await client.close();
  }
}
