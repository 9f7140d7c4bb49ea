// Moving kept results along the note by their plans (positions.ts): the same values as the generic walk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { shiftByPlan, shiftOffsets, shiftPlan } from '../../../server/src/core/positions';

/** An offset-bearing id as the recognisers make them (`kind@offset`), with any prefix and digits (leading zeros, very long numbers). */
const id = fc.tuple(fc.string({ maxLength: 8 }), fc.oneof(fc.stringMatching(/^\d{1,6}$/), fc.stringMatching(/^[1-9]\d{14,21}$/))).map(([prefix, digits]) => `${prefix}@${digits}`);

const statistic = fc.record({
  kind: fc.constantFrom('p', 'ci', 'hr', 'duration'),
  text: fc.string({ maxLength: 12 }),
  start: fc.nat({ max: 1e6 }),
  end: fc.nat({ max: 1e6 }),
  id,
  pId: fc.option(id, { nil: undefined }),
  ciId: fc.option(id, { nil: undefined }),
  value: fc.double({ noNaN: true }),
}).map((s) => {
  // Absent ids are absent keys, as the recognisers leave them.
  const out: Record<string, unknown> = { ...s };
  for (const k of ['pId', 'ciId']) if (out[k] === undefined) delete out[k];
  return out;
});

test('property: a value moved by its plan equals the generic walk (offsets, and ids whatever their number)', () => {
  fc.assert(fc.property(statistic, fc.integer({ min: -1e6, max: 1e6 }).filter((d) => d !== 0), (value, delta) => {
    assert.deepStrictEqual(shiftByPlan(value, shiftPlan(value), delta), shiftOffsets(value, delta));
  }), { numRuns: 500 });
});

test('property: a value moved again by the plan made where it was first (as kept results are) equals the generic walk moving it twice', () => {
  // Ids whose numbers stay exact integers when moved (a number past 2^53 is not an offset).
  const offsetId = fc.tuple(fc.string({ maxLength: 8 }), fc.stringMatching(/^\d{1,15}$/)).map(([prefix, digits]) => `${prefix}@${digits}`);
  const kept = fc.tuple(statistic, offsetId, fc.option(offsetId, { nil: undefined })).map(([s, i, p]) => {
    const out: Record<string, unknown> = { ...s, id: i };
    if (p === undefined) delete out.pId; else out.pId = p;
    delete out.ciId;
    return out;
  });
  fc.assert(fc.property(kept, fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (value, first, second) => {
    const plan = shiftPlan(value);
    assert.deepStrictEqual(shiftByPlan(shiftByPlan(value, plan, first), plan, second), shiftOffsets(shiftOffsets(value, first), second));
  }), { numRuns: 500 });
});

test('an id is moved by its last number; the value moved is a copy', () => {
  const value = { kind: 'ci', start: 950, end: 962, id: 'ci@950', estimateId: 'or@0940' };
  const moved = shiftByPlan(value, shiftPlan(value), 12);
  assert.deepStrictEqual(moved, { kind: 'ci', start: 962, end: 974, id: 'ci@962', estimateId: 'or@952' });
  assert.equal(value.id, 'ci@950');
});
