import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileClaim } from '../../../server/src/core/claims/index';

const cueTexts = (text: string, kind: string, offset = 0) =>
  profileClaim(text, offset).cues.filter((c) => c.kind === kind).map((c) => c.text);

test('relation: direct causal verb', () => {
  const p = profileClaim('Natalizumab reduces CSF osteopontin in progressive MS.');
  assert.equal(p.relation, 'causal');
  assert.equal(p.isClaim, true);
  assert.deepEqual(cueTexts('Natalizumab reduces CSF osteopontin in progressive MS.', 'relation'), ['reduces']);
});

test('relation: associational phrasing is correlational', () => {
  for (const s of ['Coffee is associated with a lower risk of death.', 'Low vitamin D is linked to relapses.', 'Serum neurofilament correlated with disability.', 'Smoking is a risk factor for progression.']) {
    assert.equal(profileClaim(s).relation, 'correlational', s);
  }
});

test('relation: adjectives after "with" do not turn an association causal', () => {
  assert.equal(profileClaim('Obesity is associated with increased mortality.').relation, 'correlational');
});

test('relation: modals and hedged verbs make a causal claim conditional', () => {
  for (const s of ['Statins may reduce the risk of dementia.', 'Exercise could help patients with fatigue.', 'Vitamin D might lower the relapse rate.', 'The drug may potentially slow progression.']) {
    const p = profileClaim(s);
    assert.equal(p.relation, 'conditional-causal', s);
    assert.ok(p.cues.some((c) => c.kind === 'hedge'), s);
  }
});

test('relation: modal scope ends at the clause boundary', () => {
  // "may" belongs to the first clause; "reduces" in the second one is asserted.
  assert.equal(profileClaim('The effect may be small, but the drug reduces relapses.').relation, 'causal');
});

test('relation: negation keeps the relation and marks the claim negated', () => {
  const p = profileClaim('Natalizumab did not reduce brain atrophy.');
  assert.equal(p.relation, 'causal');
  assert.equal(p.negated, true);
  assert.deepEqual(p.cues.filter((c) => c.kind === 'negation').map((c) => c.text), ['not']);
  assert.equal(profileClaim('Natalizumab reduced brain atrophy.').negated, false);
  assert.equal(profileClaim('Diet was not associated with relapses.').negated, true);
});

test('relation: passives and nominalisations are causal', () => {
  assert.equal(profileClaim('Relapses were reduced by natalizumab.').relation, 'causal');
  assert.equal(profileClaim('Treatment produced a reduction in relapse rate.').relation, 'causal');
  assert.equal(profileClaim('The effect of natalizumab on disability was large.').relation, 'causal');
});

test('relation: comparison structures are correlational', () => {
  assert.equal(profileClaim('Treated patients had fewer relapses than untreated patients.').relation, 'correlational');
  assert.equal(profileClaim('Smokers are more likely to develop progressive MS.').relation, 'correlational');
});

test('relation: trends without a cause and purposes are not causal', () => {
  assert.notEqual(profileClaim('Incidence rates increased in the US between 2000 and 2010.').relation, 'causal');
  assert.equal(profileClaim('Patients were given vitamin D in order to reduce relapses.').relation, 'none');
  // An inquiry keeps the wording's relation but asserts nothing: an aim, not a claim.
  const aim = profileClaim('We examined whether natalizumab reduces relapses.');
  assert.equal(aim.relation, 'causal');
  assert.equal(aim.isClaim, false);
  assert.ok(aim.cues.some((c) => c.kind === 'not-claim' && c.text === 'whether'));
});

test('certainty: hedges, boosters and neutral', () => {
  assert.equal(profileClaim('These results suggest that the drug is effective.').certainty, 'hedged');
  assert.equal(profileClaim('It clearly shows that progressive MS is inflammatory.').certainty, 'boosted');
  assert.equal(profileClaim('This proves the drug works.').certainty, 'boosted');
  assert.equal(profileClaim('Natalizumab reduced CSF osteopontin.').certainty, 'neutral');
  // A negated booster does not boost.
  assert.equal(profileClaim('This does not prove that the drug works.').certainty, 'neutral');
});

