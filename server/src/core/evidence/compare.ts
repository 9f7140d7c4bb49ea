/**
 * Compares a claim with its evidence on the axes of DESIGN.md (relation, certainty, magnitude,
 * outcome, population, study design, numbers, negation) and gives a verdict with reasons. Each
 * reason keeps the claim's words and the evidence's words so messages can quote both.
 */
import { outcomeMentions, profileClaim, TAGGER } from '../claims';
import type { ClaimProfile, Cue, Verdict } from '../types';
import { OBSERVATIONAL_DESIGNS, WEAK_DESIGNS, designWords, profileStudy, type StudyProfile } from './study';
import { allNumbers, findQuantities, type Quantity } from './text';
import { memoByText } from '../by-text';

// The evidence side's readings, kept by text: every claim judged against a source reads the same
// sentences and the same source text again (one claim per keystroke, all of them in a new note).
// Pure functions of the text; shared, so only read.
const SENTENCES = { texts: 4000, chars: 2_000_000 };
// A profile depends on whether the tagger is on (evals and the bench turn it off): one memo each.
const profileMemos = { tagged: memoByText(SENTENCES, (text) => profileClaim(text, 0)), untagged: memoByText(SENTENCES, (text) => profileClaim(text, 0)) };
const evidenceProfile = (text: string) => (TAGGER.enabled ? profileMemos.tagged : profileMemos.untagged)(text);
const evidenceOutcomes = memoByText(SENTENCES, outcomeMentions);
const evidenceQuantities = memoByText(SENTENCES, (text) => findQuantities(text));
const numbersOf = memoByText({ texts: 64, chars: 4_000_000 }, allNumbers);

export type ReasonId = 'certainty' | 'causality' | 'magnitude' | 'surrogate-to-clinical' | 'population' | 'study-design' | 'number-mismatch' | 'negation' | 'understated';

/** Why a verdict was reached, with the words on both sides. */
export interface ReasonDetail {
  reason: ReasonId;
  claimWords: string;
  evidenceWords: string;
  /** For a contradiction: true when the claim denies what the evidence reports (not the reverse). */
  claimNegated?: boolean;
  /** Offsets of the claim's words in the note when known. */
  start?: number;
  end?: number;
}

/** A number in the claim that differs from the source's value for the same quantity. */
export interface NumberMismatch {
  claim: Quantity;
  evidence: Quantity;
}

/** The evidence side of a comparison: one or more sentences (best first) and what is known of the study. */
export interface EvidenceSide {
  /**
   * Judge the relation even when the evidence states none (a pair of conclusions, as in the CLI
   * `compare`). Off for ranked source sentences, which often only report numbers.
   */
  strictRelation?: boolean;
  sentences: { text: string; profile?: ClaimProfile; score?: number }[];
  study?: StudyProfile;
  /** Full text of the source(s), to tell a quoted number that exists somewhere from one that does not. */
  sourceText?: string;
}

export interface Comparison {
  verdict: Verdict;
  reasons: string[];
  details: ReasonDetail[];
  mismatches: NumberMismatch[];
}

const RELATION_RANK = { none: 0, correlational: 1, 'conditional-causal': 2, causal: 3 } as const;
const CERTAINTY_RANK = { hedged: 0, neutral: 1, boosted: 2 } as const;
const MAGNITUDE_RANK = { partial: 0, neutral: 1, absolute: 2 } as const;

