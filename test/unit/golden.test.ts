// Golden fixtures, one folder per rule: test/fixtures/rules/<rule-id>/{ok.md, not-ok.md, not-ok.expected.txt}.
// ok.md must give no finding of that rule; not-ok.md must give exactly the lines in the expected
// file (`line:col-line:col: rule-id: message`, 1-based). UPDATE_GOLDEN=1 rewrites expected files:
// review every rewrite in the diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { rules } from '../../server/src/core/rules/index';
import { renderFindings } from '../support/render';

const root = path.join(__dirname, '..', 'fixtures', 'rules');

for (const rule of rules) {
  const dir = path.join(root, rule.id);
  test(`golden: ${rule.id} has fixtures`, () => {
    assert.ok(existsSync(path.join(dir, 'ok.md')), `missing ${dir}/ok.md`);
    assert.ok(existsSync(path.join(dir, 'not-ok.md')), `missing ${dir}/not-ok.md`);
  });
  if (!existsSync(dir)) continue;
  const sources = loadFixtureSources(dir);

  test(`golden: ${rule.id} ok.md has no ${rule.id} finding`, () => {
    const text = readFileSync(path.join(dir, 'ok.md'), 'utf8');
    const findings = analyze(text, { sources }).findings.filter((f) => f.ruleId === rule.id);
    assert.deepEqual(renderFindings(text, findings), []);
  });

  test(`golden: ${rule.id} not-ok.md matches not-ok.expected.txt`, () => {
    const text = readFileSync(path.join(dir, 'not-ok.md'), 'utf8');
    const findings = analyze(text, { sources }).findings.filter((f) => f.ruleId === rule.id);
    const actual = renderFindings(text, findings);
    const expectedFile = path.join(dir, 'not-ok.expected.txt');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, actual.map((l) => `${l}\n`).join(''));
    const expected = existsSync(expectedFile) ? readFileSync(expectedFile, 'utf8').split('\n').filter(Boolean) : [];
    assert.ok(actual.length > 0, `${rule.id}: not-ok.md gave no finding`);
    assert.deepEqual(actual, expected);
  });
}

/** A rule folder may hold `*.sources.json` (a Source[] array) for rules that need evidence. */
function loadFixtureSources(dir: string) {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sources.json')) : [];
  return files.flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
}
