// Mapping positions between the text an analysis was made of and the text the editor has now:
// everything outside the changed part maps to the same characters; nothing inside maps at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextChange } from '../../../server/src/lsp/stale';

const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'x', '😀'), maxLength: 40 });

test('property: outside the change, offsets map both ways onto the same text; spans kept are unchanged', () => {
  fc.assert(fc.property(text, text, text, text, (before, removed, inserted, after) => {
    const analysed = before + removed + after;
    const current = before + inserted + after;
    const change = new TextChange(analysed, current);
    // The change found is no larger than the edit made.
    assert.ok(change.analysedEnd - change.start <= removed.length && change.currentEnd - change.start <= inserted.length);
    assert.equal(analysed.length - change.analysedEnd, current.length - change.currentEnd);
    for (let o = 0; o <= current.length; o++) {
      const a = change.toAnalysed(o);
      if (a === undefined) {
        assert.ok(o >= change.start && o <= change.currentEnd, 'only offsets in the change are unmapped');
        continue;
      }
      assert.equal(analysed.slice(a, a + 1), current.slice(o, o + 1));
      assert.equal(change.toCurrent(a), o, 'and back');
    }
    for (let s = 0; s <= analysed.length; s++) {
      for (let e = s; e <= analysed.length; e++) {
        if (!change.keeps(s, e)) continue;
        const cs = change.toCurrent(s);
        const ce = change.toCurrent(e);
        assert.ok(cs !== undefined && ce !== undefined);
        assert.equal(current.slice(cs, ce), analysed.slice(s, e), 'a kept span reads the same now');
      }
    }
  }), { numRuns: 300 });
});

test('a span touching the change is not kept; identical texts keep everything', () => {
  const change = new TextChange('Natalizumab may lower relapses.', 'Metformin may lower relapses.');
  assert.equal(change.keeps(0, 11), false, 'the replaced word');
  assert.equal(change.keeps(11, 15), false, 'a span starting where the change ends');
  assert.equal(change.keeps(12, 15), true);
  assert.equal(change.toCurrent(12), 10);
  assert.equal(change.toAnalysed(3), undefined);
  const same = new TextChange('abc', 'abc');
  assert.ok(same.unchanged);
  assert.equal(same.keeps(0, 3), true);
  assert.equal(same.toAnalysed(3), 3);
});
