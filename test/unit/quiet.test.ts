// Golden "no finding" notes, one per class of false positive met on real notes: words read out of
// context (compound nouns and fixed terms), text that is not a claim (headings, link lists,
// definitions, questions, hypotheticals, captions, reference entries, quotes, tables, the writer's
// own estimate and opinion) and textbook knowledge. At the default strictness none of them may list
// a problem (hints are allowed: editors do not list them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { renderFindings } from '../support/render';

const dir = path.join(__dirname, '..', 'fixtures', 'quiet');

for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
  test(`quiet: ${file} lists no problem at balanced strictness`, () => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const listed = analyze(text).findings.filter((f) => f.severity !== 'hint');
    assert.deepEqual(renderFindings(text, listed), []);
  });
}

test('quiet: the statement kinds of the not-claims note are what a reader would say', () => {
  const text = readFileSync(path.join(dir, 'not-claims.md'), 'utf8');
  const kinds = new Map<string, string | undefined>();
  for (const s of analyze(text).sentences) kinds.set(s.text.trim().slice(0, 24), s.claim.statement);
  const kindOf = (start: string) => [...kinds].find(([k]) => k.startsWith(start))?.[1];
  assert.equal(kindOf('# Reading'), undefined, 'sentences do not include the heading marker');
  assert.equal(kindOf('Reading an absolute'), 'navigation');
  assert.equal(kindOf('The absolute risk'), 'definition');
  assert.equal(kindOf('Suppose the event'), 'hypothetical');
  assert.equal(kindOf('Would a relative'), 'question');
  assert.equal(kindOf('Figure 2'), 'caption');
  assert.equal(kindOf('My own back'), 'own-analysis');
  assert.equal(kindOf('In my view'), 'opinion');
  assert.equal(kindOf('Laupacis A'), 'reference');
  assert.equal(kindOf('Links:'), 'navigation');
});

test('quiet: the same findings, stated as a writer\'s own claims, are still flagged', () => {
  const text = 'Studies have shown that sacubitril–valsartan cures heart failure.\n\nSee the [trial report](https://example.org/paradigm).\n';
  const ids = analyze(text).findings.filter((f) => f.severity !== 'hint').map((f) => f.ruleId).sort();
  assert.deepEqual(ids, ['overstated-language', 'unsupported-claim']);
});

test('quiet: a swapped pair of letters in a drug name is one slip', async () => {
  const { transpositionDistance } = await import('../../server/src/core/drugs/misspell');
  assert.equal(transpositionDistance('atneolol', 'atenolol'), 1);
  assert.equal(transpositionDistance('metformin', 'metformin'), 0);
  const text = 'Patients on atneolol had fewer attacks.\n';
  assert.ok(analyze(text).findings.some((f) => f.ruleId === 'drug-name-misspelled' && text.slice(f.start, f.end) === 'atneolol'));
});

test('quiet: a misspelling repeated through a note is one finding, its repeats related; scrambled letters count', () => {
  assert.ok(analyze('Patients on semgalutdie lost weight.\n').findings.some((f) => f.ruleId === 'drug-name-misspelled'), 'the same letters scrambled');
  const text = 'Patients on semaglutdie lost 12% of their weight.\n\nOn semaglutdie, nausea was common.\n';
  const fs = analyze(text).findings.filter((f) => f.ruleId === 'drug-name-misspelled');
  assert.equal(fs.length, 1);
  assert.equal(text.slice(fs[0].start, fs[0].end), 'semaglutdie');
  assert.equal(fs[0].data?.related?.length, 1);
});

test('quiet: an unnamed authority is an appeal to unnamed evidence', async () => {
  const { appealsToUnnamedEvidence } = await import('../../server/src/core/claims/statement');
  assert.equal(appealsToUnnamedEvidence('Although many experts agree that statins prevent dementia, the trials disagree.'), 'many experts agree');
  assert.equal(appealsToUnnamedEvidence('The trial we discuss here showed a 20% reduction.'), undefined);
  assert.equal(appealsToUnnamedEvidence('A 2019 study by Smith showed a 20% reduction.'), undefined);
});

test('quiet: a development code written once with one digit off a code the note repeats is flagged; distinct codes are not', () => {
  const text = 'The oral agonist (AB-4417) is in phase 2.\n\nAB-4417 lowered weight by 6%.\n\nThe sponsor expects AB-4471 to be filed in 2027, and AB-2093 later.\n';
  const fs = analyze(text).findings.filter((f) => f.ruleId === 'drug-name-misspelled');
  assert.deepEqual(fs.map((f) => text.slice(f.start, f.end)), ['AB-4471']);
  const distinct = 'AB-4417 and AB-4528 are two molecules of the same series.\n\nAB-4417 was better tolerated.\n';
  assert.equal(analyze(distinct).findings.filter((f) => f.ruleId === 'drug-name-misspelled').length, 0, 'two digits apart: another code');
});
