// Mapping positions between the text an analysis was made of and the text the editor has now:
// everything outside the changed part maps to the same characters; nothing inside maps at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EditLog, TextChange } from '../../../server/src/lsp/stale';

const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'x', '😀'), maxLength: 40 });

/**
 * Checks that every offset of `current` the change maps reads the same character in `analysed` and
 * maps back, and that every span it keeps reads the same in both; returns the offsets it does not map.
 */
function checkMapping(change: TextChange, analysed: string, current: string): number[] {
  const unmapped: number[] = [];
  for (let o = 0; o <= current.length; o++) {
    const a = change.toAnalysed(o);
    if (a === undefined) {
      unmapped.push(o);
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
  return unmapped;
}

test('property: outside the change, offsets map both ways onto the same text; spans kept are unchanged', () => {
  fc.assert(fc.property(text, text, text, text, (before, removed, inserted, after) => {
    const analysed = before + removed + after;
    const current = before + inserted + after;
    const change = new TextChange(analysed, current);
    // The change found is no larger than the edit made.
    assert.ok(change.analysedEnd - change.start <= removed.length && change.currentEnd - change.start <= inserted.length);
    assert.equal(analysed.length - change.analysedEnd, current.length - change.currentEnd);
    for (const o of checkMapping(change, analysed, current)) assert.ok(o >= change.start && o <= change.currentEnd, 'only offsets in the change are unmapped');
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

// Edits in several places since the analysed version (typing here, then there): what lies between
// them still maps, each edited place does not.
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.double({ min: 0, max: 1, noNaN: true }), inserted: text });

test('property: edits composed version by version map what no edit touched, both ways, and nothing an edit touched', () => {
  fc.assert(fc.property(text, text, fc.array(edit, { minLength: 1, maxLength: 8 }), (head, tail, steps) => {
    const analysed = head + tail;
    const log = new EditLog();
    log.record('note', 1, analysed);
    let current = analysed;
    let inserted = 0;
    steps.forEach((step, k) => {
      const start = Math.floor(step.at * current.length);
      const end = start + Math.floor(step.length * (current.length - start) * 0.5);
      current = current.slice(0, start) + step.inserted + current.slice(end);
      inserted += step.inserted.length;
      log.record('note', k + 2, current);
    });
    const change = log.since('note', 1, analysed, current);
    assert.equal(analysed.length + change.growth, current.length);
    const unmapped = checkMapping(change, analysed, current).length;
    // Each edit leaves at most its inserted characters and one edge unmapped.
    assert.ok(unmapped <= inserted + steps.length, `${unmapped} unmapped offsets for ${inserted} inserted characters in ${steps.length} edits`);
  }), { numRuns: 300 });
});

test('the edits since a version keep the text between them; without them, or from a version no longer logged, one span covers all', () => {
  const analysed = 'Natalizumab may lower relapses. Metformin lowers glucose. Rituximab is given.';
  const log = new EditLog();
  log.record('note', 1, analysed);
  const second = analysed.replace('may lower', 'lowers');
  log.record('note', 2, second);
  const third = second.replace('is given', 'was given');
  log.record('note', 3, third);
  const metformin = analysed.indexOf('Metformin');
  const change = log.since('note', 1, analysed, third);
  assert.equal(change.size, 2);
  assert.equal(change.keeps(metformin, metformin + 9), true, 'a word between the two edits');
  assert.equal(third.slice(change.toCurrent(metformin)!, change.toCurrent(metformin)! + 9), 'Metformin');
  assert.equal(change.keeps(analysed.indexOf('may'), analysed.indexOf('may') + 3), false);
  assert.equal(change.keeps(analysed.indexOf('is given'), analysed.indexOf('is given') + 8), false);
  // An unknown version (or another text) is compared by its common ends: the word between is not kept.
  const unknown = log.since('note', 7, analysed, third);
  assert.equal(unknown.size, 1);
  assert.equal(unknown.keeps(metformin, metformin + 9), false);
  // The version the log holds now: nothing changed.
  assert.ok(log.since('note', 3, third, third).unchanged);
  // Forgotten (the note was closed): common ends again.
  log.forget('note');
  assert.equal(log.since('note', 1, analysed, third).size, 1);
});
