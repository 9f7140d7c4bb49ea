import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findStatistics } from '../../../server/src/core/statistics/index';
import { checkTestAgainstP } from '../../../server/src/core/statistics/statcheck';
import { impliedP } from '../../../server/src/core/statistics/interval';
import { pFromStatistic } from '../../../server/src/core/statistics/distributions';
import { analyze } from '../../../server/src/core/analyze';

function statcheck(text: string, options = {}) {
  const stats = findStatistics(text, 0);
  const t = stats.find((s) => s.kind === 'test');
  const p = stats.find((s) => s.id === t?.pId);
  assert.ok(t && p, text);
  const r = checkTestAgainstP(t, p, text, options);
  assert.ok(r, text);
  return r;
}

test('distributions: known textbook values', () => {
  // Critical values from standard tables: t(10) = 2.228, F(1, 20) = 4.351, χ²(1) = 3.841, z = 1.960 → p = .05.
  assert.ok(Math.abs(pFromStatistic('t', 2.228, [10]) - 0.05) < 1e-3);
  assert.ok(Math.abs(pFromStatistic('F', 4.351, [1, 20]) - 0.05) < 1e-3);
  assert.ok(Math.abs(pFromStatistic('chi2', 3.841, [1]) - 0.05) < 1e-3);
  assert.ok(Math.abs(pFromStatistic('z', 1.96, []) - 0.05) < 1e-3);
  // r(df) goes through t = r·√(df/(1−r²)): r = .444 with 18 df is the .05 critical value.
  assert.ok(Math.abs(pFromStatistic('r', 0.444, [18]) - 0.05) < 2e-3);
  assert.ok(Number.isNaN(pFromStatistic('r', 1.2, [18])));
});

test('statcheck: consistent, inconsistent and decision errors', () => {
  assert.equal(statcheck('t(40) = 2.50, p = .017').error, false);
  const inc = statcheck('t(40) = 2.50, p = .03');
  assert.equal(inc.error, true);
  assert.equal(inc.decisionError, false);
  const dec = statcheck('t(40) = 1.50, p = .04');
  assert.equal(dec.error, true);
  assert.equal(dec.decisionError, true);
  assert.equal(statcheck('F(1, 58) = 12.40, p < .001').error, false);
  assert.equal(statcheck('F(1, 58) = 12.40, p > .05').decisionError, true);
});

test('statcheck: rounding of the statistic widens the accepted p range', () => {
  // t = 2 stands for 1.5–2.5, so p from about .018 to .145 is acceptable.
  assert.equal(statcheck('t(30) = 2, p = .03').error, false);
  assert.equal(statcheck('t(30) = 2.00, p = .03').error, true);
});

test('statcheck: one-tailed wording is honoured, and ignored when switched off', () => {
  assert.equal(statcheck('t(40) = 2.50, p = .008, one-tailed').error, false);
  assert.equal(statcheck('t(40) = 2.50, p = .008, one-tailed', { oneTailedTxt: false }).error, true);
  assert.equal(statcheck('t(40) = 2.50, p = .008').error, true);
});

test('statcheck: p = .000 is an error unless switched off; ns reads as p > .05', () => {
  assert.equal(statcheck('t(40) = 12.5, p = .000').error, true);
  assert.equal(statcheck('t(40) = 12.5, p = .000', { pZeroError: false }).error, false);
  assert.equal(statcheck('t(40) = 1.10, ns').error, false);
  assert.equal(statcheck('t(40) = 3.10, ns').decisionError, true);
});

test('implied p from an interval: log scale for ratios, linear for differences', () => {
  const [hr, ci] = findStatistics('HR 0.72 (95% CI 0.61–0.89)', 0);
  const r = impliedP(ci, hr);
  assert.ok(r);
  // SE = (ln 0.89 − ln 0.61) / 3.92 ≈ 0.0964; z = |ln 0.72| / SE ≈ 3.41; p ≈ 0.0007.
  assert.ok(Math.abs(r.p - 0.00066) < 0.0001, String(r.p));
  assert.ok(r.low < 0.0007 && r.high > 0.0007 && r.high < 0.01);
  const [md, ci2] = findStatistics('MD 2.0 (95% CI 1.0 to 3.0)', 0);
  const d = impliedP(ci2, md);
  assert.ok(d);
  // SE = 2 / 3.92 ≈ 0.51; z ≈ 3.92; p ≈ 0.00009.
  assert.ok(Math.abs(d.p - 0.0000886) < 0.00001, String(d.p));
});

const findingsOf = (text: string, ruleId: string) => analyze(text).findings.filter((f) => f.ruleId === ruleId);

