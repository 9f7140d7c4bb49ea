// Reporting forms met in real notes that the first version of the recogniser missed or misread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findStatistics } from '../../../server/src/core/statistics/index';
import { describeStatistic } from '../../../server/src/core/statistics/describe';
import { analyze } from '../../../server/src/core/analyze';

const one = (text: string, kind: string) => findStatistics(text, 0).filter((s) => s.kind === kind);
const ruleIds = (text: string) => analyze(text, {}).findings.map((f) => f.ruleId);

test('df pasted from a PDF subscript: t28, F2,110, t₂₈', () => {
  const [t] = one('The per-protocol comparison gave t28 = 2.20, p = .036.', 'test');
  assert.equal(t.text, 't28 = 2.20');
  assert.deepEqual(t.df, [28]);
  assert.equal(t.value, 2.2);
  const [f] = one('Dose-response: F2,110 = 3.12, p = .048.', 'test');
  assert.deepEqual(f.df, [2, 110]);
  assert.equal(f.test, 'F');
  const [u] = one('Reanalysis: t₂₈ = 1.20, p = .04.', 'test');
  assert.deepEqual(u.df, [28]);
  assert.ok(u.pId, 'the subscript test owns the p-value after it');
  // Consistent ones are quiet, a wrong one is a decision error.
  assert.ok(!ruleIds('The comparison gave t28 = 2.20, p = .036.').includes('test-statistic-p'));
  assert.ok(ruleIds('The comparison gave t28 = 1.20, p = .04.').includes('test-statistic-p'));
  // Not a test: a word ending in t followed by digits, or a variable name.
  assert.deepEqual(one('At visit t2 the dose was 20 mg.', 'test'), []);
});

test('the SD after a mean, in the three common forms', () => {
  const [m1] = one('App group M = 6.1, SD = 1.4 versus control.', 'effect');
  assert.equal(m1.text, 'M = 6.1, SD = 1.4');
  assert.equal(m1.value, 6.1);
  assert.equal(m1.sd, 1.4);
  const [m2] = one('Mean age was 46.1 (SD 11.8).', 'effect');
  assert.equal(m2.value, 46.1);
  assert.equal(m2.sd, 11.8);
  const [m3, m4] = one('Age was 45.2 (10.1) years in the app group and 47.9 (9.6) in controls.', 'effect');
  assert.equal(m3.text, '45.2 (10.1) years');
  assert.equal(m3.sd, 10.1);
  assert.equal(m3.sdAssumed, true);
  assert.equal(m4.value, 47.9);
  assert.match(describeStatistic(m3), /SD 10\.1/);
  // An estimate with a bracketed interval is not a mean (SD).
  assert.ok(!findStatistics('HR 0.72 (0.61–0.89)', 0).some((s) => s.sd !== undefined));
});

test('a count with its percentage is checked against a total stated at the start of the sentence', () => {
  const [p] = one('Of 1,024 patients with eGFR below 45, 132 (13%) stopped the drug.', 'percent');
  assert.equal(p.numerator, 132);
  assert.equal(p.denominator, 1024);
  assert.ok(ruleIds('Among the 310 patients with prior stroke, 41 (15%) had a recurrence.').includes('percent-arithmetic'));
  assert.ok(!ruleIds('Among the 310 patients with prior stroke, 41 (13%) had a recurrence.').includes('percent-arithmetic'));
  // "19 of 29 (66%) versus 12 (41%)": the second arm's total is unknown, so it is not checked.
  const arms = one('Opioid use stopped in 19 of 29 (66%) versus 12 (41%) controls.', 'percent');
  assert.equal(arms[1].text, '12 (41%)');
  assert.equal(arms[1].denominator, undefined);
  // A year is not a total.
  assert.equal(one('In 2019, 30 (25%) relapsed.', 'percent')[0].denominator, undefined);
});

