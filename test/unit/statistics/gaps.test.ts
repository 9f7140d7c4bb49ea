import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import { allowedNnt } from '../../../server/src/core/rules/nnt-arr-consistency';
import type { Statistic } from '../../../server/src/core/types';
import { findStatistics, describeStatistic, inferScale } from '../../../server/src/core/statistics/index';

function nntFindings(text: string) {
  return analyze(text).findings.filter((f) => f.ruleId === 'nnt-arr-consistency');
}

test('nnt-arr-consistency: NNT is 1/ARR rounded up, over the rounding range of the ARR', () => {
  const arr = (value: number, decimals: number, unit?: string) => ({ kind: 'effect', text: '', start: 0, end: 0, measure: 'ARR', value, decimals, unit } as Statistic);
  // 4.2% lies in [4.15%, 4.25%]: 1/0.0425 = 23.5 and 1/0.0415 = 24.1, rounded up 24 and 25.
  assert.deepEqual([allowedNnt(arr(4.2, 1, '%'))!.min, allowedNnt(arr(4.2, 1, '%'))!.max], [24, 25]);
  // A proportion: 0.05 in [0.045, 0.055] gives 19 to 23.
  assert.deepEqual([allowedNnt(arr(0.05, 2))!.min, allowedNnt(arr(0.05, 2))!.max], [19, 23]);
  // A negative risk difference (harm) is read by its size.
  assert.equal(allowedNnt(arr(-10, 0, '%'))!.exact, 10);
  assert.equal(allowedNnt(arr(0, 0, '%')), undefined);
});

test('nnt-arr-consistency: flags a wrong NNT, accepts right ones in the usual forms', () => {
  assert.equal(nntFindings('Relapse fell on treatment (ARR 5% (NNT 20)).').length, 0);
  assert.equal(nntFindings('The absolute risk reduction was 4.2% (95% CI 1.1–7.3); NNT 24.').length, 0);
  assert.equal(nntFindings('Falls were rarer (risk difference 0.06, NNT 17).').length, 0);
  const bad = nntFindings('Relapse fell on treatment (ARR 5%, NNT 12).');
  assert.equal(bad.length, 1);
  assert.match(bad[0].message, /`NNT 12`.*`ARR 5%`.*= 20.*19 to 23/);
  assert.equal(nntFindings('The absolute risk reduction was 4.2% (95% CI 1.1–7.3); NNT 20.').length, 1);
  // An NNT without an ARR in its sentence is not checked.
  assert.equal(nntFindings('Relapse fell on treatment (NNT 12). The ARR was 5%.').length, 0);
});

test('absence-of-evidence: "no effect" in the next sentence of the same paragraph, from a non-significant result', () => {
  const aoe = (text: string) => analyze(text).findings.filter((f) => f.ruleId === 'absence-of-evidence');
  const f = aoe('Sleep latency was similar in both arms (p = 0.34). The drug therefore has no effect on sleep.');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /previous sentence \(`p = 0\.34`\)/);
  // Another paragraph, a significant result, or a sentence with results of its own: not this check.
  assert.equal(aoe('Sleep latency was similar in both arms (p = 0.34).\n\nThe drug therefore has no effect on sleep.').length, 0);
  assert.equal(aoe('Sleep latency fell (p = 0.01). The drug had no effect on mood.').length, 0);
  assert.equal(aoe('Sleep latency was similar (p = 0.34). Mood did not differ significantly (p = 0.02).').length, 0);
});

