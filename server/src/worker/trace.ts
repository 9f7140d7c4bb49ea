/**
 * Timestamps along an edit's way from didChange to publishDiagnostics, for the bench's breakdown
 * of that latency (scripts/bench/incremental.ts). Off unless the environment sets
 * EVIDENCE_LENS_TRACE: then each mark is a line `evidence-lens-trace <mark> <time>` on stderr
 * (never stdout, the protocol's channel), and each garbage collection of the thread a line
 * `evidence-lens-trace gc:<thread>:<kind> <time> <duration>`. Times are in milliseconds since
 * the epoch (`performance.timeOrigin + performance.now()`), comparable across the server's
 * threads and the client's process.
 */
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';

/** True when marks are written. */
export const tracing = Boolean(process.env.EVIDENCE_LENS_TRACE);

/** The prefix of a trace line. */
export const TRACE_PREFIX = 'evidence-lens-trace';

const now = (): number => performance.timeOrigin + performance.now();

/** Writes `mark` (no spaces) with the time now, when tracing. */
export function trace(mark: string): void {
  if (tracing) process.stderr.write(`${TRACE_PREFIX} ${mark} ${now().toFixed(2)}\n`);
}

/** When tracing, writes every garbage collection of this thread (`thread` names it: no spaces). */
export function traceGc(thread: string): void {
  if (!tracing) return;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
      process.stderr.write(`${TRACE_PREFIX} gc:${thread}:${GC_KINDS[entry.detail?.kind ?? 0] ?? 'other'} ${(performance.timeOrigin + entry.startTime).toFixed(2)} ${entry.duration.toFixed(2)}\n`);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** perf_hooks' GC kinds (NODE_PERFORMANCE_GC_*). */
const GC_KINDS: Record<number, string> = { 1: 'minor', 4: 'major', 8: 'incremental', 16: 'weakcb' };

/** One parsed trace line: a mark, or a collection (`gc:<thread>:<kind>` with its duration). */
export interface TraceLine { mark: string; time: number; duration?: number }

/** The trace lines in `text` (a process's stderr), in order of time. */
export function parseTrace(text: string): TraceLine[] {
  const lines: TraceLine[] = [];
  for (const line of text.split('\n')) {
    const [prefix, mark, time, duration] = line.trim().split(' ');
    if (prefix !== TRACE_PREFIX || !mark || !Number.isFinite(Number(time))) continue;
    lines.push({ mark, time: Number(time), ...(duration === undefined ? {} : { duration: Number(duration) }) });
  }
  return lines.sort((a, b) => a.time - b.time);
}
