// unsupported-claim precision: claims asserting findings about the world are flagged when uncited;
// opinions, plans, address to the reader and rhetorical statements are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';

const flagged = (text: string) => {
  const note = analyzeNote(text, { sources: [] });
  return note.analysis.findings.filter((f) => f.ruleId === 'unsupported-claim').map((f) => text.slice(f.start, f.end));
};

test('unsupported-claim: uncited effects, associations and results are flagged', () => {
  const text = 'Natalizumab slows disability progression in progressive MS.\n\nLow vitamin D is linked to relapses.\n\nThe trial showed that relapses fell by 40%.\n';
  assert.deepEqual(flagged(text), ['Natalizumab slows disability progression in progressive MS.', 'Low vitamin D is linked to relapses.', 'The trial showed that relapses fell by 40%.']);
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
