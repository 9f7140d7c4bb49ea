/**
 * A per-note memo kept across analyses (in the note's AnalysisCache): a value computed in one
 * analysis is found again in the next if its key is asked for again; keys not asked for in an
 * analysis are forgotten after it. The key (with the space, an object such as a lexicon index that
 * the value also depends on) must name every input of `compute`.
 */
export class Memo {
  private last = new Map<unknown, Map<unknown, unknown>>();
  private next = new Map<unknown, Map<unknown, unknown>>();

  get<T>(space: unknown, key: unknown, compute: () => T): T {
    let now = this.next.get(space);
    if (!now) this.next.set(space, now = new Map());
    if (now.has(key)) return now.get(key) as T;
    const before = this.last.get(space);
    const value = before?.has(key) ? (before.get(key) as T) : compute();
    now.set(key, value);
    return value;
  }

  /** Sets (or replaces) the value under `key` in `space` for this analysis and the next. */
  set(space: unknown, key: unknown, value: unknown): void {
    let now = this.next.get(space);
    if (!now) this.next.set(space, now = new Map());
    now.set(key, value);
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