test('not-estimable bounds: the interval is open on that side and never judged', () => {
  const [, ci] = findStatistics('HR 0.81 (95% CI 0.70–NR)');
  assert.equal(ci.kind, 'ci');
  assert.equal(ci.lower, 0.7);
  assert.equal(ci.upper, undefined);
  assert.equal(ci.openUpper, true);
  assert.equal(ci.estimateValue, 0.81);
  assert.match(describeStatistic(ci), /not estimable/);
  // An estimate below the lower bound and a p that would disagree: still nothing, the interval cannot be judged.
  const stats = analyze('Risk fell (HR 0.51, 95% CI 0.70–NE, p = 0.60).').findings.filter((f) => f.ruleId !== 'unsupported-claim');
  assert.deepEqual(stats, []);
  // Both bounds not estimable is not an interval at all.
  assert.equal(findStatistics('HR 0.81 (95% CI NE–NR)').some((s) => s.kind === 'ci'), false);
});

test('an unnamed decimal estimate with a bare interval is linked; counts, n (%), spreads and named measures are not read that way', () => {
  const stats = findStatistics('Risk of relapse was 0.81 (0.70 to 0.94), p = 0.01.');
  const ci = stats.find((s) => s.kind === 'ci')!;
  assert.equal(ci.estimateValue, 0.81);
  assert.equal(ci.scale, 'ratio');
  assert.ok(ci.pId);
  assert.equal(findStatistics('(0.81, 0.70–0.94)').find((s) => s.kind === 'ci')?.estimateValue, 0.81);
  for (const text of ['Relapses: 12 (10–15) per group.', 'Of 120 patients, 30 (25%) relapsed.', 'Patients were 45.5 (30.0–60.0) years old.', 'aged 45.5 (30.0–60.0) at entry'])
    assert.equal(findStatistics(text).some((s) => s.kind === 'ci'), false, text);
  // A named measure keeps its own reading.
  assert.equal(findStatistics('HR 0.81 (0.70–0.94)').find((s) => s.kind === 'ci')?.measure, 'HR');
  const findings = (t: string) => analyze(t).findings.filter((f) => f.category === 'statistics').map((f) => f.ruleId);
  assert.deepEqual(findings('Values were 1.5 (2.0–3.0).'), ['interval-estimate']);
  assert.deepEqual(findings('Risk was 0.81 (0.70 to 0.94), p = 0.40.'), ['p-interval-consistency']);
  assert.deepEqual(findings('Risk was 0.81 (0.70 to 0.94), p = 0.005.'), []);
});

test('inferScale: symmetric on the log scale is a ratio, on the linear scale a difference, both or neither unknown', () => {
  assert.equal(inferScale(0.81, 0.70, 0.94, 2), 'ratio');
  assert.equal(inferScale(2.5, 1.2, 3.8, 2), 'difference');
  assert.equal(inferScale(-1.5, -2.6, -0.4, 2), 'difference');
  // Narrow interval near 1: both fit within rounding, so no p can be recomputed.
  assert.equal(inferScale(1.0, 0.9, 1.1, 1), undefined);
  assert.equal(inferScale(0.5, 0.6, 0.9, 1), undefined);
  // A log-symmetric interval whose printed estimate and lower bound were both rounded by nearly
  // half a unit, the opposite ways (1.1050, 1.0150, 1.2030): the estimate counts twice in the
  // asymmetry, so it fits the ratio shape too, and stays unknown (it was read as a difference,
  // and a correct p = 0.021 was flagged).
  assert.equal(inferScale(1.11, 1.01, 1.20, 2), undefined);
  assert.deepEqual(analyze('Risk of relapse was 1.11 (1.01 to 1.20), p = 0.021.').findings.filter((f) => f.ruleId === 'p-interval-consistency'), []);
});