test('certainty: hedge words in a non-epistemic use are not hedges', () => {
  assert.equal(profileClaim('All possible combinations were tested.').certainty, 'neutral');
  assert.equal(profileClaim('It is possible to measure neurofilament in serum.').certainty, 'neutral');
  assert.equal(profileClaim('It is possible that the drug acts on microglia.').certainty, 'hedged');
  assert.equal(profileClaim('To test this hypothesis, we treated mice.').certainty, 'neutral');
});

test('magnitude: absolute vs partial, negated absolute is not absolute', () => {
  assert.equal(profileClaim('Natalizumab flat-lines disability progression.').magnitude, 'absolute');
  assert.equal(profileClaim('The drug cures the disease.').magnitude, 'absolute');
  assert.equal(profileClaim('Patients no longer relapse on treatment.').magnitude, 'absolute');
  assert.equal(profileClaim('The drug slows disability progression.').magnitude, 'partial');
  assert.equal(profileClaim('Natalizumab reduced, but did not normalise, neurofilament levels.').magnitude, 'partial');
});

test('hype is flagged', () => {
  const p = profileClaim('This trial may be a game changer.');
  assert.equal(p.hype, true);
  assert.deepEqual(p.cues.filter((c) => c.kind === 'hype').map((c) => c.text), ['game changer']);
  assert.equal(profileClaim('The drug reduced relapses.').hype, false);
});

test('outcome: clinical vs surrogate, the object of the relation wins', () => {
  assert.equal(profileClaim('Natalizumab reduced disability progression.').outcome, 'clinical');
  assert.equal(profileClaim('Natalizumab reduced CSF neurofilament levels.').outcome, 'surrogate');
  assert.equal(profileClaim('In patients with relapses, natalizumab lowered MRI lesion counts.').outcome, 'surrogate');
  assert.equal(profileClaim('The drug was well tolerated.').outcome, 'unspecified');
});

test('claim detection: questions, greetings, feelings, headings and methods are not claims', () => {
  assert.equal(profileClaim('Will natalizumab slow disability progression in SPMS?').isClaim, false);
  assert.equal(profileClaim('Thanks to everyone who came to the meeting in Lyon.').isClaim, false);
  assert.equal(profileClaim('I would like to congratulate the team on this study.').isClaim, false);
  assert.equal(profileClaim('I hope this drug will help people with MS.').isClaim, false);
  assert.equal(profileClaim('Twenty-four patients were included.').isClaim, false);
  assert.equal(profileClaim('Natalizumab reduces relapses in MS', 0, { block: 'heading' }).isClaim, false);
});

test('claim detection: findings, conclusions, recommendations and predictions are claims', () => {
  assert.equal(profileClaim('Natalizumab reduced CSF osteopontin.').isClaim, true);
  assert.equal(profileClaim('This shows that progressive MS is inflammatory.').isClaim, true);
  assert.equal(profileClaim('Patients with SPMS should be offered natalizumab.').isClaim, true);
  assert.equal(profileClaim('ASCEND will slow progression.').isClaim, true);
});

test('cue offsets are absolute and slice the sentence', () => {
  const text = 'The drug clearly shows benefit.';
  const offset = 100;
  const p = profileClaim(text, offset);
  assert.ok(p.cues.length > 0);
  for (const c of p.cues) {
    if (c.start === c.end) continue;
    assert.equal(text.slice(c.start - offset, c.end - offset), c.text);
  }
});

test('empty and punctuation-only input does not throw', () => {
  assert.equal(profileClaim('').isClaim, false);
  assert.equal(profileClaim('  ...  ').relation, 'none');
});

test('relation: light verb "help" takes the relation of the verb it governs', () => {
  assert.equal(profileClaim('The tool helps doctors predict relapses.').relation, 'correlational');
  assert.equal(profileClaim('Exercise helps reduce fatigue.').relation, 'causal');
});

