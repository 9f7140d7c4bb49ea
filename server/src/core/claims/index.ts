/**
 * The claim profile engine. Transparent by design: a sentence is tokenised, every token is looked
 * up once in a hash index compiled from the word lists in data/ (each entry with its provenance),
 * and a few pieces of syntax-aware logic decide what the matches mean:
 *  - verb or not: "reduced" in "associated with reduced risk" is an adjective; "the increase" a noun;
 *  - asserted or not: purpose infinitives ("in order to reduce"), inquiries ("examined whether"),
 *    gerund subjects, trends without a cause ("rates increased in 2010");
 *  - scope: a modal or hedge governs the causal verb in its clause ("may reduce" → conditional);
 *    negation within three words keeps the relation and marks it negated ("did not reduce");
 *  - comparison structures ("higher … than", "more likely", "incidence higher among"), agentless
 *    trends with a co-varying factor ("survival improves with training") and group predicates;
 *  - light verbs ("helps predict" takes the relation of "predict"), technical terms that hide
 *    their words ("proof of concept", "cardiac arrest"), acronyms and names ("American Heart Association");
 *  - inquiries ("examined whether X reduces Y") keep the wording's relation but are not claims.
 * Every decision leaves a cue (words + absolute offsets + kind) so hovers and verdicts can explain it.
 */
import type { Certainty, ClaimProfile, Cue, Magnitude, Outcome, Relation } from '../types';
import { tokenize, type Token } from './tokenize';
import { Lexicon, inflect, type CompiledEntry, type LexiconEntry, type LexiconFile, type LexiconMatch } from './lexicon';
import relations from './data/relations.json';
import certainty from './data/certainty.json';
import magnitude from './data/magnitude.json';
import outcomes from './data/outcomes.json';
import discourse from './data/discourse.json';

import { isPredicate } from './tagger';

/** Switch for measuring the profiler with and without the tagger (`npm run eval -- claims --no-tagger`). */
export const TAGGER = { enabled: true };

export { tokenize } from './tokenize';
export type { Token } from './tokenize';

/** All word lists compiled once into one first-token hash index. */
export const CLAIM_LEXICON = new Lexicon()
  .add('relations', relations as LexiconFile)
  .add('certainty', certainty as LexiconFile)
  .add('magnitude', magnitude as LexiconFile)
  .add('outcomes', outcomes as LexiconFile)
  .add('discourse', discourse as LexiconFile);

/** Where the sentence comes from; a heading is never a claim. */
export interface ClaimContext {
  block?: string;
}

// Closed-class words (grammar, not vocabulary): they tell a verb from an adjective or noun.
const DETERMINERS = new Set(['a', 'an', 'the', 'this', 'these', 'those', 'its', 'their', 'his', 'her', 'our', 'your', 'my', 'any', 'no', 'every', 'some', 'such', 'much', 'more', 'less', 'most', 'least']);
const PREPOSITIONS = new Set(['of', 'in', 'with', 'for', 'at', 'on', 'from', 'by', 'to', 'among', 'between', 'into', 'about', 'against', 'after', 'before', 'during', 'without', 'under', 'over', 'via', 'than', 'as', 'like']);
const BE_HAVE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", 'am', 'has', 'have', 'had', 'having']);
const NOUN_RIGHT = new Set(['in', 'of', 'for']);
/** "helps predict", "help doctors decide": helping someone know is not an effect on the outcome. */
const COGNITIVE_VERBS = new Set(['predict', 'determine', 'decide', 'diagnose', 'identify', 'explain', 'understand', 'detect', 'estimate', 'assess', 'evaluate', 'guide', 'inform', 'choose', 'select', 'spot', 'recognise', 'recognize', 'distinguish', 'find', 'catch', 'classify', 'anticipate', 'measure', 'monitor']);
const ADJECTIVE_SUFFIX = /(al|ic|ive|ous|ary|ful|less|able|ible|ant|ent|ing)$/;
const BASE_LEFT = new Set(['to', 'may', 'might', 'can', 'could', 'will', 'would', 'should', 'must', 'shall', 'do', 'does', 'did', 'not', "don't", "doesn't", "didn't", "can't", 'cannot', "won't", "wouldn't", "couldn't", "shouldn't", 'they', 'we', 'you', 'i', 'also', 'often', 'that', 'which', 'who', 'and', 'or', 'help', 'helps', 'helped', 'people', 'children', 'men', 'women', 'both', 'all', 'never', 'both', 'still', 'further', 'even', 'together', 'significantly', 'substantially', 'greatly', 'actually', 'directly', 'dramatically']);
const EFFECT_STATES = new Set(['normal', 'resolved', 'free', 'recovered', 'healed', 'gone', 'reversed', 'remission', 'protected', 'effective', 'safe', 'disappeared', 'cured', 'eliminated', 'prevented', 'blocked', 'suppressed', 'restored', 'halted', 'stopped', 'abolished', 'eradicated', 'normalised', 'normalized', 'inhibited']);
const BELIEF_WORDS = new Set(['previously', 'thought', 'expected', 'believed', 'reported', 'estimated', 'predicted', 'anticipated', 'assumed', 'they', 'we', 'before', 'usual', 'normal', 'ever']);
/** Evaluations of benefit or harm of an intervention ("could be efficacious", "may be hazardous"). */
const EVALUATIVE = new Set(['dangerous', 'safe', 'safer', 'unsafe', 'harmful', 'beneficial', 'effective', 'ineffective', 'useful', 'helpful', 'risky', 'protective', 'toxic', 'successful', 'cost-effective', 'better', 'worse', 'superior', 'inferior', 'best', 'feasible',
  'efficacious', 'inefficacious', 'hazardous', 'detrimental', 'damaging', 'deadly', 'lethal', 'fatal', 'advantageous', 'counterproductive', 'life-saving', 'lifesaving', 'curative', 'therapeutic']);
/** Attributive adjectives of possibility on a treatment noun ("a potential therapy"). */
const POSSIBILITY = new Set(['potential', 'possible', 'promising', 'candidate', 'prospective', 'putative']);
const COPULAS = new Set(['be', 'have', 'been', 'become', 'remain', 'also', 'still']);
const TREND_PREPS = new Set(['with', 'after', 'following', 'among', 'since']);
const GROUP_PREPS = new Set(['in', 'among', 'for', 'on', 'after', 'post', 'with', 'when', 'during', 'following']);
const ING_LEFT = new Set(['by', 'not', 'also', 'thereby', 'while', 'when', 'and', 'or', 'further', 'still', 'without', 'in', 'at', 'are', 'is', 'was', 'were', 'be', 'been', 'from']);
/** Nouns a bare comparative relates ("higher risk", "lower rates"). */
const COMPARED_NOUNS = new Set(['risk', 'risks', 'rate', 'rates', 'odds', 'chance', 'chances', 'incidence', 'levels', 'likelihood', 'prevalence', 'mortality', 'survival', 'outcomes', 'death', 'deaths', 'scores', 'numbers', 'frequency']);
/** Verbs whose object is often an adjective + noun: "show elevated rates", "face increased risk". */
const ADJ_TAKERS = new Set(['show', 'shows', 'showed', 'display', 'displays', 'displayed', 'exhibit', 'exhibits', 'exhibited', 'face', 'faces', 'faced', 'toward', 'towards', 'experience', 'experienced', 'experiences']);
/** Words that end the reach of a modal, negation or inquiry: clause openers. */
const CLAUSE_WORDS = new Set(['that', 'which', 'who', 'whom', 'whose', 'while', 'whereas', 'but', 'although', 'though', 'because', 'since', 'when', 'where', 'unless', 'however', 'yet']);
const CLAUSE_PUNCT = new Set([',', ';', ':', '(', ')', '—', '–', '"', '“', '”', '[', ']']);