test('test-statistic-p: severity error for a decision error, warning otherwise', () => {
  const [dec] = findingsOf('Groups differed, t(40) = 1.50, p = .04.\n', 'test-statistic-p');
  assert.equal(dec.severity, 'error');
  assert.match(dec.message, /gives p = 0\.14/);
  const [inc] = findingsOf('Groups differed, t(40) = 2.50, p = .03.\n', 'test-statistic-p');
  assert.equal(inc.severity, 'warning');
  assert.equal(findingsOf('Groups differed, t(40) = 2.50, p = .017.\n', 'test-statistic-p').length, 0);
});

test('significance-wording judges each wording against its nearest result', () => {
  const text = 'Relapses fell significantly (p = .01), but fatigue did not change significantly (p = .30).\n';
  assert.equal(findingsOf(text, 'significance-wording').length, 0);
  assert.equal(findingsOf('Relapses fell significantly (p = .30).\n', 'significance-wording').length, 1);
  assert.equal(findingsOf('A non-significant trend was seen (p = .30).\n', 'significance-wording').length, 0);
});

test('absence-of-evidence stays quiet when the sentence also reports a significant result', () => {
  assert.equal(findingsOf('There was no difference in fatigue (p = .40).\n', 'absence-of-evidence').length, 1);
  assert.equal(findingsOf('Relapses fell (p = .002) but there was no difference in fatigue (p = .40).\n', 'absence-of-evidence').length, 0);
  assert.equal(findingsOf('There was no difference in fatigue.\n', 'absence-of-evidence').length, 0);
  // Stating the test result is fine: "did not differ significantly".
  assert.equal(findingsOf('Scores did not differ significantly, t(58) = 1.12, p = .27.\n', 'absence-of-evidence').length, 0);
});

test('percent-arithmetic offers the corrected percentage as a quick fix', () => {
  const text = 'Of those treated, 17 of 24 (75%) responded.\n';
  const [f] = findingsOf(text, 'percent-arithmetic');
  assert.ok(f);
  const fix = (f.data?.fixes as { start: number; end: number; newText: string }[])[0];
  assert.equal(text.slice(fix.start, fix.end), '75');
  assert.equal(fix.newText, '71');
  assert.equal(findingsOf('Of those treated, 17 of 24 (70.8%) responded.\n', 'percent-arithmetic').length, 0);
});

test('grim needs integer data, a mean at enough decimals and a small n', () => {
  assert.equal(findingsOf('The mean number of relapses was 1.37 (n = 17).\n', 'grim').length, 1);
  assert.equal(findingsOf('The mean number of relapses was 1.35 (n = 17).\n', 'grim').length, 0);
  assert.equal(findingsOf('The mean serum level was 1.37 (n = 17).\n', 'grim').length, 0);
  assert.equal(findingsOf('The mean number of relapses was 1.37 (n = 170).\n', 'grim').length, 0);
});

test('interval-estimate understands sign-carrying words', () => {
  assert.equal(findingsOf('Osteopontin decreased by 65 ng/mL (95% CI −96 to −34).\n', 'interval-estimate').length, 0);
  assert.equal(findingsOf('Osteopontin decreased by 65 ng/mL (95% CI 34–96).\n', 'interval-estimate').length, 0);
  assert.equal(findingsOf('Osteopontin decreased by 65 ng/mL (95% CI 70–96).\n', 'interval-estimate').length, 1);
});

test('p-interval-consistency accepts a small study reporting a t-based interval', () => {
  const text = 'CSF osteopontin decreased by 65 ng/mL (95% confidence interval 34-96 ng/mL; p = 0.0004) from baseline.\n';
  assert.equal(findingsOf(text, 'p-interval-consistency').length, 0);
});

test('test-statistic-p derives a correlation\'s df from n when it is not given', () => {
  const [f] = findingsOf('Fatigue correlated with age (r = .30, n = 50, p = .40).\n', 'test-statistic-p');
  assert.ok(f);
  assert.match(f.message, /df = 48 from `n = 50`/);
  assert.equal(findingsOf('Fatigue correlated with age (r = .30, n = 50, p = .034).\n', 'test-statistic-p').length, 0);
});

test('GRIMMER: an SD that no integer data with that mean and n can have', async () => {
  const { analyze } = await import('../../../server/src/core/analyze');
  const grim = (t: string) => analyze(t, {}).findings.filter((f) => f.ruleId === 'grim').map((f) => f.message);
  // {2,2,2,3,3,3}: mean 2.50, sample SD 0.5477 → 0.55 is possible, 0.51 is not.
  assert.deepEqual(grim('On the single Likert item, M = 2.50, SD = 0.55 (n = 6).'), []);
  const [m] = grim('On the single Likert item, M = 2.50, SD = 0.51 (n = 6).');
  assert.match(m, /GRIMMER/);
  assert.match(m, /SD taken as 0\.505–0\.515/);
  // A number of studies is not a sample size.
  assert.deepEqual(grim('The mean rating was 3.47 across k = 29 studies.'), []);
});
