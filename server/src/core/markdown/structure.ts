import type { Nodes, Parents, Root } from 'mdast';
import { parseFragment } from 'parse5';

/**
 * One model of a note's structure, read from the parsed tree (mdast; HTML fragments through
 * parse5), shared by the evidence stage and the rules. Offsets are into the note.
 *
 * - `sections`: every heading with the range it governs (to the next heading of the same or a
 *   higher level), so a sentence can ask "am I under Results?".
 * - `blocks`: paragraphs, list items, blockquotes, HTML and code blocks in document order, each with
 *   its section and blockquote depth ("paragraph scope").
 * - `links`: every link (inline, reference-style, autolink, HTML `<a href>`), with its destination
 *   resolved; `anchors`: HTML `name`/`id` targets; `superscripts`: `<sup>` and `^n^` contents;
 *   `wikiLinks`: `[[Target]]`; `footnotes`: Markdown footnote definitions; `definitions`: the
 *   `[label]: url` lines of reference-style links.
 */
export interface NoteStructure {
  sections: NoteSection[];
  blocks: NoteBlock[];
  links: NoteLink[];
  definitions: Map<string, { url: string; start: number; end: number }>;
  footnotes: Map<string, { start: number; end: number; text: string }>;
  anchors: { name: string; start: number; end: number }[];
  superscripts: { text: string; start: number; end: number }[];
  wikiLinks: { target: string; start: number; end: number }[];
  /** Code, math and HTML: text that is never prose nor a citation. */
  verbatim: { start: number; end: number }[];
  /** Front matter block (YAML or TOML), when present. */
  frontMatter?: { start: number; end: number };
}

/**
 * The structure as the rules see it (`RuleContext.structure`): the tree-level model above plus
 * what the evidence stage read from it. For section scope use `sectionPathAt(model, offset)`;
 * for paragraph scope, the `blocks` entry holding an offset (or `SentenceInfo.blockIndex`).
 */
export interface NoteModel extends NoteStructure {
  /** Entries of the note's own reference list(s), numbered as cited. */
  referenceList: { number: number; start: number; end: number; sourceId: string }[];
  /** Sources whose text is quoted in the note (an abstract under its reference line, a blockquote under a citing paragraph). */
  quotedSources: { sourceId: string; start: number; end: number }[];
  /** The paper a note about one paper discusses, if it names one. */
  mainPaper?: string;
}

/** A heading and the part of the note it governs. */
export interface NoteSection {
  /** Heading text as written, without the `#` markers. */
  title: string;
  depth: number;
  /** From the heading's start to the start of the next heading of the same or a higher level. */
  start: number;
  end: number;
}

/** What a block is: paragraph scope is a `paragraph` or `listItem` block. */
export type NoteBlockKind = 'paragraph' | 'heading' | 'listItem' | 'blockquote' | 'html' | 'code' | 'table' | 'other';

/** One block of the note (lists contribute one block per item; a blockquote's own blocks follow it with depth + 1). */
export interface NoteBlock {
  kind: NoteBlockKind;
  start: number;
  end: number;
  /** Index into `sections` of the innermost section holding the block, -1 before any heading. */
  section: number;
  quoteDepth: number;
  /** For an item of an ordered list: its number. */
  ordinal?: number;
}

/** A link, with its destination resolved (reference-style links through their definitions). */
export interface NoteLink {
  url: string;
  /** The visible text (for HTML links, the element's text). */
  label: string;
  start: number;
  end: number;
  form: 'inline' | 'reference' | 'autolink' | 'html';
}