test('ages are not durations', () => {
  const [a] = one('Participants aged 18-65 years were eligible.', 'age');
  assert.equal(a.text, '18-65 years');
  assert.equal(a.lower, 18);
  assert.equal(a.upper, 65);
  assert.deepEqual(one('Participants aged 18-65 years were eligible.', 'duration'), []);
  assert.equal(one('Patients 65 years or older were excluded.', 'age').length, 1);
  const [d] = one('Follow-up lasted 2–3 years.', 'duration');
  assert.equal(d.lower, 2);
  assert.equal(d.upper, 3);
});

test('meta-analysis forms: k studies, I², prediction interval', () => {
  const stats = findStatistics('We pooled k = 12 studies (I² = 48%). The 95% prediction interval was −1.02 to −0.02.', 0);
  const k = stats.find((s) => s.kind === 'n');
  assert.equal(k?.value, 12);
  assert.equal(k?.population, 'studies');
  const i2 = stats.find((s) => s.measure === 'I2');
  assert.equal(i2?.value, 48);
  const pi = stats.find((s) => s.kind === 'ci');
  assert.equal(pi?.interval, 'prediction');
  // A prediction interval that crosses the null says nothing about significance.
  assert.deepEqual(ruleIds('The pooled SMD was significant (SMD −0.52, 95% CI −0.71 to −0.33; 95% PI −1.10 to 0.06; p < 0.001).')
    .filter((id) => id === 'significance-wording' || id === 'p-interval-consistency'), []);
});

test('incidence rates per person-time', () => {
  const [r] = one('Hospitalisation occurred at 6.1 per 1000 person-years.', 'effect');
  assert.equal(r.measure, 'rate');
  assert.equal(r.value, 6.1);
  assert.equal(r.unit, 'per 1000 person-years');
});

test('n at the end of a sentence is a sample size (and GRIM can use it)', () => {
  assert.equal(one('Mean satisfaction was 3.47 on an integer scale with n = 29.', 'n')[0]?.value, 29);
  assert.ok(ruleIds('Mean satisfaction was 3.47 on an integer scale with n = 29.').includes('grim'));
  assert.ok(!ruleIds('Mean satisfaction was 3.48 on an integer scale with n = 29.').includes('grim'));
});