interface Found {
  m: LexiconMatch;
  cat: string;
  from: number;
  to: number;
}

/** Entry-level context constraints from the data: `next`, `notNext`, `notAfter` (token lists). */
function contextOk(tokens: Token[], m: LexiconMatch): boolean {
  const e = m.compiled.entry as { next?: string[]; notNext?: string[]; notAfter?: string[] };
  const next = tokens[m.to]?.norm;
  const prev = tokens[m.from - 1]?.norm;
  if (e.next && (!next || !e.next.includes(next))) return false;
  if (e.notNext && next && e.notNext.includes(next)) return false;
  if (e.notAfter && prev && e.notAfter.includes(prev)) return false;
  return true;
}

function isClauseBreak(t: Token): boolean {
  return (t.kind === 'punct' && CLAUSE_PUNCT.has(t.text)) || CLAUSE_WORDS.has(t.norm);
}

/** True when a verb-entry match is used as a verb here, not as a noun or adjective. */
function isVerbal(tokens: Token[], f: Found): boolean {
  const c = f.m.compiled;
  if (c.entry.pos !== 'verb') return true;
  const prev = tokens[f.from - 1];
  const next = tokens[f.to];
  const p = prev?.norm ?? '';
  // Aspectual "stop taking", "stopped smoking": ceasing an activity, not stopping a process.
  if (ASPECTUAL.has(c.tokens[0]) && c.tokens.length === 1 && next?.kind === 'word' && next.norm.endsWith('ing') && !PREPOSITIONS.has(next.norm) && next.norm !== 'during') return false;
  switch (c.form) {
    case 'past':
      // "associated with increased risk", "an improved score", "Reduced sleep linked to…", "show elevated rates"
      if (DETERMINERS.has(p) || PREPOSITIONS.has(p) || p === 'and' || p === 'or' || ADJ_TAKERS.has(p)) return false;
      if (!prev && next && next.kind === 'word' && !PREPOSITIONS.has(next.norm)) return false;
      return true;
    case 'base':
      // "a cut in", "the increase", "had lower risk", "is lower"
      if (DETERMINERS.has(p) || (PREPOSITIONS.has(p) && p !== 'to') || BE_HAVE.has(p)) return false;
      if (next && NOUN_RIGHT.has(next.norm) && c.tokens.length === 1) return false;
      // Sentence-initial base forms are adjectives or nouns ("Lower incidence…", "Double-jointed…"), not imperatives.
      if (!prev) return false;
      if (BASE_LEFT.has(p) || prev.kind !== 'word') return true;
      // After an adjective ("neuroaxonal damage", "clinical benefit", "significant impact") it is a noun.
      return !ADJECTIVE_SUFFIX.test(p);
    case '3sg':
      // plural nouns: "increases in", "the effects", "smaller increases", "significant reductions"
      if (DETERMINERS.has(p) || (PREPOSITIONS.has(p) && p !== 'to') || SIZE_ADJECTIVES.has(p)) return false;
      if (next && NOUN_RIGHT.has(next.norm) && c.tokens.length === 1) return false;
      return true;
    case 'ing':
      // "the increasing use", "of worsening health", "cholesterol lowering drugs": adjective or gerund.
      // A verbal -ing follows an auxiliary, an adverb, a conjunction, "by" or a comma ("X, reducing Y").
      if (!prev) return true;
      // "resulting in", "leading to", "reducing the risk": a preposition or determined object makes it a verb.
      if (c.tokens.length > 1 || c.entry.pureCausal || (next && DETERMINERS.has(next.norm))) return !(DETERMINERS.has(p) || (PREPOSITIONS.has(p) && p !== 'by'));
      return prev.kind === 'punct' || BE_HAVE.has(p) || ING_LEFT.has(p) || p.endsWith('ly');
    default:
      return true;
  }
}

const ASPECTUAL = new Set(['stop', 'stops', 'stopped', 'stopping', 'halt', 'halts', 'halted', 'halting']);

/** Adjectives of size or degree: a verb-like word after them is a plural noun ("smaller increases"). */
const SIZE_ADJECTIVES = new Set(['small', 'smaller', 'large', 'larger', 'great', 'greater', 'big', 'bigger', 'significant', 'substantial', 'slight', 'modest', 'marked', 'dramatic', 'sharp', 'steep', 'further', 'annual', 'overall', 'sustained', 'major', 'minor', 'huge', 'massive', 'considerable', 'rapid', 'gradual', 'steady']);

/** Particles and particle phrases of phrasal verbs ("keep … away", "stave … off", "keep … at bay"). */
const PARTICLES = new Set(['away', 'off', 'out', 'down', 'up', 'about', 'back', 'at', 'from', 'to']);

interface SplitVerb { forms: Map<string, 'base' | '3sg' | 'past' | 'ing'>; rest: string[]; entry: LexiconEntry }
/** Causal phrasal verbs of the relation list whose object may come between verb and particle. */
const SPLIT_VERBS: SplitVerb[] = (relations as LexiconFile).entries.flatMap((e) => {
  const toks = tokenize(e.term).map((t) => t.norm);
  if (e.cat !== 'causal' || e.pos !== 'verb' || toks.length < 2 || !PARTICLES.has(toks[1])) return [];
  const forms = new Map<string, 'base' | '3sg' | 'past' | 'ing'>();
  const order = ['base', '3sg', 'past', 'ing'] as const;
  if (e.forms) (e.forms as string[]).forEach((f, i) => { forms.set(tokenize(f)[0].norm, order[i] ?? 'past'); });
  else { const inf = inflect(toks[0]); for (const k of order) forms.set(inf[k], k); }
  return [{ forms, rest: toks.slice(1), entry: e }];
});

function synthetic(tokens: Token[], from: number, to: number, entry: LexiconEntry, form: CompiledEntry['form']): Found {
  const compiled: CompiledEntry = { tokens: tokens.slice(from, to).map((t) => t.norm), entry, lexicon: 'relations', form };
  return { m: { from, to, compiled }, cat: 'causal', from, to };
}

