// Verdicts and reasons from compareProfiles with hand-built claim profiles (so these tests pin
// the comparison logic, not the claim profiler), plus the study profile and number checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClaimProfile, Cue } from '../../../server/src/core/types';
import { compareNumbers, compareProfiles, comparePopulation } from '../../../server/src/core/evidence/compare';
import { profileStudy } from '../../../server/src/core/evidence/study';
import { TAGGER } from '../../../server/src/core/claims/index';

const cue = (text: string, kind: string): Cue => ({ text, start: 0, end: text.length, kind });
const profile = (p: Partial<ClaimProfile> & { cues?: Cue[] }): ClaimProfile => ({
  isClaim: true, relation: 'causal', certainty: 'neutral', magnitude: 'neutral', outcome: 'unspecified', cues: [], negated: false, ...p,
});

const PHASE2 = 'METHODS: In this open-label phase 2A study, 24 patients with secondary or primary progressive MS received natalizumab for 60 weeks. The primary endpoint was the change in CSF osteopontin between baseline and week 60. RESULTS: Seventeen patients completed the study. CSF osteopontin decreased by 65 ng/mL (95% confidence interval 34-96 ng/mL; p = 0.0004) from baseline to week 60.';
const OSTEOPONTIN = 'CSF osteopontin decreased by 65 ng/mL (95% confidence interval 34-96 ng/mL; p = 0.0004) from baseline to week 60.';
const osteopontinProfile = profile({ magnitude: 'partial', outcome: 'surrogate', cues: [cue('decreased', 'partial'), cue('osteopontin', 'surrogate')] });

test('study profile: open-label phase 2A, enrolled and completed n, duration, surrogate primary endpoint, population', () => {
  const p = profileStudy({ text: PHASE2 });
  assert.ok(p.design.includes('open-label') && p.design.includes('phase 2A') && p.design.includes('phase 2'));
  assert.equal(p.enrolled, 24);
  assert.equal(p.completed, 17);
  assert.equal(p.duration, '60 weeks');
  assert.equal(p.primaryEndpoint?.kind, 'surrogate');
  assert.match(p.population!, /progressive MS/);
  const rct = profileStudy({ text: 'In this randomised, double-blind, placebo-controlled phase 3 trial, 889 patients were assigned to natalizumab or placebo. The primary outcome was confirmed disability progression.' });
  assert.ok(rct.design.includes('randomised controlled trial') && rct.design.includes('phase 3'));
  assert.equal(rct.primaryEndpoint?.kind, 'clinical');
  const mice = profileStudy({ text: 'Twenty male C57BL/6 mice were randomised to empagliflozin or vehicle.' });
  assert.equal(mice.species, 'animal');
  assert.equal(mice.enrolled, 20, 'the strain name "C57BL/6" is not a count');
  assert.deepEqual(profileStudy({ text: 'A short comment.' }).design, []);
});

test('flat-lines disability from an open-label phase 2A biomarker study: magnitude, surrogate-to-clinical, study-design', () => {
  const claim = profile({ magnitude: 'absolute', outcome: 'clinical', cues: [cue('flat-lines', 'absolute'), cue('disability progression', 'clinical')] });
  const r = compareProfiles('Natalizumab flat-lines disability progression in progressive MS.', claim, {
    sentences: [{ text: OSTEOPONTIN, profile: osteopontinProfile, score: 0.6 }], study: profileStudy({ text: PHASE2 }), sourceText: PHASE2,
  });
  assert.equal(r.verdict, 'overstated');
  assert.deepEqual(r.reasons.sort(), ['magnitude', 'study-design', 'surrogate-to-clinical']);
  const mag = r.details.find((d) => d.reason === 'magnitude')!;
  assert.equal(mag.claimWords, 'flat-lines');
  assert.equal(mag.evidenceWords, 'decreased');
  assert.equal(r.details.find((d) => d.reason === 'surrogate-to-clinical')!.evidenceWords, 'osteopontin');
});

