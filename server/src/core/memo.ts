/**
 * A per-note memo kept across analyses (in the note's AnalysisCache): a value computed in one
 * analysis is found again in the next if its key is asked for again; keys not asked for in an
 * analysis are forgotten after it. The key (with the space, an object such as a lexicon index that
 * the value also depends on) must name every input of `compute`.
 */
export class Memo {
  private last = new Map<unknown, Map<unknown, unknown>>();
  private next = new Map<unknown, Map<unknown, unknown>>();

  /** The values of one space (ask once per stage, then look up many keys). */
  space<T>(space: unknown): MemoSpace<T> {
    let now = this.next.get(space);
    if (!now) this.next.set(space, now = new Map());
    return new MemoSpace<T>(now as Map<unknown, T>, this.last.get(space) as Map<unknown, T> | undefined);
  }

  get<T>(space: unknown, key: unknown, compute: () => T): T {
    return this.space<T>(space).get(key, compute);
  }

  /** Ends an analysis: what it did not ask for is forgotten. */
  rotate(): void {
    this.last = this.next;
    this.next = new Map();
  }

  clear(): void {
    this.last.clear();
    this.next.clear();
  }
}

/** One space of a Memo: this analysis's values, and the last analysis's to take from. */
export class MemoSpace<T> {
  constructor(private readonly now: Map<unknown, T>, private readonly before: Map<unknown, T> | undefined) {}

  /** The value under `key`, computed when neither this analysis nor the last had it. */
  get(key: unknown, compute: () => T): T {
    let value = this.peek(key);
    if (value === undefined) {
      value = compute();
      this.now.set(key, value);
    }
    return value;
  }

  /** The value under `key` (kept for the next analysis too), or undefined. */
  peek(key: unknown): T | undefined {
    let value = this.now.get(key);
    if (value === undefined && this.before) {
      value = this.before.get(key);
      if (value !== undefined) this.now.set(key, value);
    }
    return value;
  }

  /** Sets (or replaces) the value under `key` for this analysis and the next. */
  set(key: unknown, value: T): void {
    this.now.set(key, value);
  }
}
