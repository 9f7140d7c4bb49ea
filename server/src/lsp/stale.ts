/**
 * Answering from an analysis of an older text. While a note is being analysed again, hovers,
 * definitions and completions are answered from its last analysis: a position in the current text
 * is mapped to the analysed text through what the two share (a common prefix and suffix), and
 * nothing that touches the changed part is shown (rather no hover than a stale one).
 */
import { commonEnds } from '../core/positions';

export class TextChange {
  /** The changed part: `[start, analysedEnd)` of the analysed text became `[start, currentEnd)` of the current one. */
  readonly start: number;
  readonly analysedEnd: number;
  readonly currentEnd: number;

  constructor(analysed: string, current: string) {
    // (Compared in runs, not character by character: 1–10 ms on a 100 KB note that way, which a
    // hover during an analysis waited for.)
    const { prefix, suffix } = commonEnds(analysed, current);
    this.start = prefix;
    this.analysedEnd = analysed.length - suffix;
    this.currentEnd = current.length - suffix;
  }

  get unchanged(): boolean {
    return this.start === this.analysedEnd && this.start === this.currentEnd;
  }

  /** The analysed text's offset for an offset of the current text, or undefined inside (or at the edge of) the change. */
  toAnalysed(offset: number): number | undefined {
    if (this.unchanged) return offset;
    if (offset < this.start) return offset;
    if (offset > this.currentEnd) return offset - this.currentEnd + this.analysedEnd;
    return undefined;
  }

  /** The current text's offset for an offset of the analysed text, or undefined inside (or at the edge of) the change. */
  toCurrent(offset: number): number | undefined {
    if (this.unchanged) return offset;
    if (offset < this.start) return offset;
    if (offset > this.analysedEnd) return offset - this.analysedEnd + this.currentEnd;
    return undefined;
  }

  /** True when a span of the analysed text still stands as it was: it neither overlaps nor touches the change. */
  keeps(start: number, end: number): boolean {
    return this.unchanged || end < this.start || start > this.analysedEnd;
  }
}
