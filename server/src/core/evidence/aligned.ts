/**
 * Per-sentence values of the last analysis of a note, found again by place instead of through a
 * memo lookup per sentence: an edit leaves the sentences before it at their index and those after
 * it at their distance from the end, so comparing texts from both ends (usually the same string
 * objects) finds every unchanged sentence in one cheap pass. Only the sentences in between are
 * looked up by their text.
 */
import type { SentenceInfo } from '../types';

export interface SentenceRow<T> {
  /** The last analysis's sentences (never changed after it: each analysis has its own copies). */
  sentences: readonly SentenceInfo[];
  /** Which of their strings is the key. */
  key: 'text' | 'prose';
  /** What was kept for each sentence (undefined when nothing was). */
  values: readonly (T | undefined)[];
}

/**
 * The last analysis's values aligned with this one's sentences: the unchanged head and tail of the
 * sentence list (same key at the same place counted from the start or from the end).
 */
export function alignedRow<T>(last: SentenceRow<T> | undefined, sentences: readonly SentenceInfo[], key: 'text' | 'prose'): Aligned<T> {
  if (!last || last.key !== key) return { at: () => undefined, lost: () => undefined };
  const before = last.sentences;
  const { head, tail } = alignSentences(before, sentences);
  const n = sentences.length;
  const m = before.length;
  const from = n - tail;
  return {
    at: (i) => (i < head ? last.values[i] : i >= from ? last.values[i - n + m] : undefined),
    lost: (k) => {
      for (let j = head; j < m - tail; j++) if ((key === 'text' ? before[j].text : before[j].prose) === k && last.values[j] !== undefined) return last.values[j];
      return undefined;
    },
  };
}

/** The last alignment made against each list of sentences (see alignSentences). */
const alignments = new WeakMap<readonly SentenceInfo[], { now: readonly SentenceInfo[]; head: number; tail: number }>();

/**
 * How many sentences at the start (`head`) and at the end (`tail`) of `now` have the same text and
 * prose as those of `before` at the same place, counted from that end. Worked out once per pair of
 * lists: the citation marks, the kept claims and the rules' records all align the same two.
 */
export function alignSentences(before: readonly SentenceInfo[], now: readonly SentenceInfo[]): { head: number; tail: number } {
  const known = alignments.get(before);
  if (known && known.now === now) return known;
  const n = now.length;
  const m = before.length;
  let head = 0;
  while (head < n && head < m && before[head].text === now[head].text && before[head].prose === now[head].prose) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && before[m - 1 - tail].text === now[n - 1 - tail].text && before[m - 1 - tail].prose === now[n - 1 - tail].prose) tail++;
  const found = { now, head, tail };
  alignments.set(before, found);
  return found;
}

export interface Aligned<T> {
  /** The last analysis's value for sentence `i`, when it lies in the unchanged head or tail. */
  at(i: number): T | undefined;
  /** The first value the last analysis kept under `key` among the sentences this one does not align (an edit's old sentences). */
  lost(key: string): T | undefined;
}
