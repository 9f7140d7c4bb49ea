// Properties of the gap forms: a result computed correctly and rounded as papers round it is never flagged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../../server/src/core/analyze';
import { pFromZ } from '../../../server/src/core/statistics/distributions';

const CHECKS = new Set(['p-interval-consistency', 'interval-estimate', 'significance-wording', 'nnt-arr-consistency']);
const flagged = (text: string) => analyze(text).findings.filter((f) => CHECKS.has(f.ruleId)).map((f) => f.message);

function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

test('property: an unnamed ratio estimate with its Wald interval and its p is never flagged', () => {
  fc.assert(fc.property(fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.double({ min: 0.03, max: 0.6, noNaN: true }), (logE, se) => {
    const [E, L, U] = [logE, logE - 1.96 * se, logE + 1.96 * se].map((x) => Math.exp(x).toFixed(2));
    fc.pre(Number(L) >= 0.01 && Number(L) < Number(U));
    const text = `Risk of relapse was ${E} (${L} to ${U}), ${pText(pFromZ(Math.abs(logE) / se))}.`;
    assert.deepEqual(flagged(text), [], text);
  }), { numRuns: 300 });
});

test('property: an unnamed difference with its interval and its p is never flagged', () => {
  fc.assert(fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 3, noNaN: true }), (d, se) => {
    const [E, L, U] = [d, d - 1.96 * se, d + 1.96 * se].map((x) => x.toFixed(2));
    const text = `The score changed by ${E} (${L} to ${U}) overall, ${pText(pFromZ(Math.abs(d) / se))}.`.replace(/-/g, '−');
    assert.deepEqual(flagged(text), [], text);
  }), { numRuns: 300 });
});

test('property: an estimate with its SE and the p of its z test is never flagged', () => {
  fc.assert(fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }), (b, se) => {
    const [B, S] = [b.toFixed(2), se.toFixed(2)];
    fc.pre(Number(S) > 0);
    const text = `Sleep rose with dose (b = ${B}, SE = ${S}, ${pText(pFromZ(Math.abs(b) / se))}).`;
    assert.deepEqual(flagged(text), [], text);
  }), { numRuns: 300 });
});

test('property: an NNT computed as 1/ARR rounded up is never flagged', () => {
  fc.assert(fc.property(fc.double({ min: 0.2, max: 60, noNaN: true }), (arrPct) => {
    const text = `Relapse fell on treatment (ARR ${arrPct.toFixed(1)}%, NNT ${Math.ceil(100 / arrPct)}).`;
    assert.deepEqual(flagged(text), [], text);
  }), { numRuns: 300 });
});
