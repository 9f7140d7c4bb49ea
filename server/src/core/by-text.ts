/**
 * A pure function of a text, remembered across analyses by the text itself (not by the object the
 * text came in: the note's own sources are new objects in every analysis, with the same texts).
 * Bounded: the memo is emptied when it holds `limit` texts, so a long-running server does not
 * keep every text it ever saw. What it gives back is shared by every caller: read it, never change it.
 */
export function memoByText<T>(limit: number, compute: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    let value = memo.get(text);
    if (value === undefined) {
      value = compute(text);
      if (memo.size >= limit) memo.clear();
      memo.set(text, value);
    }
    return value;
  };
}
