/**
 * Scores `compare` on InSciOut-format JSONL pairs: the press-release conclusion is the claim,
 * the abstract conclusion the evidence. Gold `exaggeration_label`: same → supported,
 * exaggerates → overstated, downplays → understated. A contradiction counts as exaggerating when
 * the claim asserts what the evidence denies and as downplaying when the claim denies what the
 * evidence reports; other verdicts count as "same".
 * Prints three-way macro-F1, per-class F1 and the confusion matrix.
 * Usage: npm run eval -- exaggeration FILE.jsonl [--errors=N]
 */
import { readFileSync } from 'node:fs';
import { compareClaimToEvidence } from '../../server/src/core/evidence/compare';

const LABELS = ['same', 'exaggerates', 'downplays'] as const;
const VERDICT_TO_LABEL: Record<string, number> = { supported: 0, overstated: 1, understated: 2 };

interface Pair { press_release_conclusion: string; abstract_conclusion: string; exaggeration_label: string }

/** Confusion matrix (rows gold, columns predicted) with per-class and macro F1. */
export function scoreThreeWay(gold: number[], pred: number[]) {
  const confusion = LABELS.map(() => [0, 0, 0]);
  gold.forEach((g, i) => { confusion[g][pred[i]]++; });
  const perClass = LABELS.map((label, c) => {
    const tp = confusion[c][c];
    const predicted = confusion.reduce((a, row) => a + row[c], 0);
    const actual = confusion[c].reduce((a, b) => a + b, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = actual ? tp / actual : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support: actual };
  });
  const macroF1 = perClass.reduce((a, c) => a + c.f1, 0) / perClass.length;
  const accuracy = gold.filter((g, i) => g === pred[i]).length / (gold.length || 1);
  return { confusion, perClass, macroF1, accuracy };
}

export async function run(args: string[]): Promise<void> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: npm run eval -- exaggeration FILE.jsonl');
  const showErrors = Number(args.find((a) => a.startsWith('--errors='))?.split('=')[1] ?? 0);
  const pairs: Pair[] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  const gold: number[] = [];
  const pred: number[] = [];
  const errors: string[] = [];
  const t0 = performance.now();
  for (const p of pairs) {
    const g = LABELS.indexOf(p.exaggeration_label as (typeof LABELS)[number]);
    if (g < 0) continue;
    const r = compareClaimToEvidence(p.press_release_conclusion, p.abstract_conclusion);
    const label = r.verdict === 'contradicted' ? (r.claim.negated ? 2 : 1) : VERDICT_TO_LABEL[r.verdict] ?? 0;
    gold.push(g);
    pred.push(label);
    if (g !== label && errors.length < showErrors) {
      errors.push(`gold ${LABELS[g]} / predicted ${r.verdict} [${r.reasons.join(',')}] claim=${r.claim.relation}/${r.claim.certainty}/${r.claim.magnitude} evidence=${r.evidence.relation}/${r.evidence.certainty}/${r.evidence.magnitude}\n  C: ${p.press_release_conclusion}\n  E: ${p.abstract_conclusion}`);
    }
  }
  const ms = performance.now() - t0;
  const s = scoreThreeWay(gold, pred);
  console.log(`exaggeration: ${gold.length} pairs from ${file} (${(ms / (gold.length || 1)).toFixed(2)} ms per pair)`);
  console.log(`macro-F1 ${s.macroF1.toFixed(3)} · accuracy ${s.accuracy.toFixed(3)}`);
  for (const c of s.perClass) console.log(`  ${c.label.padEnd(12)} P ${c.precision.toFixed(3)}  R ${c.recall.toFixed(3)}  F1 ${c.f1.toFixed(3)}  (n = ${c.support})`);
  console.log('confusion (rows gold, columns predicted: same, exaggerates, downplays):');
  s.confusion.forEach((row, i) => console.log(`  ${LABELS[i].padEnd(12)} ${row.map((n) => String(n).padStart(4)).join(' ')}`));
  if (errors.length) console.log(`\n${errors.join('\n')}`);
}
