import type { Nodes, Root, RootContent } from 'mdast';
import { parseMarkdown, syntaxIn } from './parse';
import { commonEnds } from '../positions';

/**
 * Incremental parsing by top-level block. A note is cut into runs of lines that the Markdown parser
 * would close independently: a cut is made only at a blank line followed by an unindented line that
 * cannot continue what came before (not a list item, which would make a list loose; not inside a
 * fenced code or math block, a multi-line HTML block or the front matter). A wrong cut would
 * change the tree, a missing cut only costs time, so every doubt keeps lines together.
 *
 * A front matter opened on the first line and never closed is no front matter, but micromark's
 * attempt at it reaches the end of the note and leaves the whole note read without containers
 * (no list, blockquote or footnote definition: `- a` is paragraph text). Such a note is still cut
 * the same way, and each block after the first is parsed after a copy of the opening line and a
 * blank line (`---\n\n`), so that it is read in that same mode; the copy's own node is dropped.
 *
 * Each block is parsed on its own (cached by its text), then its nodes are moved to the block's
 * place in the note. Link reference and footnote definitions are the one thing a block sees from
 * the rest of the note: a block with brackets is re-parsed with every definition label of the note
 * appended, so `[x]` and `[^1]` become references exactly when a full parse makes them so.
 */
export interface RawBlock {
  /** Offset of the block's first character in the note. */
  start: number;
  /** 0-based line of the block's first character. */
  line: number;
  /** The block's text, up to the start of the next block (trailing blank lines included). */
  text: string;
}