/** The split verbs each word form can start (in SPLIT_VERBS order). */
const SPLIT_VERBS_BY_FORM = new Map<string, SplitVerb[]>();
for (const v of SPLIT_VERBS) {
  for (const f of v.forms.keys()) {
    const list = SPLIT_VERBS_BY_FORM.get(f);
    if (list) list.push(v); else SPLIT_VERBS_BY_FORM.set(f, [v]);
  }
}

/** "keeps strokes away", "staves the disease off": a phrasal verb with its object between verb and particle. */
function splitParticleVerbs(tokens: Token[]): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const verbs = SPLIT_VERBS_BY_FORM.get(tokens[i].norm);
    if (!verbs) continue;
    for (const v of verbs) {
      const form = v.forms.get(tokens[i].norm);
      // A sentence-initial base form is an imperative or a noun, as for single verbs.
      if (!form || (i === 0 && form === 'base')) continue;
      // The object: one to four words, no clause break, no preposition.
      for (let j = i + 2; j <= Math.min(tokens.length - v.rest.length, i + 5); j++) {
        const gap = tokens.slice(i + 1, j);
        if (gap.some((t) => t.kind !== 'word' || isClauseBreak(t) || (PREPOSITIONS.has(t.norm) && t.norm !== 'of'))) break;
        if (v.rest.every((r, k) => tokens[j + k]?.norm === r)) { out.push(synthetic(tokens, i, j + v.rest.length, v.entry, form)); break; }
      }
    }
  }
  return out;
}

const MAKE_FORMS = new Map<string, 'base' | '3sg' | 'past' | 'ing'>([['make', 'base'], ['makes', '3sg'], ['made', 'past'], ['making', 'ing']]);
/** Resulting states a causative "make" brings about ("makes people less willing", "make you fat"). */
const RESULT_STATES = new Set(['sick', 'ill', 'fat', 'obese', 'thin', 'healthy', 'healthier', 'unhealthy', 'happy', 'happier', 'sad', 'sadder', 'anxious', 'depressed', 'tired', 'sleepy', 'alert', 'stronger', 'weaker', 'smarter', 'vulnerable', 'susceptible', 'resistant', 'immune', 'prone', 'worse', 'better', 'able', 'unable', 'aggressive', 'impulsive', 'infertile', 'fertile', 'addicted', 'dependent', 'willing', 'unwilling', 'safer', 'harder', 'easier']);
const MAKE_ENTRY: LexiconEntry = { term: 'make … (adjective)', cat: 'causal', pos: 'phrase', provenance: 'Biber et al. 1999 causative verbs (make + object + resulting state); Yu et al. 2019 direct causal' };
/**
 * Causative "make" with an object and a resulting state: "makes people less willing to work",
 * "can make you fat". Probability wording ("makes women more likely to…") stays with the
 * association phrase it contains; "make sure", "make use of", "made of" are not causatives.
 */
function causativeMake(tokens: Token[]): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const form = MAKE_FORMS.get(tokens[i].norm);
    if (!form || DETERMINERS.has(tokens[i - 1]?.norm ?? '')) continue;
    for (let j = i + 2; j <= Math.min(tokens.length - 1, i + 4); j++) {
      const gap = tokens.slice(i + 1, j);
      if (gap.some((t) => t.kind !== 'word' || isClauseBreak(t) || PREPOSITIONS.has(t.norm) || t.norm === 'sure')) break;
      const w = tokens[j].norm;
      const degree = (w === 'less' || w === 'more' || w === 'much' || w === 'so' || w === 'too') ? tokens[j + 1]?.norm ?? '' : '';
      const state = degree || w;
      if (state === 'likely' || state === 'unlikely') break;
      if (RESULT_STATES.has(state) || (degree && /(?:ful|ive|ous|ant|ent|able|ible|ing|ed|y)$/.test(state))) {
        out.push(synthetic(tokens, i, degree ? j + 2 : j + 1, MAKE_ENTRY, form));
        break;
      }
    }
  }
  return out;
}

/** Nouns whose "that"-clause reports what someone believes or fears, not what the writer asserts. */
const BELIEF_NOUNS = new Set(['belief', 'beliefs', 'concern', 'concerns', 'myth', 'myths', 'misconception', 'misconceptions', 'fear', 'fears', 'worry', 'worries', 'perception', 'perceptions', 'rumour', 'rumor', 'claim', 'claims', 'misperception', 'dogma', 'wisdom']);
/**
 * Token indexes whose relation words the writer does not assert: the content of a belief or
 * fear ("the myth that X causes Y", "concern that treatment reduced growth"), up to the next
 * clause punctuation.
 */
function reportedScope(tokens: Token[], get: MatchesOf): Set<number> {
  const out = new Set<number>();
  for (let i = 1; i < tokens.length; i++) {
    const n = tokens[i].norm;
    const prev = tokens[i - 1];
    if (n === 'that' && BELIEF_NOUNS.has(prev.norm)) addToClauseEnd(tokens, i + 1, out);
    else if (n === 'that' && prev.norm === 'is' && BELIEF_NOUNS.has(tokens[i - 2]?.norm ?? '')) addToClauseEnd(tokens, i + 1, out);
  }
  return out;
}

/** Adds the token indexes from `from` to the next clause punctuation. */
function addToClauseEnd(tokens: Token[], from: number, out: Set<number>): void {
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'punct' && ((CLAUSE_PUNCT.has(t.text) && t.text !== '"' && t.text !== '“' && t.text !== '”') || t.text === '-')) break;
    out.add(k);
  }
}

const MODAL_REACH = 40;
/** Verbs after which a to-infinitive still asserts its effect ("shown to reduce", "helps to lower"). */
const ASSERTIVE_GOVERNORS = new Set(['help', 'helps', 'helped', 'helping', 'shown', 'found', 'proven', 'proved', 'known', 'able', 'likely', 'unlikely', 'seem', 'seems', 'seemed', 'appear', 'appears', 'appeared', 'tend', 'tends', 'thought', 'believed', 'expected', 'predicted', 'said', 'reported', 'set', 'going', 'ability', 'potential', 'capacity', 'enough', 'continue', 'continues', 'fail', 'fails', 'failed', 'failing', 'way', 'ways']);

