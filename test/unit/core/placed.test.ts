import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlacedList, type PlacedPart } from '../../../server/src/core/placed';
import { shiftPlan } from '../../../server/src/core/positions';
import { analyzeNote } from '../../../server/src/core/analyze';
import { AnalysisCache } from '../../../server/src/core/incremental';
import { contextWith } from '../../../server/src/core/rules/rule';
import brandGeneric from '../../../server/src/core/rules/drug-brand-generic';
import type { Statistic } from '../../../server/src/core/types';

/**
 * A note's drugs and statistics are kept block by block and moved to their block's place only when
 * read: the whole list, the items inside a range and a pass over all of them must tell the same.
 */

type Item = { start: number; end: number; id: string; name: string };
const item = (start: number, end: number, name: string): Item => ({ start, end, id: `x@${start}`, name });

/** Three blocks found elsewhere (moved 0, +5 and -3), one with its items out of order. */
function parts(): PlacedPart<Item>[] {
  const made = (from: number, to: number, delta: number, items: Item[]): PlacedPart<Item> => ({ from, to, delta, items, plans: items.map(shiftPlan) });
  return [
    made(0, 20, 0, [item(0, 4, 'a'), item(6, 9, 'b'), item(6, 12, 'c')]),
    made(25, 50, 5, [item(30, 35, 'e'), item(21, 24, 'd'), item(36, 40, 'f')]),
    made(50, 70, -3, [item(55, 60, 'g'), item(62, 72, 'h')]),
  ];
}

test('the whole list is every block\'s items moved to its place, offsets and offset-bearing ids alike, in order of the blocks', () => {
  const list = new PlacedList(parts());
  assert.deepEqual(list.all.map((x) => [x.name, x.start, x.end, x.id]), [
    ['a', 0, 4, 'x@0'], ['b', 6, 9, 'x@6'], ['c', 6, 12, 'x@6'],
    ['e', 35, 40, 'x@35'], ['d', 26, 29, 'x@26'], ['f', 41, 45, 'x@41'],
    ['g', 52, 57, 'x@52'], ['h', 59, 69, 'x@59'],
  ]);
  assert.equal(list.all, list.all, 'made once');
});

test('within gives the items inside a range in the list\'s order, the same objects as the whole list, for any range', () => {
  const list = new PlacedList(parts());
  for (let start = -2; start < 75; start++) {
    for (let end = start; end < 76; end++) {
      const expected = list.all.filter((x) => x.start >= start && x.end <= end);
      const got = list.within(start, end);
      assert.equal(got.length, expected.length, `[${start}, ${end}]`);
      got.forEach((x, k) => assert.equal(x, expected[k], `[${start}, ${end}] #${k}`));
    }
  }
  // Asked before the whole list is made: the same objects again.
  const fresh = new PlacedList(parts());
  const early = fresh.within(20, 50);
  assert.deepEqual(early.map((x) => x.name), ['e', 'd', 'f']);
  assert.equal(early[0], fresh.all[3]);
});

test('a list already in place (not sorted) is searched the same way, and given back as it was', () => {
  const items = [item(10, 12, 'b'), item(3, 5, 'a'), item(10, 11, 'c'), item(20, 25, 'd'), item(4, 30, 'e')];
  const list = PlacedList.of(items);
  assert.equal(list.all, items);
  for (let start = 0; start < 32; start++) {
    for (let end = start; end < 32; end++) assert.deepEqual(list.within(start, end), items.filter((x) => x.start >= start && x.end <= end), `[${start}, ${end}]`);
  }
});

test('a pass over the blocks gives each block\'s items as it keeps them, with the distance it moved, whether or not they were moved since', () => {
  const given = parts();
  const list = new PlacedList(given);
  const seen: [string, number][] = [];
  const arrays: (readonly Item[])[] = [];
  const pass = (): void => list.eachPart((items, delta) => {
    arrays.push(items);
    for (const x of items) seen.push([x.name, x.start + delta]);
  });
  pass();
  // In order of the blocks (not sorted within one), each at its place in the note.
  assert.deepEqual(seen, list.all.map((x) => [x.name, x.start]));
  assert.deepEqual(arrays, given.map((p) => p.items));
  // Once `all` has moved them, still the kept arrays (what a reader keeps by them is found again).
  seen.length = 0;
  arrays.length = 0;
  pass();
  assert.deepEqual(seen, list.all.map((x) => [x.name, x.start]));
  assert.ok(arrays.every((items, p) => items === given[p].items));
});

test('an edit before a brand name: drug-brand-generic reading the blocks as kept finds what it finds reading the lists, and a sentence\'s statistics are those the lists give it', () => {
  const block = (i: number) => `## Part ${i}\n\nPatients took Tysabri for ${i} weeks; the hazard ratio was 0.7${i} (95% CI 0.5 to 0.9, p = 0.01).\n\nLater natalizumab and Ocrevus were compared.\n\n`;
  let text = Array.from({ length: 6 }, (_, i) => block(i)).join('');
  const cache = new AnalysisCache();
  analyzeNote(text, { cache });
  for (const at of [0, text.indexOf('## Part 2'), text.indexOf('Later'), text.length]) {
    text = `${text.slice(0, at)}Edited. ${text.slice(at)}`;
    const { context } = analyzeNote(text, { cache });
    assert.ok(context.placed, 'the analysis gives its blocks');
    const placed = brandGeneric.check(context);
    assert.ok(placed.length > 0);
    // A copy without the blocks (a spread reads the lists): the rule reads the lists.
    assert.deepEqual(placed, brandGeneric.check(contextWith(context, { placed: undefined })));
    assert.deepEqual(placed, brandGeneric.check({ ...context }));
    for (const s of context.sentences) {
      const inside = context.statistics.filter((x: Statistic) => x.start >= s.start && x.end <= s.end);
      assert.deepEqual(context.placed.statistics.within(s.start, s.end), inside);
    }
  }
});
