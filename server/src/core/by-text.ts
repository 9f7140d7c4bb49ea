/**
 * A pure function of a text, remembered across analyses by the text itself (not by the object the
 * text came in: the note's own sources are new objects in every analysis, with the same texts).
 * Bounded: the memo is emptied when it would hold more than `limit.texts` texts or more than
 * `limit.chars` characters of them (a source's full text can be long; what is computed from a text
 * is about as large as the text, so the characters bound the memory), so a long-running server
 * does not keep every text it ever saw. A text longer than `limit.chars` alone is remembered alone.
 * What it gives back is shared by every caller: read it, never change it.
 */
export interface TextLimit {
  texts: number;
  chars: number;
}

/** Values by text within a limit (see above); `memoByText` for a function of the text alone. */
export class TextMemo<T> {
  private readonly values = new Map<string, T>();
  private chars = 0;

  constructor(private readonly limit: TextLimit) {}

  /** The value under `text`, computed (and remembered) when not remembered. */
  get(text: string, compute: (text: string) => T): T {
    let value = this.values.get(text);
    if (value === undefined) {
      value = compute(text);
      if (this.values.size >= this.limit.texts || this.chars + text.length > this.limit.chars) {
        this.values.clear();
        this.chars = 0;
      }
      this.values.set(text, value);
      this.chars += text.length;
    }
    return value;
  }
}

export function memoByText<T>(limit: TextLimit, compute: (text: string) => T): (text: string) => T {
  const memo = new TextMemo<T>(limit);
  return (text) => memo.get(text, compute);
}