/** False for relation words that are not asserted: purpose infinitives and sentence-initial gerunds. */
function isAsserted(tokens: Token[], f: Found, get: MatchesOf): boolean {
  const c = f.m.compiled;
  if (c.entry.pos !== 'verb') return true;
  const prev = tokens[f.from - 1];
  // "Reducing hospital admissions for asthmatics", "…that stopping smoking reduces…": a gerund subject.
  // After a comma it is a participle clause instead ("…, causing vision loss").
  if (c.form === 'ing' && (f.from === 0 || (clauseStart(tokens, f.from) === f.from && tokens[f.from - 1].text !== ','))) return false;
  if (c.form === 'base' && prev?.norm === 'to') {
    const gov = tokens[f.from - 2]?.norm ?? '';
    // "has been shown for the first time to reduce", "was found in mice to lower": a short phrase may
    // stand between the reporting participle and its infinitive.
    if (!ASSERTIVE_GOVERNORS.has(gov) && !get('modal').some((m) => m.to === f.from) && !reportedAfterPhrase(tokens, f)) return false;
  }
  // Change-of-state verbs without an object ("rates increased in 2009") describe a trend, not a cause.
  if (c.entry.ergative && c.form !== 'ing') {
    const next = tokens[f.to];
    const passive = prev && BE_HAVE.has(prev.norm) && c.form === 'past' && prev.norm !== 'has' && prev.norm !== 'have' && prev.norm !== 'had';
    if (!passive && (!next || next.kind !== 'word' || PREPOSITIONS.has(next.norm) || INTRANSITIVE_NEXT.has(next.norm))) return false;
  }
  return true;
}
/** "has been shown for the first time to reduce": a reporting participle a short phrase before the infinitive. */
function reportedAfterPhrase(tokens: Token[], f: Found): boolean {
  for (let k = f.from - 3; k >= Math.max(0, f.from - 7) && !isClauseBreak(tokens[k]); k--) {
    if (KNOWLEDGE.has(tokens[k].norm) || tokens[k].norm === 'found') return BE_HAVE.has(tokens[k - 1]?.norm ?? '') || tokens[k - 1]?.norm === 'been';
  }
  return false;
}
const INTRANSITIVE_NEXT = new Set(['significantly', 'slightly', 'substantially', 'sharply', 'dramatically', 'steadily', 'markedly', 'and', 'or', 'over', 'since', 'after', 'when', 'while', 'until', 'up', 'down']);

const KNOWLEDGE = new Set(['known', 'proven', 'proved', 'shown', 'established', 'recognised', 'recognized', 'documented']);
const CONCESSIVE = new Set(['although', 'though', 'while', 'whereas', 'despite']);
const CONTRAST = new Set(['but', 'yet', 'however', 'nevertheless', 'still']);
const STANCE_ADVERBS = new Set(['also', 'well', 'long', 'already', 'widely', 'generally', 'commonly', 'previously']);
/**
 * Established background, not the finding: an effect the sentence presupposes as known before
 * turning to its own point. "measures known to improve survival", "a disorder that is known to cause
 * fatigue" (a relative on a noun), "Although X is known to reduce Y, …", "X has been proven to reduce
 * mortality, yet it was rarely used" (conceded, then contrasted).
 */
function isBackground(tokens: Token[], f: Found): boolean {
  if (f.m.compiled.entry.pos !== 'verb' || f.m.compiled.form !== 'base') return false;
  let k = f.from - 1;
  while (tokens[k]?.norm.endsWith('ly')) k--;
  // A coordinated verb shares the infinitive ("known to reduce mortality and improve outcomes").
  if (tokens[k]?.norm === 'and' || tokens[k]?.norm === 'or') {
    let j = k - 1;
    while (j > 0 && j > k - 12 && !isClauseBreak(tokens[j]) && tokens[j].norm !== 'to') j--;
    if (tokens[j]?.norm === 'to') k = j;
  }
  if (tokens[k]?.norm !== 'to') return false;
  k--;
  const gov = tokens[k]?.norm ?? '';
  if (!KNOWLEDGE.has(gov)) return false;
  let b = k - 1;
  while (b >= 0 && (STANCE_ADVERBS.has(tokens[b].norm) || (tokens[b].norm.endsWith('ly') && tokens[b].kind === 'word'))) b--;
  const before = tokens[b];
  if (gov === 'known' && before) {
    // A reduced relative or apposition on a noun ("measures known to", "injections -- known to").
    if (before.kind === 'punct' || (before.kind === 'word' && !BE_HAVE.has(before.norm) && before.norm !== 'been' && !/^(?:to|it|they|we|which|that|who)$/.test(before.norm))) return true;
    // A relative clause: "that is known to", "which are known to".
    if (BE_HAVE.has(before.norm) && /^(?:that|which|who)$/.test(tokens[b - 1]?.norm ?? '')) return true;
  }
  // Conceded ("Although X is known to…") or contrasted afterwards ("…, but", "…, yet").
  for (let j = clauseStart(tokens, k) - 1; j >= 0 && j >= clauseStart(tokens, k) - 2; j--) if (CONCESSIVE.has(tokens[j]?.norm ?? '')) return true;
  if (tokens.slice(0, k).some((t) => CONCESSIVE.has(t.norm)) && !tokens.slice(0, k).some((t) => t.text === ',')) return true;
  for (let j = f.to; j < tokens.length - 1; j++) {
    if ((tokens[j].text === ',' || tokens[j].text === ';') && CONTRAST.has(tokens[j + 1].norm)) return true;
  }
  return false;
}

/**
 * A definition, not a finding: a non-restrictive relative that describes a disease or agent by its
 * known effect ("the herpes zoster virus, which causes shingles, …", "X, a crippling disease that
 * causes pain, …"). The sentence's own claim, if any, is elsewhere.
 */
function isDescriptive(tokens: Token[], f: Found): boolean {
  const c = f.m.compiled;
  if (c.entry.pos !== 'verb' || c.form === 'base') return false;
  const prev = tokens[f.from - 1];
  if (prev?.norm !== 'which' && prev?.norm !== 'that') return false;
  if (tokens[f.from - 2]?.text === ',') return prev.norm === 'which';
  for (let k = f.from - 2; k >= Math.max(0, f.from - 6); k--) {
    if (tokens[k].text === ',' && (tokens[k + 1]?.norm === 'a' || tokens[k + 1]?.norm === 'an')) return true;
    if (isClauseBreak(tokens[k])) break;
  }
  return false;
}

/** A participle ("caused by", "-ing"): not the finite verb of its clause. */
function isNonFinite(tokens: Token[], f: Found): boolean {
  const c = f.m.compiled;
  const prev = tokens[f.from - 1]?.norm ?? '';
  if (c.entry.pos !== 'verb') return c.tokens[c.tokens.length - 1] === 'by' && !BE_HAVE.has(prev);
  return c.form === 'ing' || (c.form === 'past' && !BE_HAVE.has(prev) && tokens[f.to]?.norm === 'by');
}

/** "appeared simultaneously", "appear 2 d after": appear = occur, not seem. */
function isOccurrenceAppear(tokens: Token[], f: Found): boolean {
  if (!tokens[f.from].norm.startsWith('appear') || f.to - f.from !== 1) return false;
  const next = tokens[f.to];
  return !next || next.kind !== 'word' || next.norm.endsWith('ly');
}

