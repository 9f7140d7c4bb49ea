/**
 * The one position model of Evidence Lens, as the Language Server Protocol defines it: a line ends
 * at `\r\n`, `\n` or a lone `\r`; a character is a UTF-16 code unit (what JS strings index); a
 * position never falls inside a surrogate pair or between the `\r` and `\n` of one line break.
 * Every offset ↔ line/character conversion (findings, diagnostics, hovers, fixes, the CLI's
 * `line:col`) goes through this class.
 */
export class LineIndex {
  /** Offset where each line starts. */
  private readonly starts: number[];
  /** Offset where each line's content ends (before its line break). */
  private readonly ends: number[];

  constructor(readonly text: string) {
    const starts = [0];
    const ends: number[] = [];
    if (text.indexOf('\r') < 0) {
      // The common case, \n only: found by the string search, not character by character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        ends.push(i);
        starts.push(i + 1);
      }
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13 || c === 10) {
          ends.push(i);
          if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    ends.push(text.length);
    this.starts = starts;
    this.ends = ends;
  }

  /** The 0-based line and character of an offset (clamped into the text, out of pairs and breaks). */
  positionAt(offset: number): { line: number; character: number } {
    const o = this.snap(offset);
    const line = this.lineOfOffset(o);
    return { line, character: Math.min(o, this.ends[line]) - this.starts[line] };
  }

  /** The offset of a 0-based line/character, clamped into the line's content and out of pairs. */
  offsetAt(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    const c = Number.isFinite(character) ? Math.max(0, character) : 0;
    return this.snap(Math.min(this.starts[line] + c, this.ends[line]));
  }

  /** The 0-based line holding an offset. */
  lineOfOffset(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Where the line's content ends (its line break, or the end of the text). */
  lineEnd(line: number): number {
    return this.ends[Math.max(0, Math.min(line, this.ends.length - 1))];
  }

  /** The line break after a line (`\r\n`, `\n`, `\r`), or '' for the last line. */
  lineBreak(line: number): string {
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    return l + 1 < this.starts.length ? this.text.slice(this.ends[l], this.starts[l + 1]) : '';
  }

  /**
   * The line break to use for a new line inserted at `line`: that line's own break, else the
   * nearest earlier one, else the note's first one, else `\n`.
   */
  eolNear(line: number): string {
    for (let l = Math.min(line, this.starts.length - 2); l >= 0; l--) {
      const br = this.lineBreak(l);
      if (br) return br;
    }
    return this.lineBreak(0) || '\n';
  }

  /** The offset moved out of a surrogate pair and a `\r\n` pair (backwards), clamped to the text. */
  snap(offset: number): number {
    let o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.trunc(offset) : 0, this.text.length));
    if (o > 0 && o < this.text.length) {
      const before = this.text.charCodeAt(o - 1);
      const at = this.text.charCodeAt(o);
      if ((before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff) || (before === 13 && at === 10)) o--;
    }
    return o;
  }
}

/** The 0-based line (LSP rules) of an offset in a text that has no LineIndex yet. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/**
 * A copy of `value` moved `delta` characters along the note: every number under `start`, `end` or
 * a key ending in `Start`/`End` (`resultStart`), at any depth, and every offset-bearing id (`id`,
 * `…Id`: statistic ids name their kind and offset, `ci@950`). Objects are copied by spreading, so a
 * copy has its original's shape (code reading many of them stays fast); arrays of plain values are
 * shared. Used for results kept across edits (a block's recognitions, a sentence's rule drafts).
 */
export function shiftOffsets<T>(value: T, delta: number): T {
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === 'object') return value.map((x) => shiftOffsets(x, delta)) as T;
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  const out = { ...value } as Record<string, unknown>;
  for (const k of Object.keys(out)) {
    const v = out[k];
    if (typeof v === 'number') {
      if (k === 'start' || k === 'end' || k.endsWith('Start') || k.endsWith('End')) out[k] = v + delta;
    } else if (typeof v === 'string') {
      if (k === 'id' || k.endsWith('Id')) out[k] = shiftId(v, delta);
    } else if (v !== null && typeof v === 'object') {
      out[k] = shiftOffsets(v, delta);
    }
  }
  return out as T;
}

function shiftId(id: string, delta: number): string {
  const m = /^(.*@)(\d+)$/.exec(id);
  return m ? `${m[1]}${Number(m[2]) + delta}` : id;
}

/**
 * Where `shiftOffsets` would move a value, worked out once: the offset keys (numbers under
 * `start`/`end`/`…Start`/`…End`), the offset-bearing ids, and the nested objects that hold any.
 * `undefined` means nothing in the value moves. A block's results are planned once when they are
 * recognised, then moved cheaply on every edit before them (`shiftByPlan`).
 */
export interface ShiftPlan {
  /** Only `start` and `end` move (most values): the fast path. */
  simple?: boolean;
  /** The offsets are `start` and `end` (ids or nested values move too). */
  startEnd?: boolean;
  offsets: string[];
  ids: string[];
  nested: [key: string, plan: ShiftPlan | (ShiftPlan | undefined)[]][];
}

