/**
 * Scores whole real notes against an editor's gold standard (the realworld corpus format):
 * a folder of `NN-name.md` documents, optional sibling `.bib` files with the same stem (passed as
 * the bibliography, as `--bib` would), and `gold.jsonl` ({file, lines, snippet, rules, kind, why,
 * either?}). Each note is analysed by the CLI's own check path (config, front matter, bibliography
 * loading identical to `evidence-lens check`).
 *
 * Convention: findings of severity error/warning/information count (hints do not). A gold item's
 * region is the sentence(s) holding its snippet within its lines; sentences end at . ! ? followed
 * by a space and a capital, digit, quote or bracket, at a blank line, and before a list item,
 * heading, quote or table line. A finding is a true positive when its start lies in a scored item's
 * region (or its range crosses the region's start) and its rule is one of the item's rules; any
 * other finding in an `either` item's region with a listed rule (or any rule if none listed) is
 * ignored: debatable passages neither reward nor penalise (this reproduces the corpus README's
 * baseline, 24 of 583).
 *
 *   npm run eval -- realworld DIR [--strictness=strict|balanced|quiet] [--careful=01,07,08,14] [--quiet] [--show-true] [--no-tagger]
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile, parseArgs } from '../../server/src/cli/main';
import type { Finding } from '../../server/src/core/types';
import { TAGGER } from '../../server/src/core/claims/index';

interface Gold {
  file: string;
  lines: [number, number];
  snippet: string;
  rules: string[];
  kind: string;
  why: string;
  either?: boolean;
}

interface Region { start: number; end: number; gold: Gold }

const BLOCK_LINE = /^\s{0,3}(?:[-*+]\s|\d{1,9}[.)]\s|#{1,6}(?:\s|$)|>|\|)/;

/** Sentence boundaries of a document by the corpus's rule: offsets where a new sentence starts. */
export function sentenceStarts(text: string): number[] {
  const starts = new Set<number>([0]);
  const sentenceEnd = /[.!?]["'”’)\]]*\s+(?=[A-Z0-9"'“‘(\[])/g;
  for (let m = sentenceEnd.exec(text); m; m = sentenceEnd.exec(text)) starts.add(m.index + m[0].length);
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (i > 0 && (lines[i - 1].trim() === '' || line.trim() === '' || BLOCK_LINE.test(line))) starts.add(offset);
    offset += line.length + 1;
  }
  return [...starts].sort((a, b) => a - b);
}

function lineOffsets(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') out.push(i + 1);
  return out;
}

/** The region [start, end) of a gold item, or undefined when its snippet is not within its lines. */
export function regionOf(text: string, starts: number[], gold: Gold): Region | undefined {
  const lo = lineOffsets(text);
  const from = lo[gold.lines[0] - 1];
  const to = gold.lines[1] < lo.length ? lo[gold.lines[1]] : text.length;
  if (from === undefined) return undefined;
  const at = text.slice(from, to).indexOf(gold.snippet);
  if (at < 0) return undefined;
  const s = from + at;
  const e = s + gold.snippet.length;
  let start = 0;
  let end = text.length;
  for (const b of starts) {
    if (b <= s) start = b;
    if (b >= e) { end = b; break; }
  }
  return { start, end, gold };
}

