import type { Root } from 'mdast';
import type { ClaimProfile, Drug, Sentence, SentenceInfo, Statistic } from './types';
import { AnalysisCancelled } from './cancel';
import { shiftPlan, shiftByPlan, type ShiftPlan } from './positions';
import { BlockParser, detached, keptRemoved, type BlockSlot, type ParsedBlock } from './markdown/blocks';
import { joinStructure, readStructure, type NoteStructure, type StructurePart } from './markdown/structure';
import { collectSegments } from './markdown/segments';
import { classifyBlockStatements, type BlockStatements, type StatementGroup, type StatementPlace } from './claims/statement';
import { Memo } from './memo';
import { RecognisedSentences } from './recognised';
import { PlacedList, type PlacedPart } from './placed';

/**
 * What the per-block recognisers found in one top-level block, at offsets of `base` (where the
 * block was recognised): never moved here. Each analysis copies the sentences to its own place
 * (see `placeSentence`); the drugs and statistics are moved only when read (see `PlacedList`).
 */
interface BlockResult {
  /** The block's text and context (`ParsedPlace.textKey`): what the results are a function of, with `base`. */
  key: string;
  /** Where the block was when recognised: the offsets of everything below. */
  base: number;
  /** Prose blocks (paragraphs, headings, cells) the block holds: the next block's first `blockIndex`. */
  proseBlocks: number;
  sentences: SentenceInfo[];
  drugs: Drug[];
  statistics: Statistic[];
  /** How each item moves (`shiftPlan`), worked out once, parallel to the lists above. */
  plans: { sentences: (ShiftPlan | undefined)[]; drugs: (ShiftPlan | undefined)[]; statistics: (ShiftPlan | undefined)[] };
  /** Recogniser failures met in the block ([stage, message]), replayed on re-use. */
  failures: [string, string][];
  /** Where each sentence's drugs and statistics begin in the lists above (one more item: the end). */
  firsts: { drugs: number[]; statistics: number[] };
}

/**
 * What the recognisers found for sentences of earlier versions' blocks (see `RecognisedSentences`):
 * an edit changes one sentence of a block, or re-cuts blocks, and the block is recognised again. By
 * prose, the only thing the drug and statistics recognisers read with the offset; the claim profiler
 * also reads the block kind. Results are moved from the old sentence's offset to the new.
 */
class EarlierSentences {
  constructor(private readonly kept: RecognisedSentences<BlockResult>) {}

  /** A kept result of a block with this text and context (at its own place). */
  block(key: string): BlockResult | undefined {
    return this.kept.block(key);
  }

  /** The claim profile of `prose` (in a block of kind `block`) at `start`, if an earlier sentence had it. */
  claim(prose: string, start: number, block: string | undefined): ClaimProfile | undefined {
    const earlier = this.kept.find(prose, block);
    if (!earlier) return undefined;
    const s = earlier.result.sentences[earlier.index];
    const delta = start - s.start;
    const plan = earlier.result.plans.sentences[earlier.index];
    if (plan === SENTENCE) {
      const claim = Object.assign({}, s.claim);
      if (delta !== 0 && s.claim.cues.length) claim.cues = s.claim.cues.map((c) => moveSpan(c, delta));
      return claim;
    }
    const claimPlan = plan?.nested.find(([k]) => k === 'claim')?.[1];
    if (Array.isArray(claimPlan)) return undefined;
    return Object.assign({}, shiftByPlan(s.claim, claimPlan, delta));
  }

  /** The drugs and statistics found in `prose` at `start`, if an earlier sentence had the same prose. */
  found(prose: string, start: number): { drugs: Drug[]; statistics: Statistic[] } | undefined {
    const earlier = this.kept.find(prose, undefined, true);
    if (!earlier) return undefined;
    const { result, index } = earlier;
    const delta = start - result.sentences[index].start;
    const slice = <T>(items: T[], plans: (ShiftPlan | undefined)[], firsts: number[]): T[] => {
      const out: T[] = [];
      for (let i = firsts[index]; i < firsts[index + 1]; i++) out.push(shiftByPlan(items[i], plans[i], delta));
      return out;
    };
    return {
      drugs: slice(result.drugs, result.plans.drugs, result.firsts.drugs),
      statistics: slice(result.statistics, result.plans.statistics, result.firsts.statistics),
    };
  }
}