/** "American Heart Association": a capitalised word inside a name is not a cue. */
function isProperName(tokens: Token[], f: Found): boolean {
  if (f.from === 0) return false;
  const t = tokens[f.from];
  const prev = tokens[f.from - 1];
  // An acronym ("AIDS", "MAY") is a name, not the verb or modal it spells.
  if (t.text.length > 1 && t.text === t.text.toUpperCase() && t.text !== t.text.toLowerCase()) return true;
  return isCapitalised(t) && (isCapitalised(prev) || isCapitalised(tokens[f.to]) || prev.norm === 'of');
}

function isCapitalised(x?: Token): boolean {
  return !!x && x.kind === 'word' && x.text[0] !== x.text[0].toLowerCase();
}

/** A comparative compares two groups: "than"/"as" follows, or it grades a risk-like noun. */
function isComparison(tokens: Token[], f: Found): boolean {
  // Predicative comparison over groups: "incidence higher among veterans", "deaths higher on holidays".
  if (GROUP_PREPS.has(tokens[f.to]?.norm ?? '') || (tokens[f.to]?.norm.endsWith('ly') && GROUP_PREPS.has(tokens[f.to + 1]?.norm ?? ''))) return true;
  let skipped = 0;
  for (let k = f.to; k < Math.min(tokens.length, f.to + 14 + skipped); k++) {
    // A parenthesis ("higher osteoarthritis (OA) incidence rates") is an aside, not a clause break.
    if (tokens[k].text === '(') {
      const close = tokens.findIndex((t, j) => j > k && j <= k + 8 && t.text === ')');
      if (close > 0) { skipped += close - k + 1; k = close; continue; }
    }
    const n = tokens[k].norm;
    // "higher than previously thought" compares with a belief, not between groups.
    if (n === 'than' && BELIEF_WORDS.has(tokens[k + 1]?.norm ?? '')) return false;
    if (n === 'than' || n === 'as') return true;
    if (k < f.to + 3 + skipped && COMPARED_NOUNS.has(n)) return true;
    if (isClauseBreak(tokens[k])) break;
  }
  return false;
}

/**
 * "show elevated rates of ADHD", "display reduced brain size", "a trend toward reduced delirium": a
 * changed state (past participle of a change verb) that a group shows or experiences states a
 * difference between groups, an association, not the cause of the change.
 */
function isShownState(tokens: Token[], f: Found): boolean {
  const c = f.m.compiled;
  if (c.entry.pos !== 'verb' || c.form !== 'past' || c.tokens.length !== 1) return false;
  let k = f.from - 1;
  if (tokens[k]?.norm.endsWith('ly')) k--;
  const gov = tokens[k]?.norm ?? '';
  // "showed no improved survival" keeps the same reading; the negation is marked separately.
  if (gov === 'no' && ADJ_TAKERS.has(tokens[k - 1]?.norm ?? '')) return true;
  return ADJ_TAKERS.has(gov) && tokens[f.to]?.kind === 'word' && !PREPOSITIONS.has(tokens[f.to].norm);
}

/** "more than 2 million": a comparative before a number is a quantity, not a comparison. */
function isQuantity(tokens: Token[], f: Found): boolean {
  const next = tokens[f.to];
  if (next?.norm === 'than' && tokens[f.to + 1]?.kind === 'number') return true;
  if (next?.norm === 'than' && /^(one|two|three|four|five|six|seven|eight|nine|ten|half|a|an|twice|double)$/.test(tokens[f.to + 1]?.norm ?? '')) return true;
  return false;
}

/** An inquiry verb used as a verb ("examined whether"), not the noun "study" in "This study". */
function isInquiryVerb(tokens: Token[], f: Found): boolean {
  const c = f.m.compiled;
  if (c.entry.pos !== 'verb') return true;
  const prev = tokens[f.from - 1]?.norm ?? '';
  if (c.form === 'base') return prev === 'to' || prev === 'will' || prev === 'we' || prev === 'they';
  if (c.form === '3sg') return !DETERMINERS.has(prev) && tokens[f.to]?.kind === 'word' && !NOUN_RIGHT.has(tokens[f.to].norm) && f.from > 0;
  return isVerbal(tokens, f);
}

/** Index of the first token of the clause containing token i. */
function clauseStart(tokens: Token[], i: number): number {
  let k = i - 1;
  while (k >= 0 && !isClauseBreak(tokens[k])) k--;
  return k + 1;
}

function cue(tokens: Token[], from: number, to: number, kind: string, text: string, offset: number): Cue {
  const start = tokens[from].start;
  const end = tokens[to - 1].end;
  return { text: text.slice(start, end), start: start + offset, end: end + offset, kind };
}

/** The matches of a sentence by category, to read, not to change (a category without any has an empty list). */
type MatchesOf = (cat: string) => readonly Found[];

/** One empty list for every category a sentence has no match of (most of them, in most sentences). */
const NO_MATCHES: readonly Found[] = Object.freeze([]);

/** The matches of one category. */
function foundOf(by: Map<string, Found[]>, cat: string): readonly Found[] {
  return by.get(cat) ?? NO_MATCHES;
}

/** The negation within three words before `from` in its clause, if any. */
function negationOf(tokens: Token[], negations: readonly Found[], from: number): Found | undefined {
  const cs = clauseStart(tokens, from);
  for (const n of negations) {
    if (n.to <= from && n.from >= cs && from - n.to <= 3) return n;
  }
  return undefined;
}

/** Relations inside an inquiry ("examined whether X reduces Y") are asked, not asserted. */
function inInquiry(tokens: Token[], inquiries: readonly Found[], i: number): boolean {
  return inquiries.some((q) => q.to <= i && (q.m.compiled.entry.term === 'whether' || i - q.to <= 8) && clauseStart(tokens, i) <= q.from);
}

/**
 * "Because of this, …", "Due to that, …": a reason pointing back to an earlier sentence links two
 * statements, it names no cause of its own.
 */
function isAnaphoricReason(tokens: Token[], f: Found): boolean {
  return f.m.compiled.entry.pos !== 'verb' && f.m.compiled.tokens[f.m.compiled.tokens.length - 1] !== 'by' &&
    /^(?:because|due|owing|as|thanks)$/.test(f.m.compiled.tokens[0]) && /^(?:this|that|these|those|it|them)$/.test(tokens[f.to]?.norm ?? '') &&
    (!tokens[f.to + 1] || tokens[f.to + 1].kind === 'punct');
}

/**
 * The tagger has the last word on verb-form relation words: a noun, adjective or name used inside a
 * clause carried by another verb is not the claim's predicate ("all-cause mortality was lower").
 * The light model often calls a third-person verb ("increases", "halves") a plural noun, so the
 * -s form is left to the heuristics (measured: Yu et al. press releases 0.791 → see README).
 */
