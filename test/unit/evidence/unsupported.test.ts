// unsupported-claim precision: claims asserting findings about the world are flagged when uncited;
// opinions, plans, address to the reader and rhetorical statements are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';

const flagged = (text: string) => {
  const note = analyzeNote(text, { sources: [] });
  return note.analysis.findings.filter((f) => f.ruleId === 'unsupported-claim').map((f) => text.slice(f.start, f.end));
};

const CITING = '\n\nThe ocrelizumab trial is described in the [ORATORIO report](https://example.org/oratorio).\n';

test('unsupported-claim: uncited findings are flagged in a note that cites elsewhere; only an appeal to unnamed evidence is listed at balanced', () => {
  const text = `Natalizumab slowed disability progression in progressive MS.\n\nLow vitamin D was linked to relapses in 40% of patients.\n\nThe trial showed that relapses fell by 40%.\n\nStudies have shown that vitamin D halves relapses.${CITING}`;
  assert.deepEqual(flagged(text), ['Natalizumab slowed disability progression in progressive MS.', 'Low vitamin D was linked to relapses in 40% of patients.', 'The trial showed that relapses fell by 40%.', 'Studies have shown that vitamin D halves relapses.']);
  const listed = (strictness: 'strict' | 'balanced' | 'quiet') => analyzeNote(text, { settings: { strictness } }).analysis.findings
    .filter((f) => f.ruleId === 'unsupported-claim' && f.severity !== 'hint').map((f) => text.slice(f.start, f.start + 12));
  assert.deepEqual(listed('balanced'), ['Studies have']);
  assert.deepEqual(listed('quiet'), ['Studies have']);
  assert.equal(listed('strict').length, 4);
  for (const f of analyzeNote(text).analysis.findings) assert.equal(typeof f.data?.confidence, 'number');
});

test('unsupported-claim: a note that cites nothing is not asked for sources, unless it appeals to unnamed evidence', () => {
  assert.deepEqual(flagged('Natalizumab slowed disability progression by 20% in progressive MS.\n\nVitamin D halved relapses in 2019.\n'), []);
  assert.deepEqual(flagged('Natalizumab slowed disability progression by 20% in progressive MS.\n\nStudies have shown that vitamin D halves relapses.\n'), ['Studies have shown that vitamin D halves relapses.']);
});

test('unsupported-claim: a citation in the same paragraph, list item or section heading supports by scope', () => {
  const paragraph = `Relapses fell by 40% on natalizumab. This was the main result of [the AFFIRM trial](https://example.org/affirm).${CITING}`;
  assert.deepEqual(flagged(paragraph), []);
  const item = `- Relapses fell by 40% on natalizumab; see [AFFIRM](https://example.org/affirm).\n- Disability progression fell by 42%.${CITING}`;
  assert.deepEqual(flagged(item), ['Disability progression fell by 42%.']);
  const section = `## [Natalizumab in relapsing MS (AFFIRM)](https://example.org/affirm)\n\nRelapses fell by 40% over two years.\n\nDisability progression fell by 42%.${CITING}`;
  assert.deepEqual(flagged(section), []);
});

test('unsupported-claim: background, definitions, methods, opinions, questions and hypotheticals need no source', () => {
  const text = [
    'Angiotensin II causes vasoconstriction.',
    'The absolute risk reduction is the difference between the risk in the control group and the risk in the treated group.',
    'Patients were randomised to natalizumab or placebo and followed for 96 weeks.',
    'I think the effect of natalizumab on disability is overrated.',
    'Did natalizumab reduce relapses by 40%?',
    'Suppose the drug reduced relapses by 40% in a trial of 100 patients.',
    'My posterior probability that the drug reduces relapses is 58%.',
  ].join('\n\n') + CITING;
  assert.deepEqual(flagged(text), []);
});

test('unsupported-claim: opinions, plans, address and rhetoric are left alone', () => {
  const text = [
    'This is clearly not true.', 'Spinal fluid analysis is valuable.', 'This study should slay that myth.',
    'This is why I have been promoting the combination therapy strategy for over a decade.',
    'You also continually mention that you believe in a strong anti-inflammatory coupled with a neuroprotective drug.',
    'A fingolimod trial in primary progressive MS is under way and should report next year.',
  ].join('\n\n');
  assert.deepEqual(flagged(text), []);
});

test('unsupported-claim: a sweeping uncited finding or a prevalence of a whole population, a flat denial or an unsourced multiple is listed; a time phrase is not sweeping, a trial group is not a population', () => {
  const text = `The vaccine has not prevented a single case of liver cancer so far.\n\nAbout 800 people die of the disease every year.\n\nNearly 30% of Canadians will have diabetes by 2035.\n\nIn the trial, 30% of women in the placebo group had a relapse.\n\nIt is not true that smoking causes bladder cancer.\n\nHome births led to 3 times more neonatal deaths.${CITING}`;
  const listed = analyzeNote(text).analysis.findings.filter((f) => f.ruleId === 'unsupported-claim' && f.severity !== 'hint').map((f) => text.slice(f.start, f.start + 11));
  assert.deepEqual(listed, ['The vaccine', 'Nearly 30% ', 'It is not t', 'Home births']);
});