/** The recognisers a cached block result depends on. */
export interface BlockRecognisers {
  /**
   * `earlier`, when given, is the claim profile an earlier version found for the same prose in the
   * same kind of block (moved to `start`): the profiler need not run again for it.
   */
  sentences: (text: string, tree: Root, guarded: Guarded, earlier?: EarlierClaim) => { sentences: SentenceInfo[]; proseBlocks: number };
  drugs: ((prose: string, start: number) => Drug[]) | undefined;
  statistics: (prose: string, start: number) => Statistic[];
  /** Identities of the recognisers: a change of any drops every cached result. */
  identity: readonly unknown[];
  /** Asked before each block: true stops the run (`AnalysisCancelled`), keeping the blocks done so far. */
  isCancelled?: () => boolean;
}

export type EarlierClaim = (prose: string, start: number, block: string | undefined) => ClaimProfile | undefined;

export type Guarded = <T>(stage: string, fallback: T, fn: () => T) => T;

/**
 * The state one open note keeps between analyses so that an edit re-parses and re-recognises only
 * the blocks it touched (see `markdown/blocks.ts`). Pass the same cache to `analyzeNote` for every
 * version of one note; the results are the same as without it. Document-level stages (structure,
 * citation linking, evidence, rules) run on the whole note, re-using through the memos below what
 * depends only on unchanged sentences: statement kinds, citation marks, rules' per-sentence drafts.
 */
export class AnalysisCache {
  readonly parser = new BlockParser();
  /** Each block's results, by its slot (see `BlockSlot`). */
  private results = new Map<BlockSlot, BlockResult>();
  private identity: readonly unknown[] = [];
  /** Sentences recognised in this and earlier versions, found again by prose when a block is re-cut. */
  private recognised = new RecognisedSentences<BlockResult>();
  /**
   * Statement kinds decided for the last version's blocks, by block parse (the same object for the
   * same block text and context, see `ParsedPlace.parsed`; see `classifyBlockStatements`).
   */
  private statements = new Map<ParsedBlock, BlockStatements>();
  /**
   * Each block's sentences as the last analysis placed and classified them (see `Placed`): taken
   * again, not copied, while the block keeps its place and numbering (every block before an edit).
   */
  private placed = new Map<BlockSlot, Placed>();
  /** What the rules keep across versions (see `Memo`). */
  readonly rules = new Memo();
  /** What the evidence stage keeps across versions (see `Memo`). */
  readonly evidence = new Memo();

  /**
   * `once`: the cache serves one analysis only (a note analysed without a kept cache). Nothing it
   * recognises is read again, so no shift plans are made, the sentences are handed over as
   * recognised instead of copied, and no block result is kept.
   */
  constructor(private readonly once = false) {}

