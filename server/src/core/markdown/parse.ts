import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMath from 'remark-math';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import type { Root } from 'mdast';
import type { Node } from 'unist';

/** Extensions a text may need (bits below); a parse without the others gives the same tree. */
export const GFM = 1;
export const FRONT_MATTER = 2;
export const MATH = 4;
/** GFM tables alone (a text with `|` but no other GFM syntax: literal autolinks are the costly part). */
export const GFM_TABLE = 8;
/** GFM without literal e-mail autolinks (tried at every letter and digit), for a text with no `@` after an address character. */
export const GFM_NO_EMAIL = 16;
/**
 * GFM's literal www and http autolinks alone, for a text whose only GFM syntax they are (no table,
 * strikethrough, footnote, task list item or e-mail address): a prose block with a URL in it.
 */
export const GFM_AUTOLINK = 32;

// The parser with every extension, and lighter ones for texts that cannot hold an extension's
// syntax (built on first use, then frozen: building is the expensive part). GFM (above all its
// literal autolinks, tried at every word, and tables, tried at every line) costs more than
// CommonMark itself, and most of a note's blocks use none of it.
const FULL = GFM | FRONT_MATTER | MATH;
const processors = new Map<number, { parse: (text: string) => unknown }>();
function processorFor(syntax: number): { parse: (text: string) => unknown } {
  let processor = processors.get(syntax);
  if (!processor) {
    // Plugins in the order of the full parser, so constructs are tried in the same order.
    const p = unified().use(remarkParse);
    if (syntax & GFM) p.use(remarkGfm);
    else if (syntax & GFM_NO_EMAIL) p.use(remarkGfmWithoutEmail);
    else if (syntax & GFM_TABLE) p.use(remarkGfmTable);
    else if (syntax & GFM_AUTOLINK) p.use(remarkGfmAutolinks);
    if (syntax & FRONT_MATTER) p.use(remarkFrontmatter, ['yaml', 'toml']);
    if (syntax & MATH) p.use(remarkMath);
    processor = p.freeze();
    processors.set(syntax, processor);
  }
  return processor;
}

/**
 * remark-gfm's parsing (micromark-extension-gfm, mdast-util-gfm) without the e-mail literal
 * construct. That construct only ever matches an `@` right after an address character; where it
 * fails it leaves nothing behind (its one side effect, a mark that memoises "no open bracket before
 * here", reads the same for the www and protocol constructs), so a text without such an `@` parses
 * the same. The tree's pass for e-mail addresses stays (it finds none there either).
 */
function remarkGfmWithoutEmail(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(withoutEmailAutolinks(gfm()));
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown());
}

/**
 * remark-gfm's parsing with only the www and protocol literal autolink constructs. The others
 * (tables, strikethrough, footnotes, task list items, e-mail autolinks) each start only at a
 * character or pair the text lacks (see `syntaxIn`) and, where they fail, leave nothing behind, so
 * such a text parses the same; the tree's passes of mdast-util-gfm stay as they are.
 */
function remarkGfmAutolinks(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(onlyConstructs(gfm(), ['wwwAutolink', 'protocolAutolink']));
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown());
}

/** The extension's text constructs with these names, and nothing else of it. */
function onlyConstructs(extension: Extension, names: string[]): Extension {
  const text: NonNullable<Extension['text']> = {};
  for (const [code, hooked] of Object.entries(extension.text ?? {})) {
    const kept = (Array.isArray(hooked) ? hooked : [hooked]).filter((construct): construct is Construct => !!construct && names.includes(construct.name ?? ''));
    if (kept.length) text[Number(code)] = kept;
  }
  return { text };
}

type Extension = ReturnType<typeof gfm>;
type Construct = NonNullable<Extract<NonNullable<Extension['text']>[number], object[]>[number]>;

function withoutEmailAutolinks(extension: Extension): Extension {
  const text: NonNullable<Extension['text']> = {};
  for (const [code, hooked] of Object.entries(extension.text ?? {})) {
    const kept = (Array.isArray(hooked) ? hooked : [hooked]).filter((construct): construct is Construct => !!construct && construct.name !== 'emailAutolink');
    if (kept.length) text[Number(code)] = kept;
  }
  return { ...extension, text };
}

