// The memo by text: the same text gives the same value without computing it again, whatever object
// it came in; the memo holds at most its limit of texts and of characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoByText, TextMemo } from '../../../server/src/core/by-text';

test('a text is computed once while the memo holds it, and again once the memo was emptied at its limit', () => {
  const computed: string[] = [];
  const lengths = memoByText({ texts: 3, chars: 1000 }, (text) => {
    computed.push(text);
    return { length: text.length };
  });
  const first = lengths('alpha');
  // A text made anew (not the same string object) is the same key.
  assert.equal(lengths(['al', 'pha'].join('')), first);
  lengths('beta');
  lengths('gamma');
  assert.deepEqual(computed, ['alpha', 'beta', 'gamma']);
  // A fourth text empties the memo: everything before it is computed again when asked.
  lengths('delta');
  assert.notEqual(lengths('alpha'), first);
  assert.deepEqual(lengths('alpha'), first);
  assert.deepEqual(computed, ['alpha', 'beta', 'gamma', 'delta', 'alpha']);
});

test('the memo holds at most its limit of characters: long texts push the others out', () => {
  let computed = 0;
  const memo = new TextMemo<number>({ texts: 100, chars: 10 });
  const get = (text: string) => memo.get(text, () => ++computed);
  assert.equal(get('abcd'), 1);
  assert.equal(get('efgh'), 2);
  assert.equal(get('abcd'), 1);
  // 8 + 4 > 10: the memo is emptied first.
  assert.equal(get('ijkl'), 3);
  assert.equal(get('abcd'), 4);
  // A text over the limit alone is remembered alone, until the next one.
  assert.equal(get('a much longer text'), 5);
  assert.equal(get('a much longer text'), 5);
  assert.equal(get('ijkl'), 6);
});
