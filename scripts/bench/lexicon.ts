// Loading a full-size user drug lexicon: a generated RxNorm RXNCONSO.RRF of the real format
// (18 pipe-separated columns, every source vocabulary, about a million rows) is written to a
// temporary folder, then a child process (so its memory is its own) prepares a note's inputs with
// it, as the CLI and the server do, and analyses the note twice: time to the first diagnostics,
// time of a re-analysis (the parsed lexicon and recogniser reused), and memory.
//   node --import tsx scripts/bench/lexicon.ts            (runs the measurement)
//   node --import tsx scripts/bench/lexicon.ts --child F  (the child)
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const SOURCES = ['RXNORM', 'MTHSPL', 'VANDF', 'MMSL', 'GS', 'DRUGBANK', 'NDDF', 'SNOMEDCT_US', 'ATC', 'USP'];
const SYLLABLES = ['zor', 'ba', 'li', 'qui', 'nta', 'flo', 'xan', 'me', 'tra', 'vo', 'ce', 'pro', 'dex', 'ni', 'lu', 'mab', 'tin', 'pril', 'sar', 'tan'];
const FORMS = ['Oral Tablet', 'Injection', 'Oral Capsule', 'Topical Cream', 'Extended Release Oral Tablet'];

function word(i: number, salt: number): string {
  let s = '';
  let n = i * 7919 + salt;
  for (let k = 0; k < 3 + (i % 3); k++) { s += SYLLABLES[n % SYLLABLES.length]; n = Math.floor(n / SYLLABLES.length) + k * 31; }
  return s + (i % 97);
}

/** Writes about `rows` RXNCONSO rows; about a fifth are RXNORM English terms the importer keeps. */
export async function writeConso(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const ingredient = word(Math.floor(i / 10), 1);
    const sab = SOURCES[i % SOURCES.length];
    const ttyCycle = ['IN', 'PIN', 'BN', 'SBD', 'SCD', 'SY', 'TMSY', 'DF', 'SCDC', 'PSN'];
    const tty = ttyCycle[Math.floor(i / SOURCES.length) % ttyCycle.length];
    let str: string;
    switch (tty) {
      case 'IN': str = ingredient; break;
      case 'PIN': str = `${ingredient} hydrochloride`; break;
      case 'BN': str = word(Math.floor(i / 10), 2).replace(/^./, (c) => c.toUpperCase()); break;
      case 'SBD': str = `${ingredient} ${(i % 50) * 10 + 5} MG ${FORMS[i % FORMS.length]} [${word(Math.floor(i / 10), 2).replace(/^./, (c) => c.toUpperCase())}]`; break;
      default: str = `${ingredient} ${(i % 40) + 1} MG/ML ${FORMS[i % FORMS.length]}`;
    }
    chunk += `${1_000_000 + i}|ENG||||||${9_000_000 + i}|||${i % 3 === 0 ? String(i) : ''}|${sab}|${tty}|${2_000_000 + i}|${str}||N|4096|\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const NOTE = [
  '# Notes',
  '',
  'In the trial, natalizumab (Tysabri) reduced relapses by 68% (95% CI 52–78, p < 0.001) [@polman2006].',
  'Patients on zorbalizumab and dexnitran had fewer admissions; 17 of 24 (71%) completed follow-up.',
  '',
].join('\n').repeat(40);

async function child(file: string): Promise<void> {
  const { prepareNoteInputs } = await import('../../server/src/workspace/inputs');
  const { analyzeNote } = await import('../../server/src/core/analyze');
  const before = process.memoryUsage();
  const t0 = performance.now();
  const inputs = await prepareNoteInputs(NOTE, path.join(path.dirname(file), 'note.md'), { drugLexicons: [file], allowedSourcePaths: [path.dirname(file)] } as never);
  const t1 = performance.now();
  const first = analyzeNote(NOTE, inputs.options);
  const t2 = performance.now();
  const again = await prepareNoteInputs(NOTE, path.join(path.dirname(file), 'note.md'), { drugLexicons: [file], allowedSourcePaths: [path.dirname(file)] } as never);
  analyzeNote(NOTE, again.options);
  const t3 = performance.now();
  const after = process.memoryUsage();
  console.log(JSON.stringify({
    entries: inputs.options.settings?.drugs?.length ?? 0,
    warnings: inputs.warnings,
    drugsFound: first.analysis.drugs.length,
    readMs: Math.round(t1 - t0),
    firstDiagnosticsMs: Math.round(t2 - t0),
    reanalysisMs: Math.round(t3 - t2),
    heapMb: Math.round((after.heapUsed - before.heapUsed) / 2 ** 20),
    rssMb: Math.round(after.rss / 2 ** 20),
  }));
}

export interface LexiconBench { rows: number; fileMb: number; entries: number; readMs: number; firstDiagnosticsMs: number; reanalysisMs: number; heapMb: number; rssMb: number }

export async function benchLexicon(rows = 1_000_000): Promise<LexiconBench> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-bench-lexicon-'));
  try {
    const file = path.join(dir, 'RXNCONSO.RRF');
    await writeConso(file, rows);
    const fileMb = statSync(file).size / 2 ** 20;
    const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) throw new Error(`lexicon child failed: ${run.stderr.slice(-500)}`);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
    if (result.warnings.length) throw new Error(`lexicon not loaded: ${result.warnings.join('; ')}`);
    return { rows, fileMb: Math.round(fileMb), ...result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3]).catch((error) => { console.error(error); process.exitCode = 1; });
} else if (require.main === module) {
  benchLexicon().then((r) => console.log(JSON.stringify(r)), (error) => { console.error(error); process.exitCode = 1; });
}
