/**
 * Part-of-speech tags from wink-nlp with its English light model (MIT; the model ships inside its
 * npm package, nothing is downloaded at run time). Chosen by measurement over compromise, `pos`
 * (fasttag) and en-pos on relation words used as predicates or not (see README, "Measuring"):
 * compromise tags a little better but is about 18 times slower; fasttag is as fast but worse.
 *
 * The tagger only feeds the profiler's decision "is this relation word the predicate of its
 * clause?": it is asked lazily, for sentences where a verb-form relation word was found.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface TaggedWord {
  text: string;
  start: number;
  end: number;
  /** Universal POS tag (VERB, AUX, NOUN, PROPN, ADJ, ADP, DET…). */
  pos: string;
}

type Engine = ReturnType<typeof winkNLP>;
let engine: Engine | undefined;
/** Sentences the engine has tagged since it was made. */
let engineTagged = 0;
/**
 * Sentences an engine tags before it is made anew (~100 ms). wink-nlp keeps every token it has not
 * seen before in its lexicon for good, and while a note is typed every keystroke makes a new
 * sentence text (half-typed words, new numbers): in a long-running server the lexicon would grow
 * without end (measured: +41 MB over 100,000 sentences of new numbers and names).
 */
export const ENGINE_SENTENCES = 10_000;
const cache = new Map<string, TaggedWord[]>();
const CACHE_SIZE = 4000;
/** Longer passages are not tagged (the heuristics alone decide): tagging must stay cheap. */
const MAX_LENGTH = 2000;

/** Empties the sentence cache (benchmarks measure the cold cost). */
export function clearTagCache(): void {
  cache.clear();
}

function nlp(): Engine {
  if (!engine || engineTagged >= ENGINE_SENTENCES) renewTagger();
  return engine!;
}

/** A new engine with an empty lexicon of seen tokens (the tags it gives are the same). */
export function renewTagger(): void {
  engine = winkNLP(model, ['pos']);
  engineTagged = 0;
}

/** Sentences the current engine has tagged (for tests of its renewal). */
export function taggedByEngine(): number {
  return engineTagged;
}

/** Tags the words of a sentence; offsets are relative to `text`. Empty when the text is too long. */
export function tagWords(text: string): TaggedWord[] {
  if (text.length > MAX_LENGTH) return [];
  const hit = cache.get(text);
  if (hit) return hit;
  const tagger = nlp();
  const doc = tagger.readDoc(text);
  engineTagged++;
  const its = tagger.its;
  const values = doc.tokens().out() as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  const out: TaggedWord[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const at = text.indexOf(values[i], cursor);
    if (at < 0) continue; // a token the tokenizer normalised: no offsets, left out
    out.push({ text: values[i], start: at, end: at + values[i].length, pos: tags[i] });
    cursor = at + values[i].length;
  }
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(text, out);
  return out;
}

const FINITE = new Set(['VERB', 'AUX']);

/**
 * Is the word at [start, end) of `text` the predicate of its clause? True when the tagger calls it a
 * verb. False for a noun, adjective or name when another verb carries the sentence ("All-cause
 * mortality was lower"). Undefined when the tagger has no opinion: no token there, or no other verb
 * ("Smoking causes lung cancer": the light model tags "causes" as a noun, yet a clause needs a verb).
 */
export function isPredicate(text: string, start: number, end: number): boolean | undefined {
  const words = tagWords(text);
  const i = words.findIndex((w) => w.start < end && w.end > start);
  if (i < 0) return undefined;
  const tag = words[i].pos;
  if (FINITE.has(tag)) return true;
  const otherVerb = words.some((w, k) => (k < i || w.start >= end) && FINITE.has(w.pos));
  // With no other verb the sentence is a clause only through this word, or a headline fragment:
  // the tagger cannot tell, the heuristics decide.
  if (!otherVerb) return undefined;
  return false;
}
