// A note's text sent to the analysis worker as an edit of the text it last received: applying the
// edit to that text gives the new text exactly, and to any other text nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { textEdit } from '../../../server/src/worker/client';
import { applyTextEdit } from '../../../server/src/worker/protocol';

const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', '😀', '\ud83d', 'é', ' '), maxLength: 40 });

test('property: an edit made from a text applied to that text gives the new text', () => {
  fc.assert(fc.property(text, text, (base, next) => {
    const edit = textEdit({ request: 7, text: base }, next);
    assert.equal(applyTextEdit({ request: 7, text: base }, edit), next);
    assert.ok(edit.insert.length <= next.length);
  }), { numRuns: 2000 });
});

test('an edit does not apply to another text than the one it was made from', () => {
  const edit = textEdit({ request: 3, text: 'Aspirin reduced strokes.' }, 'Aspirin clearly reduced strokes.');
  assert.deepEqual(edit.keep, [8, 16]);
  assert.equal(edit.insert, 'clearly ');
  assert.equal(applyTextEdit(undefined, edit), undefined, 'no text');
  assert.equal(applyTextEdit({ request: 4, text: 'Aspirin reduced strokes.' }, edit), undefined, 'posted by another request');
  assert.equal(applyTextEdit({ request: 3, text: 'Aspirin' }, edit), undefined, 'does not fit');
});