// micromark drops a byte-order mark before reading, so a front matter may follow one.
const FRONT_MATTER = /^\uFEFF?(---|\+\+\+)[ \t]*(?:\r\n?|\n)/;
/** Blocks not parsed before are parsed in runs of up to this many characters (see `parseRuns`). */
const RUN_CHARS = 8000;
const LIST_ITEM = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)/;
const FENCE_OPEN = /^ {0,3}(?:(`{3,})([^`]*)|(~{3,})(.*))$/;
const MATH_OPEN = /^ {0,3}(\${2,})([^$]*)$/;
const HTML_OPEN: [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/**
 * The note's front matter: where it ends (after its closing line), or the opener of one never
 * closed (see above), or undefined when the note has none.
 */
export function frontMatterOf(text: string): { end: number } | { unclosed: '---' | '+++' } | undefined {
  const fm = FRONT_MATTER.exec(text);
  if (!fm) return undefined;
  const close = new RegExp(`(?:\\r\\n?|\\n)${fm[1] === '---' ? '---' : '\\+\\+\\+'}[ \\t]*(?:\\r\\n?|\\n|$)`, 'g');
  close.lastIndex = fm[0].length - 1;
  const m = close.exec(text);
  return m ? { end: m.index + m[0].length } : { unclosed: fm[1] as '---' | '+++' };
}

/** What a block after the first is parsed behind in a note whose front matter is never closed; '' otherwise. */
function unclosedPrefix(text: string): string {
  const fm = frontMatterOf(text);
  return fm && 'unclosed' in fm ? `${fm.unclosed}\n\n` : '';
}

/**
 * How many characters of blocks removed by edits are kept (their parses, their recognised results)
 * for a note: its length, at least 64 K, so that a block made new and then made again as it was
 * (a table typed into a paragraph and back, a fence opened over the rest of the note and closed)
 * is not parsed and recognised again.
 */
export function keptRemoved(text: string): number {
  return Math.max(text.length, 1 << 16);
}

/** Cuts a note into independently parseable top-level blocks (see above). */
export function splitBlocks(text: string): RawBlock[] {
  // A note with a line ending in a lone `\r` stays one block (see `hasLoneCarriageReturn`).
  if (hasLoneCarriageReturn(text)) return [{ start: 0, line: 0, text }];
  // Front matter: `---` or `+++` on the first line, to its closing line. One never closed is cut
  // like the rest from the first line on (see above).
  const fm = frontMatterOf(text);
  const blocks: RawBlock[] = [];
  // (The front matter is the first block's start.)
  if (fm && 'end' in fm) cutFrom(text, blocks, 0, fm.end, countLines(text, 0, fm.end));
  else cutFrom(text, blocks, 0, 0, 0);
  return blocks;
}

/**
 * Cuts `text` into blocks from `blockStart` (where a block starts) on, pushing them to `blocks`,
 * reading lines from `from` (0-based line `line`; the block's start, or the end of the front matter
 * the first block starts with). `stop`, when given, is asked at each cut (the block before it
 * pushed): true stops the cutting there.
 */
function cutFrom(text: string, blocks: RawBlock[], blockStart: number, from: number, line: number, stop?: (at: number, line: number) => boolean): void {
  let blockLine = blockStart === from ? line : 0;
  let lineNo = line;
  let pos = from;
  // (No cut is made at the first line: what came before it does not matter.)
  let previousBlank = false;
  // What is open: a fence (char + length), or an HTML block's end pattern.
  let fence: { char: string; length: number } | undefined;
  let htmlEnd: RegExp | undefined;

  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    // Blank as Markdown reads it: spaces and tabs only (JavaScript's \s also takes U+FEFF, no-break and other Unicode spaces, which make a line of text).
    let first = pos;
    for (let c = text.charCodeAt(first); first < eol && (c === 32 || c === 9 || c === 13); c = text.charCodeAt(++first));
    const blank = first === eol;
    // Whether a fenced code or math block, or an HTML block, may open on this line (nothing open before it).
    const closed = !fence && !htmlEnd;
    // Most lines are prose: the line is sliced and matched only where a match is possible (see `mayOpen`).
    if (fence) {
      const close = text.slice(pos, eol).match(/^ {0,3}(`{3,}|~{3,}|\${2,})[ \t]*\r?$/);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(text.slice(pos, eol))) htmlEnd = undefined;
    } else if (!blank) {
      // Not at a `---`/`+++` line either: at the start of a block it would read as front matter.
      // Nor at a line opening with U+FEFF: micromark drops it at the start of the text it reads,
      // so parsed alone the block would lose a character the note keeps (and might open a front matter).
      if (previousBlank && pos > blockStart) {
        const line = text.slice(pos, eol);
        if (!/^[ \t\uFEFF]/.test(line) && !LIST_ITEM.test(line) && !/^(?:---|\+\+\+)[ \t]*\r?$/.test(line)) {
          blocks.push({ start: blockStart, line: blockLine, text: text.slice(blockStart, pos) });
          if (stop?.(pos, lineNo)) return;
          blockStart = pos;
          blockLine = lineNo;
        }
      }
    }
    if (closed && !blank && mayOpen(text, pos)) {
      const line = text.slice(pos, eol);
      const f = FENCE_OPEN.exec(line.replace(/\r$/, ''));
      const m = f ? undefined : MATH_OPEN.exec(line.replace(/\r$/, ''));
      if (f) fence = { char: (f[1] ?? f[3])[0], length: (f[1] ?? f[3]).length };
      else if (m) fence = { char: '$', length: m[1].length };
      else {
        const html = HTML_OPEN.find(([open]) => open.test(line));
        if (html) {
          // The end may be on the opening line, right after the `<` (`<!-->` is a whole comment).
          if (!html[1].test(line.slice(line.indexOf('<') + 1))) htmlEnd = html[1];
        }
      }
    }
    previousBlank = blank && !fence && !htmlEnd;
    pos = eol + 1;
    lineNo++;
  }
  blocks.push({ start: blockStart, line: blockLine, text: text.slice(blockStart) });
}

/**
 * `splitBlocks(text)` from the cut of an earlier version of the note (`old`, cut into `blocks`),
 * cutting again only around what changed: the blocks before the change are the same, and the cut
 * goes on from the last block whose first line is unchanged (a cut depends on that line and on
 * what is open, and nothing is open where a block starts) until it cuts where the old note was cut
 * after the change (from there on the same text is cut from the same state: the old blocks, moved).
 * The blocks kept are the old ones (moved ones with their old text); the new ones' texts are
 * passed through `keep`. Undefined when the note must be cut whole (the change reaches the first
 * line or the front matter, or a line ends in a lone `\r`).
 */
export function recut(old: string, blocks: readonly RawBlock[], text: string, keep: (text: string) => string = (t) => t): RawBlock[] | undefined {
  if (hasLoneCarriageReturn(text) || hasLoneCarriageReturn(old)) return undefined;
  const { prefix, suffix } = commonEnds(old, text);
  if (prefix === old.length && prefix === text.length) return blocks.slice();
  // Whether the note has a front matter, and where it ends, is read from its first line to the
  // front matter's closing line (one never closed reaches the end of the note).
  const firstLineEnd = old.indexOf('\n');
  if (firstLineEnd < 0 || firstLineEnd >= prefix) return undefined;
  const fm = frontMatterOf(old);
  if (fm && ('unclosed' in fm || fm.end >= prefix)) return undefined;
  let from = blocks.length - 1;
  while (from > 0 && blocks[from].start > prefix) from--;
  for (; from > 0; from--) {
    const lineEnd = old.indexOf('\n', blocks[from].start);
    if (lineEnd >= 0 && lineEnd < prefix) break;
  }
  const delta = text.length - old.length;
  const out = blocks.slice(0, from);
  const unchangedFrom = text.length - suffix;
  let next = from + 1;
  let resume = -1;
  let lines = 0;
  // The first block is cut again from its start, after the front matter it may start with.
  const lineFrom = from === 0 && fm ? fm.end : blocks[from].start;
  cutFrom(text, out, blocks[from].start, lineFrom, from === 0 && fm ? countLines(text, 0, fm.end) : blocks[from].line, (at, line) => {
    if (at < unchangedFrom) return false;
    while (next < blocks.length && blocks[next].start < at - delta) next++;
    if (next >= blocks.length || blocks[next].start !== at - delta) return false;
    resume = next;
    lines = line - blocks[next].line;
    return true;
  });
  for (let k = from; k < out.length; k++) out[k].text = keep(out[k].text);
  if (resume >= 0) {
    for (let k = resume; k < blocks.length; k++) {
      const b = blocks[k];
      out.push(delta === 0 && lines === 0 ? b : { start: b.start + delta, line: b.line + lines, text: b.text });
    }
  }
  return out;
}

/**
 * Whether the line at `pos` may open a fenced code or math block or an HTML block: after at most
 * three spaces, a character `FENCE_OPEN`, `MATH_OPEN` or `HTML_OPEN` needs there.
 */
function mayOpen(text: string, pos: number): boolean {
  let at = pos;
  while (at < pos + 3 && text.charCodeAt(at) === 32) at++;
  const c = text.charCodeAt(at);
  return c === 96 /* ` */ || c === 126 /* ~ */ || c === 36 /* $ */ || c === 60 /* < */;
}

/**
 * Whether a line of `text` ends in a lone `\r`. Lines here end at `\n`; the parser also ends them
 * at a lone `\r`, so blank lines and line numbers would not agree: such a note is not cut.
 */
function hasLoneCarriageReturn(text: string): boolean {
  return text.indexOf('\r') >= 0 && /\r(?!\n)/.test(text);
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * A block's parse. Positions are relative to the text the block was parsed in: the block itself
 * (origin 0, 0), or a run of blocks parsed together, where the block starts at `origin`.
 */
export interface ParsedBlock {
  children: RootContent[];
  /** Offset and 0-based line of the block's start in the text it was parsed in. */
  origin: { offset: number; line: number };
  /** Definition and footnote labels the block defines. */
  definitions: string[];
  footnotes: string[];
}

/** A parse of a note assembled from its blocks, with the blocks it was made of. */
export interface BlockParse {
  /** The note's tree (assembled when first read: the blocks' nodes moved to their places). */
  readonly tree: Root;
  /** Each block with its slot (stable while the block is unchanged). */
  blocks: ParsedPlace[];
}

/**
 * One place of a block in a note: its text and context, and which occurrence of them (a repeated
 * table has one per copy). The same object from one parse to the next while the block stays in the
 * note, so what is kept per block is found by identity, not by hashing its text again.
 */
export interface BlockSlot {
  /** The block's nodes at its last place (made when first read). */
  placed?: { start: number; line: number; children: RootContent[] };
}

/** One block of a note's parse. */
export interface ParsedPlace {
  raw: RawBlock;
  /** The block's place: the same object while the block (text, context, occurrence) is unchanged. */
  slot: BlockSlot;
  /** The block's text and context (the same for a repeated block). */
  textKey: string;
  /** The block's parse, at its own positions (`parsed.origin` is where `raw.text` starts in them; the same object while the block is unchanged). */
  parsed: ParsedBlock;
  /** The block's nodes at its place in the note (moved copies, made when first read). */
  readonly children: RootContent[];
}

/** Parses notes block by block, re-using the parse of every block whose text (and context) is unchanged. */
export class BlockParser {
  private parsed = new Map<string, ParsedBlock>();
  /**
   * Parses of blocks the last versions removed, oldest first, kept while their text weighs no more
   * than `keptRemoved` (see `parse`): a block made new by an edit and then made again as it was (a fence opened over
   * the rest of the note and closed, a table typed into a paragraph and back) is not parsed again.
   */
  private removed = new Map<string, ParsedBlock>();
  private removedChars = 0;
  /** Each block's slots, by its key (text and context), one per occurrence. */
  private slots = new Map<string, BlockSlot[]>();
  /** The slot of the note parsed whole (`fallback`), while its text is the same. */
  private whole: { text: string; slot: BlockSlot } | undefined;
  /** Whether this parse follows another (see `kept`). */
  private edited = false;
  private readonly placer = (slot: BlockSlot, parsed: ParsedBlock, raw: RawBlock): RootContent[] => this.place(slot, parsed, raw);

  parse(text: string): BlockParse {
    // The first version's slices all hold the same text: copies are needed once there was one before.
    this.edited = this.parsed.size > 0;
    const used = new Set<string>();
    const seen = new Map<string, number>();
    // The safety net under the line scanner: a block whose parse ends in a fenced code, math or HTML
    // block (at any depth) might leave it open, so it is joined to the next one.
    const raws: RawBlock[] = [];
    const plain: ParsedBlock[] = [];
    // A note with a lone `\r` line ending is parsed whole: the root's end point then comes from the
    // parser, which counts such lines as this module does not.
    if (hasLoneCarriageReturn(text)) {
      this.last = undefined;
      return this.fallback(text);
    }
    const cut = this.cut(text);
    // What blocks after the first are parsed behind (a front matter never closed, see above).
    const unclosed = cut.length > 1 ? unclosedPrefix(text) : '';
    const prefix = (raw: RawBlock): string => (raw.start === 0 ? '' : unclosed);
    // The same when the parser did not take the opener as front matter after all.
    if (cut.length > 1 && !unclosed && FRONT_MATTER.test(text)) {
      const first = this.parseBlock(cut[0].text, '', '', used)?.children[0];
      if (first?.type !== 'yaml' && (first?.type as string) !== 'toml') return this.fallback(text);
    }
    this.parseRuns(cut, unclosed);
    for (let i = 0; i < cut.length;) {
      let raw = cut[i++];
      let parsed = this.parseBlock(raw.text, '', prefix(raw), used);
      while (parsed && i < cut.length && mayBeOpen(parsed, raw.text)) {
        raw = { start: raw.start, line: raw.line, text: raw.text + cut[i++].text };
        parsed = this.parseBlock(raw.text, '', prefix(raw), used);
      }
      if (!parsed) return this.fallback(text);
      raws.push(raw);
      plain.push(parsed);
    }
    const definitions = new Set<string>();
    const footnotes = new Set<string>();
    // Indexed loops and forEach below: these run over every block at every keystroke, first on code
    // V8 has not optimised, where a for-of allocates an iterator and a result per item (and a
    // [key, value] pattern a pair and another iterator).
    for (let i = 0; i < plain.length; i++) {
      const p = plain[i];
      for (let k = 0; k < p.definitions.length; k++) definitions.add(p.definitions[k]);
      for (let k = 0; k < p.footnotes.length; k++) footnotes.add(p.footnotes[k]);
    }
    let suffix = '';
    for (const d of definitions) suffix += `\n\n[${d}]: x`;
    for (const f of footnotes) suffix += `\n\n[^${f}]: x`;
    const blocks: ParsedPlace[] = [];
    for (let i = 0; i < raws.length; i++) {
      const raw = raws[i];
      let parsed = plain[i];
      let key = parseKey(raw.text, '', prefix(raw));
      if (suffix && raw.text.includes('[')) {
        const withDefs = this.parseBlock(raw.text, suffix, prefix(raw), used);
        if (!withDefs) return this.fallback(text);
        // The note's last block ends the note, and micromark closes a lazy line at the very end of
        // a document differently (`[^1]: a` then `<a name="x">` with no line ending: the HTML leaves
        // the footnote); the definitions appended after it would hide that end.
        if (i === raws.length - 1 && !sameFlow(plain[i].children, plain[i].origin.offset, withDefs.children, withDefs.origin.offset)) return this.fallback(text);
        parsed = withDefs;
        key = parseKey(raw.text, suffix, prefix(raw));
      }
      // Identical blocks (a repeated table) each keep their own slot.
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      let slots = this.slots.get(key);
      if (!slots) this.slots.set(this.kept(key), slots = []);
      const slot = (slots[n] ??= {});
      blocks.push(new LazyPlace(raw, slot, key, parsed, this.placer));
    }
    // Blocks no longer in the note: kept a while (see `removed`), but for one of more than a
    // quarter of what is kept (a fence opened over the rest of the note, typed into: each version is
    // removed by the next; kept, they would push out the blocks the fence swallowed).
    const budget = keptRemoved(text);
    this.parsed.forEach((parsed, k) => {
      if (used.has(k)) return;
      this.parsed.delete(k);
      if (k.length * 4 > budget) return;
      this.removed.set(k, parsed);
      this.removedChars += k.length;
    });
    for (const k of this.removed.keys()) {
      if (this.removedChars <= budget) break;
      this.removed.delete(k);
      this.removedChars -= k.length;
    }
    this.slots.forEach((slots, k) => {
      const n = seen.get(k);
      if (!n) this.slots.delete(k);
      else if (slots.length > n) slots.length = n;
    });
    this.whole = undefined;
    let tree: Root | undefined;
    return {
      blocks,
      get tree(): Root {
        if (!tree) {
          const children: RootContent[] = [];
          for (const b of blocks) for (const c of b.children) children.push(c);
          tree = { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end: endPoint(text) } };
        }
        return tree;
      },
    };
  }

  /** The last note cut into blocks, and its blocks (their texts kept, see `kept`). */
  private last: { text: string; cut: RawBlock[] } | undefined;

  /**
   * `splitBlocks(text)`, cut again only around what changed since the last note (see `recut`). The
   * blocks' texts are kept for the next note's cut: those cut again around a change are copies
   * (`kept`), not slices of this note (else each edit would keep one more version of the note). A
   * whole cut's are slices: one version kept, as the first version's are.
   */
  private cut(text: string): RawBlock[] {
    const cut = (this.last && recut(this.last.text, this.last.cut, text, this.keep)) || splitBlocks(text);
    this.last = { text, cut };
    return cut;
  }

  private readonly keep = (text: string): string => this.kept(text);

  /** A whole-note parse, for the rare note a block-wise parse cannot reproduce. */
  private fallback(text: string): BlockParse {
    const tree = parseMarkdown(text);
    const parsed: ParsedBlock = { children: tree.children, origin: { offset: 0, line: 0 }, definitions: [], footnotes: [] };
    if (this.whole?.text !== text) this.whole = { text, slot: {} };
    return { tree, blocks: [{ raw: { start: 0, line: 0, text }, slot: this.whole.slot, textKey: `\u0002${text}`, parsed, children: tree.children }] };
  }

  /**
   * The block's parse, `prefix` (see `unclosedPrefix`) before it and `suffix` (definitions) after
   * it; undefined when the block's nodes do not stay apart from those.
   */
  private parseBlock(text: string, suffix: string, prefix: string, used: Set<string>): ParsedBlock | undefined {
    const key = parseKey(text, suffix, prefix);
    used.add(key);
    const hit = this.parsed.get(key) ?? this.restored(key);
    if (hit) return hit;
    // (A block's text is a slice of the note: parsed and kept alone, not holding the note's text.)
    const root = parseMarkdown(prefix || suffix ? prefix + text + suffix : this.kept(text));
    let children = root.children;
    if (prefix) {
      // The prefix's own node (a thematic break, or a `+++` paragraph) is dropped.
      if (children.some((c) => (c.position?.start.offset ?? 0) < prefix.length && (c.position?.end.offset ?? 0) > prefix.length - 2)) return undefined;
      children = children.filter((c) => (c.position?.start.offset ?? 0) >= prefix.length);
    }
    if (suffix) {
      // The appended definitions are dropped again; a block whose own nodes reach into them is not separable.
      const end = prefix.length + text.length;
      children = children.filter((c) => (c.position?.start.offset ?? 0) < end);
      const last = children[children.length - 1];
      if (last && (last.position?.end.offset ?? 0) > end) return undefined;
    }
    const definitions: string[] = [];
    const footnotes: string[] = [];
    const visit = (node: Nodes): void => {
      if (node.type === 'definition') definitions.push(node.label ?? node.identifier);
      else if (node.type === 'footnoteDefinition') footnotes.push(node.label ?? node.identifier);
      if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
    };
    for (const c of children) visit(c);
    const parsed = { children, origin: { offset: prefix.length, line: prefix ? 2 : 0 }, definitions, footnotes };
    this.parsed.set(this.kept(key), parsed);
    return parsed;
  }

  /**
   * Parses the blocks not parsed before in runs of up to RUN_CHARS characters each, and keeps each
   * block's share of the tree as its parse: the parser's cost per call (combining its extensions,
   * building its compiler) is then paid once per run, not per block. A run gathers blocks that need
   * the same parser extensions (see `syntaxIn`), in note order though not always adjacent, so most
   * prose is parsed without GFM. The same nodes as parsing each block alone, because blocks are cut
   * where the parser has closed everything and every block but the note's last (which comes last
   * in its run) ends with a blank line: a run is not used when a node reaches over a cut, and runs
   * never hold a `]:` (a definition would turn brackets of another block in the run into
   * references, which a block parsed alone must not get; such blocks are parsed one by one as before).
   */
  private parseRuns(cut: RawBlock[], unclosed: string): void {
    const pending = new Set<string>();
    const runs = new Map<number, { blocks: RawBlock[]; chars: number }>();
    const flush = (syntax: number): void => {
      const run = runs.get(syntax);
      if (run && run.blocks.length > 1) this.parseRun(run.blocks, unclosed);
      runs.delete(syntax);
    };
    for (const raw of cut) {
      const key = parseKey(raw.text, '', raw.start === 0 ? '' : unclosed);
      const fresh = !this.parsed.has(key) && !this.removed.has(key) && !pending.has(key) && !raw.text.includes(']:');
      if (!fresh || raw.text.length >= RUN_CHARS) continue;
      const syntax = syntaxIn(raw.text);
      let run = runs.get(syntax);
      if (run && run.chars + raw.text.length > RUN_CHARS) {
        flush(syntax);
        run = undefined;
      }
      if (!run) runs.set(syntax, (run = { blocks: [], chars: 0 }));
      run.blocks.push(raw);
      pending.add(key);
      run.chars += raw.text.length;
    }
    for (const syntax of [...runs.keys()]) flush(syntax);
  }

  private parseRun(run: RawBlock[], unclosed: string): void {
    // Behind the same prefix as its blocks parsed alone (none for a run from the note's start,
    // whose first block holds the opener itself).
    const prefix = run[0].start === 0 ? '' : unclosed;
    // Where each block starts in the run's text (offset and line).
    const at: { offset: number; line: number }[] = [];
    let offset = prefix.length;
    let line = countLines(prefix, 0, prefix.length);
    for (const raw of run) {
      at.push({ offset, line });
      offset += raw.text.length;
      line += countLines(raw.text, 0, raw.text.length);
    }
    const root = parseMarkdown(prefix + run.map((raw) => raw.text).join(''));
    const shares: RootContent[][] = run.map(() => []);
    let k = 0;
    for (const child of root.children) {
      const start = child.position?.start.offset ?? 0;
      const end = child.position?.end.offset ?? 0;
      if (start < prefix.length) {
        if (end > prefix.length - 2) return;
        continue; // the prefix's own node
      }
      while (k + 1 < run.length && at[k + 1].offset <= start) k++;
      // A node reaching into the next block: the cut does not hold here, keep to block-wise parsing.
      if (start < at[k].offset || end > at[k].offset + run[k].text.length) return;
      shares[k].push(child);
    }
    run.forEach((raw, i) => {
      const key = parseKey(raw.text, '', raw.start === 0 ? '' : unclosed);
      if (this.parsed.has(key)) return;
      // The run's tree is new and nobody else holds it: its positions are moved to the note's in
      // place, so placing the blocks where they are needs no copy.
      const by = raw.start - at[i].offset;
      const lines = raw.line - at[i].line;
      if (by !== 0 || lines !== 0) for (const c of shares[i]) shiftInPlace(c, by, lines);
      this.parsed.set(this.kept(key), { children: shares[i], origin: { offset: raw.start, line: raw.line }, definitions: [], footnotes: [] });
    });
  }

  /** The kept parse of a removed block with this key, back among the note's parses; undefined if none. */
  private restored(key: string): ParsedBlock | undefined {
    const parsed = this.removed.get(key);
    if (!parsed) return undefined;
    this.removed.delete(key);
    this.removedChars -= key.length;
    this.parsed.set(this.kept(key), parsed);
    return parsed;
  }

  /** A string to keep across versions: `detached` once the note has been edited. */
  private kept(text: string): string {
    return this.edited ? detached(text) : text;
  }

  /** The block's nodes at the block's place in the note (shifted copies, re-used while the place holds). */
  private place(slot: BlockSlot, parsed: ParsedBlock, raw: RawBlock): RootContent[] {
    const hit = slot.placed;
    if (hit && hit.start === raw.start && hit.line === raw.line) return hit.children;
    const offset = raw.start - parsed.origin.offset;
    const lines = raw.line - parsed.origin.line;
    const children = offset === 0 && lines === 0 ? parsed.children : parsed.children.map((c) => shift(c, offset, lines) as RootContent);
    slot.placed = { start: raw.start, line: raw.line, children };
    return children;
  }
}

/**
 * `text` copied out of the string it was sliced from. A slice of a note keeps the whole note alive
 * (V8 slices point into their parent): what is kept across versions (block keys, parses, recognised
 * results) holds copies, so that an edited note's old texts are not kept one per edited block. (The
 * first version's are kept as slices: they all hold that one text.)
 */
export function detached(text: string): string {
  if (text.length < 13) return text; // (copied by V8 when sliced)
  // A property name is a string of its own (V8 internalizes it: a flat copy, its hash known, so
  // maps keyed by kept texts find it fast); a slice of a copy would be another slice.
  const holder: Record<string, number> = Object.create(null);
  holder[text] = 0;
  for (const name in holder) return name;
  return text;
}

/** The key of a block's parse: its text, and what it was parsed behind and before. */
function parseKey(text: string, suffix: string, prefix: string): string {
  const key = suffix ? `${text}\u0000${suffix}` : text;
  return prefix ? `${prefix}\u0003${key}` : key;
}

/** A block of a parse whose nodes are placed when first read. */
class LazyPlace implements ParsedPlace {
  private placed: RootContent[] | undefined;

  constructor(
    readonly raw: RawBlock,
    readonly slot: BlockSlot,
    readonly textKey: string,
    readonly parsed: ParsedBlock,
    private readonly placer: (slot: BlockSlot, parsed: ParsedBlock, raw: RawBlock) => RootContent[],
  ) {}

  get children(): RootContent[] {
    return (this.placed ??= this.placer(this.slot, this.parsed, this.raw));
  }
}

/** True when the last node of a block, at any depth, is code, math or HTML reaching the block's last character. */
/** Node types holding flow (block) content, whose children are compared by `sameFlow`. */
const CONTAINERS = new Set(['blockquote', 'list', 'listItem', 'footnoteDefinition']);

/**
 * Whether two parses of one block have the same block structure: the same flow nodes, by type and
 * place (offsets less each parse's origin, the block's first character), through every container.
 * Their inline content may differ (references resolved or not).
 */
function sameFlow(a: readonly Nodes[], aOrigin: number, b: readonly Nodes[], bOrigin: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.type !== y.type) return false;
    if ((x.position?.start.offset ?? 0) - aOrigin !== (y.position?.start.offset ?? 0) - bOrigin) return false;
    if ((x.position?.end.offset ?? 0) - aOrigin !== (y.position?.end.offset ?? 0) - bOrigin) return false;
    if (CONTAINERS.has(x.type) && !sameFlow((x as { children: Nodes[] }).children, aOrigin, (y as { children: Nodes[] }).children, bOrigin)) return false;
  }
  return true;
}

function mayBeOpen(parsed: ParsedBlock, text: string): boolean {
  const end = parsed.origin.offset + text.trimEnd().length;
  let node: Nodes | undefined = parsed.children[parsed.children.length - 1];
  while (node) {
    if ((node.type === 'code' || node.type === 'math' || node.type === 'html') && (node.position?.end.offset ?? 0) >= end) return true;
    node = 'children' in node && node.children.length ? (node.children[node.children.length - 1] as Nodes) : undefined;
  }
  return false;
}

/** A copy of a node with every position moved by `offset` characters and `lines` lines (columns stay: blocks start lines). */
function shift(node: Nodes, offset: number, lines: number): Nodes {
  const copy = { ...node } as Nodes & { children?: Nodes[] };
  if (node.position) {
    const { start, end } = node.position;
    copy.position = {
      start: { line: start.line + lines, column: start.column, offset: (start.offset ?? 0) + offset },
      end: { line: end.line + lines, column: end.column, offset: (end.offset ?? 0) + offset },
    };
  }
  if ('children' in node) copy.children = (node.children as Nodes[]).map((c) => shift(c, offset, lines));
  return copy;
}

/** `shift` on a tree nobody else holds: every position replaced by the moved one, nodes kept. */
function shiftInPlace(node: Nodes, offset: number, lines: number): void {
  if (node.position) {
    const { start, end } = node.position;
    node.position = {
      start: { line: start.line + lines, column: start.column, offset: (start.offset ?? 0) + offset },
      end: { line: end.line + lines, column: end.column, offset: (end.offset ?? 0) + offset },
    };
  }
  if ('children' in node) for (const c of node.children as Nodes[]) shiftInPlace(c, offset, lines);
}

function endPoint(text: string): { line: number; column: number; offset: number } {
  const lastNl = text.lastIndexOf('\n');
  return { line: countLines(text, 0, text.length) + 1, column: text.length - lastNl, offset: text.length };
}
