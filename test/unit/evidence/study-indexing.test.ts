import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileStudy, studyDesign } from '../../../server/src/core/evidence/study';
import { compareProfiles } from '../../../server/src/core/evidence/compare';
import { profileClaim } from '../../../server/src/core/claims/index';

test('PubMed publication types give the design when the abstract names none', () => {
  const text = 'Relapses were fewer on the drug than on placebo over two years.';
  assert.deepEqual(profileStudy({ text }).design, []);
  assert.deepEqual(profileStudy({ text, publicationTypes: ['Journal Article', 'Randomized Controlled Trial'] }).design, ['randomised controlled trial']);
  assert.deepEqual(profileStudy({ text, publicationTypes: ['Observational Study'], mesh: ['Cohort Studies', 'Humans'] }).design, ['observational', 'cohort']);
});

test('MeSH check tags decide the population: Animals without Humans is an animal study, Humans only drops an animal word', () => {
  const animal = profileStudy({ text: 'Fibrosis scores fell after eight weeks of the supplement.', mesh: ['Animals', 'Liver Cirrhosis'] });
  assert.equal(animal.species, 'animal');
  assert.ok(animal.design.includes('animal'));
  const human = profileStudy({ text: 'Unlike earlier findings in rats, fibrosis fell in 40 patients.', mesh: ['Humans'] });
  assert.equal(human.species, 'human');
  assert.ok(!human.design.includes('animal'));
  // The animal indexing reaches the verdict: a claim about people from a mouse study is a population overstatement.
  const claim = 'The supplement reduces liver fibrosis in patients.';
  const evidence = 'Fibrosis scores fell after eight weeks of the supplement.';
  const verdict = compareProfiles(claim, profileClaim(claim, 0), { sentences: [{ text: evidence, score: 0.9 }], study: animal, sourceText: evidence }, 0);
  assert.ok(verdict.reasons.includes('population'), JSON.stringify(verdict.reasons));
});

test('studyDesign gives what profileStudy gives as the design, indexing and phase rules included', () => {
  const cases = [
    { text: 'In this open-label phase 2A study of 24 patients, relapses fell.' },
    { text: 'A randomised, double-blind, placebo-controlled trial in mice.', mesh: ['Humans'] },
    { text: 'Relapses were fewer on the drug than on placebo.', publicationTypes: ['Randomized Controlled Trial'] },
    { text: 'A retrospective cohort of 1,200 adults.', title: 'Statins and dementia: a case-control study' },
  ];
  for (const source of cases) assert.deepEqual(studyDesign(source), profileStudy(source).design, source.text);
  assert.deepEqual(studyDesign(cases[0]), ['open-label', 'phase 2A', 'phase 2']);
});