function isTaggedPredicate(text: string, tokens: Token[], f: Found): boolean {
  return TAGGER.enabled === false || f.m.compiled.entry.pos !== 'verb' || (f.m.compiled.form !== 'past' && f.m.compiled.form !== 'ing') ||
    isPredicate(text, tokens[f.from].start, tokens[f.from].end) !== false;
}

/** A relation word the sentence asserts. The tagger is asked last, when every cheap test has passed and its answer decides. */
function isAssertedRelation(text: string, tokens: Token[], get: MatchesOf, reported: Set<number>, f: Found): boolean {
  return !isAnaphoricReason(tokens, f) && isVerbal(tokens, f) && !isProperName(tokens, f) && isAsserted(tokens, f, get) && !reported.has(f.from) &&
    !isBackground(tokens, f) && !isDescriptive(tokens, f) && isTaggedPredicate(text, tokens, f);
}

/** "helps predict risk": a light verb; the verb it governs carries the relation. */
function isGoverned(tokens: Token[], get: MatchesOf, f: Found): boolean {
  const k = tokens[f.to]?.norm === 'to' ? f.to + 1 : f.to;
  // "helps predict", "helps to predict", "helps doctors predict"
  return startsMatch(get, RELATION_CATEGORIES, k) || COGNITIVE_VERBS.has(tokens[k]?.norm ?? '') || COGNITIVE_VERBS.has(tokens[k + 1]?.norm ?? '');
}

/** The relations a light verb can govern. */
const RELATION_CATEGORIES = ['causal', 'correlational'];
/** The words of an effect, which a degree adverb makes absolute. */
const EFFECT_CATEGORIES = ['causal', 'absolute', 'partial', 'causal-noun'];

/** Does a match of one of `categories` start at token `k`? (A sentence has a handful of matches: a scan, no set built per sentence.) */
function startsMatch(get: MatchesOf, categories: readonly string[], k: number): boolean {
  return categories.some((cat) => get(cat).some((f) => f.from === k));
}

/** Bare effect nouns with `governedBy` need a having/showing verb or an evaluative modifier just before them. */
function isGovernedNoun(tokens: Token[], f: Found): boolean {
  const gov = f.m.compiled.entry.governedBy as string[] | undefined;
  if (!gov) return true;
  for (let k = f.from - 1; k >= Math.max(0, f.from - 4) && !isClauseBreak(tokens[k]); k--) if (gov.includes(tokens[k].norm)) return true;
  return false;
}

/**
 * A modal or hedging adverb in the same clause before the verb makes it conditional. Over a
 * comparison or risk word (`weakMain`), only a causative verb carries the effect ("may put … at
 * risk"); with a copula it is a hedged association ("may be at higher risk").
 */
function governingModal(tokens: Token[], modals: readonly Found[], weakMain: boolean, m: Found): Found | undefined {
  return modals.find((f) => f.from >= clauseStart(tokens, m.from) && f.to <= m.from && m.from - f.to <= MODAL_REACH &&
    !(weakMain && (f.m.compiled.tokens.includes('be') || COPULAS.has(tokens[f.to]?.norm ?? ''))));
}

/** A hedge inside a longer or equal association phrase is part of it ("more likely" is not a hedge); a longer hedge phrase wins. */
function isCovered(correl: readonly Found[], h: Found): boolean {
  return correl.some((f) => f.from <= h.from && h.from < f.to && !(h.from === f.from && h.to > f.to));
}

/** "completely" is absolute only on an effect ("completely stops", "fully normal"), not in "fully funded". */
function isOnEffect(tokens: Token[], get: MatchesOf, f: Found): boolean {
  return !f.m.compiled.entry.degreeAdverb ||
    [f.from - 1, f.to, f.to + 1].some((k) => startsMatch(get, EFFECT_CATEGORIES, k) || EFFECT_STATES.has(tokens[k]?.norm ?? ''));
}

/**
 * Profiles one sentence: whether it is a claim and how strong its relation, certainty, magnitude
 * and outcome are, with the cue words that decided each field. `offset` is added to every cue.
 */
