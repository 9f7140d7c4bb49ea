/**
 * Per-sentence values of the last analysis of a note, found again by place instead of through a
 * memo lookup per sentence: an edit leaves the sentences before it at their index and those after
 * it at their distance from the end, so comparing texts from both ends (usually the same string
 * objects) finds every unchanged sentence in one cheap pass. Only the sentences in between are
 * looked up by their text.
 */
export interface SentenceRow<T> {
  /** Each sentence's key (its text or prose) in the last analysis. */
  keys: readonly string[];
  /** What was kept for each sentence (undefined when nothing was). */
  values: readonly (T | undefined)[];
}

/**
 * The last analysis's values aligned with this one's sentences: the unchanged head and tail of the
 * sentence list (same key at the same place counted from the start or from the end).
 */
export function alignedRow<T>(last: SentenceRow<T> | undefined, n: number, keyAt: (i: number) => string): Aligned<T> {
  if (!last) return { at: () => undefined, lost: () => undefined };
  const m = last.keys.length;
  let head = 0;
  while (head < n && head < m && last.keys[head] === keyAt(head)) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && last.keys[m - 1 - tail] === keyAt(n - 1 - tail)) tail++;
  const from = n - tail;
  return {
    at: (i) => (i < head ? last.values[i] : i >= from ? last.values[i - n + m] : undefined),
    lost: (key) => {
      for (let k = head; k < m - tail; k++) if (last.keys[k] === key && last.values[k] !== undefined) return last.values[k];
      return undefined;
    },
  };
}

export interface Aligned<T> {
  /** The last analysis's value for sentence `i`, when it lies in the unchanged head or tail. */
  at(i: number): T | undefined;
  /** The first value the last analysis kept under `key` among the sentences this one does not align (an edit's old sentences). */
  lost(key: string): T | undefined;
}
