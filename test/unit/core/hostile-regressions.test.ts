// Regression fixtures for the hostile inputs of issue 14 and the fuzz tier's finds, each analysed
// in the analysis worker under a time budget (an overrun fails the test; no timing assertion).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AnalysisWorker } from '../../../server/src/worker/client';
import type { Finding } from '../../../server/src/core/types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-hostile-'));
const worker = new AnalysisWorker({ baseBudgetMs: 10_000, budgetMsPerKb: 20 });
after(async () => {
  await worker.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function findingsOf(text: string, files: Record<string, string> = {}): Promise<Finding[]> {
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  const notePath = path.join(dir, `note-${++n}.md`);
  const outcome = await worker.analyze({ key: notePath, version: 1, text, notePath, config: {} });
  assert.equal(outcome.kind, 'done', outcome.kind === 'failed' ? outcome.message : outcome.kind);
  const findings = outcome.kind === 'done' ? outcome.note.analysis.findings : [];
  assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), []);
  return findings;
}

const CASES: Record<string, string> = {
  // Issue 14, "hang": extreme statistics mixed with Markdown.
  'extreme statistics': '# Results\n\n- χ²(9999999999) = 0.1, p = 0.3; 1e-400; t(0) = 1, p = .04.\n- F(99999999, 1e300) = 2.5, p = 0.01; r(1e308) = .3, p < .001; z = 1e400, p = 0.5.\n\n> The mean number of items was 1.3700000000001 (SD 0.5, n = 99999999999999).\n\nARR 1e-300%, NNT 1e308.\n',
  'a line of 10,000 nested list markers': `${'- '.repeat(10_000)}x\n`,
  'a line of 10,000 nested blockquotes': `${'> '.repeat(10_000)}x\n`,
  // Issue 14, "internal error": toFixed() and string length.
  'percentages with extreme precision': `17 of 24 (70.${'8'.repeat(200)}%) and 3 of 7 (42.${'1'.repeat(150)}%).\n`,
  'p-values of absurd length': `Significant (p = 0.${'0'.repeat(20_000)}1), p = 0e-999999999, p = ${'9'.repeat(5000)}.\n`,
  // Fuzz finds: a long run of one emphasis character; deep container nesting on many lines.
  'a run of 16,000 underscores': `${'_'.repeat(16_000)}x${'_'.repeat(16_000)}\n`,
  'two hundred lines of growing "> - " nesting': Array.from({ length: 200 }, (_, i) => `${'> - '.repeat(i)}x`).join('\n'),
  'nested emphasis': `${'*a _b '.repeat(3000)}x${' b_ a*'.repeat(3000)}\n`,
  'one long line of citations and statistics': '[1] [@k] [^1] HR 0.72 (95% CI 0.61–0.89; p = 0.002) ([{ ARR 5%, NNT 12 proves '.repeat(300),
};

for (const [name, text] of Object.entries(CASES)) {
  test(`hostile note: ${name}`, async () => {
    await findingsOf(text);
  });
}

test('YAML front matter with 5,000 nested flow collections is reported, not parsed', async () => {
  const findings = await findingsOf(`---\ntitle: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n\nText.\n`);
  assert.ok(findings.some((f) => f.ruleId === 'source-load-error' && /nested more than 64 deep/.test(f.message)));
});

test('a @string expansion bomb is a source-load-error; a 2 MB abstract loads, cut for indexing', async () => {
  const bomb = `@string{a0 = "xxxxxxxxxx"}\n${Array.from({ length: 30 }, (_, i) => `@string{a${i + 1} = a${i} # a${i}}`).join('\n')}\n@article{bomb, title = a30}\n`;
  const big = `@article{big, title = {Big trial}, year = {2020}, abstract = {${'Natalizumab reduced relapses in a trial. '.repeat(50_000)}}}\n`;
  const findings = await findingsOf('---\nbibliography: [bomb.bib, big.bib]\n---\n\nNatalizumab reduced relapses [@big].\n', { 'bomb.bib': bomb, 'big.bib': big });
  assert.ok(findings.some((f) => f.ruleId === 'source-load-error' && /`@string` macro expands to more than 1,000,000 characters/.test(f.message)));
  assert.ok(!findings.some((f) => f.ruleId === 'unresolved-citation'), 'the big entry loaded');
});

test('a test statistic with absurd degrees of freedom is described, its p-value check skipped with a reason', async () => {
  const { describeStatistic } = await import('../../../server/src/core/statistics/describe');
  const { findStatistics } = await import('../../../server/src/core/statistics/index');
  const [chi] = findStatistics('The test gave χ²(9999999999) = 0.1, p = 0.3.', 0).filter((s) => s.kind === 'test');
  assert.ok(chi, 'the statistic is recognised');
  assert.match(describeStatistic(chi), /p not computed: degrees of freedom above 1,000,000/);
});
