/**
 * The analysis worker's entry (bundled as dist/analysis-worker.js). It reads a note's inputs
 * (config, bibliographies, lexicons: parsed files are cached here across jobs) and runs the pure
 * core, off the language server's protocol thread. The parent enforces the time budget by
 * terminating this thread, and cancels a job a newer version has made stale through the job's
 * shared flag (checked between stages and blocks).
 *
 * Garbage is collected between jobs, not during them: an edit's analysis in a 100 KB note
 * allocates some 4 MB (10 MB when this was written), most of it dying young, and V8 collected the
 * young generation (copying what is alive, several ms) in the middle of analyses, while the
 * keystroke waited.
 * When the worker is asked for the detail (which the server does once the diagnostics are out),
 * or a while after an analysis nobody wants the detail of, and the young generation has less room
 * left than the last analysis needed, it is collected then, before the packing (which, unlike a
 * collection, stops when a new analysis is asked for), so the next analysis runs without one.
 * (The client gives the worker V8's default young generation: in the 100 KB bench note this happens
 * every second or third edit, 12–21 ms each; see `DEFAULT_YOUNG_GENERATION_MB` for why not a
 * bigger one.)
 *
 * When the parent asks for it (`WorkerStart.warmUp`, the language server does), the worker warms
 * its code up once it has been idle a while after its first analysis: on a note of its own, or
 * (once) on the first long note it analyses, with that note's cache and inputs (see warm-up.ts).
 * The parent counts every message it posts in a shared counter (`WorkerStart.posted`):
 * a warm-up step stops at its next checkpoint (between blocks and stages) when the count moves, so a
 * request waits at most for the end of the stage the step is in (a few ms once the code is warm).
 *
 * When the parent asks for it (`WorkerStart.speculate`, the language server does), a note's new
 * text, synced at the keystroke, is analysed at once, while the parent's debounce waits: the job
 * that follows for the same text, with the same inputs, is answered with that analysis (the same
 * one it would have made) instead of starting its own. The parent counts the messages that bring a
 * note a new text (`WorkerStart.posted`, second count): the early analysis stops at its next
 * checkpoint when a newer text comes (its blocks stay in the note's cache), and a request that
 * brings none (the job itself, a detail) waits for it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeNote, type AnalyzeOptions, type NoteAnalysis } from '../core/analyze';
import { AnalysisCache } from '../core/incremental';
import { AnalysisCancelled } from '../core/cancel';
import { prepareNoteInputs, type NoteInputs } from '../workspace/inputs';
import { detailOf, packDetail, toSnapshot } from './snapshot';
import { applyTextEdit, rememberText, type AnalysisJob, type PostedText, type WorkerRequest, type WorkerResponse, type WorkerStart } from './protocol';
import { trace, traceGc } from './trace';
import { PublicationCache, preparePublication, type PreparedPublication } from '../lsp/diagnostic';
import { OWN_NOTE_MIN_CHARS, WarmUp, WARM_UP_EDITS } from './warm-up';

/** How long after an analysis the worker collects its garbage when no request for the detail came. */
const COLLECT_AFTER_ANALYSIS_MS = 100;

