import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { profileClaim } from '../../../server/src/core/claims/index';
import { describeProfile } from '../../../server/src/core/claims/describe';

const words = ['natalizumab', 'may', 'not', 'reduce', 'reduces', 'reduced', 'associated', 'with', 'clearly', 'shows', 'the', 'risk',
  'of', 'relapse', 'higher', 'than', 'completely', 'halts', 'game', 'changer', 'I', 'hope', '?', ',', '.', 'whether', 'to', 'a', 'reduction', 'in', 'MRI'];

test('profileClaim never throws and every cue slices the sentence at its absolute offset', () => {
  fc.assert(fc.property(
    fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 6 })), { maxLength: 25 }),
    fc.nat(10_000),
    (parts, offset) => {
      const text = parts.join(' ');
      const p = profileClaim(text, offset);
      for (const c of p.cues) {
        assert.ok(c.start >= offset && c.end <= offset + text.length && c.start <= c.end);
        if (c.end > c.start) assert.equal(text.slice(c.start - offset, c.end - offset), c.text);
      }
      assert.equal(typeof describeProfile(p, text, offset), 'string');
    },
  ), { numRuns: 300 });
});