  /**
   * Parses `text` and runs the per-block recognisers, re-using every unchanged block, and decides
   * the sentences' statement kinds (`classifyStatements`; a block whose sentences and context are
   * unchanged keeps its decisions). The sentences returned (and their claims) are the caller's to
   * change; drugs and statistics are shared.
   */
  run(text: string, recognisers: BlockRecognisers, guarded: Guarded): {
    /** The note's tree (assembled when first read). */
    readonly tree: Root;
    sentences: SentenceInfo[];
    /** Each block's drugs and statistics, moved to the block's place when read (see `PlacedList`). */
    drugs: PlacedList<Drug>; statistics: PlacedList<Statistic>;
    /** `buildNoteStructure(text, tree)`, from the blocks' kept parts. */
    structure: () => NoteStructure;
    /**
     * The sentences as the analysis gives them (`Analysis.sentences`), the last analysis's objects
     * for the blocks whose sentences it took again; undefined when the cache serves one analysis.
     */
    outputs: Sentence[] | undefined;
  } {
    if (recognisers.identity.length !== this.identity.length || recognisers.identity.some((r, i) => r !== this.identity[i])) {
      this.results.clear();
      this.placed.clear();
      this.recognised.clear();
      this.statements.clear();
      this.rules.clear();
      this.evidence.clear();
      this.identity = recognisers.identity;
    }
    // Results kept from this version on hold copies of its strings when an earlier version was analysed (see `detached`).
    const edited = this.results.size > 0;
    const parse = this.parser.parse(text);
    const { blocks } = parse;
    const sentences: SentenceInfo[] = [];
    const drugs: PlacedPart<Drug>[] = [];
    const statistics: PlacedPart<Statistic>[] = [];
    const next = new Map<BlockSlot, BlockResult>();
    // Each block's placed sentences: a group for the classifier (one object per block, few are made).
    const placing: Placing[] = [];
    const statements = new Map<ParsedBlock, BlockStatements>();
    // The sentences recognised before (in blocks kept, changed or removed), asked when a changed block is met.
    const earlier = this.recognised.empty ? undefined : new EarlierSentences(this.recognised);
    let blockIndex = 0;
    // One block's results, kept or recognised, its sentences placed. (A function of its own, not the
    // loop's body: V8 optimises a small function that runs often soon after a note opens, while a
    // loop inside this large one waits for all of it to compile.)
    const placeBlock = (block: (typeof blocks)[number]): void => {
      let result = this.results.get(block.slot);
      // A block new at this place: the results of a block with its text and context (kept from
      // earlier versions, or a copy of it elsewhere), or recognised (re-using earlier sentences).
      if (!result) result = earlier?.block(block.textKey);
      if (!result) {
        result = recognise(text, { type: 'root', children: block.children }, block.raw.start, block.textKey, recognisers, earlier, edited, !this.once);
        if (!this.once) this.recognised.add(result);
      }
      next.set(block.slot, result);
      // (Indexed loops here and below: this runs for every block at every keystroke, first on code V8
      // has not optimised, where a for-of allocates an iterator and a result per item.)
      for (let i = 0; i < result.failures.length; i++) {
        const [stage, message] = result.failures[i];
        guarded(stage, undefined, () => { throw new Error(message); });
      }
      // Copies (with their own claim) at the block's place, numbered in the note: the kept ones stay
      // as recognised. The last analysis's copies when they are at the same place, with the same numbers.
      const from = sentences.length;
      const last = this.placed.get(block.slot);
      const shared = last !== undefined && last.of === result.sentences && last.start === block.raw.start && last.blockIndex === blockIndex;
      if (shared) for (let i = 0; i < last.sentences.length; i++) sentences.push(last.sentences[i]);
      else if (last !== undefined && last.of === result.sentences) {
        // The last analysis's copies moved: their sections and statement kinds come along, so the
        // classifier finds most of them right, and the copies all have the shape a classified sentence has.
        const delta = block.raw.start - last.start;
        const plans = result.plans.sentences;
        for (let i = 0; i < last.sentences.length; i++) sentences.push(placeSentence(last.sentences[i], plans[i], delta, blockIndex - last.blockIndex));
      } else if (this.once) {
        // Recognised for this analysis alone (at its place): numbered in the note in place.
        for (let i = 0; i < result.sentences.length; i++) {
          const s = result.sentences[i];
          s.blockIndex += blockIndex;
          sentences.push(s);
        }
      } else {
        const delta = block.raw.start - result.base;
        const plans = result.plans.sentences;
        for (let i = 0; i < result.sentences.length; i++) sentences.push(placeSentence(result.sentences[i], plans[i], delta, blockIndex));
      }
      if (from < sentences.length) {
        // By the block's text (and context): a repeated block shares them.
        let kinds = statements.get(block.parsed);
        if (!kinds) statements.set(block.parsed, kinds = { before: this.statements.get(block.parsed)?.now, now: new Map() });
        placing.push({
          statements: kinds, from, to: sentences.length, shared, was: shared ? last.place : undefined, place: undefined,
          slot: block.slot, start: block.raw.start, blockIndex, of: result.sentences, last: shared ? last : undefined,
        });
      }
      // Where they were found (a block kept from an earlier version, or a copy of it): moved when read.
      // (Written out, not spread from one object: a spread per block cost ~1 ms per analysis of the bench note.)
      const at = block.raw.start;
      const to = at + block.raw.text.length;
      const delta = at - result.base;
      if (result.drugs.length) drugs.push({ from: at, to, items: result.drugs, plans: result.plans.drugs, delta });
      if (result.statistics.length) statistics.push({ from: at, to, items: result.statistics, plans: result.plans.statistics, delta });
      blockIndex += result.proseBlocks;
    };
    for (let b = 0; b < blocks.length; b++) {
      if (recognisers.isCancelled?.()) {
        // Stopped: the blocks recognised so far are kept for the next run (keyed by content, so valid).
        if (!this.once) for (const [key, result] of next) this.results.set(key, result);
        throw new AnalysisCancelled('blocks');
      }
      placeBlock(blocks[b]);
    }
    // Statement kinds depend on the sentences around (section, the previous sentence): decided on
    // the whole note, block by block, on the copies.
    // A shared sentence is copied there before anything of it changes (the last analysis holds it).
    guarded('statement classifier', undefined, () => classifyBlockStatements(sentences, placing));
    let outputs: Sentence[] | undefined;
    if (!this.once) {
      this.statements = statements;
      this.placed = placedOf(sentences, placing, outputs = []);
      // The blocks this version removed: their sentences stay findable while they weigh less than the note.
      const budget = keptRemoved(text);
      this.results.forEach((result, slot) => {
        if (!next.has(slot)) this.recognised.remove(result, budget);
      });
      this.recognised.trim(budget);
      this.results = next;
    }
    const structure = (): NoteStructure => joinStructure(blocks.map(({ raw, parsed }) => ({
      part: this.structureOf(raw.text, parsed, edited), delta: raw.start - parsed.origin.offset,
    })), text.length);
    return { get tree() { return parse.tree; }, sentences, drugs: new PlacedList(drugs), statistics: new PlacedList(statistics), structure, outputs };
  }

