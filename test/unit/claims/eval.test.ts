import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldOf, parseCsv, score } from '../../../scripts/eval/claims';

test('parseCsv handles quoted commas, doubled quotes, newlines and CRLF', () => {
  const rows = parseCsv('sentId,sentence,label\r\na,"X, Y and ""Z"" rise",1\nb,"two\nlines",0\n');
  assert.deepEqual(rows, [['sentId', 'sentence', 'label'], ['a', 'X, Y and "Z" rise', '1'], ['b', 'two\nlines', '0']]);
});

test('score computes per-class F1, macro-F1 and the confusion matrix', () => {
  const s = score([0, 0, 1, 1], [0, 1, 1, 1], ['a', 'b']);
  assert.deepEqual(s.confusion, [[1, 1], [0, 2]]);
  assert.equal(s.perClass[0].precision, 1);
  assert.equal(s.perClass[0].recall, 0.5);
  assert.ok(Math.abs(s.perClass[1].f1 - 0.8) < 1e-9);
  assert.ok(Math.abs(s.macroF1 - (2 / 3 + 0.8) / 2) < 1e-9);
  assert.equal(s.accuracy, 0.75);
});

test('foldOf keeps the sentences of one document together and spreads documents over the folds', () => {
  assert.equal(foldOf('20824800-w-lss012611-0-title', 5), foldOf('20824800-w-lss012611-2-sentence', 5));
  const folds = new Set(Array.from({ length: 50 }, (_, i) => foldOf(`${20000000 + i * 7919}-x-1`, 5)));
  assert.equal(folds.size, 5);
  for (const f of folds) assert.ok(f >= 0 && f < 5);
});