test('a faithful quote of the result is supported; the misquoted one gives number mismatches', () => {
  const claim = profile({ magnitude: 'partial', outcome: 'surrogate', cues: [cue('fell', 'partial')] });
  const side = { sentences: [{ text: OSTEOPONTIN, profile: osteopontinProfile, score: 0.8 }], study: profileStudy({ text: PHASE2 }), sourceText: PHASE2 };
  assert.equal(compareProfiles('CSF osteopontin fell by 65 ng/mL (95% CI 34–96 ng/mL; p = 0.0004).', claim, side).verdict, 'supported');
  const wrong = compareProfiles('Osteopontin dropped by 56 ng/mL (p = 0.004).', claim, side, 100);
  assert.equal(wrong.verdict, 'overstated');
  assert.deepEqual(wrong.reasons, ['number-mismatch']);
  assert.deepEqual(wrong.mismatches.map((m) => [m.claim.text, m.evidence.text]), [['56 ng/mL', '65 ng/mL'], ['p = 0.004', 'p = 0.0004']]);
  assert.equal(wrong.mismatches[0].claim.start, 100 + 'Osteopontin dropped by '.length, 'claim offsets are note offsets');
});

test('numbers: rounding and numbers found elsewhere in the source are accepted; counts are compared', () => {
  const ev = { sentences: [{ text: 'The event occurred in 48 of 1863 patients (2.6%) given empagliflozin.' }], sourceText: 'The event occurred in 48 of 1863 patients (2.6%) given empagliflozin.' };
  assert.deepEqual(compareNumbers('It occurred in 48 of 1863 patients (3%).', ev), [], '2.6 rounds to 3');
  assert.deepEqual(compareNumbers('It occurred in 48 of 1863 patients (3.6%).', ev).map((m) => m.evidence.text), ['2.6%']);
  const n = { sentences: [{ text: 'Seventeen of 24 patients completed the study.' }], sourceText: 'Seventeen of 24 patients completed the study.' };
  assert.deepEqual(compareNumbers('Only 14 of 24 patients completed the study.', n).map((m) => [m.claim.value, m.evidence.value]), [[14, 17]]);
  const p = { sentences: [{ text: 'Risk fell (HR 0.75; 95% CI 0.65 to 0.86; p < 0.001).' }], sourceText: 'Risk fell (HR 0.75; 95% CI 0.65 to 0.86; p < 0.001).' };
  assert.deepEqual(compareNumbers('Risk fell (HR 0.75, 95% CI 0.65–0.86; p < 0.01).', p), [], 'p < 0.01 is true of p < 0.001');
  assert.equal(compareNumbers('Risk fell (HR 0.75, 95% CI 0.65–0.86; p = 0.24).', p).length, 1);
  // The evidence's quantities are read once per sentence and shared: each mismatch has its own copy.
  const [a] = compareNumbers('Risk fell (HR 0.75, 95% CI 0.65–0.86; p = 0.24).', p);
  a.evidence.start += 100;
  const [b] = compareNumbers('Risk fell (HR 0.75, 95% CI 0.65–0.86; p = 0.24).', p);
  assert.equal(b.evidence.start, a.evidence.start - 100);
});

test('negation: the source reports no effect → contradicted', () => {
  const claim = profile({ magnitude: 'partial', outcome: 'clinical', cues: [cue('slowed', 'relation')] });
  const r = compareProfiles('Natalizumab slowed disability progression.', claim, {
    sentences: [{ text: 'Natalizumab did not reduce confirmed disability progression.', profile: profile({ negated: true, outcome: 'clinical' }), score: 0.7 }],
  });
  assert.equal(r.verdict, 'contradicted');
});

test('population: humans vs mice, MS vs progressive MS, all patients vs a small study', () => {
  const mice = profileStudy({ text: 'Twenty mice were randomised to empagliflozin or vehicle.' });
  assert.equal(comparePopulation('Empagliflozin reverses fibrosis in patients with heart failure.', 'Empagliflozin reduced fibrosis.', mice, 'Twenty mice were randomised.')?.evidenceWords, 'mice');
  assert.equal(comparePopulation('Empagliflozin reduces fibrosis in mice.', 'Empagliflozin reduced fibrosis.', mice), undefined);
  const ms = profileStudy({ text: PHASE2 });
  assert.equal(comparePopulation('Natalizumab helps people with MS.', OSTEOPONTIN, ms)?.claimWords, 'MS');
  assert.equal(comparePopulation('Natalizumab helps people with progressive MS.', OSTEOPONTIN, ms), undefined);
  assert.match(comparePopulation('Natalizumab helps all patients with progressive MS.', OSTEOPONTIN, ms)!.evidenceWords, /^24 /);
});

