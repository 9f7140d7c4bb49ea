import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../../scripts/eval/statistics';

test('eval statistics scores statcheck-format rows and prints agreement', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'el-stat-'));
  const file = path.join(dir, 'cases.jsonl');
  const rows = [
    { text: 't(40) = 2.50, p = .017', expected_error: false, expected_decision_error: null, options: {} },
    { text: 't(40) = 1.50, p = .04', expected_error: true, expected_decision_error: true, options: {} },
    // Deliberately mislabelled: the scorer must count it as a disagreement.
    { text: 't(40) = 2.50, p = .03', expected_error: false, expected_decision_error: null, options: {} },
    { text: 't(40) = 2.50, p = .008, one-tailed', expected_error: false, expected_decision_error: null, options: { OneTailedTxt: true } },
  ];
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => { lines.push(args.join(' ')); };
  try {
    await run([file]);
  } finally {
    console.log = log;
  }
  const out = lines.join('\n');
  assert.match(out, /error flag agreement: 3\/4 \(75\.0%\)/);
  assert.match(out, /decision-error flag agreement: 1\/1 \(100\.0%\)/);
  assert.match(out, /t\(40\) = 2\.50, p = \.03/);
});
