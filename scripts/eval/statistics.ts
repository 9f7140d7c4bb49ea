/**
 * Scores the test-statistic check on statcheck-format JSONL (fields: text, expected_error,
 * expected_decision_error, options). Runs the same recogniser and engine the rule uses.
 * Usage: npm run eval -- statistics FILE.jsonl [--verbose]
 */
import { readFileSync } from 'node:fs';
import { findStatistics } from '../../server/src/core/statistics/index';
import { checkTestAgainstP, type StatcheckOptions } from '../../server/src/core/statistics/statcheck';

interface Row {
  text: string;
  expected_error: boolean | null;
  expected_decision_error: boolean | null;
  options?: Record<string, unknown>;
}

function optionsOf(row: Row): Partial<StatcheckOptions> {
  const o = row.options ?? {};
  // statcheck's defaults: one-tailed wording is ignored unless OneTailedTxt is set.
  const out: Partial<StatcheckOptions> = { oneTailedTxt: false };
  if (typeof o.alpha === 'number') out.alpha = o.alpha;
  if (typeof o.pEqualAlphaSig === 'boolean') out.pEqualAlphaSig = o.pEqualAlphaSig;
  if (typeof o.pZeroError === 'boolean') out.pZeroError = o.pZeroError;
  if (typeof o.OneTailedTxt === 'boolean') out.oneTailedTxt = o.OneTailedTxt;
  if (typeof o.OneTailedTests === 'boolean') out.oneTailedTests = o.OneTailedTests;
  return out;
}

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length === 0) throw new Error('usage: eval statistics FILE.jsonl [--verbose]');
  for (const file of files) {
    const rows = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
    let errN = 0, errOk = 0, decN = 0, decOk = 0, unparsed = 0, rowsOk = 0;
    const misses: string[] = [];
    for (const row of rows) {
      const stats = findStatistics(row.text, 0);
      const test = stats.find((s) => s.kind === 'test' && s.pId);
      const p = test ? stats.find((s) => s.id === test.pId) : undefined;
      const result = test && p ? checkTestAgainstP(test, p, row.text, optionsOf(row)) : undefined;
      if (!result) unparsed++;
      const error = result?.error ?? false;
      const decision = result?.decisionError ?? false;
      let ok = true;
      if (row.expected_error !== null && row.expected_error !== undefined) {
        errN++;
        if (error === row.expected_error) errOk++; else ok = false;
      }
      if (row.expected_decision_error !== null && row.expected_decision_error !== undefined) {
        decN++;
        if (decision === row.expected_decision_error) decOk++; else ok = false;
      }
      if (ok) rowsOk++;
      else misses.push(`  ${JSON.stringify(row.text)} ${JSON.stringify(row.options ?? {})}: expected error=${row.expected_error} decision=${row.expected_decision_error}; got error=${error} decision=${decision}${result ? ` (p=${result.computedP.toPrecision(6)}, range ${result.lowP.toPrecision(6)}–${result.highP.toPrecision(6)})` : ' (not parsed)'}`);
    }
    const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : 'n/a');
    console.log(`statistics: ${file}`);
    console.log(`  rows: ${rows.length}, not parsed/checkable: ${unparsed}`);
    console.log(`  error flag agreement: ${errOk}/${errN} (${pct(errOk, errN)}%)`);
    console.log(`  decision-error flag agreement: ${decOk}/${decN} (${pct(decOk, decN)}%)`);
    console.log(`  all labelled flags agree: ${rowsOk}/${rows.length} (${pct(rowsOk, rows.length)}%)`);
    if (misses.length) {
      console.log(`  disagreements (${misses.length}):`);
      for (const m of verbose ? misses : misses.slice(0, 20)) console.log(m);
    }
  }
}
