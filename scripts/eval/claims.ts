/**
 * Scores the claim profile's `relation` on sentence/label CSV files (columns sentId,sentence,label;
 * 0 none, 1 correlational, 2 conditional causal, 3 causal): macro-F1, per-class F1, confusion matrix.
 * Also reads InSciOut-format JSONL pairs (press_release_conclusion/press_release_strength and
 * abstract_conclusion/abstract_strength, 0-3): both sentences of each pair are scored, a second
 * style of text (conclusions) to check that the engine generalises.
 * `--folds=K` also scores K folds split by document (the sentId up to its first "-" groups the
 * sentences of one press release), to show how much the figure varies across documents.
 * `--no-tagger` scores the profiler without the part-of-speech tagger's veto, to measure what it adds.
 * Usage: npm run eval -- claims FILE.csv|FILE.jsonl [--errors=N] [--folds=K] [--fold=I] [--no-tagger]
 */
import { readFileSync } from 'node:fs';
import { profileClaim, TAGGER } from '../../server/src/core/claims/index';
import type { Relation } from '../../server/src/core/types';
import { parseCsv } from '../../server/src/core/formats/csv';

export const RELATIONS: Relation[] = ['none', 'correlational', 'conditional-causal', 'causal'];

export { parseCsv };

export interface Scores {
  confusion: number[][];
  perClass: { label: string; precision: number; recall: number; f1: number; support: number }[];
  macroF1: number;
  accuracy: number;
}

/** Confusion matrix (rows gold, columns predicted) and F1 figures for labels 0..k-1. */
export function score(gold: number[], pred: number[], labels: string[]): Scores {
  const k = labels.length;
  const confusion = labels.map(() => new Array<number>(k).fill(0));
  gold.forEach((g, i) => { confusion[g][pred[i]]++; });
  const perClass = labels.map((label, c) => {
    const tp = confusion[c][c];
    const fp = confusion.reduce((s, r, g) => s + (g === c ? 0 : r[c]), 0);
    const fn = confusion[c].reduce((s, v, p) => s + (p === c ? 0 : v), 0);
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support: tp + fn };
  });
  const macroF1 = perClass.reduce((s, c) => s + c.f1, 0) / k;
  const accuracy = gold.filter((g, i) => g === pred[i]).length / Math.max(1, gold.length);
  return { confusion, perClass, macroF1, accuracy };
}

const f3 = (x: number) => x.toFixed(3);

/** Sentence/label rows from a CSV (columns sentence, label) or InSciOut JSONL (both conclusions of each pair). */
export function readLabelled(file: string): { rows: string[][]; si: number; li: number; ii: number } {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.jsonl')) {
    const rows: string[][] = [['sentence', 'label']];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as Record<string, unknown>;
      if (typeof o.press_release_conclusion === 'string') rows.push([o.press_release_conclusion, String(o.press_release_strength)]);
      if (typeof o.abstract_conclusion === 'string') rows.push([o.abstract_conclusion, String(o.abstract_strength)]);
    }
    return { rows, si: 0, li: 1, ii: -1 };
  }
  const rows = parseCsv(text);
  const header = rows[0].map((h) => h.trim());
  const si = header.indexOf('sentence');
  const li = header.indexOf('label');
  if (si < 0 || li < 0) throw new Error(`${file}: needs columns sentence and label`);
  return { rows, si, li, ii: header.indexOf('sentId') };
}

/** Fold of a document id (FNV-1a hash of the id before its first "-"), stable across runs. */
export function foldOf(id: string, k: number): number {
  const doc = id.split('-')[0];
  let h = 0x811c9dc5;
  for (let i = 0; i < doc.length; i++) { h ^= doc.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h % k;
}

export async function run(args: string[]): Promise<void> {
  const files = args.filter((a) => !a.startsWith('--'));
  if (args.includes('--no-tagger')) TAGGER.enabled = false;
  const errArg = args.find((a) => a.startsWith('--errors'));
  const showErrors = errArg ? Number(errArg.split('=')[1] ?? 20) || 20 : 0;
  const folds = Number(args.find((a) => a.startsWith('--folds='))?.split('=')[1] ?? 0);
  const onlyFold = args.find((a) => a.startsWith('--fold='));
  const only = onlyFold ? Number(onlyFold.split('=')[1]) : -1;
  if (files.length === 0) throw new Error('usage: eval claims FILE.csv [--errors=N] [--folds=K] [--fold=I]');
  for (const file of files) {
    const { rows, si, li, ii } = readLabelled(file);
    const gold: number[] = [];
    const pred: number[] = [];
    const fold: number[] = [];
    const errors: string[] = [];
    const t0 = performance.now();
    for (const r of rows.slice(1)) {
      const label = Number(r[li]);
      if (!(label >= 0 && label <= 3)) continue;
      const f = folds > 0 && ii >= 0 ? foldOf(r[ii], folds) : 0;
      if (only >= 0 && f !== only) continue;
      const p = profileClaim(r[si]);
      const guess = RELATIONS.indexOf(p.relation);
      gold.push(label);
      pred.push(guess);
      fold.push(f);
      if (guess !== label && errors.length < showErrors) {
        errors.push(`${label}→${guess}  ${r[si]}  [${p.cues.map((c) => `${c.kind}:${c.text}`).join(', ')}]`);
      }
    }
    const ms = performance.now() - t0;
    const s = score(gold, pred, RELATIONS);
    console.log(`${file}: ${gold.length} sentences, ${(ms / gold.length * 1000).toFixed(0)} µs/sentence`);
    console.log(`macro-F1 ${f3(s.macroF1)}  accuracy ${f3(s.accuracy)}`);
    for (const c of s.perClass) console.log(`  ${c.label.padEnd(19)} P ${f3(c.precision)}  R ${f3(c.recall)}  F1 ${f3(c.f1)}  (n=${c.support})`);
    console.log('confusion (rows gold, columns predicted: none corr cond causal)');
    s.confusion.forEach((row, g) => console.log(`  ${RELATIONS[g].padEnd(19)} ${row.map((v) => String(v).padStart(5)).join('')}`));
    if (folds > 0 && ii >= 0 && only < 0) {
      const per = Array.from({ length: folds }, (_, k) => {
        const idx = fold.map((f, i) => (f === k ? i : -1)).filter((i) => i >= 0);
        return { n: idx.length, f1: score(idx.map((i) => gold[i]), idx.map((i) => pred[i]), RELATIONS).macroF1 };
      });
      const mean = per.reduce((s, p) => s + p.f1, 0) / folds;
      const sd = Math.sqrt(per.reduce((s, p) => s + (p.f1 - mean) ** 2, 0) / Math.max(1, folds - 1));
      console.log(`folds by document: ${per.map((p, k) => `${k}: ${f3(p.f1)} (n=${p.n})`).join('  ')}`);
      console.log(`  mean ${f3(mean)}  sd ${f3(sd)}  min ${f3(Math.min(...per.map((p) => p.f1)))}`);
    }
    for (const e of errors) console.log(e);
  }
}