/** The table part of remark-gfm (its micromark and mdast extensions), as remark-gfm adds them. */
function remarkGfmTable(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

/** Containers (blockquote and list markers) deeper than this on one line are read as plain text. */
export const MAX_CONTAINER_DEPTH = 16;
/** Indentation past this many columns does not nest further. */
export const MAX_INDENT_COLUMNS = 4 * MAX_CONTAINER_DEPTH;
/** A run of one emphasis character (`*`, `_`, `~`) longer than this is text (thematic breaks aside). */
export const MAX_DELIMITER_RUN = 32;
/** A block (run of non-blank lines) with more brackets, or more emphasis delimiters, than this reads them as plain text. */
export const MAX_INLINE_MARKERS = 400;

/**
 * Parses Markdown (CommonMark + GFM + front matter + math) into mdast with offsets, with only the
 * extensions whose syntax the text holds (the same tree as with all of them). The parser sees a guarded copy of the same length (see `guardForParser`), so every offset still points into
 * `text` and prose is copied from `text` itself.
 */
export function parseMarkdown(text: string): Root {
  const guarded = guardForParser(text);
  return behindByteOrderMark(text, processorFor(syntaxIn(guarded, text)).parse(guarded) as Root);
}

/** `parseMarkdown` with every extension whatever the text holds: the reference the lighter parsers are tested against. */
export function parseMarkdownFully(text: string): Root {
  return behindByteOrderMark(text, processorFor(FULL).parse(guardForParser(text)) as Root);
}

/**
 * micromark drops a byte-order mark opening the text before it reads, so its positions count from
 * the character after it: moved back to where they are in `text` (one character on, one column on
 * the first line).
 */
function behindByteOrderMark(text: string, root: Root): Root {
  if (text.charCodeAt(0) !== 0xfeff) return root;
  const move = (node: Node): void => {
    const at = node.position;
    if (at) {
      // The root still starts at the text's start.
      for (const point of node === root ? [at.end] : [at.start, at.end]) {
        if (point.offset !== undefined) point.offset += 1;
        if (point.line === 1) point.column += 1;
      }
    }
    if ('children' in node && Array.isArray(node.children)) for (const child of node.children as Node[]) move(child);
  };
  move(root);
  return root;
}

/**
 * Characters without which an extension's constructs cannot start (a superset: any doubt keeps it):
 * - GFM: a table needs `|`, or a delimiter row whose cell has a colon (micromark reads `x` over
 *   `:---`, `---:` or `:-:` as a one-column table, with no `|` anywhere), strikethrough `~`, a
 *   footnote `[^`, a task list item `[ ]`/`[x]`, a literal autolink `www`, `http` or an address
 *   with a character before its `@` (also what the autolink pass over the tree's text looks for);
 *   `\` and `&` could write any of these as an escape or a character reference in the tree's
 *   text, so they keep GFM too. A text whose only GFM syntax is a table's needs the table
 *   extension alone, one whose only GFM syntax is a `www` or `http` the literal www and protocol
 *   autolinks alone;
 * - front matter: `---` or `+++` opening the text (micromark reads it on the first line only);
 * - math: `$`.
 * `unguarded`: the text before `guardForParser` when `text` is what it made: a `\` the guard
 * wrote, not the writer, is not counted (it escapes a container marker or a space, which no GFM
 * construct reads; counted, every deeply nested line kept GFM's table and footnote constructs).
 */
export function syntaxIn(text: string, unguarded = text): number {
  let syntax = 0;
  // A `\` the guard wrote (`unguarded` has none) escapes a container marker or a space: no GFM syntax.
  const escapes = unguarded === text || unguarded.includes('\\') ? ESCAPE_SYNTAX.test(text) : text.includes('&');
  if (escapes || GFM_SYNTAX.test(text)) {
    if (EMAIL_SYNTAX.test(text)) syntax |= GFM;
    else syntax |= escapes || OTHER_GFM_SYNTAX.test(text) || TABLE_SYNTAX.test(text) ? GFM_NO_EMAIL : GFM_AUTOLINK;
  } else if (TABLE_SYNTAX.test(text)) syntax |= GFM_TABLE;
  if (FRONT_MATTER_OPENING.test(text)) syntax |= FRONT_MATTER;
  if (text.includes('$')) syntax |= MATH;
  return syntax;
}
/** GFM's own characters (escapes apart, see ESCAPE_SYNTAX). */
const GFM_SYNTAX = /~|\[(?:\^|[\sxX]\])|[\w.+-]@|www|http/i;
/** An escape or a character reference, which could write any GFM character. */
const ESCAPE_SYNTAX = /[\\&]/;
const EMAIL_SYNTAX = /[\w.+-]@/;
/** GFM_SYNTAX but for the literal autolinks (and escapes). */
const OTHER_GFM_SYNTAX = /~|\[(?:\^|[\sxX]\])/;
const FRONT_MATTER_OPENING = /^\uFEFF?(?:---|\+\+\+)/;
/** A table's `|`, or the colon of a delimiter row without one (`:-`, `-:`). */
const TABLE_SYNTAX = /\||:-|-:/;

/**
 * Keeps the parser linear and its tree shallow, changing only characters that would start a
 * construct, never the length:
 * - the marker that would open the 17th nested blockquote or list on a line becomes `\`, so the
 *   rest of the line is paragraph text (remark's time grows with the square of nesting, and deep
 *   trees overflow the stack of tree walkers);
 * - indentation past MAX_INDENT_COLUMNS is cut the same way;
 * - in a block with more than MAX_INLINE_MARKERS brackets, `[` and `]` become `(` and `)`:
 *   micromark merges the text around each unresolved bracket by splicing one array, so a long
 *   paragraph of `[1]` or `[@key]` costs the square of its length. Citations are read from the
 *   note's text, not the tree, so they are still found;
 * - likewise emphasis delimiters (`*`, `_`, `~`) past the line's container markers become `,`
 *   when a block has more than MAX_INLINE_MARKERS of them (nested emphasis is quadratic too), and
 *   so does a single run of more than MAX_DELIMITER_RUN of them (its cost is quadratic in its
 *   length, and a few thousand overflow the stack), unless the line is a thematic break.
 */
export function guardForParser(text: string): string {
  // The text's UTF-16 code units (indices are offsets), copied at the first change: a typed array,
  // not a list of one-character strings (a megabyte of text made a list of a million).
  let codes: Uint16Array | undefined;
  const set = (i: number, ch: string): void => {
    if (!codes) {
      codes = new Uint16Array(text.length);
      for (let k = 0; k < text.length; k++) codes[k] = text.charCodeAt(k);
    }
    codes[i] = ch.charCodeAt(0);
  };
  let blockStart = -1;
  let brackets = 0;
  let delimiters = 0;
  // Where each line of the current block starts its inline content (after container markers).
  const contentStarts: number[] = [];
  const closeBlock = (end: number): void => {
    if (blockStart >= 0 && brackets > MAX_INLINE_MARKERS) {
      for (let i = blockStart; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5b) set(i, '(');
        else if (c === 0x5d) set(i, ')');
      }
    }
    if (blockStart >= 0 && delimiters > MAX_INLINE_MARKERS) {
      for (const from of contentStarts) {
        for (let i = from; i < end && text.charCodeAt(i) !== 0x0a; i++) {
          const c = text.charCodeAt(i);
          if (c === 0x2a || c === 0x5f || c === 0x7e) set(i, ',');
        }
      }
    }
    blockStart = -1;
    brackets = 0;
    delimiters = 0;
    contentStarts.length = 0;
  };
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (isBlank(text, lineStart, lineEnd)) closeBlock(lineStart);
    else {
      if (blockStart < 0) blockStart = lineStart;
      const content = guardLine(text, lineStart, lineEnd, set);
      contentStarts.push(content);
      for (let i = lineStart; i < lineEnd; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x5b || c === 0x5d) brackets++;
        else if (i >= content && (c === 0x2a || c === 0x5f || c === 0x7e) && text.charCodeAt(i - 1) !== c) {
          delimiters++;
          let runEnd = i;
          while (runEnd < lineEnd && text.charCodeAt(runEnd) === c) runEnd++;
          if (runEnd - i > MAX_DELIMITER_RUN && !(isBlank(text, content, i) && isBlank(text, runEnd, lineEnd))) {
            for (let k = i; k < runEnd; k++) set(k, ',');
          }
          i = runEnd - 1;
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  closeBlock(text.length);
  return codes ? fromCodes(codes) : text;
}

/** The string of UTF-16 code units `codes` (lone surrogates kept as they are), made in chunks the call stack takes. */
function fromCodes(codes: Uint16Array): string {
  const CHUNK = 8192;
  let out = '';
  for (let i = 0; i < codes.length; i += CHUNK) out += String.fromCharCode.apply(null, codes.subarray(i, i + CHUNK) as unknown as number[]);
  return out;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** Cuts container nesting and indentation on one line (see guardForParser); returns where its content starts. */
function guardLine(text: string, start: number, end: number, set: (i: number, ch: string) => void): number {
  let i = start;
  let depth = 0;
  let columns = 0;
  while (i < end) {
    // Up to three spaces before a marker; more is indentation (code or a nested item's content).
    let j = i;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) {
      columns += text[j] === '\t' ? 4 : 1;
      if (columns > MAX_INDENT_COLUMNS) {
        set(j, '\\');
        return j;
      }
      j++;
    }
    if (j >= end) return j;
    const c = text[j];
    let marker = 0;
    if (c === '>') marker = 1;
    else if ((c === '-' || c === '*' || c === '+') && spaceAfter(text, j + 1, end)) marker = 1;
    else if (c >= '0' && c <= '9') {
      let k = j;
      while (k < end && k - j < 9 && text[k] >= '0' && text[k] <= '9') k++;
      if ((text[k] === '.' || text[k] === ')') && spaceAfter(text, k + 1, end)) marker = k - j + 1;
    }
    if (!marker) return j;
    if (++depth > MAX_CONTAINER_DEPTH) {
      set(j, '\\');
      return j;
    }
    columns += j - i + marker;
    i = j + marker;
  }
  return i;
}

/** True at the line's end or before a space or tab. */
function spaceAfter(text: string, k: number, end: number): boolean {
  return k >= end || text[k] === ' ' || text[k] === '\t';
}
