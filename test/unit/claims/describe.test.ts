import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileClaim } from '../../../server/src/core/claims/index';
import { describeProfile } from '../../../server/src/core/claims/describe';

test('describeProfile lists every field with the deciding words', () => {
  const text = 'Natalizumab may reduce CSF osteopontin.';
  const md = describeProfile(profileClaim(text, 40), text, 40);
  assert.match(md, /\*\*Claim\*\*/);
  assert.match(md, /\| relation \| conditional-causal .*`reduce`/);
  assert.match(md, /\| certainty \| hedged .*`may`/);
  assert.match(md, /\| outcome \| surrogate .*`CSF`/);
});

test('describeProfile says why a sentence is not a claim and shows negation', () => {
  const q = 'Will natalizumab slow progression?';
  assert.match(describeProfile(profileClaim(q), q, 0), /Not a claim.*question/);
  const n = 'Natalizumab did not reduce relapses.';
  assert.match(describeProfile(profileClaim(n), n, 0), /negated.*`not` \(negation\)/);
});
