import type { Rule } from './rule';
import type { Cue, FindingDraft } from '../types';
import { softerWording } from '../claims/soften';
import { isPredicate } from '../claims/tagger';

const WHY: Record<string, string> = {
  absolute: 'states a total effect; studies rarely show more than a partial one, so say how much it changed',
  booster: 'states the finding with a certainty that a single study rarely earns; let the evidence carry it',
  hype: 'is promotional wording; it adds enthusiasm, not information',
};

/**
 * Flags wording stronger than research usually supports, on claims only: absolute effects
 * ("flat-lines", "cures") and boosters ("clearly shows", "proves") as warnings, hype
 * ("game changer") as information. Each finding offers softer wording as a quick fix.
 */
/** Words before a cue inside its sentence (lower case, last `n`). */
function wordsBefore(prose: string, sentenceStart: number, c: Cue, n: number): string[] {
  return prose.slice(0, Math.max(0, c.start - sentenceStart)).toLowerCase().split(/[^a-z'’-]+/).filter(Boolean).slice(-n);
}

const NON_ASSERTING = new Set(['to', 'can', 'could', 'may', 'might', 'would', 'should', 'will', 'shall', 'must', 'not', "n't", 'never', 'if', 'whether']);
const EVIDENCE = /^(?:study|studies|trial|trials|data|evidence|research|results?|findings?|analysis|analyses|meta-analysis|review|paper|experiment|rct)$/;

/**
 * An absolute word counts when it is the claim's predicate about an effect: it is (or overlaps) the
 * sentence's relation, it is not negated, not an infinitive of purpose ("meant to stop cases"), and
 * it takes an object rather than a preposition ("stopped at 7 days", "stops short of").
 */
function isEffectPredicate(prose: string, start: number, c: Cue, relation: Cue | undefined, negation: Cue | undefined): boolean {
  // "does not cure" is modest; "do nothing to stop", "never works" is itself a total (null) effect.
  const totalNull = !!negation && /^(?:nothing|never|none|no)$/i.test(negation.text);
  if (negation && !totalNull) return false;
  const overlapsRelation = relation && relation.start < c.end && c.start < relation.end;
  // An absolute adverb or determiner modifying the relation ("completely prevents", "no longer") sits just before it.
  const beforeRelation = relation && c.end <= relation.start && relation.start - c.end <= 12;
  if (relation && !overlapsRelation && !beforeRelation) return false;
  const prev = wordsBefore(prose, start, c, 2);
  if (prev.some((w) => NON_ASSERTING.has(w)) && !(prev.join(' ') === 'nothing to')) return false;
  const next = prose.slice(c.end - start).trimStart().toLowerCase();
  // Its object is studies or data, not an outcome: "the review eliminated 18 of 29 studies".
  if (/^(?:[\w-]+\s+){0,5}?(?:studies|trials|papers|articles|reports|records|data|datasets|countries|participants|observations|data points|cases from)\b/.test(next)) return false;
  if (/^(?:at|after|short|for|when|in|on|by|because|once|before|following|from)\b/.test(next)) return false;
  // With no relation found, the absolute verb itself must be a predicate by the tagger ("halts
  // progression"); asked last, once the cheap tests have passed.
  return !!relation || isPredicate(prose, c.start - start, c.end - start) !== false;
}

/**
 * A booster counts when it governs the claim: it comes before the relation in the same clause
 * ("clearly reduces", "definitely shows"), or it is itself the reporting verb of evidence
 * ("the trial proves", "another study proving") and not a possibility ("can prove informative").
 */
function governsClaim(prose: string, start: number, c: Cue, relation: Cue | undefined): boolean {
  const prev = wordsBefore(prose, start, c, 4);
  if (prev.slice(-2).some((w) => NON_ASSERTING.has(w))) return false;
  if (/^prov/i.test(c.text)) {
    // "the trial proves", "this proves that", "another study proving", "the drug proved effective".
    const next = prose.slice(c.end - start).trimStart().toLowerCase();
    return prev.some((w) => EVIDENCE.test(w)) || /^(?:this|it|which|these|that)$/.test(prev[prev.length - 1] ?? '') ||
      /^(?:to be|effective|ineffective|safe|unsafe|superior|inferior|beneficial|useful|successful|harmful|curative|protective|fatal|toxic)\b/.test(next);
  }
  // "clearly shows", "definitely demonstrated": the booster governs the reporting of a result.
  const nextWord = prose.slice(c.end - start).trimStart().split(/\s+/)[0] ?? '';
  if (/\b(?:show|shows|showed|shown|demonstrat\w*|establish\w*|confirm\w*)$/i.test(c.text) || /^(?:show|shows|showed|shown|demonstrat\w*|establish\w*|confirm\w*)$/i.test(nextWord)) return true;
  // "X is clearly a Y": the booster sits on the claim's own copular predicate.
  // Not in a relative clause about someone ("people who were clearly not…"), not before a negation.
  if (/^(?:is|are|was|were)$/.test(prev[prev.length - 1] ?? '') && !/^(?:who|which|that|whom)$/.test(prev[prev.length - 2] ?? '') &&
    !/^(?:not|no|never)$/.test(nextWord.toLowerCase())) return true;
  if (!relation || relation.start < c.end) return false;
  const between = prose.slice(c.end - start, relation.start - start);
  return between.length <= 25 && !/[,;:()—–]/.test(between);
}

/** A verdict on a treatment's harm or worth: "without doubt the most dangerous", "clearly ineffective". */
const VERDICT = /^(?:[\w-]+\s+){0,3}?(?:dangerous|useless|harmful|unsafe|safe|effective|ineffective|beneficial|toxic|deadly|lethal|worthless|superior|inferior)\b/i;

/** A booster directly before a verdict on harm or worth in the same clause. */
function boostsVerdict(prose: string, start: number, c: Cue): boolean {
  const after = prose.slice(c.end - start).replace(/^[\s,]+/, '');
  return VERDICT.test(after);
}

const rule: Rule = {
  id: 'overstated-language',
  description: 'Absolute, boosted or hype wording in a claim.',
  category: 'claims',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Natalizumab flat-lines disability progression. It clearly shows that progressive MS is inflammatory.',
    good: 'Natalizumab slows disability progression. It suggests that progressive MS is inflammatory.',
  },
  scope: 'sentence',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const s of ctx.sentences) {
      const p = s.claim;
      // Quoted passages (an abstract pasted as a blockquote) are the source's words, not the note's.
      if (!p.isClaim || s.quoteDepth > 0) continue;
      // Only a claim about a result: not the writer's opinion, a question, a method or a definition
      // (hype is judged on any statement of the note's own that is not opinion, question or quote).
      const finding = p.statement === undefined || p.statement === 'finding';
      const relation = p.cues.find((c) => c.kind === 'relation');
      const flagged: Cue[] = p.cues.filter((c) =>
        (c.kind === 'absolute' && finding && p.magnitude === 'absolute' && isEffectPredicate(s.prose, s.start, c, relation, p.cues.find((n) => n.kind === 'negation'))) ||
        (c.kind === 'booster' && p.certainty === 'boosted' && ((finding && governsClaim(s.prose, s.start, c, relation)) ||
          ((finding || p.statement === 'other') && boostsVerdict(s.prose, s.start, c)))) ||
        (c.kind === 'hype' && !p.negated && (p.statement === undefined || p.statement === 'finding' || p.statement === 'other' || p.statement === 'background')));
      for (const c of flagged) {
        const fix = softerWording(s.text, s.start, c);
        const kindWord = c.kind === 'absolute' ? 'Absolute wording' : c.kind === 'booster' ? 'Booster' : 'Hype';
        const suggestion = fix ? (fix.newText ? `; consider \`${fix.newText}\`` : '; consider removing it') : '';
        out.push({
          start: c.start,
          end: c.end,
          severity: c.kind === 'hype' ? 'information' : 'warning',
          message: `${kindWord}: \`${c.text}\` ${WHY[c.kind]}${suggestion}.`,
          data: { cue: c.kind, words: c.text, ...(fix ? { fixes: [fix] } : {}) },
        });
      }
    }
    return out;
  },
};

export default rule;