  /** Each block's part of the note structure, kept while its parse is (the parse object is the key). */
  private structures = new WeakMap<ParsedBlock, StructurePart>();

  private structureOf(text: string, parsed: ParsedBlock, edited: boolean): StructurePart {
    let part = this.structures.get(parsed);
    if (!part) this.structures.set(parsed, part = readStructure(edited ? detached(text) : text, parsed.children, parsed.origin.offset));
    return part;
  }
}

/**
 * One block's sentences as an analysis placed them: copies of its kept sentences (`of`) moved to
 * `start`, numbered from `blockIndex`, with the statement kinds and sections that analysis decided.
 * Never changed once that analysis is done (it holds them): a later analysis takes them as they are
 * or copies them (see `classifyBlockStatements`).
 */
interface Placed {
  of: SentenceInfo[];
  start: number;
  blockIndex: number;
  sentences: SentenceInfo[];
  /** Where they were classified (see `classifyBlockStatements`); undefined if the classifier failed. */
  place: StatementPlace | undefined;
  /** The sentences as that analysis gave them (`Analysis.sentences`), parallel to `sentences`. */
  outputs: Sentence[];
}

/** A block's placed sentences in this analysis (the classifier's group): `last` when they are the last analysis's. */
interface Placing extends StatementGroup {
  slot: BlockSlot;
  start: number;
  blockIndex: number;
  of: SentenceInfo[];
  last: Placed | undefined;
}

/**
 * Each block's placed sentences, after classification: the same list again when none was copied.
 * `outputs` is filled with the note's sentences as the analysis gives them: the same objects again
 * for a block whose sentences are the same (never changed once given, see `Placed`).
 */
function placedOf(sentences: SentenceInfo[], placing: Placing[], outputs: Sentence[]): Map<BlockSlot, Placed> {
  const out = new Map<BlockSlot, Placed>();
  for (let p = 0; p < placing.length; p++) {
    const { slot, start, blockIndex, of, last, from, to, place } = placing[p];
    let same = last !== undefined;
    for (let i = from; same && i < to; i++) same = sentences[i] === last!.sentences[i - from];
    const own = same ? last!.sentences : sentences.slice(from, to);
    const given = same ? last!.outputs : own.map(outputOf);
    for (let i = 0; i < given.length; i++) outputs.push(given[i]);
    // A block the analysis left as it was: the last analysis's record again.
    if (same && last!.of === of && last!.start === start && last!.blockIndex === blockIndex && last!.place === place) out.set(slot, last!);
    else out.set(slot, { of, start, blockIndex, sentences: own, place, outputs: given });
  }
  return out;
}

/** A sentence as the analysis gives it. */
function outputOf({ text, start, end, claim }: SentenceInfo): Sentence {
  return { text, start, end, claim };
}

/** `kept`: the result may be read again, moved (its shift plans are made). */
function recognise(text: string, tree: Root, start: number, key: string, recognisers: BlockRecognisers, earlier: EarlierSentences | undefined, edited: boolean, kept: boolean): BlockResult {
  const failures: [string, string][] = [];
  const guarded: Guarded = (stage, fallback, fn) => {
    try {
      return fn();
    } catch (error) {
      if (!failures.some(([s]) => s === stage)) failures.push([stage, error instanceof Error ? error.message : String(error)]);
      return fallback;
    }
  };
  const { sentences, proseBlocks } = recognisers.sentences(text, tree, guarded, earlier && ((prose, at, block) => earlier.claim(prose, at, block)));
  const drugs: Drug[] = [];
  const statistics: Statistic[] = [];
  const firsts = { drugs: [] as number[], statistics: [] as number[] };
  for (const sentence of sentences) {
    firsts.drugs.push(drugs.length);
    firsts.statistics.push(statistics.length);
    // (Without a drug recogniser the earlier version had none either: the recognisers' identity is the same.)
    const found = earlier?.found(sentence.prose, sentence.start);
    if (found) {
      for (const d of found.drugs) drugs.push(d);
      for (const s of found.statistics) statistics.push(s);
      continue;
    }
    if (recognisers.drugs) drugs.push(...guarded('drug recogniser', [], () => recognisers.drugs!(sentence.prose, sentence.start)));
    statistics.push(...guarded('statistics recogniser', [], () => recognisers.statistics(sentence.prose, sentence.start)));
  }
  firsts.drugs.push(drugs.length);
  firsts.statistics.push(statistics.length);
  // Kept across versions: their strings must not hold this version's whole text (see `detached`;
  // the first version's all hold the same one).
  if (edited) {
    detachStrings(sentences);
    detachStrings(drugs);
    detachStrings(statistics);
  }
  const plans = kept ? { sentences: sentences.map(sentencePlan), drugs: drugs.map(shiftPlan), statistics: statistics.map(shiftPlan) } : NO_PLANS;
  return { key: edited ? detached(key) : key, base: start, proseBlocks, sentences, drugs, statistics, plans, failures, firsts };
}

