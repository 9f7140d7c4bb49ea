import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflect, Lexicon } from '../../../server/src/core/claims/lexicon';
import { tokenize } from '../../../server/src/core/claims/tokenize';
import relations from '../../../server/src/core/claims/data/relations.json';
import certainty from '../../../server/src/core/claims/data/certainty.json';
import magnitude from '../../../server/src/core/claims/data/magnitude.json';
import outcomes from '../../../server/src/core/claims/data/outcomes.json';
import discourse from '../../../server/src/core/claims/data/discourse.json';
import fixes from '../../../server/src/core/claims/data/fixes.json';

test('every word-list entry has a term, a category and a provenance', () => {
  for (const file of [relations, certainty, magnitude, outcomes, discourse, fixes]) {
    for (const e of file.entries as { term: string; cat: string; provenance: string }[]) {
      assert.ok(e.term && e.cat && e.provenance && e.provenance.length > 2, JSON.stringify(e));
    }
  }
});

test('inflect builds regular verb forms', () => {
  assert.deepEqual(inflect('reduce'), { base: 'reduce', '3sg': 'reduces', past: 'reduced', ing: 'reducing' });
  assert.deepEqual(inflect('stop'), { base: 'stop', '3sg': 'stops', past: 'stopped', ing: 'stopping' });
  assert.deepEqual(inflect('modify'), { base: 'modify', '3sg': 'modifies', past: 'modified', ing: 'modifying' });
  assert.equal(inflect('flat-line')['3sg'], 'flat-lines');
});

test('the lexicon matches multi-word entries and inflected forms by token', () => {
  const lex = new Lexicon().add('t', { description: '', entries: [{ term: 'lead to', cat: 'causal', pos: 'verb', forms: ['lead to', 'leads to', 'led to', 'leading to'], provenance: 'test' }, { term: 'reduce', cat: 'causal', pos: 'verb', provenance: 'test' }] });
  const toks = tokenize('Smoking led to disease and reduced lung function.');
  const found = lex.matchAll(toks).map((m) => toks.slice(m.from, m.to).map((t) => t.text).join(' '));
  assert.deepEqual(found, ['led to', 'reduced']);
});

test('tokenize keeps hyphenated words and contractions whole with exact offsets', () => {
  const text = "It didn't flat-line, p < 0.05.";
  const toks = tokenize(text);
  for (const t of toks) assert.equal(text.slice(t.start, t.end), t.text);
  assert.ok(toks.some((t) => t.norm === "didn't"));
  assert.ok(toks.some((t) => t.norm === 'flat-line'));
  assert.ok(toks.some((t) => t.text === '0.05' && t.kind === 'number'));
});

test('the lexicon finds entries that start with a number as well as with a word', () => {
  const lex = new Lexicon().add('t', { description: '', entries: [{ term: '24 hours', cat: 'x', provenance: 'test' }, { term: 'per day', cat: 'y', provenance: 'test' }] });
  const toks = tokenize('Twice per day for 24 hours, 3 days.');
  assert.deepEqual(lex.matchAll(toks).map((m) => m.compiled.entry.term), ['per day', '24 hours']);
});