/** A collection of the young generation (see the top), or undefined where V8 gives no way to ask for one. */
function youngCollector(): (() => void) | undefined {
  const given = (globalThis as { gc?: unknown }).gc; // the process runs with --expose-gc
  if (typeof given === 'function') return () => given({ type: 'minor' });
  try {
    // The flag only puts a `gc` function in contexts made while it is set: this one, made for it.
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => gc({ type: 'minor' }) : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

const collectYoung = youngCollector();
/** What the parent gave the worker at its start (see `WorkerStart`). */
const start = (workerData ?? {}) as Partial<WorkerStart>;
/** Messages the parent has posted so far (see the top). */
const posted = start.posted instanceof SharedArrayBuffer ? new Int32Array(start.posted) : undefined;
/** Texts brought so far (the second count), when the parent counts them. */
const textsPosted = posted && posted.length > 1 ? posted : undefined;
/** The warm-up still to run, if asked for. */
const warmUpEdits = start.warmUp === true ? WARM_UP_EDITS : typeof start.warmUp === 'number' ? start.warmUp : 0;
let warmUp = warmUpEdits > 0 && posted ? new WarmUp(warmUpEdits) : undefined;
/** Whether the worker warms up at all, and whether it has warmed up on a long note yet (once: see warm-up.ts). */
const warmingUp = warmUp !== undefined;
let warmedOnNote = false;
/** Runs of warm-up steps a message stopped. */
let warmUpInterrupted = 0;
/** How long the worker must have been idle (after an answer) before it warms up. */
const WARM_UP_AFTER_IDLE_MS = 400;
let warmTimer: NodeJS.Timeout | undefined;
let warmStep: NodeJS.Immediate | undefined;
let idleTimer: NodeJS.Timeout | undefined;
/** Bytes the last analysis allocated (measured when no collection came in between), and a margin on it. */
let lastAllocation = Infinity;
const ALLOCATION_MARGIN = 1.25;

/** The young generation's bytes in use and left before V8 collects it. */
function young(): { used: number; available: number } {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return { used: space?.space_used_size ?? 0, available: space?.space_available_size ?? 0 };
}

/** Runs an analysis, noting what it allocated. */
function measured<T>(analyse: () => T): T {
  const before = young().used;
  const result = analyse();
  const after = young().used;
  if (after >= before) lastAllocation = after - before; // else V8 collected meanwhile: keep the last measure
  return result;
}

/** Collects the young generation if the next analysis would not fit in what is left of it. */
function collectIfShort(): void {
  if (!collectYoung || young().available >= lastAllocation * ALLOCATION_MARGIN) return;
  trace('worker:collect');
  collectYoung();
  trace('worker:collected');
}

/** No more warm-up steps until `warmUpWhenIdle` again (a run stopped between two steps is interrupted). */
function stopWarmUp(): void {
  clearTimeout(warmTimer);
  if (!warmStep) return;
  clearImmediate(warmStep);
  warmStep = undefined;
  warmUpInterrupted++;
  if (!warmUp) return;
  const running = warmUp;
  // A note's own warm-up ends when a request comes (see warm-up.ts).
  if (running.ownNote) {
    running.end();
    warmUp = undefined;
  }
  reportWarmUp(running);
}

/** The parent hears how far the warm-up got (see `WarmUpProgress`). */
function reportWarmUp(running: WarmUp): void {
  port?.postMessage({ warmUp: { steps: running.steps, interrupted: warmUpInterrupted, finished: running.finished, ownNote: running.ownNote } } satisfies WorkerResponse);
}

/**
 * The warm-up's next steps, `WARM_UP_AFTER_IDLE_MS` from now unless a request comes first: one
 * analysis at a time, each stopped at its next checkpoint when a message is posted (it is run again
 * after the next answer). Room in the young generation is made after each, for the next analysis
 * of a note.
 */
function warmUpWhenIdle(): void {
  stopWarmUp();
  if (!warmingUp || !posted || (!warmUp && warmedOnNote)) return;
  const counter = posted;
  warmTimer = setTimeout(() => {
    // Once, on the note just analysed when it is long, instead of the small note (see warm-up.ts),
    // even when that one has begun or is done.
    const own = warmedOnNote ? undefined : ownNoteWarmUp();
    if (own) {
      warmUp = own;
      warmedOnNote = true;
    }
    if (!warmUp) return;
    const seen = Atomics.load(counter, 0);
    const busy = (): boolean => Atomics.load(counter, 0) !== seen;
    const next = (): void => {
      warmStep = undefined;
      const running = warmUp;
      if (!running) return;
      let ran = false;
      if (!busy()) {
        trace('worker:warm-up');
        ran = running.step(busy);
        trace('worker:warmed-up');
      }
      const interrupted = !running.finished && busy();
      if (interrupted) warmUpInterrupted++;
      // A note's own warm-up ends when a request comes: the note is being edited (see warm-up.ts).
      if (interrupted && running.ownNote) running.end();
      if (running.finished) warmUp = undefined;
      if (ran || interrupted || running.finished) reportWarmUp(running);
      if (!ran || !warmUp || interrupted) return; // a message came, or it failed or finished
      collectIfShort();
      warmStep = setImmediate(next);
    };
    next();
  }, WARM_UP_AFTER_IDLE_MS);
  warmTimer.unref();
}

/** `collectIfShort` in `ms`, unless a request comes first. */
function whenIdle(ms: number): void {
  clearTimeout(idleTimer);
  if (!collectYoung) return;
  idleTimer = setTimeout(collectIfShort, ms);
  idleTimer.unref();
}

const port = parentPort;
if (port) {
  traceGc('worker');
  port.on('message', (request: WorkerRequest) => {
    stopWarmUp();
    if ('sync' in request) {
      const text = applyTextEdit(texts.get(request.sync.key), request.sync.edit);
      if (text === undefined) texts.delete(request.sync.key); // the job that follows asks for the whole text
      else {
        text.indexOf('\u0000'); // flat now, not in the job's analysis (an edited text is a rope until read)
        rememberText(texts, request.sync.key, { request: request.id, text });
        if (start.speculate) analyseEarly(request.sync.key, text, request.sync.version, request.sync.debounceMs);
      }
      trace('worker:synced');
      return;
    }
    clearTimeout(idleTimer);
    if ('detail' in request) {
      trace('worker:detail');
      // Not when an analysis already waits behind this request: it would wait for the collection too.
      if (!request.cancel || Atomics.load(request.cancel, 0) === 0) collectIfShort();
      const response = detail(request.id, request.detail, request.cancel);
      // The packed bytes are handed over, not copied.
      port.postMessage(response, 'detail' in response && response.detail ? [response.detail.bytes.buffer as ArrayBuffer] : []);
      trace('worker:packed');
      warmUpWhenIdle();
      return;
    }
    trace('worker:job');
    // Each note's last text, for jobs that come as an edit of it (received in order, as posted).
    let job = request.job;
    if (request.edit) {
      const text = applyTextEdit(texts.get(job.key), request.edit);
      if (text === undefined) {
        texts.delete(job.key);
        port.postMessage({ id: request.id, ok: false, resend: true } satisfies WorkerResponse);
        return;
      }
      job = { ...job, text };
    }
    rememberText(texts, job.key, { request: request.id, text: job.text });
    void run({ ...request, job }).then((response) => {
      // A prepared message's bytes are handed over, not copied.
      port.postMessage(response, 'publication' in response ? [response.publication.bytes.buffer as ArrayBuffer] : []);
      whenIdle(COLLECT_AFTER_ANALYSIS_MS);
      warmUpWhenIdle();
    });
  });
  port.postMessage({ ready: true } satisfies WorkerResponse);
}

// Each note's blocks (parses and recognitions), so an edit re-analyses only the blocks it touched,
// and its last finished analysis (the job that made it), for `detail` requests.
// The worker does not hear of closed notes: it keeps the most recently analysed few.
interface Kept {
  cache: AnalysisCache;
  publications?: PublicationCache;
  last?: { job: number; note: NoteAnalysis };
  /**
   * The note's last job's path and config (an early analysis of a synced text reads its inputs with
   * them), and whether it wanted its diagnostics message prepared (an early analysis prepares it too).
   */
  asked?: Asked;
  /** The early analysis of the note's last synced text (see `analyseEarly`). */
  early?: Early;
  /** How long the note's last analysis took (ms): an early one begins that long (twice) before the debounce ends. */
  ms?: number;
  /** The inputs the note's last job analysed with (its own warm-up analyses with them, see warm-up.ts). */
  options?: AnalyzeOptions;
}

/**
 * The warm-up on the note analysed last (`WarmUp.onNote`), when that is long enough; the note's
 * cache then holds the same blocks as after its last job (its text is analysed again at the end).
 */
function ownNoteWarmUp(): WarmUp | undefined {
  const kept = [...notes.values()].at(-1);
  const text = kept?.last?.note.context.text;
  if (!kept?.options || text === undefined || text.length < OWN_NOTE_MIN_CHARS) return undefined;
  return WarmUp.onNote(text, kept.cache, kept.options);
}

type Asked = Pick<AnalysisJob, 'notePath' | 'config'> & { prepare: boolean };

/**
 * An analysis of a synced text made before its job came: undefined when it stopped or failed; with
 * the diagnostics message of the synced version when the note's jobs want it prepared.
 */
interface Early {
  text: string;
  asked: Asked;
  done: Promise<{ inputs: NoteInputs; note: NoteAnalysis; publication?: PreparedPublication } | undefined>;
  /** Its timer, until it begins (a job that comes first analyses for itself). */
  timer?: NodeJS.Timeout;
}

/**
 * Analyses `key`'s synced `text` early (see the top), with the inputs its last job's path and
 * config give; stops at the next checkpoint when a newer text is posted. It begins when the
 * debounce (`debounceMs` from now) has less than twice the note's last analysis left to run, so
 * that it is over when the job comes, but keystrokes in quick succession do not each start one
 * (typing at 120 ms a keystroke in the bench note with the editor's 250 ms debounce, one each cost
 * ~15 times the CPU of one analysis per pause); at once when the debounce is short or unknown.
 * Nothing when the note has had no job yet (no inputs known) or the parent does not count texts.
 */
function analyseEarly(key: string, text: string, version: number | undefined, debounceMs: number | undefined): void {
  const kept = notes.get(key);
  const asked = kept?.asked;
  if (!kept || !asked || !textsPosted) return;
  clearTimeout(kept.early?.timer);
  const counter = textsPosted;
  const seen = Atomics.load(counter, 1);
  const stale = (): boolean => Atomics.load(counter, 1) !== seen;
  const delay = debounceMs === undefined || kept.ms === undefined ? 0 : Math.max(0, debounceMs - 2 * kept.ms - EARLY_MARGIN_MS);
  const early: Early = { text, asked, done: Promise.resolve(undefined) };
  const analyse = async () => {
    const inputs = await prepareNoteInputs(text, asked.notePath, asked.config);
    if (stale()) return undefined;
    collectIfShort();
    trace('worker:early');
    const began = performance.now();
    const note = measured(() => analyzeNote(text, { ...inputs.options, cache: kept.cache, isCancelled: stale }));
    kept.ms = performance.now() - began;
    trace('worker:early-done');
    if (!asked.prepare || version === undefined || stale()) return { inputs, note };
    const publication = preparePublication(note.analysis.findings, note.lines, key, version, kept.publications ??= new PublicationCache());
    trace('worker:early-prepared');
    return { inputs, note, publication };
  };
  // Stopped (a newer text) or failed: the job analyses.
  if (delay === 0) early.done = analyse().catch(() => undefined);
  else {
    early.done = new Promise((resolve) => {
      early.timer = setTimeout(() => {
        early.timer = undefined;
        resolve(stale() ? undefined : analyse().catch(() => undefined));
      }, delay);
    });
  }
  kept.early = early;
}

/** Time an early analysis leaves itself beyond twice the note's last analysis (see `analyseEarly`). */
const EARLY_MARGIN_MS = 5;

/** Whether two jobs' path and config are the same (the config as JSON: it is small). */
function sameAsked(a: Pick<AnalysisJob, 'notePath' | 'config'>, b: Pick<AnalysisJob, 'notePath' | 'config'>): boolean {
  return a.notePath === b.notePath && (a.config === b.config || JSON.stringify(a.config) === JSON.stringify(b.config));
}

/**
 * Whether an early analysis's inputs are the job's: the same drug list, sources (each the same
 * object, as the file caches give them, or the same fields: the front matter's own references are
 * read again each time), source errors and warnings. Path and config are the same already.
 */
function sameInputs(a: NoteInputs, b: NoteInputs): boolean {
  const json = (x: unknown): string => JSON.stringify(x) ?? '';
  const [x, y] = [a.options, b.options];
  if (x.settings?.drugs !== y.settings?.drugs && json(x.settings?.drugs) !== json(y.settings?.drugs)) return false;
  const [s, t] = [x.sources ?? [], y.sources ?? []];
  if (s.length !== t.length || s.some((source, i) => source !== t[i] && json(source) !== json(t[i]))) return false;
  return json(x.sourceErrors) === json(y.sourceErrors) && json(a.warnings) === json(b.warnings);
}
const notes = new Map<string, Kept>();
const texts = new Map<string, PostedText>();
const KEPT_NOTES = 8;

function keptFor(key: string): Kept {
  let kept = notes.get(key);
  if (kept) notes.delete(key);
  else kept = { cache: new AnalysisCache() };
  notes.set(key, kept);
  for (const old of notes.keys()) {
    if (notes.size <= KEPT_NOTES) break;
    notes.delete(old);
  }
  return kept;
}

async function run({ id, job, cancel }: Extract<WorkerRequest, { job: unknown }>): Promise<WorkerResponse> {
  const t0 = performance.now();
  const isCancelled = cancel ? () => Atomics.load(cancel, 0) !== 0 : undefined;
  try {
    const kept = keptFor(job.key);
    const asked = { notePath: job.notePath, config: job.config, prepare: Boolean(job.findingsOnly && job.prepareDiagnostics) };
    const early = kept.early;
    kept.early = undefined;
    kept.asked = asked;
    // Not begun yet (the debounce ended sooner than the worker expected): the job analyses now.
    if (early?.timer) clearTimeout(early.timer);
    const inputs = await prepareNoteInputs(job.text, job.notePath, job.config);
    trace('worker:inputs');
    // The analysis made of this very text with these very inputs while the debounce waited, if it finished.
    const made = early && !early.timer && early.text === job.text && sameAsked(early.asked, asked) ? await early.done : undefined;
    const taken = made && sameInputs(made.inputs, inputs) ? made.note : undefined;
    if (taken) trace('worker:early-used');
    const began = performance.now();
    const note = taken ?? measured(() => analyzeNote(job.text, { ...inputs.options, cache: kept.cache, isCancelled }));
    if (!taken) kept.ms = performance.now() - began;
    kept.options = inputs.options;
    trace('worker:analysed');
    kept.last = { job: id, note: { ...note, tree: { type: 'root', children: [] } } };
    const ms = performance.now() - t0;
    const given = taken ? { early: true as const } : {};
    if (job.findingsOnly && job.prepareDiagnostics) {
      // Prepared with the early analysis when it was of this version.
      const prepared = taken ? made?.publication : undefined;
      const publication = prepared?.version === job.version && prepared.uri === job.key ? prepared : preparePublication(note.analysis.findings, note.lines, job.key, job.version, kept.publications ??= new PublicationCache());
      trace('worker:prepared');
      return { id, ok: true, publication, warnings: inputs.warnings, ms, ...given };
    }
    if (job.findingsOnly) return { id, ok: true, findings: note.analysis.findings, warnings: inputs.warnings, ms, ...given };
    return { id, ok: true, snapshot: toSnapshot(note), warnings: inputs.warnings, ms, ...given };
  } catch (error) {
    if (error instanceof AnalysisCancelled) return { id, ok: false, cancelled: error.stage };
    return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function detail(id: number, { key, of, findings }: { key: string; of: number; findings?: boolean }, cancel?: Int32Array): WorkerResponse {
  const last = notes.get(key)?.last;
  const isCancelled = cancel ? () => Atomics.load(cancel, 0) !== 0 : undefined;
  return { id, ok: true, detail: last?.job === of ? packDetail(detailOf(last.note), isCancelled, findings ? last.note.analysis.findings : undefined) : undefined };
}