test('causal claim from an observational study: causality and study-design; hedged claim from an RCT: understated', () => {
  const cohort = profileStudy({ text: 'In this cohort study of 300 patients, statin use was associated with slower worsening.' });
  const claim = profile({ relation: 'causal', cues: [cue('slows', 'relation')] });
  const r = compareProfiles('Statins slow worsening.', claim, {
    sentences: [{ text: 'Statin use was associated with slower worsening.', profile: profile({ relation: 'correlational', cues: [cue('associated with', 'relation')] }), score: 0.9 }], study: cohort,
  });
  assert.deepEqual(r.reasons.sort(), ['causality', 'study-design']);
  assert.equal(r.details.find((d) => d.reason === 'causality')!.evidenceWords, 'associated with');
  const rct = profileStudy({ text: 'In this randomised, double-blind, placebo-controlled trial, 4744 patients were assigned.' });
  const weak = compareProfiles('Dapagliflozin was associated with fewer events.', profile({ relation: 'correlational' }), {
    sentences: [{ text: 'Dapagliflozin reduced the risk of events.', profile: profile({ relation: 'causal' }), score: 0.9 }], study: rct,
  });
  assert.equal(weak.verdict, 'understated');
});

test('a linked source without text is unverifiable', () => {
  assert.equal(compareProfiles('Natalizumab slows progression.', profile({}), { sentences: [] }).verdict, 'unverifiable');
});

test('study-design wording: a refined label hides its parent ("phase 2A" not also "phase 2") and the article agrees', async () => {
  const { describeReason, indefiniteArticle } = await import('../../../server/src/core/evidence/findings');
  const claim = profile({ magnitude: 'absolute', outcome: 'clinical', cues: [cue('flat-lines', 'absolute')] });
  const r = compareProfiles('Natalizumab flat-lines disability progression.', claim, {
    sentences: [{ text: OSTEOPONTIN, profile: osteopontinProfile, score: 0.6 }], study: profileStudy({ text: PHASE2 }), sourceText: PHASE2,
  });
  const d = r.details.find((x) => x.reason === 'study-design')!;
  assert.equal(d.evidenceWords, 'open-label, phase 2A');
  assert.match(describeReason(d), /asks more than an `open-label, phase 2A` study can show/);
  assert.equal(indefiniteArticle('phase 2'), 'a');
  assert.equal(indefiniteArticle('observational'), 'an');
  assert.equal(indefiniteArticle('8-week'), 'an');
  assert.equal(indefiniteArticle('uncontrolled'), 'an');
  assert.equal(indefiniteArticle('university-based'), 'a');
});

test('compare: "can reduce" is a capability, below a plain causal statement and level with "may"', async () => {
  const { compareClaimToEvidence } = await import('../../../server/src/core/evidence/compare');
  assert.equal(compareClaimToEvidence('Crossing your arms relieves pain.', 'Impeding localisation of a noxious stimulus can reduce pain.').verdict, 'overstated');
  assert.equal(compareClaimToEvidence('A sugar tax could lead to health benefits.', 'A tax on sugary drinks can mitigate negative health consequences.').verdict, 'supported');
  assert.equal(compareClaimToEvidence('Doxycycline can disrupt the formation of fear memories.', 'Doxycycline reduces the recall of threat memory.').verdict, 'understated');
});

