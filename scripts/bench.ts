// npm run bench: full analysis time against remark-parse+gfm parse time of the same text in the
// same process (a ratio, so machine noise cancels), drug matching share, evidence index scale, and
// didChange → publishDiagnostics latency over the real protocol for a 100 KB note, and loading a
// full-size RxNorm drug lexicon (scripts/bench/lexicon.ts).
import { performance } from 'node:perf_hooks';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { analyzeNote } from '../server/src/core/analyze';
import { createDrugRecognizer } from '../server/src/core/drugs/index';
import { generate } from './bench/note';
import { incrementalLatency, peakMemory, protocolLatency } from './bench/incremental';

// Figures before issue 13 (incremental analysis), measured on the same bench: shown beside today's.
const PREVIOUS = { ratio: { '10 KB': 1.84, '100 KB': 1.5, '1 MB': 1.39 } as Record<string, number>, p50: 275, p95: 389 };

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

async function main(): Promise<void> {
  const parser = unified().use(remarkParse).use(remarkGfm);
  console.log('Evidence Lens benchmark (medians; ratios are against remark-parse+gfm on the same text, same process)\n');
  console.log('size     parse ms   analysis ms   analysis/parse (before)   drug matching ms   drugs % of analysis');
  const analysisMsAt: Record<string, number> = {};
  for (const [label, bytes, runs] of [['10 KB', 10_000, 20], ['100 KB', 100_000, 7], ['1 MB', 1_000_000, 3], ['5 MB', 5_000_000, 1]] as const) {
    const text = generate(bytes);
    const parseMs = time(() => parser.parse(text), runs);
    let note = analyzeNote(text);
    const analysisMs = time(() => { note = analyzeNote(text); }, runs);
    const recognizer = createDrugRecognizer([]);
    const drugMs = time(() => { for (const s of note.context.sentences) recognizer.find(s.prose, s.start); }, runs);
    analysisMsAt[label] = analysisMs;
    const before = PREVIOUS.ratio[label] ? ` (${PREVIOUS.ratio[label].toFixed(2)}x)` : '';
    console.log(`${label.padEnd(8)} ${parseMs.toFixed(1).padStart(8)} ${analysisMs.toFixed(1).padStart(13)} ${`${(analysisMs / parseMs).toFixed(2)}x${before}`.padStart(25)} ${drugMs.toFixed(1).padStart(18)} ${((drugMs / analysisMs) * 100).toFixed(1).padStart(20)}%`);
  }
  console.log(`growth 1 MB → 5 MB: analysis time ×${(analysisMsAt['5 MB'] / analysisMsAt['1 MB']).toFixed(2)} (goal ≤ 5.5)`);
  const memory = peakMemory(1_000_000);
  console.log(`peak memory, 1 MB note (fresh process each, beyond the loaded process): parse ${memory.parseMb} MB, analysis ${memory.analysisMb} MB, ×${memory.ratio.toFixed(2)} (goal ≤ 1.5)`);

  const inc = incrementalLatency(generate(100_000), 40);
  console.log(`\nOne-character edits in a 100 KB note, analysis with the note's block cache (in process, 40 edits): p50 ${inc.p50.toFixed(1)} ms, p95 ${inc.p95.toFixed(1)} ms; ` +
    `identical to a full analysis in ${inc.equal}/${inc.checked}`);

  try {
    const evidenceBench = await import('../server/src/core/evidence/bench');
    if (typeof evidenceBench.benchLibrary === 'function') {
      const result = await evidenceBench.benchLibrary(10_000);
      console.log(`\nEvidence library, 10,000 sources: ${JSON.stringify(result)}`);
    }
  } catch (error) {
    console.log(`\nEvidence library bench unavailable: ${(error as Error).message}`);
  }

  const { benchLexicon } = await import('./bench/lexicon');
  const lexicon = await benchLexicon(1_000_000);
  console.log(`\nUser drug lexicon, generated RXNCONSO.RRF (${lexicon.rows.toLocaleString('en')} rows, ${lexicon.fileMb} MB, ${lexicon.entries.toLocaleString('en')} entries kept): ` +
    `read ${lexicon.readMs} ms, first diagnostics ${lexicon.firstDiagnosticsMs} ms, re-analysis ${lexicon.reanalysisMs} ms (parsed lexicon and recogniser reused), ` +
    `heap +${lexicon.heapMb} MB, RSS ${lexicon.rssMb} MB`);

  const latency = await protocolLatency(generate(100_000), 30);
  console.log(`\ndidChange → publishDiagnostics over stdio, 100 KB note, 30 edits, debounce 20 ms: p50 ${latency.p50.toFixed(0)} ms (before ${PREVIOUS.p50}), p95 ${latency.p95.toFixed(0)} ms (before ${PREVIOUS.p95}); ` +
    `debounce excluded: p50 ${(latency.p50 - 20).toFixed(0)} ms, p95 ${(latency.p95 - 20).toFixed(0)} ms (goal 20 / 50); last publication equals a full analysis: ${latency.sameAsFull ? 'yes' : 'NO'}`);
  console.log(`hover sent 25 ms after an edit (analysis running), 10 hovers: p50 ${latency.hoverP50.toFixed(0)} ms, max ${latency.hoverMax.toFixed(0)} ms; answered after that edit's diagnostics: ${latency.hoverAfterDiagnostics}/10`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