const NEGATION = /\b(?:did not|does not|do not|was not|were not|is not|are not|has not|have not|had not|didn't|doesn't|don't|wasn't|weren't|failed to|no (?:significant |clear |meaningful |statistically significant )?(?:effect|difference|benefit|change|association|improvement|reduction|impact|evidence)|not (?:significantly |statistically significantly )?(?:reduce|improve|slow|change|differ|affect|associated|superior|effective|significant)|neither|without (?:a |any )?(?:significant |measurable )?(?:effect|benefit|change|difference))\b/i;

/** Whether a sentence reports that something did not happen, by the profile or by a negation cue. */
export function isNegated(text: string, profile?: ClaimProfile): boolean {
  if (profile?.negated !== undefined) return profile.negated;
  return NEGATION.test(text);
}

const cueWords = (p: ClaimProfile | undefined, kinds: string[]): string => {
  const cues = (p?.cues ?? []).filter((c: Cue) => kinds.includes(c.kind));
  return [...new Set(cues.map((c) => c.text))].join(', ');
};
/** The first profile (best evidence first) with cues of the given kinds, as words. */
const firstCueWords = (profiles: ClaimProfile[], kinds: string[]): string => {
  for (const p of profiles) {
    const w = cueWords(p, kinds);
    if (w) return w;
  }
  return '';
};

const HUMAN = /\b(?:patients?|people|persons?|humans?|adults?|children|women|men|individuals|participants|msers|everyone|anyone|you)\b/i;
const ANIMAL = /\b(?:mice|mouse|murine|rats?|rodents?|animals?|zebrafish|primates|dogs|pigs|rabbits|fruit flies|in vitro|cell cultures?|cell lines?)\b/i;
const UNIVERSAL = /\b(?:all|every|any|everyone|anyone|always)\s+(?:\w+\s+){0,2}?(?:patients?|people|persons|cases|forms?|types?|adults|children|women|men|msers)\b/i;

/** Population check: the claim speaks of a broader or different population than the one studied. */
export function comparePopulation(claim: string, evidenceText: string, study?: StudyProfile, sourceText?: string): ReasonDetail | undefined {
  const claimAnimal = ANIMAL.exec(claim);
  // Without a study profile, only an explicit animal study against an explicit human claim counts.
  const species = study?.species ?? (ANIMAL.test(evidenceText) && !HUMAN.test(evidenceText) && HUMAN.test(claim) ? 'animal' : undefined);
  if ((species === 'animal' || species === 'in vitro') && !claimAnimal) {
    const human = HUMAN.exec(claim);
    const evidenceWord = ANIMAL.exec(evidenceText)?.[0] ?? (sourceText ? ANIMAL.exec(sourceText)?.[0] : undefined) ?? species;
    return { reason: 'population', claimWords: human?.[0] ?? '(no species named: read as people)', evidenceWords: evidenceWord };
  }
  const universal = UNIVERSAL.exec(claim);
  if (universal && study?.enrolled !== undefined) {
    return { reason: 'population', claimWords: universal[0], evidenceWords: `${study.enrolled} ${study.population ?? 'participants'}` };
  }
  // Qualifiers of the studied condition the claim leaves out ("progressive MS" → "MS").
  const pop = study?.population;
  if (pop) {
    const qualified = /\b((?:(?:secondary|primary|relapsing|progressive|remitting|early|late|advanced|mild|moderate|severe|chronic|acute|refractory|recurrent|metastatic|treatment-resistant|type [12]|or|and|-)\s*)+)\s*([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)\b/i.exec(pop);
    if (qualified) {
      const qualifiers = qualified[1].toLowerCase().split(/\s+|-/).filter((w) => w && w !== 'or' && w !== 'and');
      const head = qualified[2].split(/\s+/)[0];
      const headRe = new RegExp(String.raw`\b${head.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\b`, 'i');
      const c = claim.toLowerCase();
      if (headRe.test(claim) && qualifiers.length && !qualifiers.some((q) => c.includes(q))) {
        return { reason: 'population', claimWords: headRe.exec(claim)![0], evidenceWords: `${qualified[0].trim()}` };
      }
    }
  }
  return undefined;
}

const sameish = (a: number, b: number) => Math.abs(a - b) <= Math.max(Math.abs(a), Math.abs(b)) * 1e-9 + 1e-12;
const rounded = (claimValue: number, evidenceValue: number, claimText: string) => {
  const decimals = (/\.(\d+)/.exec(claimText)?.[1].length) ?? 0;
  return Math.abs(Number(evidenceValue.toFixed(decimals)) - claimValue) < 1e-9;
};

/** Numbers in the claim that differ from the evidence's value for the same kind of quantity. */
export function compareNumbers(claimText: string, evidence: EvidenceSide, claimOffset = 0): NumberMismatch[] {
  const claimQs = findQuantities(claimText, claimOffset);
  if (!claimQs.length) return [];
  const sourceNumbers = numbersOf(evidence.sourceText ?? evidence.sentences.map((s) => s.text).join(' '));
  const top = evidence.sentences.slice(0, 2);
  const evQs = top.flatMap((s) => evidenceQuantities(s.text));
  const out: NumberMismatch[] = [];
  for (const q of claimQs) {
    if (sourceNumbers.some((n) => sameish(n, q.value))) continue;
    const sameKind = evQs.filter((e) => e.kind === q.kind && (q.kind !== 'unit' || e.unit === q.unit) && (q.kind !== 'ratio' || e.unit === q.unit));
    if (!sameKind.length) continue;
    if (sameKind.some((e) => rounded(q.value, e.value, q.text))) continue;
    if (q.kind === 'p' && sameKind.some((e) => e.comparator === '<' && q.comparator === '<' && q.value >= e.value)) continue;
    // The evidence value the claim most likely meant: same digits first, then nearest.
    const digits = (v: number) => String(v).replace(/[^1-9]/g, '').split('').sort().join('');
    const best = sameKind.find((e) => digits(e.value) === digits(q.value))
      ?? [...sameKind].sort((a, b) => Math.abs(Math.log((a.value || 1e-9) / (q.value || 1e-9))) - Math.abs(Math.log((b.value || 1e-9) / (q.value || 1e-9))))[0];
    // A copy: the evidence's quantities are shared by every claim judged against that sentence.
    out.push({ claim: q, evidence: { ...best } });
  }
  return out;
}

/** True when the relation cue is governed by "can" ("can reduce", "can significantly improve", "can be prevented"). */
export function abilityModal(text: string, p: ClaimProfile, offset = 0): boolean {
  const rel = p.cues.find((c) => c.kind === 'relation');
  if (!rel) return false;
  const before = text.slice(0, Math.max(0, rel.start - offset));
  return /\bcan\s+(?:(?:\w+ly|also|still|even|now|then|help(?:\s+to)?|be)\s+){0,3}$/i.test(before);
}

export { designWords };

/**
 * Compares claim and evidence profiles (plus study profile and numbers). Evidence sentences
 * are best-first; the strongest wording among the close-scoring ones is what the claim may rely on.
 */
export function compareProfiles(claimText: string, claim: ClaimProfile, evidence: EvidenceSide, claimOffset = 0): Comparison {
  const details: ReasonDetail[] = [];
  const sentences = evidence.sentences.filter((s) => s.text.trim());
  if (!sentences.length) return { verdict: 'unverifiable', reasons: [], details, mismatches: [] };
  const bestScore = sentences[0].score ?? 1;
  const close = sentences.filter((s, i) => i === 0 || (s.score ?? 0) >= bestScore * 0.75).slice(0, 3);
  const profiles = close.map((s) => s.profile ?? evidenceProfile(s.text));
  const top = profiles[0];
  const evidenceText = close.map((s) => s.text).join(' ');

  // Negation: the best evidence reports no effect while the claim reports one (or vice versa).
  const claimNeg = isNegated(claimText, claim);
  const topNeg = isNegated(close[0].text, top);
  // A negated claim contradicts only evidence that reports the effect with no negation anywhere.
  const evidenceDeniesToo = close.some((s) => NEGATION.test(s.text));
  // …and only evidence that states a relation: a methods sentence ("response was assessed") reports nothing to deny.
  const contradicts = topNeg ? !claimNeg : claimNeg && !evidenceDeniesToo && profiles.some((p) => p.relation !== 'none');
  if (contradicts && (claim.relation !== 'none' || claim.isClaim)) {
    const neg = topNeg ? NEGATION.exec(close[0].text)?.[0] ?? 'not' : NEGATION.exec(claimText)?.[0] ?? 'not';
    details.push({ reason: 'negation', claimNegated: !topNeg, claimWords: topNeg ? cueWords(claim, ['relation']) || claimText.slice(0, 40) : neg, evidenceWords: topNeg ? neg : cueWords(top, ['relation']) || close[0].text.slice(0, 40) });
    return { verdict: 'contradicted', reasons: ['negation'], details, mismatches: [] };
  }

  const maxRel = Math.max(...profiles.map((p) => RELATION_RANK[p.relation]));
  const maxCert = Math.max(...profiles.map((p) => CERTAINTY_RANK[p.certainty]));
  const maxMag = Math.max(...profiles.map((p) => MAGNITUDE_RANK[p.magnitude]));
  const strongest = <K extends keyof ClaimProfile>(key: K, rank: Record<string, number>, v: number) => profiles.find((p) => rank[p[key] as string] === v) ?? top;

  const claimRel = RELATION_RANK[claim.relation];
  let relationUp = false;
  let relationDown = false;
  if (evidence.strictRelation) {
    // A pair of conclusions: "none" means the wording named no relation we recognise, so it
    // counts as unknown (between correlational and conditional) and only a full step decides.
    // On the exaggeration scale (Sumner et al. 2014) "can reduce" (a capability) sits below
    // "reduces": compared with another statement it counts as conditional.
    const a = (claim.relation === 'causal' && abilityModal(claimText, claim, claimOffset) ? RELATION_RANK['conditional-causal'] : claimRel) || 1.5;
    const evidenceText0 = close[0].text;
    const b = (top.relation === 'causal' && abilityModal(evidenceText0, top, 0) ? RELATION_RANK['conditional-causal'] : RELATION_RANK[top.relation]) || 1.5;
    // Two statements of no effect agree whatever verb each denies ("did not reduce" / "no association").
    const known = claimRel > 0 && RELATION_RANK[top.relation] > 0 && !(claimNeg && topNeg);
    relationUp = known && a - b >= 1;
    relationDown = known && b - a >= 1;
  } else if (maxRel > 0) {
    relationUp = claimRel === RELATION_RANK.causal && claimRel > maxRel;
  }
  if (relationUp) {
    const ev = evidence.strictRelation ? top : strongest('relation', RELATION_RANK, maxRel);
    details.push({ reason: 'causality', claimWords: cueWords(claim, ['relation']) || claim.relation, evidenceWords: cueWords(ev, ['relation', 'hedge']) || ev.relation });
  }
  const certaintyUp = evidence.strictRelation
    ? claim.certainty === 'boosted' && maxCert === CERTAINTY_RANK.hedged
    : CERTAINTY_RANK[claim.certainty] > maxCert;
  if (certaintyUp) {
    const ev = strongest('certainty', CERTAINTY_RANK, maxCert);
    details.push({ reason: 'certainty', claimWords: cueWords(claim, ['booster', 'hype']), evidenceWords: cueWords(ev, ['hedge']) });
  }
  if (claim.magnitude === 'absolute' && maxMag < MAGNITUDE_RANK.absolute) {
    details.push({ reason: 'magnitude', claimWords: cueWords(claim, ['absolute', 'hype']) || claim.magnitude, evidenceWords: firstCueWords(profiles, ['partial']) });
  }
  // The evidence also speaks to the claim's clinical outcome when it names that same outcome anywhere, not only
  // as the object of its main verb ("improve glucose control and reduce the risk of nocturnal hypoglycaemia").
  const stem = (w: string) => w.toLowerCase().replace(/[^a-z]/g, '').slice(0, 6);
  const claimClinical = claim.cues.filter((c) => c.kind === 'clinical').map((c) => stem(c.text));
  const evidenceClinical = profiles.some((p) => p.outcome === 'clinical') ||
    close.some((s) => evidenceOutcomes(s.text).clinical.some((o) => claimClinical.includes(stem(o))));
  const evidenceSurrogate = profiles.some((p) => p.outcome === 'surrogate') || evidence.study?.primaryEndpoint?.kind === 'surrogate';
  // A claim that denies an effect ("does not stop progression") asks nothing of a surrogate endpoint
  // or a weak design: those reasons are about claiming too much, not too little.
  if (claim.outcome === 'clinical' && !evidenceClinical && evidenceSurrogate && !claimNeg) {
    const ev = profiles.find((p) => p.outcome === 'surrogate');
    details.push({ reason: 'surrogate-to-clinical', claimWords: cueWords(claim, ['clinical']) || 'clinical outcome', evidenceWords: cueWords(ev, ['surrogate']) || evidence.study?.primaryEndpoint?.text || 'surrogate outcome' });
  }
  // Population only matters for a stated effect or association ("X reduces Y in Z").
  if (claim.relation !== 'none') {
    const pop = comparePopulation(claimText, evidenceText, evidence.study, evidence.sourceText);
    if (pop) details.push(pop);
  }
  const study = evidence.study;
  if (study && study.design.length) {
    const weak = study.design.filter((d) => WEAK_DESIGNS.has(d));
    const controlled = study.design.includes('randomised controlled trial') && !study.design.includes('animal') && !study.design.includes('in vitro');
    const observational = study.design.some((d) => OBSERVATIONAL_DESIGNS.has(d)) && !controlled;
    const uncontrolled = weak.length > 0 && !controlled;
    const strongClaim = !claimNeg && (claim.certainty === 'boosted' || (claim.relation === 'causal' && (claim.outcome === 'clinical' || claim.magnitude === 'absolute')));
    const causalFromObservation = observational && claim.relation === 'causal' && maxRel < RELATION_RANK.causal;
    if ((uncontrolled && strongClaim) || causalFromObservation) {
      details.push({ reason: 'study-design', claimWords: cueWords(claim, ['booster', 'absolute', 'relation']) || claim.relation, evidenceWords: designWords(weak.length ? weak : study.design) });
    }
  }
  const mismatches = compareNumbers(claimText, { ...evidence, sentences: close }, claimOffset);
  if (mismatches.length) {
    for (const m of mismatches) details.push({ reason: 'number-mismatch', claimWords: m.claim.text, evidenceWords: m.evidence.text, start: m.claim.start, end: m.claim.end });
  }
  if (details.length) return { verdict: 'overstated', reasons: [...new Set(details.map((d) => d.reason))], details, mismatches };

  const topRel = RELATION_RANK[top.relation];
  const understated = evidence.strictRelation
    ? relationDown
    : (claimRel < topRel && claimRel > 0) ||
      (CERTAINTY_RANK[claim.certainty] < CERTAINTY_RANK[top.certainty] && claimRel <= topRel && claimRel > 0);
  if (understated) {
    details.push({ reason: 'understated', claimWords: cueWords(claim, ['hedge', 'relation']) || claim.relation, evidenceWords: cueWords(top, ['relation', 'booster']) || top.relation });
    return { verdict: 'understated', reasons: ['understated'], details, mismatches };
  }
  return { verdict: 'supported', reasons: [], details, mismatches };
}

/** Contract for the CLI `compare`: a claim judged against one evidence text alone. */
export function compareClaimToEvidence(claim: string, evidence: string): { verdict: Verdict; reasons: string[]; claim: ClaimProfile; evidence: ClaimProfile } {
  const claimProfile = profileClaim(claim, 0);
  const evidenceProfile = profileClaim(evidence, 0);
  // What the evidence text itself says of its study (design, n, population) counts; nothing else does.
  const study = profileStudy({ text: evidence });
  const result = compareProfiles(claim, claimProfile, { strictRelation: true, sentences: [{ text: evidence, profile: evidenceProfile, score: 1 }], sourceText: evidence, study });
  // Understated only when the evidence itself states a relation; fall back to the close call.
  return { verdict: result.verdict, reasons: result.reasons, claim: claimProfile, evidence: evidenceProfile };
}