export function profileClaim(text: string, offset = 0, context?: ClaimContext): ClaimProfile {
  const tokens = tokenize(text);
  const profile: ClaimProfile = {
    isClaim: false, relation: 'none', certainty: 'neutral', magnitude: 'neutral', outcome: 'unspecified',
    cues: [], negated: false, hype: false,
  };
  if (tokens.length === 0) return profile;
  const cues: Cue[] = [];
  const by = new Map<string, Found[]>();
  for (const m of CLAIM_LEXICON.matchAll(tokens)) {
    if (!contextOk(tokens, m)) continue;
    const cat = m.compiled.entry.cat;
    const f: Found = { m, cat, from: m.from, to: m.to };
    const list = by.get(cat);
    if (list) list.push(f); else by.set(cat, [f]);
  }
  // Technical terms ("proof of concept", "cardiac arrest") hide the cue words inside them.
  const inTerm = new Set<number>();
  for (const t of by.get('term') ?? []) for (let k = t.from; k < t.to; k++) inTerm.add(k);
  if (inTerm.size) {
    for (const [cat, list] of by) if (cat !== 'term') by.set(cat, list.filter((f) => !inTerm.has(f.from)));
  }
  const get = foundOf.bind(undefined, by);

  // Tokens covered by a longer match of another kind do not count twice ("more likely" is not a hedge).
  const negations = get('negation');

  // Relations inside an inquiry ("examined whether X reduces Y") are asked, not asserted.
  const inquiries = get('inquiry').filter((f) => isInquiryVerb(tokens, f));

  // ---- relation ----
  // The relation is the wording's; whether it is asserted or only asked ("examined whether X reduces Y")
  // is decided below, for isClaim.
  const reported = reportedScope(tokens, get);
  // A parenthesis is an aside ("(due to the mosquitoes not being indigenous)"), not the claim.
  let depth = 0;
  if (text.includes('(')) tokens.forEach((t, i) => { if (t.text === '(') depth++; else if (t.text === ')') depth = Math.max(0, depth - 1); else if (depth > 0) reported.add(i); });
  // Relation words the sentence asserts; "helps predict risk": the verb a light verb governs carries the relation.
  const causal = [...get('causal').filter((f) => isAssertedRelation(text, tokens, get, reported, f)).filter((f) => !(f.m.compiled.entry.term === 'help' && isGoverned(tokens, get, f))),
    ...splitParticleVerbs(tokens), ...causativeMake(tokens)].sort((a, b) => a.from - b.from);
  const correl = get('correlational').filter((f) => isAssertedRelation(text, tokens, get, reported, f));
  const nouns = get('causal-noun').filter((f) => isAssertedRelation(text, tokens, get, reported, f)).filter((f) => isGovernedNoun(tokens, f));
  // A change without an agent but with a co-varying factor is an association: "survival improves with
  // training", "obesity drops among children enrolled in WIC".
  const trends = get('causal').filter((f) => f.m.compiled.entry.ergative && isVerbal(tokens, f) &&
    !isAsserted(tokens, f, get) && TREND_PREPS.has(tokens[f.to]?.norm ?? ''));
  const weak = [...get('correlational-weak').filter((f) => isAssertedRelation(text, tokens, get, reported, f) && !isQuantity(tokens, f) && (!f.m.compiled.entry.comparative || isComparison(tokens, f))), ...trends,
    ...get('causal').filter((f) => isShownState(tokens, f) && !isProperName(tokens, f) && !reported.has(f.from))]
    .sort((a, b) => a.from - b.from);
  let relation: Relation = 'none';
  let main: Found | undefined;
  let possibility = false;
  const firstCausal = causal[0];
  const firstCorrel = correl[0];
  if (firstCausal && (!firstCorrel || firstCausal.from < firstCorrel.from)) {
    main = firstCausal; relation = 'causal';
  } else if (firstCorrel) {
    main = firstCorrel; relation = 'correlational';
  } else if (nouns[0]) {
    main = nouns[0]; relation = 'causal';
  } else if (weak[0]) {
    main = weak[0]; relation = 'correlational';
  }
  // Modals and hedging adverbs that turn a causal claim conditional ("may reduce", "appears to protect").
  const modals = get('modal').filter((f) => !isProperName(tokens, f) && !inInquiry(tokens, inquiries, f.from));
  if (main) {
    // A modal over a comparison or risk word hedges an effect: "may put children at risk", "could expose
    // patients to greater risk". Association verbs ("may be linked") stay correlational.
    const weakMain = relation === 'correlational' && (main.cat === 'correlational-weak' || main.cat === 'causal' || !!main.m.compiled.entry.riskPhrase);
    // An earlier participle ("side-effects caused by quinine could be controlled…") is a modifier;
    // the hedged finite verb later in the sentence is the claim.
    if (relation === 'causal' && !governingModal(tokens, modals, weakMain, main) && isNonFinite(tokens, main)) {
      main = causal.find((f) => f.from > main!.from && governingModal(tokens, modals, weakMain, f)) ?? main;
    }
    // The same for a relative clause on the subject ("Medicines which increase dopamine may hold the key to…"):
    // the hedged predicate that follows is the claim.
    if (relation === 'causal' && !governingModal(tokens, modals, weakMain, main) && /^(?:which|that|who)$/.test(tokens[main.from - 1]?.norm ?? '') && main.from <= 8) {
      const later = [...causal, ...nouns].filter((f) => f.from > main!.to && governingModal(tokens, modals, weakMain, f)).sort((a, b) => a.from - b.from)[0];
      if (later) main = later;
    }
    cues.push(cue(tokens, main.from, main.to, 'relation', text, offset));
    const neg = negationOf(tokens, negations, main.from);
    if (neg) {
      profile.negated = true;
      cues.push(cue(tokens, neg.from, neg.to, 'negation', text, offset));
    }
    const modal = relation === 'causal' || weakMain ? governingModal(tokens, modals, weakMain, main) : undefined;
    if (modal) {
      relation = 'conditional-causal';
      cues.push(cue(tokens, modal.from, modal.to, 'hedge', text, offset));
    }
  }
  if (!main) {
    // "potential strategies for therapeutic intervention", "a promising new treatment": a possible effect.
    const treat = get('treatment-noun').find((t) => {
      for (let k = t.from - 1; k >= Math.max(0, t.from - 3); k--) {
        if (POSSIBILITY.has(tokens[k].norm)) return true;
        if (tokens[k].kind !== 'word' || isClauseBreak(tokens[k])) break;
      }
      return false;
    });
    if (treat) {
      const k = [treat.from - 1, treat.from - 2, treat.from - 3].find((j) => POSSIBILITY.has(tokens[j]?.norm ?? ''))!;
      main = treat;
      relation = 'conditional-causal';
      possibility = true;
      cues.push(cue(tokens, treat.from, treat.to, 'relation', text, offset), cue(tokens, k, k + 1, 'hedge', text, offset));
    }
  }
  if (!main) {
    // "may be feasible", "could be dangerous to heart patients": a hedged evaluation of an intervention.
    const modal = modals.find((f) => {
      for (let k = f.to; k < Math.min(tokens.length, f.to + 5) && !isClauseBreak(tokens[k]); k++) {
        if (EVALUATIVE.has(tokens[k].norm)) return true;
      }
      return false;
    });
    if (modal) {
      relation = 'conditional-causal';
      cues.push(cue(tokens, modal.from, modal.to, 'hedge', text, offset));
    }
  }
  profile.relation = relation;

  // ---- certainty ----
  // A hedge inside a longer or equal association phrase is part of it ("more likely" is not a hedge);
  // a longer hedge phrase wins ("is predicted to bind" hedges, "predicted" alone associates).
  // A negated hedging verb is not a hedge ("does not assume"); negative hedges are phrases of their own.
  const hedgeCues = [...get('modal'), ...get('hedge')].filter((f) => !isCovered(correl, f) && !isOccurrenceAppear(tokens, f) &&
    !(f.to - f.from === 1 && negationOf(tokens, negations, f.from) && f.m.compiled.entry.cat === 'hedge' && !/^(may|might|would|could)$/.test(tokens[f.from].norm)));
  const boosterCues = get('booster').filter((f) => !negationOf(tokens, negations, f.from));
  let cert: Certainty = 'neutral';
  if (hedgeCues.length) {
    cert = 'hedged';
    for (const h of dedupe(hedgeCues)) {
      if (!cues.some((c) => c.start === tokens[h.from].start + offset && c.kind === 'hedge')) cues.push(cue(tokens, h.from, h.to, 'hedge', text, offset));
    }
  } else if (possibility) {
    cert = 'hedged';
  } else if (boosterCues.length) {
    cert = 'boosted';
    for (const b of dedupe(boosterCues)) cues.push(cue(tokens, b.from, b.to, 'booster', text, offset));
  }
  profile.certainty = cert;

  // ---- magnitude and hype ----
  // "completely" is absolute only on an effect ("completely stops", "fully normal"), not in "fully funded".
  const absolute = get('absolute').filter((f) => isVerbal(tokens, f) && !negationOf(tokens, negations, f.from) && isOnEffect(tokens, get, f));
  const partial = get('partial').filter((f) => isVerbal(tokens, f));
  let mag: Magnitude = 'neutral';
  if (absolute.length) {
    mag = 'absolute';
    for (const a of dedupe(absolute)) cues.push(cue(tokens, a.from, a.to, 'absolute', text, offset));
  } else if (partial.length) {
    mag = 'partial';
    for (const p of dedupe(partial)) cues.push(cue(tokens, p.from, p.to, 'partial', text, offset));
  }
  profile.magnitude = mag;
  const hype = dedupe(get('hype'));
  if (hype.length) {
    profile.hype = true;
    for (const h of hype) cues.push(cue(tokens, h.from, h.to, 'hype', text, offset));
  }

  // ---- outcome: the outcome nearest after the relation cue, else the first one ----
  const outs = dedupe([...get('clinical'), ...get('surrogate')]).sort((a, b) => a.from - b.from);
  let outcome: Outcome = 'unspecified';
  if (outs.length) {
    const pick = (main && outs.find((o) => o.from >= main!.to)) || outs[0];
    outcome = pick.cat as Outcome;
    cues.push(cue(tokens, pick.from, pick.to, pick.cat, text, offset));
  }
  profile.outcome = outcome;

  // ---- is it a claim? ----
  // A relation inside an inquiry is asked, not asserted: an aim, not a claim.
  const asked = main && inInquiry(tokens, inquiries, main.from) ? inquiries.filter((q) => q.to <= main!.from).pop() : undefined;
  const notClaim = (asked && { from: asked.from, to: asked.to, label: 'inquiry' }) || decideNotClaim(tokens, get, context, relation, cert);
  if (notClaim) {
    cues.push(notClaim.from >= 0 ? cue(tokens, notClaim.from, notClaim.to, 'not-claim', text, offset) : { text: notClaim.label, start: offset, end: offset, kind: 'not-claim' });
  } else {
    const marker = [...get('finding'), ...get('recommendation'), ...get('prediction')][0];
    const isClaim = relation !== 'none' || cert !== 'neutral' || mag !== 'neutral' || !!profile.hype || !!marker || outcome !== 'unspecified';
    profile.isClaim = isClaim;
    if (isClaim && marker) cues.push(cue(tokens, marker.from, marker.to, 'claim', text, offset));
  }
  profile.cues = cues.sort((a, b) => a.start - b.start || a.end - b.end);
  return profile;
}

