import type { Nodes, Root, RootContent } from 'mdast';
import { parseMarkdown, syntaxIn } from './parse';

/**
 * Incremental parsing by top-level block. A note is cut into runs of lines that the Markdown parser
 * would close independently: a cut is made only at a blank line followed by an unindented line that
 * cannot continue what came before (not a list item, which would make a list loose; not inside a
 * fenced code or math block, a multi-line HTML block or the front matter). A wrong cut would
 * change the tree, a missing cut only costs time, so every doubt keeps lines together.
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

const FRONT_MATTER = /^(---|\+\+\+)[ \t]*\r?\n/;
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

/** Cuts a note into independently parseable top-level blocks (see above). */
export function splitBlocks(text: string): RawBlock[] {
  const blocks: RawBlock[] = [];
  let blockStart = 0;
  let blockLine = 0;
  let lineNo = 0;
  let pos = 0;
  let previousBlank = false;
  // What is open: a fence (char + length), or an HTML block's end pattern.
  let fence: { char: string; length: number } | undefined;
  let htmlEnd: RegExp | undefined;

  // Front matter: `---` or `+++` on the first line, to its closing line.
  const fm = FRONT_MATTER.exec(text);
  if (fm) {
    const close = new RegExp(`\\n${fm[1] === '---' ? '---' : '\\+\\+\\+'}[ \\t]*(?:\\r?\\n|$)`, 'g');
    close.lastIndex = fm[0].length - 1;
    const m = close.exec(text);
    // An unclosed opener changes the parse of the whole note (micromark then reads no `-` line as
    // a list item): such a note is one block.
    if (!m) return [{ start: 0, line: 0, text }];
    pos = m.index + m[0].length;
    lineNo = countLines(text, 0, pos);
  }

  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = text.slice(pos, eol);
    const blank = !/\S/.test(line);
    if (fence) {
      const close = line.match(/^ {0,3}(`{3,}|~{3,}|\${2,})[ \t]*\r?$/);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined;
    } else if (!blank) {
      // Not at a `---`/`+++` line either: at the start of a block it would read as front matter.
      if (previousBlank && pos > blockStart && !/^[ \t]/.test(line) && !LIST_ITEM.test(line) && !/^(?:---|\+\+\+)[ \t]*\r?$/.test(line)) {
        blocks.push({ start: blockStart, line: blockLine, text: text.slice(blockStart, pos) });
        blockStart = pos;
        blockLine = lineNo;
      }
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
  return blocks;
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
  /** Each block with a key naming its text, context and occurrence (stable while the block is unchanged). */
  blocks: ParsedPlace[];
}

/** One block of a note's parse. */
export interface ParsedPlace {
  raw: RawBlock;
  key: string;
  /** The block's text and context (`key` without its occurrence number: the same for a repeated block). */
  textKey: string;
  /** The block's parse, at its own positions (`parsed.origin` is where `raw.text` starts in them; the same object while the block is unchanged). */
  parsed: ParsedBlock;
  /** The block's nodes at its place in the note (moved copies, made when first read). */
  readonly children: RootContent[];
}

/** Parses notes block by block, re-using the parse of every block whose text (and context) is unchanged. */
export class BlockParser {
  private parsed = new Map<string, ParsedBlock>();
  private placed = new Map<string, { start: number; line: number; children: RootContent[] }>();
  private readonly placer = (key: string, parsed: ParsedBlock, raw: RawBlock): RootContent[] => this.place(key, parsed, raw);

  parse(text: string): BlockParse {
    const used = new Set<string>();
    const seen = new Map<string, number>();
    // The safety net under the line scanner: a block whose parse ends in a fenced code, math or HTML
    // block (at any depth) might leave it open, so it is joined to the next one.
    const raws: RawBlock[] = [];
    const plain: ParsedBlock[] = [];
    const cut = splitBlocks(text);
    // The same when the parser did not take the opener as front matter after all.
    if (cut.length > 1 && FRONT_MATTER.test(text)) {
      const first = this.parseBlock(cut[0].text, '', used).children[0];
      if (first?.type !== 'yaml' && (first?.type as string) !== 'toml') return this.fallback(text);
    }
    this.parseRuns(cut);
    for (let i = 0; i < cut.length;) {
      let raw = cut[i++];
      let parsed = this.parseBlock(raw.text, '', used);
      while (i < cut.length && mayBeOpen(parsed, raw.text)) {
        raw = { start: raw.start, line: raw.line, text: raw.text + cut[i++].text };
        parsed = this.parseBlock(raw.text, '', used);
      }
      raws.push(raw);
      plain.push(parsed);
    }
    const definitions = new Set<string>();
    const footnotes = new Set<string>();
    for (const p of plain) {
      for (const d of p.definitions) definitions.add(d);
      for (const f of p.footnotes) footnotes.add(f);
    }
    let suffix = '';
    for (const d of definitions) suffix += `\n\n[${d}]: x`;
    for (const f of footnotes) suffix += `\n\n[^${f}]: x`;
    const blocks: ParsedPlace[] = [];
    for (let i = 0; i < raws.length; i++) {
      const raw = raws[i];
      let parsed = plain[i];
      let key = raw.text;
      if (suffix && raw.text.includes('[')) {
        const withDefs = this.parseBlock(raw.text, suffix, used);
        if (!withDefs) return this.fallback(text);
        parsed = withDefs;
        key = `${raw.text}\u0000${suffix}`;
      }
      // Identical blocks (a repeated table) each keep their own placed copy.
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const placedKey = `${key}\u0001${n}`;
      used.add(placedKey);
      blocks.push(this.placeLazily(placedKey, key, parsed, raw));
    }
    // Forget blocks no longer in the note.
    for (const k of this.parsed.keys()) if (!used.has(k)) this.parsed.delete(k);
    for (const k of this.placed.keys()) if (!used.has(k)) this.placed.delete(k);
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

  /** The block with its nodes placed when first asked for (most kept blocks' nodes are never read). */
  private placeLazily(placedKey: string, textKey: string, parsed: ParsedBlock, raw: RawBlock): ParsedPlace {
    return new LazyPlace(raw, placedKey, textKey, parsed, this.placer);
  }

  /** A whole-note parse, for the rare note a block-wise parse cannot reproduce. */
  private fallback(text: string): BlockParse {
    const tree = parseMarkdown(text);
    const parsed: ParsedBlock = { children: tree.children, origin: { offset: 0, line: 0 }, definitions: [], footnotes: [] };
    return { tree, blocks: [{ raw: { start: 0, line: 0, text }, key: `\u0002${text}`, textKey: `\u0002${text}`, parsed, children: tree.children }] };
  }

  private parseBlock(text: string, suffix: string, used: Set<string>): ParsedBlock {
    const key = suffix ? `${text}\u0000${suffix}` : text;
    used.add(key);
    const hit = this.parsed.get(key);
    if (hit) return hit;
    const root = parseMarkdown(text + suffix);
    let children = root.children;
    if (suffix) {
      // The appended definitions are dropped again; a block whose own nodes reach into them is not separable.
      children = children.filter((c) => (c.position?.start.offset ?? 0) < text.length);
      const last = children[children.length - 1];
      if (last && (last.position?.end.offset ?? 0) > text.length) return undefined as unknown as ParsedBlock;
    }
    const definitions: string[] = [];
    const footnotes: string[] = [];
    const visit = (node: Nodes): void => {
      if (node.type === 'definition') definitions.push(node.label ?? node.identifier);
      else if (node.type === 'footnoteDefinition') footnotes.push(node.label ?? node.identifier);
      if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
    };
    for (const c of children) visit(c);
    const parsed = { children, origin: { offset: 0, line: 0 }, definitions, footnotes };
    this.parsed.set(key, parsed);
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
  private parseRuns(cut: RawBlock[]): void {
    const pending = new Set<string>();
    const runs = new Map<number, { blocks: RawBlock[]; chars: number }>();
    const flush = (syntax: number): void => {
      const run = runs.get(syntax);
      if (run && run.blocks.length > 1) this.parseRun(run.blocks);
      runs.delete(syntax);
    };
    for (const raw of cut) {
      const fresh = !this.parsed.has(raw.text) && !pending.has(raw.text) && !raw.text.includes(']:');
      if (!fresh || raw.text.length >= RUN_CHARS) continue;
      const syntax = syntaxIn(raw.text);
      let run = runs.get(syntax);
      if (run && run.chars + raw.text.length > RUN_CHARS) {
        flush(syntax);
        run = undefined;
      }
      if (!run) runs.set(syntax, (run = { blocks: [], chars: 0 }));
      run.blocks.push(raw);
      pending.add(raw.text);
      run.chars += raw.text.length;
    }
    for (const syntax of [...runs.keys()]) flush(syntax);
  }

  private parseRun(run: RawBlock[]): void {
    // Where each block starts in the run's text (offset and line).
    const at: { offset: number; line: number }[] = [];
    let offset = 0;
    let line = 0;
    for (const raw of run) {
      at.push({ offset, line });
      offset += raw.text.length;
      line += countLines(raw.text, 0, raw.text.length);
    }
    const root = parseMarkdown(run.map((raw) => raw.text).join(''));
    const shares: RootContent[][] = run.map(() => []);
    let k = 0;
    for (const child of root.children) {
      const start = child.position?.start.offset ?? 0;
      const end = child.position?.end.offset ?? 0;
      while (k + 1 < run.length && at[k + 1].offset <= start) k++;
      // A node reaching into the next block: the cut does not hold here, keep to block-wise parsing.
      if (start < at[k].offset || end > at[k].offset + run[k].text.length) return;
      shares[k].push(child);
    }
    run.forEach((raw, i) => {
      if (this.parsed.has(raw.text)) return;
      // The run's tree is new and nobody else holds it: its positions are moved to the note's in
      // place, so placing the blocks where they are needs no copy.
      const by = raw.start - at[i].offset;
      const lines = raw.line - at[i].line;
      if (by !== 0 || lines !== 0) for (const c of shares[i]) shiftInPlace(c, by, lines);
      this.parsed.set(raw.text, { children: shares[i], origin: { offset: raw.start, line: raw.line }, definitions: [], footnotes: [] });
    });
  }

  /** The block's nodes at the block's place in the note (shifted copies, re-used while the place holds). */
  private place(placedKey: string, parsed: ParsedBlock, raw: RawBlock): RootContent[] {
    const hit = this.placed.get(placedKey);
    if (hit && hit.start === raw.start && hit.line === raw.line) return hit.children;
    const offset = raw.start - parsed.origin.offset;
    const lines = raw.line - parsed.origin.line;
    const children = offset === 0 && lines === 0 ? parsed.children : parsed.children.map((c) => shift(c, offset, lines) as RootContent);
    this.placed.set(placedKey, { start: raw.start, line: raw.line, children });
    return children;
  }
}

/** A block of a parse whose nodes are placed when first read. */
class LazyPlace implements ParsedPlace {
  private placed: RootContent[] | undefined;

  constructor(
    readonly raw: RawBlock,
    readonly key: string,
    readonly textKey: string,
    readonly parsed: ParsedBlock,
    private readonly placer: (key: string, parsed: ParsedBlock, raw: RawBlock) => RootContent[],
  ) {}

  get children(): RootContent[] {
    return (this.placed ??= this.placer(this.key, this.parsed, this.raw));
  }
}

/** True when the last node of a block, at any depth, is code, math or HTML reaching the block's last character. */
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
