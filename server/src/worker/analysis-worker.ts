/**
 * The analysis worker's entry (bundled as dist/analysis-worker.js). It reads a note's inputs
 * (config, bibliographies, lexicons: parsed files are cached here across jobs) and runs the pure
 * core, off the language server's protocol thread. The parent enforces the time budget by
 * terminating this thread, and cancels a job a newer version has made stale through the job's
 * shared flag (checked between stages and blocks).
 */
import { parentPort } from 'node:worker_threads';
import { analyzeNote, type NoteAnalysis } from '../core/analyze';
import { AnalysisCache } from '../core/incremental';
import { AnalysisCancelled } from '../core/cancel';
import { prepareNoteInputs } from '../workspace/inputs';
import { packDetail, toDetail, toSnapshot } from './snapshot';
import { applyTextEdit, rememberText, type PostedText, type WorkerRequest, type WorkerResponse } from './protocol';

const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    if ('detail' in request) {
      const response = detail(request.id, request.detail, request.cancel);
      // The packed bytes are handed over, not copied.
      port.postMessage(response, 'detail' in response && response.detail ? [response.detail.bytes.buffer as ArrayBuffer] : []);
      return;
    }
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
    void run({ ...request, job }).then((response) => port.postMessage(response));
  });
  port.postMessage({ ready: true } satisfies WorkerResponse);
}

// Each note's blocks (parses and recognitions), so an edit re-analyses only the blocks it touched,
// and its last finished analysis (the job that made it), for `detail` requests.
// The worker does not hear of closed notes: it keeps the most recently analysed few.
interface Kept { cache: AnalysisCache; last?: { job: number; note: NoteAnalysis } }
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
    const inputs = await prepareNoteInputs(job.text, job.notePath, job.config);
    const kept = keptFor(job.key);
    const note = analyzeNote(job.text, { ...inputs.options, cache: kept.cache, isCancelled });
    kept.last = { job: id, note: { ...note, tree: { type: 'root', children: [] } } };
    const ms = performance.now() - t0;
    if (job.findingsOnly) return { id, ok: true, findings: note.analysis.findings, warnings: inputs.warnings, ms };
    return { id, ok: true, snapshot: toSnapshot(note), warnings: inputs.warnings, ms };
  } catch (error) {
    if (error instanceof AnalysisCancelled) return { id, ok: false, cancelled: error.stage };
    return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function detail(id: number, { key, of }: { key: string; of: number }, cancel?: Int32Array): WorkerResponse {
  const last = notes.get(key)?.last;
  const isCancelled = cancel ? () => Atomics.load(cancel, 0) !== 0 : undefined;
  return { id, ok: true, detail: last?.job === of ? packDetail(toDetail(last.note), isCancelled) : undefined };
}
