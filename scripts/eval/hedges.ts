/**
 * Scores sentence-level hedge detection (profile certainty === 'hedged') against the
 * `speculative` flag of BioScope-format JSON lines: precision, recall, F1.
 * Usage: npm run eval -- hedges FILE.jsonl [--errors=N]
 */
import { readFileSync } from 'node:fs';
import { profileClaim } from '../../server/src/core/claims/index';

const f3 = (x: number) => x.toFixed(3);

export async function run(args: string[]): Promise<void> {
  const files = args.filter((a) => !a.startsWith('--'));
  const errArg = args.find((a) => a.startsWith('--errors'));
  const showErrors = errArg ? Number(errArg.split('=')[1] ?? 20) || 20 : 0;
  if (files.length === 0) throw new Error('usage: eval hedges FILE.jsonl [--errors=N]');
  for (const file of files) {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    const fps: string[] = [];
    const fns: string[] = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { text: string; speculative: boolean; cues?: { type: string; text: string }[] };
      const p = profileClaim(row.text);
      const hedged = p.certainty === 'hedged';
      if (hedged && row.speculative) tp++;
      else if (hedged) { fp++; if (fps.length < showErrors) fps.push(`FP ${row.text}  [${p.cues.filter((c) => c.kind === 'hedge').map((c) => c.text).join(', ')}]`); }
      else if (row.speculative) { fn++; if (fns.length < showErrors) fns.push(`FN ${row.text}  [gold: ${(row.cues ?? []).filter((c) => c.type === 'speculation').map((c) => c.text).join(', ')}]`); }
      else tn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    console.log(`${file}: ${tp + fp + fn + tn} sentences, ${tp + fn} speculative`);
    console.log(`hedge detection  P ${f3(precision)}  R ${f3(recall)}  F1 ${f3(f1)}  (tp ${tp}, fp ${fp}, fn ${fn}, tn ${tn})`);
    for (const e of [...fps, ...fns]) console.log(e);
  }
}