test('p/interval messages give the p recomputed from the interval', () => {
  const f = analyze('Infections were more frequent (aOR 2.8, 95% CI 2.4 to 3.3, p = 0.62).', {}).findings.find((x) => x.ruleId === 'p-interval-consistency');
  assert.ok(f);
  assert.match(f.message, /Recomputed from the interval of `aOR 2\.8`: p < 0\.0001/);
  const g = analyze('The effect was small (HR 0.81, 95% CI 0.67-0.99; p = 0.21).', {}).findings.find((x) => x.ruleId === 'p-interval-consistency');
  assert.ok(g);
  assert.match(g.message, /p ≈ 0\.03\d+ \(range 0\.0\d+ to 0\.0\d+ allowing for rounding/);
});

test('a total after the count ("12 (8%) of 150"), ages with comparators and hyphens, n = x (y%)', () => {
  const [a, b] = one('Relapse occurred in 12 (8%) of 150 patients and in 3 (2.0%) of the 148 controls.', 'percent');
  assert.equal(a.denominator, 150);
  assert.equal(b.denominator, 148);
  assert.ok(ruleIds('Relapse occurred in 12 (18%) of 150 patients.').includes('percent-arithmetic'));
  assert.equal(one('Adults aged ≥65 years were eligible.', 'age').length, 1);
  assert.equal(one('A 65-year-old woman was treated.', 'age').length, 1);
  assert.deepEqual(one('Women (n = 24 (50%)) were older.', 'n').map((s) => s.value), [24]);
});

test('diagnostic and discrimination measures: AUC, sensitivity, specificity', () => {
  const stats = findStatistics('AUC 0.82 (0.78–0.86), sensitivity 87% (95% CI 80–92).', 0);
  const auc = stats.find((s) => s.measure === 'AUC');
  assert.equal(auc?.value, 0.82);
  assert.ok(auc?.ciId, 'the bare interval after an AUC is its interval');
  assert.equal(stats.find((s) => s.measure === 'sensitivity')?.value, 87);
  assert.deepEqual(findStatistics('Sensitivity analyses gave similar results.', 0), []);
});

test('links: a p between an estimate and its interval, an unbracketed interval after a comma, fold changes', () => {
  const [or, p, ci] = findStatistics('OR 1.2 (p = 0.03; 95% CI 1.01–1.43).', 0);
  assert.equal(ci.estimateId, or.id);
  assert.equal(or.pId, p.id);
  assert.equal(ci.pId, p.id);
  const rr = findStatistics('Relapses: 12% vs 20% (RR 0.60, 0.40–0.90, p = 0.01).', 0);
  const rrCi = rr.find((s) => s.kind === 'ci');
  assert.equal(rrCi?.text, '0.40–0.90');
  assert.equal(rrCi?.estimateId, rr.find((s) => s.measure === 'RR')?.id);
  // A hyphenated range after a plain count is not an interval.
  assert.deepEqual(findStatistics('Scores ranged 2-5, with 10, 12 to 14 points.', 0).filter((s) => s.kind === 'ci'), []);
  const [fold, foldCi] = findStatistics('Exposure was linked to a 2.5-fold increase in risk (95% CI 1.3–4.8).', 0);
  assert.equal(fold.measure, 'fold');
  assert.equal(foldCi.estimateId, fold.id);
  assert.ok(ruleIds('A 3-fold higher risk (95% CI 1.1 to 8.2, p = 0.30).').includes('p-interval-consistency'));
});

test('an estimate that rounds to the null allows p up to 1', () => {
  assert.ok(!ruleIds('Survival was similar (HR 1.00, 95% CI 0.85–1.18; p = 0.99).').includes('p-interval-consistency'));
  assert.ok(ruleIds('Survival was similar (HR 1.00, 95% CI 0.85–1.18; p = 0.04).').includes('p-interval-consistency'));
});

test('IQR and range: the spread of a median, checked to contain it', () => {
  const [med, iqr] = findStatistics('Median follow-up was 32·2 months (IQR 27·4–38·3).', 0);
  assert.equal(iqr.kind, 'range');
  assert.equal(iqr.measure, 'IQR');
  assert.equal(iqr.estimateId, med.id);
  assert.ok(!ruleIds('Median follow-up was 32·2 months (IQR 27·4–38·3).').includes('interval-estimate'));
  assert.ok(ruleIds('Median follow-up was 42·2 months (IQR 27·4–38·3).').includes('interval-estimate'));
  assert.ok(ruleIds('Median age was 54 years (range 58–75).').includes('interval-estimate'));
  // A mean can lie outside the IQR of skewed data.
  assert.ok(!ruleIds('The mean score was 22 (IQR 14 to 20).').includes('interval-estimate'));
  // An IQR is not a confidence interval: no significance or p checks.
  assert.deepEqual(findStatistics('Median 3 (IQR 2–5), p = 0.04.', 0).filter((s) => s.kind === 'ci'), []);
});

test('bare counts before an enrolment verb ("; 58 completed"), without swallowing "were"', () => {
  assert.deepEqual(one('Sixty-four adults were randomised; 58 completed the programme.', 'n').map((s) => s.text), ['Sixty-four adults', '58']);
  assert.deepEqual(one('Of 120 screened, 96 were enrolled and 90 completed follow-up.', 'n').map((s) => s.text), ['96', '90']);
  assert.deepEqual(one('Visit 3 completed the series.', 'n'), []);
});

test('a p-value after a contrast or far from an estimate is not that estimate’s p', () => {
  const stats = findStatistics('Treatment was significantly associated with lower risk (OR 0.70, 95% CI 0.52–0.94), although p = 0.06 in the sensitivity analysis.', 0);
  const p = stats.find((s) => s.kind === 'p');
  assert.equal(p?.estimateId, undefined);
  assert.ok(!ruleIds('Treatment was associated with lower risk (OR 0.70, 95% CI 0.52–0.94), although p = 0.06 in the sensitivity analysis.').includes('p-interval-consistency'));
});

test('absence-of-evidence quotes the result nearest to the wording and only that result’s interval', () => {
  const f = analyze('Adverse events did not differ (31% vs 29%, p = 0.62), and no significant effect on mortality was seen (HR 0.98, 95% CI 0.80–1.20).', {})
    .findings.find((x) => x.ruleId === 'absence-of-evidence');
  assert.ok(f);
  assert.match(f.message, /`p = 0\.62`/);
  assert.doesNotMatch(f.message, /0\.80/);
});

test('an interval does not attach to a group value when another number or a "for the difference" label intervenes', () => {
  assert.ok(!ruleIds('Mortality: 12.1% vs 15.3%; absolute difference −3.2 percentage points (95% CI −5.0 to −1.4).').includes('interval-estimate'));
  const stats = findStatistics('Mortality: 12.1% vs 15.3%; absolute difference −3.2 percentage points (95% CI −5.0 to −1.4).', 0);
  assert.equal(stats.find((s) => s.kind === 'ci')?.estimateValue, -3.2);
  assert.ok(!ruleIds('Mortality was 12.1% vs 15.3% (95% CI for the difference −5.0 to −1.4).').includes('interval-estimate'));
  const [ci] = one('Mortality was 12.1% vs 15.3% (95% CI for the difference −5.0 to −1.4).', 'ci');
  assert.equal(ci.nullValue, 0);
  assert.equal(ci.estimateId, undefined);
  assert.ok(ruleIds('Mortality differed significantly, 12.1% vs 15.3% (95% CI for the difference −5.0 to 1.4).').includes('significance-wording'));
});

test('near-miss wording ("marginally significant", "trend towards significance") is named as such', () => {
  const f = analyze('The effect was marginally significant (p = 0.06).', {}).findings.find((x) => x.ruleId === 'significance-wording');
  assert.ok(f);
  assert.match(f.message, /^`marginally significant` presents a result that is not significant/);
  assert.ok(ruleIds('There was a trend towards significance (p = 0.07).').includes('significance-wording'));
  assert.ok(!ruleIds('The effect was marginally significant (p = 0.04).').includes('significance-wording'));
});

test('p = 0.00 suggests the bound its decimals support (p < 0.01), not a smaller one', () => {
  const f = analyze('The difference was clear (p = 0.00).', {}).findings.find((x) => x.ruleId === 'p-value-range');
  assert.ok(f);
  assert.match(f.message, /rounded to 0 at 2 decimals, so report `p < 0\.01`/);
});

test('a stated total reaches only its own group', () => {
  const a = one('In 150 patients, 20 (13%) had a rash, and in 140 controls, 10 (7%) did.', 'percent');
  assert.deepEqual(a.map((s) => s.denominator), [150, 140]);
  const b = one('Of 1,024 patients, 132 (13%) stopped, and in the remaining patients 40 (4%) switched.', 'percent');
  assert.deepEqual(b.map((s) => s.denominator), [1024, undefined]);
});

test('a value ± its spread is a mean with SD, not a duration', () => {
  const [m] = one('Age (mean ± SD) was 45.2 ± 10.1 years.', 'effect');
  assert.equal(m.text, '45.2 ± 10.1 years');
  assert.equal(m.sd, 10.1);
  assert.deepEqual(one('Age (mean ± SD) was 45.2 ± 10.1 years.', 'duration'), []);
});

test('a time point between an effect and its interval is not the estimate ("… to week 60 (95% CI …)")', () => {
  const estimateOf = (text: string) => {
    const stats = findStatistics(text, 0);
    const ci = stats.find((s) => s.kind === 'ci')!;
    return stats.find((s) => s.id === ci.estimateId)?.text;
  };
  assert.equal(estimateOf('CSF osteopontin fell by 65 ng/mL from baseline to week 60 (95% CI 34–96 ng/mL; p = 0.0004).'), 'fell by 65 ng/mL');
  assert.equal(estimateOf('HbA1c fell by 0.5% at month 6 (95% CI 0.3 to 0.7).'), 'fell by 0.5%');
  // A duration written number-first can itself be the estimate.
  assert.match(estimateOf('Median overall survival was 14.2 months (95% CI 12.1–16.3).') ?? '', /14\.2 months/);
});
