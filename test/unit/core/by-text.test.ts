// The memo by text: the same text gives the same value without computing it again, whatever object
// it came in; the memo holds at most its limit of texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoByText } from '../../../server/src/core/by-text';

test('a text is computed once while the memo holds it, and again once the memo was emptied at its limit', () => {
  const computed: string[] = [];
  const lengths = memoByText(3, (text) => {
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
