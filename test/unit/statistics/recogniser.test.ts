import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findStatistics } from '../../../server/src/core/statistics/index';

const kinds = (text: string) => findStatistics(text, 0).map((s) => `${s.kind}:${s.text}`);

test('links a test statistic to its p-value, and an estimate to its interval and p-value', () => {
  const stats = findStatistics('HR 0.72 (95% CI 0.61–0.89; p = 0.002), and t(28) = 2.20, p = .036.', 10);
  const [hr, ci, p1, t, p2] = stats;
  assert.deepEqual(stats.map((s) => s.kind), ['effect', 'ci', 'p', 'test', 'p']);
  assert.equal(hr.ciId, ci.id);
  assert.equal(ci.estimateId, hr.id);
  assert.equal(hr.pId, p1.id);
  assert.equal(ci.pId, p1.id);
  assert.equal(t.pId, p2.id);
  assert.equal(p2.testId, t.id);
  assert.equal(ci.measure, 'HR');
  assert.equal(ci.scale, 'ratio');
  assert.equal(ci.nullValue, 1);
  assert.equal(hr.start, 10);
});

test('a bare bracketed interval counts only right after an estimate', () => {
  assert.deepEqual(kinds('OR 1.45 [1.02, 2.06]'), ['effect:OR 1.45', 'ci:[1.02, 2.06]']);
  assert.deepEqual(kinds('Ages ranged widely (18–65).'), []);
});

test('an unlabelled number before a labelled interval becomes its estimate', () => {
  const stats = findStatistics('Relapses fell by a factor of 0.55 (95% CI 0.40–0.75).', 0);
  const e = stats.find((s) => s.kind === 'effect');
  assert.ok(e);
  assert.equal(e.value, 0.55);
  assert.equal(e.text, '0.55');
});

test('does not read ordinary prose as statistics', () => {
  assert.deepEqual(kinds('Patients OR clinicians chose the dose; see p. 34 and step 2.'), []);
  assert.deepEqual(kinds('In 2019 patients were recruited at three sites.'), []);
  assert.deepEqual(kinds('The artist painted it = nothing.'), []);
});

test('the CI level is not also a percentage', () => {
  assert.deepEqual(kinds('95% CI 34–96'), ['ci:95% CI 34–96']);
  assert.deepEqual(kinds('a 95% response rate'), ['percent:95%']);
});

test('standalone ns after a test counts as a non-significant p', () => {
  const [t, p] = findStatistics('t(28) = 1.10, ns', 0);
  assert.equal(t.kind, 'test');
  assert.equal(p.kind, 'p');
  assert.equal(p.ns, true);
  assert.equal(t.pId, p.id);
});

test('comparators map to the contract values', () => {
  const cmp = (s: string) => findStatistics(s, 0)[0]?.comparator;
  assert.equal(cmp('p ≤ 0.05'), '<=');
  assert.equal(cmp('p =< 0.05'), '<=');
  assert.equal(cmp('p ≥ 0.05'), '>=');
  assert.equal(cmp('p was less than 0.05'), '<');
  assert.equal(cmp('p value was greater than 0.05'), '>');
});

test('durations and sample sizes in words', () => {
  const [n, d] = findStatistics('Forty-two participants finished the six-month trial.', 0);
  assert.equal(n.value, 42);
  assert.equal(d.kind, 'duration');
  assert.equal(d.value, 6);
  assert.equal(d.unit, 'months');
  assert.equal(d.context, 'trial');
});

test('empty input gives nothing', () => {
  assert.deepEqual(findStatistics('', 0), []);
});

test('a hyphenated modifier is not the size of a change', () => {
  const stats = findStatistics('It reduced the risk of 12-week confirmed progression by 24% (HR 0.76).', 0);
  assert.ok(!stats.some((s) => s.kind === 'effect' && s.value === 12));
  assert.ok(stats.some((s) => s.kind === 'effect' && s.measure === 'HR'));
});

test('means with an (SD) marker', () => {
  const [m] = findStatistics('The mean (SD) age was 45.2 (10.1) years.', 0);
  assert.equal(m.measure, 'mean');
  assert.equal(m.value, 45.2);
});

test('an interval does not reach back across a closed result', () => {
  const stats = findStatistics('HR 0.72 (p = 0.01) in younger patients; in older ones the 95% CI was 0.9–1.3.', 0);
  const ci = stats.find((s) => s.kind === 'ci');
  assert.ok(ci);
  assert.equal(ci.estimateId, undefined);
});

test('decimal commas below 1 (European style) are read as decimals, thousands separators as thousands', () => {
  const [hr, ci] = findStatistics('HR 0,72 (95% CI 0,61–0,89)', 0);
  assert.equal(hr.value, 0.72);
  assert.equal(ci.lower, 0.61);
  assert.equal(ci.upper, 0.89);
  const [n] = findStatistics('n = 1,024', 0);
  assert.equal(n.value, 1024);
  // Between brackets with nothing else, "0,1" is still read as the interval 0 to 1.
  const [, bare] = findStatistics('OR 0.8 [0,1]', 0);
  assert.equal(bare.lower, 0);
  assert.equal(bare.upper, 1);
});