/** A wiki link `[[Target]]` or `[[Target|label]]`, its brackets possibly escaped as Pandoc writes them. */
const WIKI_LINK = /\\?\[\\?\[([^[\]\n|\\]{1,120})(?:\|[^[\]\n]*)?\\?\]\\?\]/g;
/** A superscript citation written with carets: `^1^`, `^2,3^`, `^4–6^`. */
const SUPERSCRIPT_CITATION = /\^(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\^/g;
const emptyAnchors = (): NoteStructure['anchors'] => [];

/** A copy of a part's entry at its place in the note (parts are kept: the note's entries are its own). */
function moved<T extends { start: number; end: number }>(x: T, delta: number): T {
  const copy = Object.assign({}, x);
  copy.start = x.start + delta;
  copy.end = x.end + delta;
  return copy;
}

/** Reads the structure of a parsed note. */
export function buildNoteStructure(text: string, tree: Root): NoteStructure {
  return joinStructure([{ part: readStructure(text, tree.children as Nodes[], 0), delta: 0 }], text.length);
}

/**
 * What one stretch of a note's top-level nodes contributes to its structure, before the note-wide
 * steps (sections, reference-style links resolved through the definitions, sorting): see
 * `joinStructure`. Offsets are those of the nodes.
 */
export interface StructurePart {
  blocks: NoteBlock[];
  links: NoteLink[];
  definitions: [string, { url: string; start: number; end: number }][];
  footnotes: [string, { start: number; end: number; text: string }][];
  anchors: NoteStructure['anchors'];
  superscripts: NoteStructure['superscripts'];
  wikiLinks: NoteStructure['wikiLinks'];
  verbatim: NoteStructure['verbatim'];
  frontMatter?: { start: number; end: number };
  headings: { depth: number; start: number; title: string }[];
  references: { label: string; start: number; end: number; text: string }[];
}

/**
 * The structure part of top-level nodes `nodes` whose source is `text`, `text` starting at offset
 * `base` of the nodes' positions (a block parsed on its own, or the whole note at 0).
 */
export function readStructure(text: string, nodes: Nodes[], base: number): StructurePart {
  const out: StructurePart = {
    blocks: [], links: [], definitions: [], footnotes: [], anchors: emptyAnchors(), superscripts: [], wikiLinks: [], verbatim: [], headings: [], references: [],
  };
  const slice = (start: number, end: number): string => text.slice(start - base, end - base);
  const headings = out.headings;
  const references = out.references;
  const range = (n: Nodes) => ({ start: n.position?.start.offset ?? 0, end: n.position?.end.offset ?? 0 });
  const visit = (node: Nodes, quoteDepth: number): void => {
    const { start, end } = range(node);
    switch (node.type) {
      case 'yaml':
      case 'toml' as string:
        out.frontMatter = { start, end };
        return;
      case 'heading':
        headings.push({ depth: node.depth, start, title: slice(start, end).replace(/^#+[ \t]*|[ \t]*#*[ \t]*$/g, '') });
        out.blocks.push({ kind: 'heading', start, end, section: -1, quoteDepth });
        visitInline(node);
        return;
      case 'paragraph':
        out.blocks.push({ kind: 'paragraph', start, end, section: -1, quoteDepth });
        visitInline(node);
        return;
      case 'blockquote':
        out.blocks.push({ kind: 'blockquote', start, end, section: -1, quoteDepth });
        for (const c of node.children) visit(c, quoteDepth + 1);
        return;
      case 'list':
        node.children.forEach((item, i) => {
          const r = range(item);
          out.blocks.push({ kind: 'listItem', ...r, section: -1, quoteDepth, ordinal: node.ordered ? (node.start ?? 1) + i : undefined });
          for (const c of item.children) visit(c, quoteDepth);
        });
        return;
      case 'html':
        out.blocks.push({ kind: 'html', start, end, section: -1, quoteDepth });
        out.verbatim.push({ start, end });
        readHtml(node.value, start);
        return;
      case 'code':
      case 'math':
        out.blocks.push({ kind: 'code', start, end, section: -1, quoteDepth });
        out.verbatim.push({ start, end });
        return;
      case 'table':
        out.blocks.push({ kind: 'table', start, end, section: -1, quoteDepth });
        for (const row of node.children) for (const cell of row.children) visitInline(cell);
        return;
      case 'definition':
        out.definitions.push([node.identifier, { url: node.url, start, end }]);
        return;
      case 'footnoteDefinition':
        out.footnotes.push([node.identifier, { start, end, text: slice(start, end) }]);
        for (const c of node.children) visit(c, quoteDepth);
        return;
      default:
        if ('children' in node) for (const c of (node as Parents).children) visit(c as Nodes, quoteDepth);
    }
  };

  let htmlReadUntil = -1;
  const visitInline = (parent: Parents): void => {
    const kids = parent.children as Nodes[];
    // Where the previous sibling with a position ends: a node without one is looked for after it.
    const within = range(parent as Nodes);
    let after = within.start;
    for (let i = 0; i < kids.length; i++) {
      const node = kids[i];
      const { start, end } = range(node);
      if (node.position) after = end;
      switch (node.type) {
        case 'link': {
          if (!node.position) {
            // A link made after parsing (mdast-util-gfm-autolink-literal links a bare address the
            // parser left in a text node, as after an unclosed bracket) has no position, nor has its
            // text: it is placed where its text stands in the source, or not at all.
            const found = unplacedLink(node, after, within.end);
            if (found) {
              after = found.end;
              out.links.push({ url: node.url, label: slice(found.start, found.end), ...found, form: 'autolink' });
            }
            break;
          }
          const label = slice(range(node.children[0] ?? node).start, range(node.children[node.children.length - 1] ?? node).end);
          const autolink = node.children.length === 1 && node.children[0].type === 'text' && node.url.endsWith(node.children[0].value);
          out.links.push({ url: node.url, label: node.children.length ? label : '', start, end, form: autolink ? 'autolink' : 'inline' });
          visitInline(node);
          break;
        }
        case 'linkReference':
          references.push({ label: node.identifier, start, end, text: node.children.length ? slice(range(node.children[0]).start, range(node.children[node.children.length - 1]).end) : '' });
          visitInline(node);
          break;
        case 'text': {
          // On the raw slice, so offsets are exact and escaped brackets (`\[\[X\]\]`, as Pandoc writes them) count too.
          // Most text holds neither a bracket nor a caret: no pattern is copied for it (matchAll copies its pattern).
          const raw = slice(start, end);
          if (raw.includes('[')) for (const m of raw.matchAll(WIKI_LINK)) {
            out.wikiLinks.push({ target: m[1].trim(), start: start + m.index!, end: start + m.index! + m[0].length });
          }
          if (raw.includes('^')) for (const m of raw.matchAll(SUPERSCRIPT_CITATION)) {
            out.superscripts.push({ text: m[1], start: start + m.index!, end: start + m.index! + m[0].length });
          }
          break;
        }
        case 'inlineCode':
        case 'inlineMath':
          out.verbatim.push({ start, end });
          break;
        case 'html': {
          out.verbatim.push({ start, end });
          // Inline HTML arrives tag by tag: read the run of siblings up to the element's close as one
          // fragment (once; the Markdown between the tags is still visited as usual).
          if (start < htmlReadUntil) break;
          let j = i;
          let depth = 0;
          for (; j < kids.length; j++) {
            if (kids[j].type !== 'html') continue;
            const v = (kids[j] as { value: string }).value;
            if (/^<[a-z][^>]*>$/i.test(v) && !/\/>$/.test(v) && !/^<(?:br|img|hr|input|meta|wbr)\b/i.test(v)) depth++;
            else if (/^<\//.test(v)) depth--;
            if (depth <= 0) break;
          }
          const to = range(kids[Math.min(j, kids.length - 1)]).end;
          htmlReadUntil = to;
          readHtml(slice(start, to), start);
          break;
        }
        default:
          if ('children' in node) visitInline(node as Parents);
      }
    }
  };

  /** The span of a link without a position: its one text, found in the source between `from` and `to`. */
  const unplacedLink = (node: Extract<Nodes, { type: 'link' }>, from: number, to: number): { start: number; end: number } | undefined => {
    const only = node.children.length === 1 ? node.children[0] : undefined;
    if (only?.type !== 'text' || !only.value) return undefined;
    const at = slice(from, to).indexOf(only.value);
    return at < 0 ? undefined : { start: from + at, end: from + at + only.value.length };
  };

  /** Anchors, links and superscripts of an HTML fragment at `offset`. */
  const readHtml = (html: string, offset: number): void => {
    if (!/<(?:a|sup|span|p|div|li|ol|ul|cite)\b/i.test(html)) return;
    const fragment = parseFragment(html, { sourceCodeLocationInfo: true });
    type El = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: El[]; value?: string; sourceCodeLocation?: { startOffset: number; endOffset: number } | null };
    const textOf = (n: El): string => (n.nodeName === '#text' ? n.value ?? '' : (n.childNodes ?? []).map(textOf).join(''));
    const walk = (n: El): void => {
      const loc = n.sourceCodeLocation;
      if (loc && n.attrs) {
        const start = offset + loc.startOffset;
        const end = offset + loc.endOffset;
        for (const a of n.attrs) {
          if ((a.name === 'name' && n.nodeName === 'a') || a.name === 'id') out.anchors.push({ name: a.value, start, end });
          if (a.name === 'href' && n.nodeName === 'a') out.links.push({ url: a.value, label: textOf(n).trim(), start, end, form: 'html' });
        }
        if (n.nodeName === 'sup') out.superscripts.push({ text: textOf(n).trim(), start, end });
      }
      for (const c of n.childNodes ?? []) walk(c);
    };
    walk(fragment as unknown as El);
  };

  for (const node of nodes) visit(node, 0);
  return out;
}

/**
 * One block's part of the structure, moved `d` characters, added to `out`. (Its own function, not
 * a loop body of `joinStructure`: V8 optimises a small function soon after a note opens.)
 */
function joinPart(out: NoteStructure, headings: StructurePart['headings'], references: StructurePart['references'], part: StructurePart, d: number): void {
  // Indexed loops: this runs for every block at every keystroke, first on code V8 has not optimised,
  // where a for-of (and a [key, value] pattern) allocates an iterator and a result per item.
  movedInto(out.blocks, part.blocks, d);
  movedInto(out.links, part.links, d);
  for (let i = 0; i < part.definitions.length; i++) out.definitions.set(part.definitions[i][0], moved(part.definitions[i][1], d));
  for (let i = 0; i < part.footnotes.length; i++) out.footnotes.set(part.footnotes[i][0], moved(part.footnotes[i][1], d));
  movedInto(out.anchors, part.anchors, d);
  movedInto(out.superscripts, part.superscripts, d);
  movedInto(out.wikiLinks, part.wikiLinks, d);
  movedInto(out.verbatim, part.verbatim, d);
  if (part.frontMatter) out.frontMatter = moved(part.frontMatter, d);
  for (let i = 0; i < part.headings.length; i++) {
    const h = part.headings[i];
    headings.push({ depth: h.depth, start: h.start + d, title: h.title });
  }
  movedInto(references, part.references, d);
}

/** Each of `items` moved `d` characters, appended to `out`. */
function movedInto<T extends { start: number; end: number }>(out: T[], items: readonly T[], d: number): void {
  for (let i = 0; i < items.length; i++) out.push(moved(items[i], d));
}

/**
 * The note's structure from its parts in note order, each moved `delta` characters to its place in
 * the note (`length` characters long): the same as reading the whole note's tree at once.
 */
export function joinStructure(parts: { part: StructurePart; delta: number }[], length: number): NoteStructure {
  const out: NoteStructure = {
    sections: [], blocks: [], links: [], definitions: new Map(), footnotes: new Map(), anchors: emptyAnchors(), superscripts: [], wikiLinks: [], verbatim: [],
  };
  const headings: StructurePart['headings'] = [];
  const references: StructurePart['references'] = [];
  for (let i = 0; i < parts.length; i++) joinPart(out, headings, references, parts[i].part, parts[i].delta);
  for (let i = 0; i < references.length; i++) {
    const r = references[i];
    const def = out.definitions.get(r.label);
    if (def) out.links.push({ url: def.url, label: r.text, start: r.start, end: r.end, form: 'reference' });
  }
  out.links.sort((a, b) => a.start - b.start);
  out.verbatim.sort((a, b) => a.start - b.start);
  out.superscripts.sort((a, b) => a.start - b.start);
  // A section ends at the next heading of the same or a higher level: the open headings form a
  // stack of increasing depth, and a heading closes every open one at least as deep.
  const ends = headings.map(() => length);
  const open: number[] = [];
  headings.forEach((h, i) => {
    while (open.length && headings[open[open.length - 1]].depth >= h.depth) ends[open.pop()!] = h.start;
    open.push(i);
  });
  headings.forEach((h, i) => out.sections.push({ title: h.title.trim(), depth: h.depth, start: h.start, end: ends[i] }));
  const sectionOf = sectionFinder(out.sections);
  for (let i = 0; i < out.blocks.length; i++) out.blocks[i].section = sectionOf(out.blocks[i].start);
  return out;
}

/**
 * `sectionIndexAt` for many offsets in one pass over the sections (offsets in any order; fastest
 * in note order): the sections holding an offset are nested, so the innermost is the last one
 * opened before it that has not closed yet.
 */
function sectionFinder(sections: NoteSection[]): (offset: number) => number {
  let next = 0;
  let open: number[] = [];
  let last = -Infinity;
  return (offset) => {
    if (offset < last) {
      next = 0;
      open = [];
    }
    last = offset;
    for (; next < sections.length && sections[next].start <= offset; next++) {
      while (open.length && sections[open[open.length - 1]].end <= sections[next].start) open.pop();
      open.push(next);
    }
    while (open.length && sections[open[open.length - 1]].end <= offset) open.pop();
    return open.length ? open[open.length - 1] : -1;
  };
}

/** Index of the innermost section holding `offset`, -1 when before any heading. */
export function sectionIndexAt(structure: Pick<NoteStructure, 'sections'>, offset: number): number {
  let best = -1;
  structure.sections.forEach((s, i) => {
    if (offset >= s.start && offset < s.end && (best < 0 || s.depth >= structure.sections[best].depth)) best = i;
  });
  return best;
}

/** The titles of the sections holding `offset`, outermost first ("Results" › "Primary outcome"). */
export function sectionPathAt(structure: Pick<NoteStructure, 'sections'>, offset: number): string[] {
  return structure.sections.filter((s) => offset >= s.start && offset < s.end).sort((a, b) => a.depth - b.depth).map((s) => s.title);
}
