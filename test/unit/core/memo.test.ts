// The per-note memo: a value asked for in one analysis is found in the next; one not asked for in
// an analysis is forgotten after it (so a kept value never outlives the versions that use it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Memo } from '../../../server/src/core/memo';

test('a value is kept while each analysis asks for it, and forgotten after one that does not', () => {
  const memo = new Memo();
  let computed = 0;
  const ask = (key: string) => memo.get('space', key, () => `${key}${++computed}`);
  assert.equal(ask('a'), 'a1');
  assert.equal(ask('b'), 'b2');
  assert.equal(ask('a'), 'a1', 'same analysis');
  memo.rotate();
  assert.equal(ask('a'), 'a1', 'asked for in the last analysis');
  memo.rotate();
  assert.equal(ask('a'), 'a1');
  assert.equal(ask('b'), 'b3', 'not asked for in the last analysis: computed again');
  memo.rotate();
  memo.rotate();
  assert.equal(ask('a'), 'a4', 'an analysis without the key forgets it');
});

test('a space not asked for in an analysis forgets everything; set replaces; undefined counts as missing', () => {
  const memo = new Memo();
  memo.space<number>('s').set('k', 1);
  memo.rotate();
  memo.space<number>('other');
  memo.rotate();
  assert.equal(memo.space<number>('s').peek('k'), undefined);
  const space = memo.space<number | undefined>('t');
  space.set('k', 1);
  space.set('k', 2);
  assert.equal(space.peek('k'), 2);
  space.set('u', undefined);
  assert.equal(space.get('u', () => 3), 3);
  memo.rotate();
  assert.equal(memo.space<number>('t').peek('k'), 2);
  memo.clear();
  assert.equal(memo.space<number>('t').peek('k'), undefined);
});

test('many analyses asking for changing keys: only the last analysis\'s keys are found', () => {
  const memo = new Memo();
  for (let round = 0; round < 50; round++) {
    const space = memo.space<number>('s');
    // Keys of the last round are found with their value; keys of earlier rounds are not.
    for (let k = 0; k < 300; k++) {
      const key = round * 100 + k;
      const found = space.peek(key);
      const expected = k < 200 && round > 0 ? key : undefined;
      assert.equal(found, expected, `round ${round}, key ${key}`);
      if (found === undefined) space.set(key, key);
    }
    memo.rotate();
  }
});
