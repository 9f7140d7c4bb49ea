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
import { TAGGER } from '../server/src/core/claims/index';
import { clearTagCache, tagWords } from '../server/src/core/claims/tagger';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../test/protocol/lsp-client';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { prepareNoteInputs } from '../server/src/workspace/inputs';
import { syntheticLibrary } from '../server/src/core/evidence/bench';
import type { Source } from '../server/src/core/types';

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

// Single-line notes of one repeated fragment (no sentence break): analysis time must grow linearly.
const FRAGMENTS = [
  'proves ', '[^1] ', '[1] ', '[@k] ', 'HR 0.72 (95% CI 0.61–0.89; p = 0.002) ', '([{', 'ARR 5%, NNT 12 ',
  'χ²(1) = 3.9, p = .048 ', '17 of 24 (71%) ', 'Natalizumab (Tysabri) ', '**a** _b_ ', '> - ', 'doi:10.1212/x ', 'et al. ',
];

function fragmentNote(fragment: string, bytes: number): string {
  return fragment.repeat(Math.ceil(bytes / fragment.length)).slice(0, bytes);
}

/** Times one fragment at 10 KB, 100 KB and 1 MB (medians of 3, 2 and 1 runs) in this process. */
function timeFragment(fragment: string): number[] {
  analyzeNote(fragmentNote(FRAGMENTS.join(''), 20_000)); // warm-up
  return ([[10_000, 3], [100_000, 2], [1_000_000, 1]] as const).map(([bytes, runs]) => {
    const text = fragmentNote(fragment, bytes);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      analyzeNote(text);
      samples.push(performance.now() - t0);
    }
    return median(samples);
  });
}

/** Each fragment in a fresh process, so caches and garbage left by the others do not skew its ratio. */
function fragmentBench(): void {
  console.log('\nSingle-line notes of a repeated fragment (ms; 1 MB must be within 10× of 100 KB, 100 KB within 2 s)');
  console.log(`${'fragment'.padEnd(42)} ${'10 KB'.padStart(8)} ${'100 KB'.padStart(8)} ${'1 MB'.padStart(9)}   1 MB/100 KB   verdict`);
  for (const fragment of FRAGMENTS) {
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--fragment', JSON.stringify(fragment)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const ms = JSON.parse(child.stdout.trim().split('\n').pop() ?? '[]') as number[];
    const ratio = ms[2] / ms[1];
    const ok = ratio <= 10 && ms[1] <= 2000;
    console.log(`${JSON.stringify(fragment).padEnd(42)} ${ms[0].toFixed(0).padStart(8)} ${ms[1].toFixed(0).padStart(8)} ${ms[2].toFixed(0).padStart(9)}   ${ratio.toFixed(1).padStart(10)}×   ${ok ? 'ok' : 'TOO SLOW'}`);
  }
}

/** A BibTeX entry as reference managers export it (Zotero style), from a synthetic source. */
function bibtexEntry(s: Source, i: number): string {
  return `@article{${s.id},\n  title = {{${s.title}}},\n  author = {Author${i}, Anna and Müller, Jörg and van der Berg, Piet},\n  journal = {Journal of Clinical Neurology},\n  year = {${s.year}},\n  volume = {${i % 90}},\n  pages = {${i}--${i + 9}},\n  doi = {10.1000/el.${i}},\n  abstract = {${s.text.replace(/%/g, '\\%')}},\n}\n`;
}

function cslItem(s: Source, i: number): object {
  return { id: s.id, type: 'article-journal', title: s.title, author: [{ family: `Author${i}`, given: 'Anna' }, { family: 'Müller', given: 'Jörg' }], 'container-title': 'Journal of Clinical Neurology', issued: { 'date-parts': [[s.year]] }, DOI: `10.1000/el.${i}`, abstract: s.text };
}

/** First diagnostics (load + parse + index + analysis) and re-analysis for a note citing a 10,000-entry library. */
async function libraryBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-bench-'));
  try {
    const library = syntheticLibrary(10_000);
    writeFileSync(path.join(dir, 'library.bib'), library.map(bibtexEntry).join('\n'));
    writeFileSync(path.join(dir, 'library.json'), JSON.stringify(library.map(cslItem), null, 1));
    console.log('\nLibrary of 10,000 generated entries (note cites one, has an uncited claim; first = read + parse + index + analyse)');
    for (const file of ['library.bib', 'library.json']) {
      const note = `---\nbibliography: ${file}\n---\n\nNatalizumab reduced disability progression in progressive multiple sclerosis [@src5]. Dapagliflozin lowers HbA1c in type 2 diabetes.\n`;
      const notePath = path.join(dir, `note-${file}.md`);
      const heap0 = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const inputs = await prepareNoteInputs(note, notePath, {});
      const t1 = performance.now();
      analyzeNote(note, inputs.options);
      const first = performance.now() - t0;
      const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
      const t2 = performance.now();
      const again = await prepareNoteInputs(`${note}More.\n`, notePath, {});
      analyzeNote(`${note}More.\n`, again.options);
      const re = performance.now() - t2;
      console.log(`${file.padEnd(14)} sources ${inputs.options.sources?.length}  first diagnostics ${first.toFixed(0)} ms (load+parse ${(t1 - t0).toFixed(0)} ms) ${first <= 2000 ? 'ok' : 'OVER 2 s'}  re-analysis ${re.toFixed(0)} ms  heap +${heapMb.toFixed(0)} MB  rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--fragment');
  if (only >= 0) {
    console.log(JSON.stringify(timeFragment(JSON.parse(process.argv[only + 1]) as string)));
    return;
  }
  if (process.argv.includes('--hostile')) {
    await libraryBench();
    if (!process.argv.includes('--libraries')) fragmentBench();
    return;
  }
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

  const { benchLexicon } = await import('./bench/lexicon');
  const lexicon = await benchLexicon(1_000_000);
  console.log(`\nUser drug lexicon, generated RXNCONSO.RRF (${lexicon.rows.toLocaleString('en')} rows, ${lexicon.fileMb} MB, ${lexicon.entries.toLocaleString('en')} entries kept): ` +
    `read ${lexicon.readMs} ms, first diagnostics ${lexicon.firstDiagnosticsMs} ms, re-analysis ${lexicon.reanalysisMs} ms (parsed lexicon and recogniser reused), ` +
    `heap +${lexicon.heapMb} MB, RSS ${lexicon.rssMb} MB`);

  const latency = await protocolLatency(generate(100_000), 30);
  console.log(`\ndidChange → publishDiagnostics over stdio, 100 KB note, 30 edits, debounce 20 ms: p50 ${latency.p50.toFixed(0)} ms, p95 ${latency.p95.toFixed(0)} ms`);

  await libraryBench();
  fragmentBench();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
