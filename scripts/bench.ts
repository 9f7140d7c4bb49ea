// npm run bench: full analysis time against remark-parse+gfm parse time of the same text in the
// same process (a ratio, so machine noise cancels), drug matching share, evidence index scale, and
// didChange → publishDiagnostics latency over the real protocol for a 100 KB note.
import { performance } from 'node:perf_hooks';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { analyzeNote } from '../server/src/core/analyze';
import { createDrugRecognizer } from '../server/src/core/drugs/index';
import { TAGGER } from '../server/src/core/claims/index';
import { clearTagCache, tagWords } from '../server/src/core/claims/tagger';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../test/protocol/lsp-client';

const PARAGRAPHS = [
  '## Week {i} notes on natalizumab in progressive MS\n',
  'In this open-label phase 2A study, natalizumab (Tysabri) reduced CSF osteopontin by 65 ng/mL (95% CI 34–96, p = 0.0004) over 60 weeks [@romme2014]. It clearly flat-lines disability progression and proves that progressive MS is inflammatory.\n',
  'Alemtuzumab, rituximab and ocrelizumab may also lower neurofilament light levels, although 17 of 24 patients (71%) completed follow-up. The hazard ratio was 0.74 (95% CI 0.65 to 0.85; p < 0.001), t(16) = 4.11, p = .001.\n',
  '- Dapagliflozin reduced hospitalisation for heart failure (HR 0.70, 95% CI 0.59–0.83) [@mcmurray2019].\n- Empagliflozin is associated with lower cardiovascular death; see `code` and https://example.org/x.\n',
  '> RESULTS: Mean MTR increased in cortical grey matter (difference 0.9 pu, 95% CI 0.3 to 1.5; p = 0.006). Is this a game changer? We think so, e.g. for Dr. Smith et al. (Fig. 2).\n',
  '| Drug | Effect |\n|---|---|\n| siponimod | slowed progression |\n| fingolimod (Gilenya) | fewer relapses, χ²(1) = 3.9, p = .048 |\n',
];

function generate(bytes: number): string {
  let text = '---\ntitle: Benchmark note\n---\n\n';
  for (let i = 0; text.length < bytes; i++) text += `${PARAGRAPHS[i % PARAGRAPHS.length].replace('{i}', String(i))}\n`;
  return text.slice(0, bytes);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn: () => void, runs: number): number {
  fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function protocolLatency(text: string, edits: number): Promise<{ p50: number; p95: number }> {
  const client = new TestClient();
  const uri = 'file:///tmp/evidence-lens-bench/note.md';
  try {
    await client.initialize({});
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, () => true, 60000);
    const latencies: number[] = [];
    const lines = text.split('\n').length;
    for (let v = 2; v < edits + 2; v++) {
      const t0 = performance.now();
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: v % lines, character: 0 }, end: { line: v % lines, character: 0 } }, text: 'x' }],
      });
      await client.waitForDiagnostics(uri, (p) => p.version === v, 60000);
      latencies.push(performance.now() - t0);
    }
    return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const parser = unified().use(remarkParse).use(remarkGfm);
  console.log('Evidence Lens benchmark (medians; ratios are against remark-parse+gfm on the same text, same process)\n');
  console.log('size     parse ms   analysis ms   analysis/parse   drug matching ms   drugs % of analysis');
  for (const [label, bytes, runs] of [['10 KB', 10_000, 20], ['100 KB', 100_000, 7], ['1 MB', 1_000_000, 3]] as const) {
    const text = generate(bytes);
    const parseMs = time(() => parser.parse(text), runs);
    let note = analyzeNote(text);
    const analysisMs = time(() => { note = analyzeNote(text); }, runs);
    const recognizer = createDrugRecognizer([]);
    const drugMs = time(() => { for (const s of note.context.sentences) recognizer.find(s.prose, s.start); }, runs);
    console.log(`${label.padEnd(8)} ${parseMs.toFixed(1).padStart(8)} ${analysisMs.toFixed(1).padStart(13)} ${(analysisMs / parseMs).toFixed(2).padStart(16)}x ${drugMs.toFixed(1).padStart(18)} ${((drugMs / analysisMs) * 100).toFixed(1).padStart(20)}%`);
  }

  // The part-of-speech tagger's cost per note: tagging every sentence with an empty cache (an upper
  // bound; the profiler tags only sentences with a past or -ing relation word, once per text), and
  // a whole cold analysis with and without the tagger.
  console.log('\nsize     tag every sentence ms   tag/parse   cold analysis ms (tagger / none)   ratio');
  for (const [label, bytes, runs] of [['10 KB', 10_000, 10], ['100 KB', 100_000, 5]] as const) {
    const text = generate(bytes);
    const parseMs = time(() => parser.parse(text), runs);
    const sentences = analyzeNote(text).context.sentences;
    const tagMs = time(() => { for (const s of sentences) { clearTagCache(); tagWords(s.prose); } }, runs);
    const cold = (enabled: boolean) => time(() => { TAGGER.enabled = enabled; clearTagCache(); analyzeNote(text); }, runs);
    const withTagger = cold(true);
    const without = cold(false);
    TAGGER.enabled = true;
    console.log(`${label.padEnd(8)} ${tagMs.toFixed(1).padStart(21)} ${(tagMs / parseMs).toFixed(2).padStart(10)}x ${`${withTagger.toFixed(1)} / ${without.toFixed(1)}`.padStart(34)} ${(withTagger / without).toFixed(2).padStart(7)}x`);
  }

  try {
    const evidenceBench = await import('../server/src/core/evidence/bench');
    if (typeof evidenceBench.benchLibrary === 'function') {
      const result = await evidenceBench.benchLibrary(10_000);
      console.log(`\nEvidence library, 10,000 sources: ${JSON.stringify(result)}`);
    }
  } catch (error) {
    console.log(`\nEvidence library bench unavailable: ${(error as Error).message}`);
  }

  const latency = await protocolLatency(generate(100_000), 30);
  console.log(`\ndidChange → publishDiagnostics over stdio, 100 KB note, 30 edits, debounce 20 ms: p50 ${latency.p50.toFixed(0)} ms, p95 ${latency.p95.toFixed(0)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
