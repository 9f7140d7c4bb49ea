// The part-of-speech tagger (claims/tagger.ts) is made anew after ENGINE_SENTENCES sentences, so
// its lexicon of tokens seen, which wink-nlp never shrinks, cannot grow without end in a
// long-running server; a new engine must tag exactly as the old one did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINE_SENTENCES, clearTagCache, renewTagger, tagWords, taggedByEngine } from '../../../server/src/core/claims/tagger';

const SENTENCES = [
  'In this open-label phase 2A study, natalizumab reduced CSF osteopontin by 65 ng/mL over 60 weeks.',
  'All-cause mortality was lower in the dapagliflozin group (HR 0.70, 95% CI 0.59–0.83).',
  'Smoking causes lung cancer.',
  'Metformin use was associated with a lower incidence of colorectal cancer in 40,000 patients.',
];

test('a renewed tagger tags as the old one did, after it has seen many new tokens', () => {
  clearTagCache();
  const before = SENTENCES.map((s) => tagWords(s));
  // New numbers and names, as typing makes them.
  for (let i = 0; i < 500; i++) tagWords(`Drug x${i * 7919} reduced relapse by ${i + 0.5}% in ${i * 3} patients.`);
  clearTagCache();
  assert.deepEqual(SENTENCES.map((s) => tagWords(s)), before, 'the same engine, with a grown lexicon');
  renewTagger();
  clearTagCache();
  assert.deepEqual(SENTENCES.map((s) => tagWords(s)), before, 'a new engine');
});

test(`the tagger is made anew after ${ENGINE_SENTENCES.toLocaleString('en')} sentences, not before`, () => {
  renewTagger();
  clearTagCache();
  for (let i = 0; i < ENGINE_SENTENCES; i++) tagWords(`Cohort ${i} reduced risk.`);
  assert.equal(taggedByEngine(), ENGINE_SENTENCES, 'the first engine tagged them all');
  tagWords('One more sentence reduced it.');
  assert.equal(taggedByEngine(), 1, 'the next sentence is tagged by a new engine');
});