export function shiftPlan(value: unknown): ShiftPlan | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const plan: ShiftPlan = { offsets: [], ids: [], nested: [] };
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    // Copied by Object.assign (below), which would set a prototype for this key: moved as shiftOffsets moves it.
    if (k === '__proto__') return GENERIC;
    const v = record[k];
    if (typeof v === 'number') {
      if (k === 'start' || k === 'end' || k.endsWith('Start') || k.endsWith('End')) plan.offsets.push(k);
    } else if (typeof v === 'string') {
      if ((k === 'id' || k.endsWith('Id')) && OFFSET_ID.test(v)) plan.ids.push(k);
    } else if (Array.isArray(v)) {
      // As shiftOffsets: an array with an object in it is mapped item by item; one of plain values is shared.
      if (v.some((x) => x !== null && typeof x === 'object')) {
        const plans = v.map((x) => (Array.isArray(x) ? GENERIC : shiftPlan(x)));
        if (plans.some((p) => p !== undefined)) plan.nested.push([k, plans]);
      }
    } else if (v !== null && typeof v === 'object') {
      const p = shiftPlan(v);
      if (p) plan.nested.push([k, p]);
    }
  }
  if (plan.offsets.length === 2 && plan.offsets[0] === 'start' && plan.offsets[1] === 'end') {
    if (!plan.ids.length && !plan.nested.length) plan.simple = true;
    else plan.startEnd = true;
  }
  return plan.offsets.length || plan.ids.length || plan.nested.length ? plan : undefined;
}

/**
 * A planned id (`…@digits`, as shiftId reads it: the last `@`) moved `delta` characters: its
 * number read from its last characters, not sliced and parsed.
 */
function movedId(id: string, delta: number): string {
  let at = id.length - 1;
  let n = 0;
  for (let place = 1; at >= 0; at--, place *= 10) {
    const c = id.charCodeAt(at);
    if (c < 48 || c > 57) break;
    n += (c - 48) * place;
  }
  // A number too long to read exactly this way is read as before.
  if (id.length - at > 15) n = Number(id.slice(at + 1));
  return id.slice(0, at + 1) + String(n + delta);
}

/** Rare values (arrays inside arrays, a `__proto__` key) are moved by the generic walk. */
const GENERIC: ShiftPlan = { offsets: [], ids: [], nested: [] };
const OFFSET_ID = /^.*@\d+$/;

/**
 * `value` moved `delta` characters as `shiftOffsets` moves it, by its plan: objects holding
 * nothing that moves are shared, not copied (equal content, as `shiftOffsets` would give).
 */
export function shiftByPlan<T>(value: T, plan: ShiftPlan | undefined, delta: number): T {
  if (!plan || delta === 0) return value;
  if (plan.simple) {
    const moved = Object.assign({}, value) as unknown as { start: number; end: number };
    moved.start += delta;
    moved.end += delta;
    return moved as T;
  }
  if (plan === GENERIC) return shiftOffsets(value, delta);
  // Object.assign, not a spread: copies of objects of one shape then share one hidden class (a
  // spread with V8's megamorphic cache gives many), so code reading them stays fast.
  const out = Object.assign({}, value) as Record<string, unknown>;
  if (plan.startEnd) {
    // Named, not keyed, stores: the usual shape (a statistic: `start`, `end` and its ids).
    const moved = out as unknown as { start: number; end: number };
    moved.start += delta;
    moved.end += delta;
  } else {
    for (let i = 0; i < plan.offsets.length; i++) out[plan.offsets[i]] = (out[plan.offsets[i]] as number) + delta;
  }
  // Indexed loops (and no [key, plan] pattern): on code V8 has not optimised yet, the first
  // keystrokes after a note opens, a for-of allocates an iterator and a result per item.
  for (let i = 0; i < plan.ids.length; i++) out[plan.ids[i]] = movedId(out[plan.ids[i]] as string, delta);
  for (let n = 0; n < plan.nested.length; n++) {
    const k = plan.nested[n][0];
    const p = plan.nested[n][1];
    if (Array.isArray(p)) {
      const items = out[k] as unknown[];
      const moved: unknown[] = [];
      for (let i = 0; i < items.length; i++) moved.push(shiftByPlan(items[i], p[i], delta));
      out[k] = moved;
    } else {
      out[k] = shiftByPlan(out[k], p, delta);
    }
  }
  return out as T;
}

/**
 * What two versions of a text share at their ends: how many characters from the start, and how many
 * of the rest from the end (the two never overlap), so the change between them is what lies between.
 * Compared by runs of 1,024 characters first (the engine compares those natively), then one by one.
 */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix + 1024 <= max && a.slice(prefix, prefix + 1024) === b.slice(prefix, prefix + 1024)) prefix += 1024;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  const x = a.length;
  const y = b.length;
  const most = max - prefix;
  let suffix = 0;
  while (suffix + 1024 <= most && a.slice(x - suffix - 1024, x - suffix) === b.slice(y - suffix - 1024, y - suffix)) suffix += 1024;
  while (suffix < most && a.charCodeAt(x - suffix - 1) === b.charCodeAt(y - suffix - 1)) suffix++;
  return { prefix, suffix };
}
