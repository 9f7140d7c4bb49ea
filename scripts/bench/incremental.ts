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
import { TestClient } from '../../test/protocol/lsp-client';

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A one-character edit at a spread of places: line `k * 37` of the note, at its start. */
function editAt(text: string, k: number): string {
  const lines = text.split('\n');
  const at = lines.slice(0, (k * 37) % lines.length).join('\n').length + (k ? 1 : 0);
  return text.slice(0, at) + 'x' + text.slice(at);
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

/** didChange → publishDiagnostics over stdio (debounce 20 ms), the last publication checked against a full analysis. */
export async function protocolLatency(start: string, edits: number): Promise<{ p50: number; p95: number; sameAsFull: boolean; hoverP50: number; hoverMax: number; hoverAfterDiagnostics: number }> {
  const client = new TestClient();
  const uri = 'file:///tmp/evidence-lens-bench/note.md';
  try {
    await client.initialize({});
    await client.open(uri, start);
    await client.waitForDiagnostics(uri, () => true, 60000);
    const latencies: number[] = [];
    let text = start;
    for (let v = 2; v < edits + 2; v++) {
      const lines = text.split('\n').length;
      const line = v % lines;
      const offset = text.split('\n').slice(0, line).join('\n').length + (line ? 1 : 0);
      text = text.slice(0, offset) + 'x' + text.slice(offset);
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

    // Hovers sent while an analysis runs: edit, wait past the debounce so the analysis has begun, hover.
    const hovers: number[] = [];
    let hoverAfterDiagnostics = 0;
    for (let v = edits + 2; v < edits + 12; v++) {
      const published = client.published.get(uri)!.length;
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }],
      });
      await new Promise((r) => setTimeout(r, 25));
      const t0 = performance.now();
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 10 } });
      hovers.push(performance.now() - t0);
      if (client.published.get(uri)!.length > published) hoverAfterDiagnostics++;
      await client.waitForDiagnostics(uri, (p) => p.version === v, 60000);
    }
    return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), sameAsFull, hoverP50: percentile(hovers, 50), hoverMax: Math.max(...hovers), hoverAfterDiagnostics };
  } finally {
    await client.close();
  }
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