test('relation: agentless trends with a co-varying factor are associations', () => {
  assert.equal(profileClaim('Survival improves with earlier treatment.').relation, 'correlational');
  assert.equal(profileClaim('Early treatment improves survival.').relation, 'causal');
});

test('relation: a modal over risk wording is a hedged effect; over an association verb it stays correlational', () => {
  assert.equal(profileClaim('Steroids may put patients at greater risk of infection.').relation, 'conditional-causal');
  assert.equal(profileClaim('Low vitamin D may be linked to relapses.').relation, 'correlational');
});

test('relation: nouns after adjectives and names are not verbs or cues', () => {
  assert.notEqual(profileClaim('The study measured neuroaxonal damage in spinal fluid.').relation, 'causal');
  assert.equal(profileClaim('The paper appeared in Circulation, a journal of the American Heart Association.').relation, 'none');
});

test('certainty: "appear" meaning occur is not a hedge', () => {
  assert.equal(profileClaim('Symptoms appeared 2 days after infection.').certainty, 'neutral');
  assert.equal(profileClaim('The drug appears safe in older patients.').certainty, 'hedged');
});

test('magnitude: degree adverbs are absolute only on an effect', () => {
  assert.equal(profileClaim('The drug completely stops relapses.').magnitude, 'absolute');
  assert.equal(profileClaim('Symptoms resolved completely.').magnitude, 'absolute');
  assert.equal(profileClaim('The study was fully funded by the MS Society.').magnitude, 'neutral');
});

test('technical terms hide the cue words inside them', () => {
  assert.equal(profileClaim('This is a proof of concept study of natalizumab.').certainty, 'neutral');
  assert.equal(profileClaim('Patients recovered after cardiac arrest.').magnitude, 'neutral');
  assert.equal(profileClaim('This proof settles the question.').certainty, 'boosted');
});

test('relation: a modal over an evaluation of benefit or harm is a hedged effect', () => {
  assert.equal(profileClaim('Short-term use of painkillers could be dangerous to heart patients.').relation, 'conditional-causal');
  assert.equal(profileClaim('This may be a game changer.').relation, 'none');
});

test('certainty: epistemic verbs and nouns of tentative inference are hedges (Hyland 1998)', () => {
  for (const s of ['This study therefore hints that intrathecal inflammation still matters.', 'The data hint at a role for B cells.',
    'There are indications that the effect wanes after a year.', 'We conjecture that the pathway is redundant.']) {
    assert.equal(profileClaim(s).certainty, 'hedged', s);
  }
  assert.equal(profileClaim('Early signs of relapse were recorded in 12 patients.').certainty, 'neutral');
});

test('isClaim: opinions, plans and address with the writer or reader as subject are not claims; advice and reported findings are', () => {
  for (const s of ['This is why I have been promoting the combination strategy for over 10 years.',
    'You also continually mention that you believe in a strong anti-inflammatory drug.',
    "I also don't want to raise false hopes about the trial."]) {
    const p = profileClaim(s);
    assert.equal(p.isClaim, false, s);
    assert.ok(p.cues.some((c) => c.kind === 'not-claim'), s);
  }
  for (const s of ['You should take vitamin D to reduce relapses.', 'I found that natalizumab reduced relapses.', 'Natalizumab reduced relapses, as I said.']) {
    assert.equal(profileClaim(s).isClaim, true, s);
  }
  assert.equal(profileClaim('My expectation is that the trial will slow progression.').certainty, 'hedged');
});

test('relation: split phrasal verbs, causative make with a resulting state, passive agent phrases are causal', () => {
  for (const s of ['Aspirin keeps strokes away.', 'Cannabis makes people less willing to work for money.', 'Brain growth is determined by the length of pregnancy.',
    'Drinking in an unfamiliar place leads people to behave recklessly.']) {
    assert.equal(profileClaim(s).relation, 'causal', s);
  }
  assert.equal(profileClaim('Apples may keep strokes away.').relation, 'conditional-causal');
  assert.equal(profileClaim('Teenage pregnancy makes women more likely to be obese.').relation, 'correlational');
  assert.equal(profileClaim('The nurses make sure nothing slips by.').relation, 'none');
  assert.equal(profileClaim('Use of the urgent referral pathway could be efficacious.').relation, 'conditional-causal');
});

