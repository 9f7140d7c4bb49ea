import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findStatistics } from '../../../server/src/core/statistics/index';
import { describeStatistic } from '../../../server/src/core/statistics/describe';

const describeAll = (text: string) => findStatistics(text, 0).map(describeStatistic);

test('describes p-values with comparator and sidedness', () => {
  assert.deepEqual(describeAll('p = 0.0004'), ['**p-value**: p = 0.0004 (exact, two-sided unless stated)']);
  assert.deepEqual(describeAll('P < 0.001, one-sided'), ['**p-value**: p < 0.001 (upper bound, one-sided)']);
  assert.match(describeAll('t(28) = 1.1, ns')[1], /not significant/);
});

test('describes an interval with its level, unit and estimate', () => {
  const [, ci] = describeAll('decreased by 65 ng/mL (95% CI 34–96 ng/mL)');
  assert.equal(ci, '**95% CI** 34 to 96 ng/mL for the estimate 65 (decrease); difference measure, no effect = 0');
  assert.match(describeAll('HR 0.72 [0.61, 0.89]')[1], /95% \(assumed\) CI.*ratio measure, no effect = 1/);
});

test('describes tests, effects, proportions, sample sizes and durations', () => {
  assert.equal(describeAll('F(2, 30) = 5.2')[0], '**F-test**: F(2, 30) = 5.2 with degrees of freedom 2 and 30 → p = 0.0115 (upper tail)');
  assert.equal(describeAll('z = 1.96')[0], '**z-test**: z = 1.96 → p = 0.05 (two-tailed)');
  assert.equal(describeAll('HR 0.72')[0], '**hazard ratio**: 0.72');
  assert.equal(describeAll('17 of 24 (75%)')[0], '**proportion**: 17 of 24 reported as 75% (exact 70.83%)');
  assert.equal(describeAll('Seventeen participants')[0], '**sample size**: n = 17 participants');
  assert.equal(describeAll('2-year follow-up')[0], '**duration**: 2 years (follow-up)');
});
