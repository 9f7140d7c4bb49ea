/**
 * A per-note memo kept across analyses (in the note's AnalysisCache): a value computed in one
 * analysis is found again in the next if its key is asked for again; keys not asked for in an
 * analysis are forgotten after it. The key (with the space, an object such as a lexicon index that
 * the value also depends on) must name every input of `compute`.
 *
 * Each value carries the number of the last analysis that asked for it (or set it): one map per
 * space, kept from one analysis to the next, so a value asked for again costs one look-up, not a
 * copy into a new map per analysis. A value whose number is older than the last analysis is
 * forgotten (swept out when such values make up much of the space).
 */
export class Memo {
  private spaces = new Map<unknown, Store<unknown>>();
  /** The number of the current analysis. */
  private generation = 1;

  /** The values of one space (ask once per stage, then look up many keys). */
  space<T>(space: unknown): MemoSpace<T> {
    let store = this.spaces.get(space) as Store<T> | undefined;
    // A space not asked for in the last analysis has forgotten everything.
    if (store && store.asked < this.generation - 1) store = undefined;
    if (!store) this.spaces.set(space, store = { entries: new Map(), asked: this.generation, live: 0, counted: this.generation });
    store.asked = this.generation;
    return new MemoSpace<T>(store, this.generation);
  }

  get<T>(space: unknown, key: unknown, compute: () => T): T {
    return this.space<T>(space).get(key, compute);
  }

  /** Ends an analysis: what it did not ask for is forgotten. */
  rotate(): void {
    const done = this.generation++;
    for (const [space, store] of this.spaces) {
      if (store.asked < done) {
        this.spaces.delete(space);
        continue;
      }
      // Values this analysis did not ask for are dead from now on: swept when they are many.
      const live = store.counted === done ? store.live : 0;
      if (store.entries.size > 2 * live + 64) {
        for (const [key, entry] of store.entries) if (entry.generation < done) store.entries.delete(key);
      }
    }
  }

  clear(): void {
    this.spaces.clear();
    this.generation++;
  }
}

interface Entry<T> {
  value: T;
  /** The last analysis that asked for the value or set it. */
  generation: number;
}

interface Store<T> {
  entries: Map<unknown, Entry<T>>;
  /** The last analysis that asked for the space. */
  asked: number;
  /** How many values analysis `counted` asked for or set. */
  live: number;
  counted: number;
}

/** One space of a Memo: this analysis's values, and the last analysis's to take from. */
export class MemoSpace<T> {
  constructor(private readonly store: Store<T>, private readonly generation: number) {}

  /** The value under `key`, computed when neither this analysis nor the last had it. */
  get(key: unknown, compute: () => T): T {
    let value = this.peek(key);
    if (value === undefined) {
      value = compute();
      this.set(key, value);
    }
    return value;
  }

  /** The value under `key` (kept for the next analysis too), or undefined. */
  peek(key: unknown): T | undefined {
    const entry = this.store.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.generation !== this.generation) {
      // Asked for in the last analysis: kept; older: forgotten.
      if (entry.generation !== this.generation - 1) return undefined;
      entry.generation = this.generation;
      this.count();
    }
    return entry.value;
  }

  /** Sets (or replaces) the value under `key` for this analysis and the next. */
  set(key: unknown, value: T): void {
    const entry = this.store.entries.get(key);
    if (entry === undefined) this.store.entries.set(key, { value, generation: this.generation });
    else {
      entry.value = value;
      if (entry.generation === this.generation) return;
      entry.generation = this.generation;
    }
    this.count();
  }

  private count(): void {
    const store = this.store;
    if (store.counted !== this.generation) {
      store.counted = this.generation;
      store.live = 0;
    }
    store.live++;
  }
}
