/**
 * What the per-block and per-sentence recognisers found, kept across a note's versions longer than
 * the blocks that held it, so that a block made new by an edit (a table typed into a paragraph and
 * back, two blocks joined or split by a blank line, a fence or comment opened and closed over the
 * rest of the note) re-recognises only the sentences and cells whose text really changed.
 *
 * What a block's recognition reads is its parse and its text, both decided by its text and context
 * (`ParsedPlace.textKey`), and its place, which only moves what is found: a block whose key comes
 * again takes the kept result whole (moved to its place by the caller). Within a block, a
 * sentence's recognition reads its prose (with its offset, which only moves what is found) and,
 * for the claim profile, the kind of block it is in (`SentenceInfo.block`); nothing else. So a
 * sentence is found by its prose and block kind, from any block that had them. (The recognisers
 * are the same objects throughout: a change of any clears the store, see `AnalysisCache.run`.)
 *
 * Kept: the results of the blocks in the note, and of blocks an edit removed until the removed
 * blocks' text outweighs the note (`trim`), oldest forgotten first (see `remove`). Results a recogniser failed in
 * are never taken.
 */
export interface RecognisedBlock {
  /** The block's text and context (`ParsedPlace.textKey`). */
  key: string;
  sentences: readonly { prose?: string; block?: string }[];
  /** Recogniser failures met in the block: such a block is recognised again in full. */
  failures: readonly unknown[];
}

/** A sentence of a kept block result. */
export interface Recognised<R> {
  result: R;
  index: number;
}

export class RecognisedSentences<R extends RecognisedBlock> {
  /** Per block key, a result recognised for it. */
  private byKey = new Map<string, R>();
  /** Per prose, one sentence per block kind that had it (a short list: there are few kinds). */
  private byProse = new Map<string, Recognised<R>[]>();
  /** Block results added but not yet indexed (a note's first analysis may never need them). */
  private pending: R[] = [];
  /** Results of blocks no longer in the note, oldest first; their weight is their key's length. */
  private removed: R[] = [];
  private removedFrom = 0;
  private removedWeight = 0;

  /** A freshly recognised block's result: it (and its sentences) can be found from now on. */
  add(result: R): void {
    if (!result.failures.length) this.pending.push(result);
  }

  /**
   * A result whose block left the note: kept findable while `trim(budget)` allows; not kept if it
   * alone weighs more than a quarter of that (a fence opened over the rest of the note, typed into:
   * each version is removed by the next; kept, they would push out the blocks the fence swallowed).
   */
  remove(result: R, budget: number): void {
    if (result.failures.length) return;
    if (result.key.length * 4 > budget) this.forget(result);
    else {
      this.removed.push(result);
      this.removedWeight += result.key.length;
    }
  }

  /**
   * Forgets the oldest removed blocks until the removed blocks weigh at most `budget` characters
   * (what a block still in the note holds stays findable through it while it is indexed).
   */
  trim(budget: number): void {
    if (this.removedWeight <= budget) return;
    this.index();
    while (this.removedWeight > budget && this.removedFrom < this.removed.length) {
      const result = this.removed[this.removedFrom++];
      this.removedWeight -= result.key.length;
      this.forget(result);
    }
    if (this.removedFrom > 64 && this.removedFrom * 2 > this.removed.length) {
      this.removed = this.removed.slice(this.removedFrom);
      this.removedFrom = 0;
    }
  }

  /** A kept result of a block with this key (its offsets where it was: the caller moves it). */
  block(key: string): R | undefined {
    if (this.pending.length) this.index();
    return this.byKey.get(key);
  }

  /** A kept sentence with this prose in a block of kind `block`; with `anyKind`, of any kind. */
  find(prose: string, block?: string, anyKind = false): Recognised<R> | undefined {
    if (this.pending.length) this.index();
    const list = this.byProse.get(prose);
    if (!list) return undefined;
    if (anyKind) return list[0];
    for (const e of list) if (e.result.sentences[e.index].block === block) return e;
    return undefined;
  }

  /** Whether nothing is kept. */
  get empty(): boolean {
    return !this.pending.length && !this.byKey.size;
  }

  clear(): void {
    this.byKey.clear();
    this.byProse.clear();
    this.pending = [];
    this.removed = [];
    this.removedFrom = 0;
    this.removedWeight = 0;
  }

  /** `result` (and its sentences) no longer found. */
  private forget(result: R): void {
    this.index();
    // A moved result shares its sentences with the one recognised: compare those.
    const same = (r: R): boolean => r.sentences === result.sentences;
    const kept = this.byKey.get(result.key);
    if (kept && same(kept)) this.byKey.delete(result.key);
    for (const s of result.sentences) {
      if (s.prose === undefined) continue;
      const list = this.byProse.get(s.prose);
      if (!list) continue;
      const left = list.filter((e) => !same(e.result));
      if (!left.length) this.byProse.delete(s.prose);
      else if (left.length !== list.length) this.byProse.set(s.prose, left);
    }
  }

  private index(): void {
    for (const result of this.pending) {
      if (!this.byKey.has(result.key)) this.byKey.set(result.key, result);
      result.sentences.forEach((s, index) => {
        if (s.prose === undefined) return;
        const list = this.byProse.get(s.prose);
        if (!list) this.byProse.set(s.prose, [{ result, index }]);
        else if (!list.some((e) => e.result.sentences[e.index].block === s.block)) list.push({ result, index });
      });
    }
    this.pending = [];
  }
}
