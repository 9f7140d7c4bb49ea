/**
 * Answering from an analysis of an older text. While a note is being analysed again, hovers,
 * definitions and completions are answered from its last analysis with its detail: a position in
 * the current text is mapped to the analysed text through what the two share, and nothing that
 * touches a changed part is shown (rather no hover than a stale one).
 *
 * What they share is known from the edits made since (`EditLog`: one changed part per version,
 * the parts of several versions composed), or, without them, from a common prefix and suffix (one
 * changed part spanning everything between the first and the last edit).
 */
import { commonEnds } from '../core/positions';

/** A changed part: `[a0, a1)` of the analysed text became `[c0, c1)` of the current one. */
interface Part { a0: number; a1: number; c0: number; c1: number }

/** More changed parts than this are kept as one spanning them all (a hover far from them all still maps). */
const MAX_PARTS = 128;

export class TextChange {
  /** The changed parts, in order, neither overlapping nor touching. */
  private readonly parts: readonly Part[];

  /** The change from `analysed` to `current`, as one part between their common prefix and suffix. */
  constructor(analysed: string, current: string) {
    // (Compared in runs, not character by character: 1–10 ms on a 100 KB note that way, which a
    // hover during an analysis waited for.)
    const { prefix, suffix } = commonEnds(analysed, current);
    const a1 = analysed.length - suffix;
    const c1 = current.length - suffix;
    this.parts = prefix === a1 && prefix === c1 ? [] : [{ a0: prefix, a1, c0: prefix, c1 }];
  }

  private static of(parts: Part[]): TextChange {
    const change = Object.create(TextChange.prototype) as { parts: readonly Part[] };
    change.parts = parts.length <= MAX_PARTS ? parts : [{ a0: parts[0].a0, a1: parts.at(-1)!.a1, c0: parts[0].c0, c1: parts.at(-1)!.c1 }];
    return change as unknown as TextChange;
  }

  /**
   * The span of all the changes: `[start, analysedEnd)` of the analysed text holds them all, and
   * became `[start, currentEnd)` of the current one (all three equal when nothing changed).
   */
  get start(): number { return this.parts[0]?.a0 ?? 0; }
  get analysedEnd(): number { return this.parts.at(-1)?.a1 ?? 0; }
  get currentEnd(): number { return this.parts.at(-1)?.c1 ?? 0; }

  /** How many changed parts there are. */
  get size(): number { return this.parts.length; }

  get unchanged(): boolean {
    return this.parts.length === 0;
  }

  /** How much longer the current text is than the analysed one. */
  get growth(): number {
    const last = this.parts.at(-1);
    return last ? last.c1 - last.a1 : 0;
  }

  /**
   * This change followed by `next` (a change of the text this one leads to), as one change: the
   * parts of both, those of `next` mapped back through this one, parts that overlap or touch made one.
   */
  then(next: TextChange): TextChange {
    let parts = this.parts as Part[];
    // From the last part of `next` to its first: a part is where `next` says in the text this
    // change leads to while the parts before it are not applied yet.
    for (let k = next.parts.length - 1; k >= 0; k--) {
      const { a0, a1, c0, c1 } = next.parts[k];
      parts = followedBy(parts, a0, a1, c1 - c0);
    }
    return TextChange.of(parts);
  }

  /** The analysed text's offset for an offset of the current text, or undefined inside (or at the edge of) a change. */
  toAnalysed(offset: number): number | undefined {
    let shift = 0;
    for (const p of this.parts) {
      if (offset < p.c0) break;
      if (offset <= p.c1) return undefined;
      shift = p.c1 - p.a1;
    }
    return offset - shift;
  }

  /** The current text's offset for an offset of the analysed text, or undefined inside (or at the edge of) a change. */
  toCurrent(offset: number): number | undefined {
    let shift = 0;
    for (const p of this.parts) {
      if (offset < p.a0) break;
      if (offset <= p.a1) return undefined;
      shift = p.c1 - p.a1;
    }
    return offset + shift;
  }

  /** True when a span of the analysed text still stands as it was: it neither overlaps nor touches a change. */
  keeps(start: number, end: number): boolean {
    for (const p of this.parts) {
      if (end < p.a0) return true;
      if (start <= p.a1) return false;
    }
    return true;
  }
}

/**
 * `parts` (the analysed text → a text T) followed by one edit of T (`[s, e)` became `length`
 * characters): the parts before the edit as they are, those overlapping or touching it made one
 * with it, those after it moved.
 */
function followedBy(parts: Part[], s: number, e: number, length: number): Part[] {
  const d = length - (e - s);
  const out: Part[] = [];
  let i = 0;
  let shift = 0; // T − analysed, in the unchanged run reached
  for (; i < parts.length && parts[i].c1 < s; i++) {
    out.push(parts[i]);
    shift = parts[i].c1 - parts[i].a1;
  }
  let a0 = s - shift;
  let c0 = s;
  let a1: number | undefined;
  let c1 = e;
  for (; i < parts.length && parts[i].c0 <= e; i++) {
    const p = parts[i];
    a0 = Math.min(a0, p.a0);
    c0 = Math.min(c0, p.c0);
    shift = p.c1 - p.a1;
    if (p.c1 >= e) {
      a1 = p.a1;
      c1 = p.c1;
    }
  }
  out.push({ a0, a1: a1 ?? e - shift, c0, c1: c1 + d });
  for (; i < parts.length; i++) {
    const p = parts[i];
    out.push({ a0: p.a0, a1: p.a1, c0: p.c0 + d, c1: p.c1 + d });
  }
  return out;
}

/** Edits kept per note: a detail older than this many versions is mapped by a common prefix and suffix. */
const MAX_EDITS = 256;

/**
 * Each open note's edits, one `TextChange` per version (the texts of two versions compared as they
 * come: one changed part each), so that the change since an older version is known part by part.
 */
export class EditLog {
  private readonly notes = new Map<string, { version: number; text: string; edits: { from: number; change: TextChange }[] }>();

  /** The note's text at `version`: opened, or changed from the last text recorded. */
  record(uri: string, version: number, text: string): void {
    const note = this.notes.get(uri);
    if (!note) {
      this.notes.set(uri, { version, text, edits: [] });
      return;
    }
    note.edits.push({ from: note.version, change: note.text === text ? NO_CHANGE : new TextChange(note.text, text) });
    if (note.edits.length > MAX_EDITS) note.edits.splice(0, note.edits.length - MAX_EDITS);
    note.version = version;
    note.text = text;
  }

  forget(uri: string): void {
    this.notes.delete(uri);
  }

  /**
   * The change from `analysed`, the note's text at `version`, to `current`: composed from the edits
   * since when they lead from that version to this text, else from the two texts' common ends.
   */
  since(uri: string, version: number | undefined, analysed: string, current: string): TextChange {
    const note = this.notes.get(uri);
    if (note && version !== undefined && note.text === current) {
      if (version === note.version) return analysed === current ? NO_CHANGE : new TextChange(analysed, current);
      const first = note.edits.findIndex((e) => e.from === version);
      if (first >= 0) {
        let change = note.edits[first].change;
        for (let k = first + 1; k < note.edits.length; k++) change = change.then(note.edits[k].change);
        if (analysed.length + change.growth === current.length) return change;
      }
    }
    return new TextChange(analysed, current);
  }
}

const NO_CHANGE = new TextChange('', '');
