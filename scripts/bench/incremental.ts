// Issue 13 figures: typing in a long note (incremental analysis in process and over the protocol,
// checked against a full analysis), growth to 5 MB, peak memory against parsing alone, and hover
// latency while an analysis runs. Used by scripts/bench.ts.
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { analyzeNote } from '../../server/src/core/analyze';
import { AnalysisCache } from '../../server/src/core/incremental';
import { DidChangeTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { TestClient, root } from '../../test/protocol/lsp-client';
import { AnalysisWorker } from '../../server/src/worker/client';
import { findingToDiagnostic } from '../../server/src/lsp/convert';

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

/**
 * didChange → publishDiagnostics over stdio (debounce 20 ms), the last publication checked against a
 * full analysis; then hovers on a drug name sent while an analysis runs (25 ms after an edit
 * elsewhere): their latency, how many were answered only after that edit's diagnostics, and how
 * many had content (a hover answered from the last analysis is not empty).
 */
export async function protocolLatency(start: string, edits: number): Promise<{ p50: number; p95: number; sameAsFull: boolean; hoverP50: number; hoverMax: number; hoverAfterDiagnostics: number; hovers: number; hoversWithContent: number }> {
  const client = new TestClient();
  const uri = 'file:///tmp/evidence-lens-bench/note.md';
  try {
    await client.initialize({});
    await client.open(uri, start);
    await client.waitForDiagnostics(uri, () => true, 60000);
    const latencies: number[] = [];
    let text = start;
    for (let v = 2; v < edits + 2; v++) {
      // The same spread of places as the in-process edits above. (Edits at lines 2, 3, 4… broke
      // the bench note's front matter at the first edit, which makes the whole note one block.)
      const edit = editLine(text, v - 1);
      const line = edit.line;
      text = edit.text;
      const t0 = performance.now();
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }],
      });
      await client.waitForDiagnostics(uri, (p) => p.version === v, 60000);
      latencies.push(performance.now() - t0);
    }
    const last = client.published.get(uri)!.at(-1)!;
    const full = analyzeNote(text, { wholeParse: true }).analysis.findings;
    const sameAsFull = last.diagnostics.length === full.length && last.diagnostics.every((d, i) => d.message === full[i].message && d.range.start.line === full[i].line && d.range.start.character === full[i].character);

    // Hovers sent while an analysis runs: edit, wait past the debounce so the analysis has begun, hover
    // on a drug name further down (the edits are on line 3).
    const lines = text.split('\n');
    const drugLine = lines.findIndex((l, i) => i > 3 && /natalizumab/i.test(l));
    const position = { line: drugLine, character: lines[drugLine].search(/natalizumab/i) + 3 };
    const hovers: number[] = [];
    let hoverAfterDiagnostics = 0;
    let hoversWithContent = 0;
    for (let v = edits + 2; v < edits + 12; v++) {
      const published = client.published.get(uri)!.length;
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }],
      });
      await new Promise((r) => setTimeout(r, 25));
      const t0 = performance.now();
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      hovers.push(performance.now() - t0);
      if (hover) hoversWithContent++;
      if (client.published.get(uri)!.length > published) hoverAfterDiagnostics++;
      await client.waitForDiagnostics(uri, (p) => p.version === v, 60000);
    }
    return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), sameAsFull, hoverP50: percentile(hovers, 50), hoverMax: Math.max(...hovers), hoverAfterDiagnostics, hovers: hovers.length, hoversWithContent };
  } finally {
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

/** Peak RSS and heap of parsing alone and of a full analysis, each in a fresh process (same modules loaded). */
export function peakMemory(bytes: number): { parseMb: number; analysisMb: number; ratio: number } {
  const run = (mode: string): number => {
    const result = spawnSync(process.execPath, ['--conditions=import', '--import', 'tsx', path.join(__dirname, 'memory-child.ts'), mode, String(bytes)], { encoding: 'utf8' });
    const m = /peakMb=([\d.]+)/.exec(result.stdout);
    if (!m) throw new Error(`memory child failed: ${result.stderr}`);
    return Number(m[1]);
  };
  const parseMb = run('parse');
  const analysisMb = run('analysis');
  return { parseMb, analysisMb, ratio: analysisMb / parseMb };
}