/** The plans of a result that is never moved (see `AnalysisCache`'s `once`). */
const NO_PLANS: BlockResult['plans'] = { sentences: [], drugs: [], statistics: [] };

/** Every string in `value` (plain objects and arrays, at any depth) replaced by its `detached` copy, in place. */
function detachStrings(value: unknown, depth = 0): void {
  if (depth > 32 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') value[i] = detached(v);
      else detachStrings(v, depth + 1);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (typeof v === 'string') record[k] = detached(v);
    else detachStrings(v, depth + 1);
  }
}

/**
 * A kept sentence's copy for one analysis: moved `delta` characters (by its plan), with its own
 * claim, numbered in the note (`blockIndex` moved by `blockIndex`). One copy for a sentence of the
 * usual shape, however far its block moved.
 */
function placeSentence(s: SentenceInfo, plan: ShiftPlan | undefined, delta: number, blockIndex: number): SentenceInfo {
  if (delta === 0) return copySentence(s, blockIndex);
  if (plan !== SENTENCE) return copySentence(shiftByPlan(s, plan, delta), blockIndex);
  const copy: SentenceInfo = Object.assign({}, s);
  copy.start = s.start + delta;
  copy.end = s.end + delta;
  copy.blockIndex = s.blockIndex + blockIndex;
  const claim = Object.assign({}, s.claim);
  if (s.claim.cues.length) claim.cues = s.claim.cues.map((c) => moveSpan(c, delta));
  copy.claim = claim;
  if (s.links) copy.links = s.links.map((l) => moveSpan(l, delta));
  return copy;
}

/**
 * A sentence's copy with its own claim, numbered in the note (`blockIndex` moved by `blockIndex`).
 * Object.assign, not a spread: the copies then share a few hidden classes (with a spread, V8's
 * megamorphic cache gives nearly each its own), so the stages reading sentences stay fast.
 */
function copySentence(s: SentenceInfo, blockIndex: number): SentenceInfo {
  const copy: SentenceInfo = Object.assign({}, s);
  copy.blockIndex = s.blockIndex + blockIndex;
  copy.claim = Object.assign({}, s.claim);
  return copy;
}

/**
 * The plan of a sentence of the usual shape (offsets `start`/`end`, a claim whose only moving part
 * is its cues, links that move by `start`/`end` alone): `SENTENCE`, moved by `placeSentence`;
 * any other shape by its own plan.
 */
const SENTENCE: ShiftPlan = { offsets: ['start', 'end'], ids: [], nested: [] };

function sentencePlan(s: SentenceInfo): ShiftPlan | undefined {
  const plan = shiftPlan(s);
  if (!plan || plan.ids.length || plan.offsets.length !== 2 || plan.offsets[0] !== 'start' || plan.offsets[1] !== 'end') return plan;
  const simpleItems = (p: ShiftPlan | (ShiftPlan | undefined)[]): boolean => Array.isArray(p) && p.every((x) => x?.simple === true);
  for (const [key, p] of plan.nested) {
    if (key === 'links' && simpleItems(p)) continue;
    if (key === 'claim' && !Array.isArray(p) && !p.offsets.length && !p.ids.length && p.nested.length === 1 && p.nested[0][0] === 'cues' && simpleItems(p.nested[0][1])) continue;
    return plan;
  }
  return SENTENCE;
}

function moveSpan<T extends { start: number; end: number }>(span: T, delta: number): T {
  const moved = Object.assign({}, span);
  moved.start = span.start + delta;
  moved.end = span.end + delta;
  return moved;
}

export { collectSegments };
