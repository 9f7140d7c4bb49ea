/**
 * The analysis worker's entry (bundled as dist/analysis-worker.js). It reads a note's inputs
 * (config, bibliographies, lexicons: parsed files are cached here across jobs) and runs the pure
 * core, off the language server's protocol thread. The parent enforces the time budget by
 * terminating this thread.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeNote } from '../core/analyze';
import { AnalysisCache } from '../core/incremental';
import { prepareNoteInputs } from '../workspace/inputs';
import { toSnapshot } from './snapshot';
import type { WorkerRequest, WorkerResponse } from './protocol';

const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    void run(request).then((response) => port.postMessage(response));
  });
  port.postMessage({ ready: true } satisfies WorkerResponse);
}

// Each note's blocks (parses and recognitions), so an edit re-analyses only the blocks it touched.
// The worker does not hear of closed notes: it keeps the most recently analysed few.
const caches = new Map<string, AnalysisCache>();
const KEPT_NOTES = 8;

function cacheFor(key: string): AnalysisCache {
  let cache = caches.get(key);
  if (cache) caches.delete(key);
  else cache = new AnalysisCache();
  caches.set(key, cache);
  for (const old of caches.keys()) {
    if (caches.size <= KEPT_NOTES) break;
    caches.delete(old);
  }
  return cache;
}

async function run({ id, job }: WorkerRequest): Promise<WorkerResponse> {
  const t0 = performance.now();
  try {
    const inputs = await prepareNoteInputs(job.text, job.notePath, job.config);
    const note = analyzeNote(job.text, { ...inputs.options, cache: cacheFor(job.key) });
    return { id, ok: true, snapshot: toSnapshot(note), warnings: inputs.warnings, ms: performance.now() - t0 };
  } catch (error) {
    return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