test('relation: "the potential to prevent" is a possibility (conditional), not an asserted effect', () => {
  const p = profileClaim('The compound has the potential to prevent the onset of arthritis.');
  assert.equal(p.relation, 'conditional-causal');
  assert.equal(profileClaim('The potential side effects were recorded.').relation, 'none');
});

test('relation: the content of a belief or fear is reported, not asserted', () => {
  assert.equal(profileClaim('There had been concern that antidepressant treatment reduced growth in the first year.').relation, 'none');
  assert.equal(profileClaim('The commonly held belief is that patients are protected from a recurrence.').relation, 'none');
  const p = profileClaim('A new study debunks the myth that young mothers recover faster - teenage pregnancy makes women more likely to become obese.');
  assert.equal(p.relation, 'correlational');
});

test('relation: causative phrasal verbs of level, split or not ("has driven up", "keep cholesterol down", "keep X from")', () => {
  for (const s of ['The organ shortage has driven up use of high-risk livers.', 'Statins keep cholesterol down.', 'Immune medications keep the body from rejecting the transplant.']) {
    assert.equal(profileClaim(s).relation, 'causal', s);
  }
  assert.equal(profileClaim('Keep away from the fire.').relation, 'none');
});

test('relation: a bare effect noun is a relation as the object of have/show or with an evaluative modifier, not as a name', () => {
  assert.equal(profileClaim('Delayed treatment for breast cancer has a profound effect.').relation, 'causal');
  assert.equal(profileClaim('Emergency admissions, deaths at weekends and the public holiday effect.').relation, 'none');
  assert.equal(profileClaim('Many patients get drugs with opposing effects.').relation, 'none');
  assert.equal(profileClaim('The effect of exercise on fatigue was large.').relation, 'causal');
});

test('relation: "be behind" is an idiomatic causal predicate', () => {
  assert.equal(profileClaim('Climate and housing conditions are behind tularemia infections among cats.').relation, 'causal');
  assert.equal(profileClaim('Differences in treatment are likely to be behind differing survival rates.').relation, 'conditional-causal');
});

test('relation: pharmacological action verbs are causal', () => {
  for (const s of ['Statins upregulate LDL receptors in the liver.', 'Caffeine potentiates the analgesic effect of paracetamol.', 'The compound antagonises dopamine receptors.']) {
    assert.equal(profileClaim(s).relation, 'causal', s);
  }
});

test('relation: a relative clause on the subject is a definition; the hedged predicate after it is the claim', () => {
  const p = profileClaim('Medicines which increase dopamine levels may hold the key to helping addicts quit.');
  assert.equal(p.relation, 'conditional-causal');
  assert.equal(profileClaim('Drugs that lower cholesterol reduce heart attacks.').relation, 'causal');
});

test('relation: a changed state that a group shows is a difference between groups, not a cause', () => {
  for (const s of ['Children exposed to the drug in utero show elevated rates of asthma.', 'Treated patients displayed reduced lesion volume at one year.', 'The program showed a trend toward reduced relapse rates.']) {
    const p = profileClaim(s);
    assert.equal(p.relation, 'correlational', s);
  }
  // The causal verb itself is still causal.
  assert.equal(profileClaim('The drug reduced lesion volume at one year.').relation, 'causal');
});

test('relation: a parenthesis inside a comparison does not end it', () => {
  assert.equal(profileClaim('Veterans show higher multiple sclerosis (MS) incidence rates than civilians.').relation, 'correlational');
});