/** Words of prose: front matter and fenced code are left out. */
export function proseWords(text: string): number {
  const lines = text.split('\n');
  let i = 0;
  if (/^(---|\+\+\+)\s*$/.test(lines[0] ?? '')) {
    const fence = lines[0].trim();
    for (i = 1; i < lines.length && lines[i].trim() !== fence && !(fence === '---' && lines[i].trim() === '...'); i++);
    i++;
  }
  let words = 0;
  let code: string | undefined;
  for (; i < lines.length; i++) {
    const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(lines[i]);
    if (fence) {
      if (!code) code = fence[1][0];
      else if (fence[1][0] === code) code = undefined;
      continue;
    }
    if (code) continue;
    words += lines[i].split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
  }
  return words;
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
const counted = (f: Finding) => f.severity !== 'hint';

interface Tally { n: number; tp: number; ignored: number }
const tally = (): Tally => ({ n: 0, tp: 0, ignored: 0 });
const precisionOf = (t: Tally) => (t.n - t.ignored ? t.tp / (t.n - t.ignored) : NaN);

export async function run(args: string[]): Promise<void> {
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) throw new Error('usage: eval realworld DIR [--strictness=S] [--careful=01,07] [--quiet]');
  const carefulArg = args.find((a) => a.startsWith('--careful='));
  const careful = (carefulArg ? carefulArg.split('=')[1] : '01,07,08,14').split(',').filter(Boolean);
  const quiet = args.includes('--quiet');
  if (args.includes('--no-tagger')) TAGGER.enabled = false;
  const passThrough: string[] = [];
  for (const a of args) {
    const m = /^--strictness=(.+)$/.exec(a);
    if (m) passThrough.push('--strictness', m[1]);
  }
  const goldFile = path.join(dir, 'gold.jsonl');
  const golds: Gold[] = existsSync(goldFile)
    ? readFileSync(goldFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Gold)
    : [];
  const docs = readdirSync(dir).filter((f) => /\.(md|markdown)$/i.test(f) && !/^(README|SOURCES)\.md$/i.test(f)).sort();

  const byRule = new Map<string, Tally>();
  const all = tally();
  const fps: string[] = [];
  const tps: string[] = [];
  const hit = new Set<Gold>();
  const docRows: { file: string; words: number; t: Tally; scored: number; found: number }[] = [];
  let totalWords = 0;
  const t0 = Date.now();
  for (const file of docs) {
    const full = path.join(dir, file);
    const text = readFileSync(full, 'utf8');
    const stem = full.replace(/\.[^.]+$/, '');
    const bib = existsSync(`${stem}.bib`) ? ['--bib', `${stem}.bib`] : [];
    const options = parseArgs(['check', ...bib, ...passThrough, full]);
    const { analysis } = await analyzeFile(full, options);
    const starts = sentenceStarts(text);
    const regions: Region[] = [];
    for (const g of golds.filter((x) => x.file === file)) {
      const r = regionOf(text, starts, g);
      if (r) regions.push(r);
      else console.error(`realworld: snippet not found in ${file}:${g.lines[0]}: ${g.snippet}`);
    }
    const inRegion = (f: Finding, r: Region) => (f.start >= r.start && f.start < r.end) || (f.start < r.start && f.end > r.start);
    const words = proseWords(text);
    totalWords += words;
    const doc = tally();
    const lineStarts = lineOffsets(text);
    const lineOf = (offset: number) => {
      let line = 0;
      while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
      return line + 1;
    };
    for (const f of analysis.findings.filter(counted)) {
      const rule = byRule.get(f.ruleId) ?? tally();
      byRule.set(f.ruleId, rule);
      const tpRegions = regions.filter((r) => !r.gold.either && inRegion(f, r) && r.gold.rules.includes(f.ruleId));
      for (const t of [rule, all, doc]) t.n++;
      if (tpRegions.length) {
        for (const t of [rule, all, doc]) t.tp++;
        if (args.includes('--show-true')) tps.push(`${file}:${lineOf(f.start)} ${f.ruleId} "${text.slice(f.start, Math.min(f.end, f.start + 90)).replace(/\s+/g, ' ')}"`);
        for (const r of tpRegions) hit.add(r.gold);
        continue;
      }
      const ignored = regions.some((r) => r.gold.either && inRegion(f, r) && (r.gold.rules.length === 0 || r.gold.rules.includes(f.ruleId)));
      if (ignored) {
        for (const t of [rule, all, doc]) t.ignored++;
        continue;
      }
      const snippet = text.slice(f.start, Math.min(f.end, f.start + 90)).replace(/\s+/g, ' ');
      fps.push(`${file}:${lineOf(f.start)} ${f.ruleId} "${snippet}"`);
    }
    const scored = golds.filter((g) => g.file === file && !g.either);
    docRows.push({ file, words, t: doc, scored: scored.length, found: scored.filter((g) => hit.has(g)).length });
  }

  const scored = golds.filter((g) => !g.either && docs.includes(g.file));
  console.log(`realworld: ${docs.length} documents, ${totalWords} prose words, ${scored.length} scored gold items (${golds.length - scored.length} either), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`overall: precision ${f2(precisionOf(all))} (${all.tp} of ${all.n - all.ignored}; ${all.ignored} ignored)  recall ${f2(hit.size / Math.max(1, scored.length))} (${hit.size} of ${scored.length})  findings/1000 words ${f2((1000 * all.n) / Math.max(1, totalWords))} (${all.n})`);
  const carefulRows = docRows.filter((d) => careful.some((c) => d.file.startsWith(c)));
  const cw = carefulRows.reduce((s, d) => s + d.words, 0);
  const cn = carefulRows.reduce((s, d) => s + d.t.n, 0);
  console.log(`careful documents (${careful.join(', ')}): ${cn} findings in ${cw} words = ${f2((1000 * cn) / Math.max(1, cw))} per 1000 words`);

  console.log('\nby rule:            findings   true  ignored  false  precision');
  for (const [id, t] of [...byRule].sort((a, b) => b[1].n - a[1].n)) {
    console.log(`  ${id.padEnd(30)} ${String(t.n).padStart(5)} ${String(t.tp).padStart(6)} ${String(t.ignored).padStart(8)} ${String(t.n - t.tp - t.ignored).padStart(6)}  ${f2(precisionOf(t))}`);
  }
  console.log('\nby kind (recall):   scored  found  recall');
  const kinds = [...new Set(scored.map((g) => g.kind))].sort();
  for (const k of kinds) {
    const items = scored.filter((g) => g.kind === k);
    const found = items.filter((g) => hit.has(g)).length;
    console.log(`  ${k.padEnd(18)} ${String(items.length).padStart(6)} ${String(found).padStart(6)}  ${f2(found / items.length)}`);
  }
  console.log('\nby document:                          words  findings  true  ignored  false  per1000  recall');
  for (const d of docRows) {
    console.log(`  ${d.file.padEnd(36)} ${String(d.words).padStart(6)} ${String(d.t.n).padStart(8)} ${String(d.t.tp).padStart(5)} ${String(d.t.ignored).padStart(8)} ${String(d.t.n - d.t.tp - d.t.ignored).padStart(6)} ${f2((1000 * d.t.n) / Math.max(1, d.words)).padStart(8)}  ${d.scored ? `${d.found}/${d.scored}` : '-'}`);
  }
  if (tps.length) {
    console.log(`\ntrue positives (${tps.length}):`);
    for (const line of tps) console.log(`  ${line}`);
  }
  if (!quiet) {
    console.log(`\nfalse positives (${fps.length}):`);
    for (const line of fps) console.log(`  ${line}`);
    const missed = scored.filter((g) => !hit.has(g));
    console.log(`\nmissed scored items (${missed.length}):`);
    for (const g of missed) console.log(`  ${g.file}:${g.lines[0]} [${g.kind}; ${g.rules.join('|')}] "${g.snippet}"`);
  }
}