/** Tokens that may stand between a sentence opening and its subject pronoun ("This is why I …", "And you …"). */
const OPENERS = new Set(['this', 'that', 'it', 'is', 'was', "'s", 'why', 'so', 'and', 'but', 'also', 'then', 'now', 'here', 'still', 'honestly', 'frankly', 'personally', 'clearly', 'of', 'course', 'well', 'yes', 'no', 'as', 'for', 'me']);
/** Auxiliaries and adverbs between a subject and its verb ("I also don't want", "you continually mention"). */
const AUX = new Set(['am', "'m", 'have', "'ve", 'has', 'had', 'been', 'do', 'did', "don't", "didn't", 'not', 'also', 'still', 'really', 'always', 'never', 'just', 'too', 'again', 'then', 'now', 'often', 'will', "'ll", 'would', "'d", 'was', 'were', 'are', 'keep', 'kept']);
/** Modals that turn a sentence addressed to "you" into advice (a recommendation is a claim). */
const ADVICE = new Set(['should', 'must', 'need', 'needs', 'can', 'could', 'may', 'might', 'ought', "shouldn't", "mustn't", "can't", 'cannot']);

/**
 * Opinions, plans, anecdotes and address: a first clause whose subject is the writer ("I") or the
 * reader ("you") speaks about people in the conversation, not about the world ("I have been
 * promoting…", "You also mention that you believe…", "I don't want to raise false hopes").
 * Not when the writer reports a finding ("I found that…") or gives the reader advice ("you should…").
 */
function personalStatement(tokens: Token[], get: MatchesOf): NotClaim | undefined {
  let k = 0;
  while (k < tokens.length && k < 4 && tokens[k].kind === 'word' && OPENERS.has(tokens[k].norm)) k++;
  const subj = tokens[k];
  if (!subj || (subj.norm !== 'i' && subj.norm !== 'you')) return undefined;
  let v = k + 1;
  while (v < tokens.length && tokens[v].kind === 'word' && (AUX.has(tokens[v].norm) || (tokens[v].norm.endsWith('ly') && tokens[v].norm.length > 4))) v++;
  const verb = tokens[v];
  if (!verb || verb.kind !== 'word') return undefined;
  if (subj.norm === 'you' && tokens.slice(k + 1, v + 1).some((t) => ADVICE.has(t.norm))) return undefined;
  if (get('finding').some((f) => f.from === v) || get('hedge').some((f) => f.from <= k && f.to > k)) return undefined;
  return { from: k, to: v + 1, label: 'personal' };
}

/** Every clinical and surrogate outcome the text names (the profile keeps only the one its relation acts on). */
export function outcomeMentions(text: string): { clinical: string[]; surrogate: string[] } {
  const tokens = tokenize(text);
  const out = { clinical: [] as string[], surrogate: [] as string[] };
  for (const m of CLAIM_LEXICON.matchAll(tokens)) {
    const cat = m.compiled.entry.cat;
    if ((cat === 'clinical' || cat === 'surrogate') && contextOk(tokens, m)) out[cat].push(text.slice(tokens[m.from].start, tokens[m.to - 1].end));
  }
  return out;
}

const PEOPLE = new Set(['everyone', 'everybody', 'all', 'you', 'my', 'our', 'colleagues', 'friends', 'those', 'them', 'him', 'her', 'us']);

/** Keeps the longest of overlapping matches. */
function dedupe(list: readonly Found[]): Found[] {
  const sorted = [...list].sort((a, b) => a.from - b.from || (b.to - b.from) - (a.to - a.from));
  const out: Found[] = [];
  let end = -1;
  for (const f of sorted) {
    if (f.from >= end) { out.push(f); end = f.to; }
  }
  return out;
}

interface NotClaim { from: number; to: number; label: string }

function decideNotClaim(
  tokens: Token[], get: MatchesOf, context: ClaimContext | undefined,
  relation: Relation, cert: Certainty,
): NotClaim | undefined {
  if (context?.block === 'heading') return { from: -1, to: -1, label: 'heading' };
  const last = tokens[tokens.length - 1];
  if (last.text === '?') return { from: tokens.length - 1, to: tokens.length, label: 'question' };
  const words = tokens.filter((t) => t.kind === 'word').length;
  if (words < 3) return { from: -1, to: -1, label: 'fragment' };
  // Feelings and greetings lead the sentence ("I hope…", "Thanks to everyone…").
  const social = [...get('feeling'), ...get('greeting')].find((f) => f.from <= 2);
  // "Thanks to the new drug, …" states a cause; "Thanks to everyone who came" is gratitude.
  const causalThanks = social?.m.compiled.entry.term === 'thanks' && tokens[social.to]?.norm === 'to' && !PEOPLE.has(tokens[social.to + 1]?.norm ?? '');
  if (social && !causalThanks) return { from: social.from, to: social.to, label: 'feeling' };
  const personal = personalStatement(tokens, get);
  if (personal) return personal;
  const methods = get('methods')[0];
  const finding = get('finding')[0];
  if (methods && relation === 'none' && cert === 'neutral' && !finding) return { from: methods.from, to: methods.to, label: 'methods' };
  return undefined;
}