test('compare: when either side states no recognisable relation, the relation is unknown and decides nothing', async () => {
  const { compareClaimToEvidence } = await import('../../../server/src/core/evidence/compare');
  const r = compareClaimToEvidence('A new drug has shown significant promise in mice.', 'The compound reduced muscle damage in dystrophic mice.');
  assert.equal(r.claim.relation, 'none');
  assert.equal(r.verdict, 'supported');
  assert.equal(compareClaimToEvidence('Coffee prevents liver cancer.', 'Coffee drinking is associated with a lower risk of liver cancer.').verdict, 'overstated');
});

test('compare: no surrogate-to-clinical when the evidence names the claim\'s clinical outcome beside a surrogate', async () => {
  const { compareClaimToEvidence } = await import('../../../server/src/core/evidence/compare');
  const r = compareClaimToEvidence('The new drug may prevent strokes.',
    'The new drug may improve control of blood pressure and reduce the risk of stroke.');
  assert.ok(!r.reasons.includes('surrogate-to-clinical'), r.reasons.join());
  const s = compareClaimToEvidence('Natalizumab may slow disability progression.', 'Natalizumab may reduce CSF osteopontin levels.');
  assert.ok(s.reasons.includes('surrogate-to-clinical'), s.reasons.join());
});

test('compare: two statements of no effect agree whatever verb each denies', async () => {
  const { compareClaimToEvidence } = await import('../../../server/src/core/evidence/compare');
  const r = compareClaimToEvidence('Pay for performance did not improve blood pressure control.', 'Pay for performance was not associated with better blood pressure control.');
  assert.equal(r.verdict, 'supported', r.reasons.join());
});

test('compare: the study facts stated in the evidence text itself count (population of 24 vs "all patients")', async () => {
  const { compareClaimToEvidence } = await import('../../../server/src/core/evidence/compare');
  const r = compareClaimToEvidence('Natalizumab reduces CSF osteopontin in all patients with MS.', 'In 24 patients with progressive MS, natalizumab reduced CSF osteopontin.');
  assert.ok(r.reasons.includes('population'), r.reasons.join());
  assert.equal(compareClaimToEvidence('Natalizumab reduces CSF osteopontin.', 'Natalizumab reduced CSF osteopontin.').verdict, 'supported');
});

test('study profile summary names a refined design once ("phase 2A", not also "phase 2")', async () => {
  const { formatStudyProfile } = await import('../../../server/src/core/evidence/study');
  const line = formatStudyProfile(profileStudy({ text: PHASE2 }));
  assert.match(line, /open-label, phase 2A;/);
  assert.doesNotMatch(line, /phase 2A, phase 2\b/);
});

test('a claim that denies a clinical effect is not overstated by a surrogate endpoint or a weak design', () => {
  const claim = profile({ outcome: 'clinical', negated: true, cues: [cue("don't", 'negation'), cue('stop', 'relation'), cue('progression', 'clinical')] });
  const r = compareProfiles("These agents don't stop disease progression.", claim, {
    sentences: [{ text: OSTEOPONTIN, profile: osteopontinProfile, score: 0.4 }], study: profileStudy({ text: PHASE2 }), sourceText: PHASE2,
  });
  assert.ok(!r.reasons.includes('surrogate-to-clinical'), r.reasons.join(', '));
  assert.ok(!r.reasons.includes('study-design'), r.reasons.join(', '));
});

test('the evidence sentences\' profiles are kept by text apart for the tagger on and off (evals and the bench turn it off)', () => {
  // Tagged, "limited" is an adjective here; untagged, the heuristics read a causal relation, which
  // a claim of association understates.
  const evidence = 'Exploration of heterogeneity of results is limited by inconsistent reporting of co-treatments such as volumes of fluids.';
  const claim = profile({ relation: 'correlational', cues: [cue('is associated with', 'relation')] });
  const judge = () => compareProfiles('Inconsistent reporting is associated with less exploration of heterogeneity.', claim, { sentences: [{ text: evidence, score: 1 }] });
  const tagged = judge();
  try {
    TAGGER.enabled = false;
    const untagged = judge();
    assert.notDeepEqual(untagged, tagged, 'the evidence reads differently without the tagger');
    assert.deepEqual(judge(), untagged);
  } finally {
    TAGGER.enabled = true;
  }
  assert.deepEqual(judge(), tagged);
});
