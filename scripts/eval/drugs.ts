/**
 * Scores drug recognition on DDI-format JSONL (SemEval-2013 task 9 sentences):
 *   {"text": ..., "entities": [{"type": "drug"|"brand"|"group"|"drug_n", "text", "charOffset": "s-e" (inclusive; ";" joins parts)}]}
 * Exact-span precision/recall/F1 per type and for drug+brand (a prediction is correct when its
 * span equals a gold drug or brand span). Also times matching ~1 MB of the corpus text.
 *
 *   npm run eval -- drugs FILE.jsonl [--errors=N] [--no-stems]
 */
import { readFileSync } from 'node:fs';
import { createDrugRecognizer } from '../../server/src/core/drugs/index';
import { NameIndex, findMentions } from '../../server/src/core/drugs/matcher';
import { defaultNameIndex } from '../../server/src/core/drugs/index';

interface GoldEntity { type: string; text: string; charOffset: string }
interface Row { id?: string; text: string; entities: GoldEntity[] }

function prf(tp: number, fp: number, fn: number): { p: number; r: number; f: number } {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}

function fmt(x: number): string {
  return x.toFixed(3);
}

export async function run(args: string[]): Promise<void> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: eval drugs FILE.jsonl [--errors=N] [--no-stems]');
  const errArg = args.find((a) => a.startsWith("--errors"));
  const showErrors = errArg ? Number(errArg.split("=")[1] ?? 30) || 30 : 0;
  const useStems = !args.includes('--no-stems');
  const rows: Row[] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
  createDrugRecognizer(); // warm the lazy index so timing excludes the one-off build
  const index: NameIndex = defaultNameIndex();

  const types = ['drug', 'brand', 'group', 'drug_n'];
  const goldByType: Record<string, number> = Object.fromEntries(types.map((t) => [t, 0]));
  const hitByType: Record<string, number> = Object.fromEntries(types.map((t) => [t, 0]));
  let tp = 0, fp = 0, fn = 0;
  // Per predicted type: a prediction with `brand` counts as brand, else drug.
  const predTp: Record<string, number> = { drug: 0, brand: 0 };
  const predAll: Record<string, number> = { drug: 0, brand: 0 };
  const fpTexts = new Map<string, number>();
  const fnTexts = new Map<string, number>();
  const byOrigin: Record<string, { tp: number; n: number }> = {};

  for (const row of rows) {
    const gold = new Map<string, string>();
    for (const e of row.entities) {
      if (e.charOffset.includes(';')) { // discontinuous: cannot be matched exactly by a contiguous span
        goldByType[e.type] = (goldByType[e.type] ?? 0) + 1;
        if (e.type === 'drug' || e.type === 'brand') fn++;
        continue;
      }
      const [s, en] = e.charOffset.split('-').map(Number);
      gold.set(`${s}:${en + 1}`, e.type);
      goldByType[e.type] = (goldByType[e.type] ?? 0) + 1;
    }
    const preds = findMentions(index, row.text, 0, useStems);
    const predKeys = new Set<string>();
    for (const d of preds) {
      const key = `${d.start}:${d.end}`;
      predKeys.add(key);
      const g = gold.get(key);
      const ptype = d.brand ? 'brand' : 'drug';
      predAll[ptype]++;
      const o = (byOrigin[d.origin] ??= { tp: 0, n: 0 });
      o.n++;
      if (g) hitByType[g] = (hitByType[g] ?? 0) + 1;
      if (g === 'drug' || g === 'brand') {
        tp++; o.tp++;
        if (g === ptype) predTp[ptype]++;
      } else {
        fp++;
        const k = `${d.text.toLowerCase()}${g ? ` [${g}]` : ''}`;
        fpTexts.set(k, (fpTexts.get(k) ?? 0) + 1);
      }
    }
    for (const [key, type] of gold) {
      if ((type === 'drug' || type === 'brand') && !predKeys.has(key)) {
        fn++;
        const [s, e] = key.split(':').map(Number);
        const k = `${row.text.slice(s, e).toLowerCase()} [${type}]`;
        fnTexts.set(k, (fnTexts.get(k) ?? 0) + 1);
      }
    }
  }

  console.log(`DDI drug recognition: ${rows.length} sentences${useStems ? '' : ' (stems off)'}`);
  const all = prf(tp, fp, fn);
  console.log(`drug+brand (exact span): P=${fmt(all.p)} R=${fmt(all.r)} F1=${fmt(all.f)}  (tp=${tp} fp=${fp} fn=${fn})`);
  for (const t of ['drug', 'brand']) {
    const m = prf(predTp[t], predAll[t] - predTp[t], goldByType[t] - predTp[t]);
    console.log(`  type ${t.padEnd(6)} (type must agree): P=${fmt(m.p)} R=${fmt(m.r)} F1=${fmt(m.f)}  gold=${goldByType[t]} predicted=${predAll[t]}`);
  }
  for (const t of types) {
    console.log(`  gold ${t.padEnd(6)}: ${goldByType[t]} spans, ${hitByType[t] ?? 0} predicted exactly (${fmt((hitByType[t] ?? 0) / Math.max(1, goldByType[t]))})`);
  }
  for (const [o, v] of Object.entries(byOrigin)) console.log(`  origin ${o}: ${v.n} predictions, precision ${fmt(v.tp / Math.max(1, v.n))}`);

  if (showErrors) {
    const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, showErrors).map(([k, v]) => `${k}:${v}`).join(', ');
    console.log(`\ntop false positives: ${top(fpTexts)}`);
    console.log(`\ntop misses: ${top(fnTexts)}`);
  }

  // Timing: repeat the corpus text until ~1 MB, match it sentence by sentence as the pipeline does.
  const texts = rows.map((r) => r.text);
  let bytes = 0;
  const batch: string[] = [];
  while (bytes < 1_000_000) {
    for (const t of texts) { batch.push(t); bytes += t.length + 1; if (bytes >= 1_000_000) break; }
  }
  const t0 = performance.now();
  let count = 0;
  let offset = 0;
  for (const t of batch) { count += findMentions(index, t, offset).length; offset += t.length + 1; }
  const ms = performance.now() - t0;
  console.log(`\ntiming: ${(bytes / 1e6).toFixed(2)} MB in ${batch.length} sentences matched in ${ms.toFixed(0)} ms (${count} mentions; index built before timing)`);
}