test('certainty: abstract-style conclusions (indicate + noun phrase, estimated that, predicted to) are hedged', () => {
  for (const s of ['These findings indicate a role for STAT3 in monocyte differentiation.', 'It has been estimated that 30% of cases are familial.', 'This protein is predicted to bind DNA.']) {
    assert.equal(profileClaim(s).certainty, 'hedged', s);
  }
  // "as indicated in Figure 2" reports, it does not hedge; "more likely" stays an association.
  assert.equal(profileClaim('Binding was lost, as indicated in Figure 2.').certainty, 'neutral');
  assert.equal(profileClaim('Smokers were more likely to relapse.').certainty, 'neutral');
});

test('relation: established background is not the finding (relative on a noun, conceded or contrasted)', () => {
  for (const s of ['Few babies receive care measures known to improve survival.', 'Although tamoxifen is known to reduce recurrence, half of the patients stop taking it early.', 'Hypothermia has been proven to reduce mortality and improve outcomes, yet it was rarely used.']) {
    assert.equal(profileClaim(s).relation, 'none', s);
  }
  // The finding after a background effect still counts, also with a phrase before its infinitive.
  assert.equal(profileClaim('A therapy known to reduce infections has been shown for the first time to reduce mortality.').relation, 'causal');
  assert.equal(profileClaim('Radiotherapy has been shown to reduce the risk of recurrence.').relation, 'causal');
});

test('relation: aspectual "stop V-ing" ends an activity, it does not stop a process', () => {
  const p = profileClaim('Half of the patients stopped taking the drug within a year.');
  assert.equal(p.relation, 'none');
  assert.equal(p.magnitude, 'neutral');
  assert.equal(profileClaim('Natalizumab stops disease progression.').relation, 'causal');
});

test('relation: a treatment named as potential or promising states a possible effect', () => {
  for (const s of ['These results point to potential strategies for therapeutic intervention.', 'The compound is a promising new treatment for progressive MS.']) {
    const p = profileClaim(s);
    assert.equal(p.relation, 'conditional-causal', s);
    assert.equal(p.certainty, 'hedged', s);
  }
  // Without the possibility the noun alone states nothing.
  assert.equal(profileClaim('The treatment was given for two years.').relation, 'none');
});

test('relation: a non-restrictive relative defining a disease by its effect is not the finding', () => {
  assert.equal(profileClaim('Many adults carry the herpes zoster virus, which causes shingles, without knowing it.').relation, 'none');
  assert.equal(profileClaim('We found that the virus causes shingles.').relation, 'causal');
});

test('relation: relation words in a parenthetical aside are not the claim', () => {
  assert.equal(profileClaim('The smaller increases expected in Europe (due to the climate) would be hard to detect.').relation, 'none');
  assert.equal(profileClaim('Natalizumab (a monoclonal antibody) reduces relapses.').relation, 'causal');
});

test('relation: a verb form after an adjective of size is a plural noun', () => {
  assert.equal(profileClaim('The smaller increases were not detected.').relation, 'none');
  assert.equal(profileClaim('The drug increases the risk of infection.').relation, 'causal');
});

test('relation: an anaphoric reason ("Because of this,") names no cause; "connection" needs its complement', () => {
  assert.equal(profileClaim('Because of this, they may be at higher risk of renal failure.').relation, 'correlational');
  assert.equal(profileClaim('Because of this drug, relapses fell.').relation, 'causal');
  assert.equal(profileClaim('Research finds a connection between impulsivity and relapse.').relation, 'correlational');
  assert.equal(profileClaim('Connections made in the brain were counted.').relation, 'none');
});

test('a light verb yields to the relation it governs, a degree adverb counts on an effect word, a bracketed relation is an aside', () => {
  const cues = (s: string) => profileClaim(s).cues.map((c) => `${c.kind}:${c.text}`);
  assert.deepEqual(cues('Exercise helps reduce fatigue in MS.').filter((c) => c.startsWith('relation')), ['relation:reduce']);
  assert.ok(cues('The drug completely stopped the decline.').includes('absolute:completely'));
  assert.deepEqual(cues('The drug (which reduces relapses) was completely effective.').filter((c) => c.startsWith('relation')), ['relation:effective']);
  assert.deepEqual(cues('The drug which reduces relapses was completely effective.').filter((c) => c.startsWith('relation')), ['relation:reduces']);
});
