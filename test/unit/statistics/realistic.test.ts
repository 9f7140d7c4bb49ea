// Golden test over realistic research notes (test/fixtures/realistic/*.md): the findings of the
// statistics and drug rules must equal NAME.expected.txt (`line:col-line:col: rule-id: message`).
// Findings of other areas (claims, evidence, citations) are left out so their changes do not
// churn these files. UPDATE_GOLDEN=1 rewrites the expected files: review every changed line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../../server/src/core/analyze';
import { rules } from '../../../server/src/core/rules/index';
import { renderFindings } from '../../support/render';

const dir = path.join(__dirname, '..', '..', 'fixtures', 'realistic');
const ownRules = new Set(rules.filter((r) => r.category === 'statistics' || r.category === 'drugs').map((r) => r.id));
const notes = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();

test('realistic notes exist', () => {
  assert.ok(notes.length >= 4, `expected at least 4 notes in ${dir}`);
});

for (const note of notes) {
  test(`realistic: ${note} gives exactly the expected statistics and drug findings`, () => {
    const text = readFileSync(path.join(dir, note), 'utf8');
    const findings = analyze(text, {}).findings.filter((f) => ownRules.has(f.ruleId));
    const actual = renderFindings(text, findings);
    const expectedFile = path.join(dir, note.replace(/\.md$/, '.expected.txt'));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, actual.map((l) => `${l}\n`).join(''));
    const expected = existsSync(expectedFile) ? readFileSync(expectedFile, 'utf8').split('\n').filter(Boolean) : [];
    assert.deepEqual(actual, expected);
  });
}