test('a standard error after an estimate is linked, and p is checked against estimate / SE', () => {
  const pFindings = (t: string) => analyze(t).findings.filter((f) => f.ruleId === 'p-interval-consistency');
  assert.equal(findStatistics('b = 0.21, SE = 0.05, p = 0.03')[0].se, 0.05);
  assert.equal(findStatistics('β 0.21 (SE 0.05), p < 0.001')[0].se, 0.05);
  const bad = pFindings('Sleep rose with dose (b = 0.21, SE = 0.05, p = 0.03).');
  assert.equal(bad.length, 1);
  assert.match(bad[0].message, /z = 4\.2/);
  assert.equal(pFindings('Sleep rose with dose (b = 0.21, SE = 0.05, p < 0.001).').length, 0);
  // z = 1.67, p ≈ 0.096: consistent; the rounding of 0.5 and 0.3 is allowed for.
  assert.equal(pFindings('b = 0.5, SE = 0.3, p = .10').length, 0);
  assert.equal(pFindings('The slope was 0.21 ± 0.05 (SE), p = 0.02.').length, 1);
  // Two groups' means ± SE with one p: the p compares the groups, not each mean with 0.
  const two = findStatistics('Group A 45.2 ± 1.1 (SE), group B 47.0 ± 1.2 (SE), p = 0.02');
  assert.equal(two[0].se, 1.1);
  assert.equal(two[0].sd, undefined);
  assert.equal(pFindings('Group A 45.2 ± 1.1 (SE), group B 47.0 ± 1.2 (SE), p = 0.02.').length, 0);
  // Without an SE label, ± stays an SD.
  assert.equal(findStatistics('The slope was 0.21 ± 0.05, p = 0.02')[0].se, undefined);
});

test('nnt-arr-consistency: an NNT is not paired with an ARR across another estimate', () => {
  const f = analyze('The ARR for stroke was 2.0% (NNT 50), and for any vascular event 4.0% (NNT 25).').findings.filter((x) => x.ruleId === 'nnt-arr-consistency');
  assert.deepEqual(f, []);
});

test('nnt-arr-consistency: "percentage points" is a percentage even below 1', () => {
  const f = (t: string) => analyze(t).findings.filter((x) => x.ruleId === 'nnt-arr-consistency');
  assert.deepEqual(f('The ARR was 0.8 percentage points (NNT 125).'), []);
  assert.equal(f('The ARR was 0.8 percentage points (NNT 12).').length, 1);
});

test('hover: an estimate with its SE shows the z and p it implies', () => {
  const [e] = findStatistics('b = 0.21, SE = 0.05, p = 0.03');
  assert.match(describeStatistic(e), /SE 0\.05; z = 4\.2 → two-sided p = 2\.7e-5\)/);
});

test('unnamed estimates that are group values (compared with another group, or named as a group) get no scale and no p check', () => {
  const pFindings = (t: string) => analyze(t).findings.filter((f) => f.ruleId === 'p-interval-consistency');
  assert.deepEqual(pFindings('Baseline EDSS was 3.5 (2.0–5.0) vs 4.0 (2.5–5.5), p = 0.30.'), []);
  assert.deepEqual(pFindings('Scores were 3.5 (2.0–5.0) in the treated arm and 4.0 (2.5–5.5) in controls (p = 0.30).'), []);
  assert.deepEqual(pFindings('Scores were 3.5 (2.0–5.0) in the placebo group, p = 0.30.'), []);
  const ci = findStatistics('Scores were 3.5 (2.0–5.0) in the placebo group.').find((s) => s.kind === 'ci');
  assert.equal(ci?.estimateValue, 3.5);
  assert.equal(ci?.scale, undefined);
});

test('a p printed as the threshold itself says nothing about which side of the null the interval lies', () => {
  const pFindings = (t: string) => analyze(t).findings.filter((f) => f.ruleId === 'p-interval-consistency').map((f) => f.message);
  // p = 0.0497 and 0.0507 both print as 0.050; intervals just including 0 are consistent with them.
  assert.deepEqual(pFindings('The score changed by −3.19 (−6.38 to 0.01) overall, p = 0.050.'), []);
  assert.deepEqual(pFindings('The score changed by 4.97 (−0.01 to 9.96) overall, p = 0.05.'), []);
  // A p clearly below the threshold with an interval including the null is still flagged.
  assert.equal(pFindings('The score changed by 4.97 (−0.01 to 9.96) overall, p = 0.03.').length, 1);
});
