import type { Nodes, Parents, Root } from 'mdast';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import type { BlockKind, Segment } from '../types';

/**
 * Prose extraction. Each paragraph, heading and table cell becomes one Segment whose `text` has the
 * length of its original slice: prose characters are copied, everything else (inline code, HTML,
 * math, images, link destinations, bare URLs, Markdown markers, blockquote prefixes) becomes
 * spaces. Offsets therefore map one-to-one back into the note. HTML entities in prose (`&ndash;`,
 * `&lt;`, `&#8804;`) are read as the character they stand for, written at the entity's last
 * position after spaces; Pandoc citation keys (`@smith2010`) are blanked but for the `@`, since a key is not a word.
 */
export function extractSegments(text: string, tree: Root): Segment[] {
  return collectSegments(text, tree).segments;
}

/** The segments of a tree and how many prose blocks it has (`blockIndex` of the next block). */
export function collectSegments(text: string, tree: Root): { segments: Segment[]; blocks: number } {
  const segments: Segment[] = [];
  let blockIndex = 0;

  const visitBlock = (node: Nodes, quoteDepth: number, inListItem: boolean): void => {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
      case 'tableCell': {
        const segment = proseOf(text, node, blockKindOf(node.type, quoteDepth, inListItem), quoteDepth, blockIndex++);
        if (segment) segments.push(segment);
        return;
      }
      case 'blockquote':
        for (const child of node.children) visitBlock(child, quoteDepth + 1, inListItem);
        return;
      case 'listItem':
        for (const child of node.children) visitBlock(child, quoteDepth, true);
        return;
      case 'root':
      case 'list':
      case 'table':
      case 'tableRow':
      case 'footnoteDefinition':
        for (const child of (node as Parents).children) visitBlock(child as Nodes, quoteDepth, inListItem);
        return;
      default:
        // code, html, yaml, toml, math, thematicBreak, definition: not prose.
        return;
    }
  };

  visitBlock(tree, 0, false);
  return { segments, blocks: blockIndex };
}

function blockKindOf(type: string, quoteDepth: number, inListItem: boolean): BlockKind {
  if (type === 'heading') return 'heading';
  if (type === 'tableCell') return 'tableCell';
  if (inListItem) return 'listItem';
  if (quoteDepth > 0) return 'blockquote';
  return 'paragraph';
}

function proseOf(text: string, node: Nodes, block: BlockKind, quoteDepth: number, blockIndex: number): Segment | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined || end <= start) return undefined;
  const links: { start: number; end: number; url: string }[] = [];
  // The prose text nodes, in order: the segment is their text, with spaces between them.
  const texts: [number, number][] = [];

  const visitInline = (inline: Nodes): void => {
    switch (inline.type) {
      case 'text':
        if (inline.position?.start.offset !== undefined && inline.position.end.offset !== undefined) {
          texts.push([inline.position.start.offset, inline.position.end.offset]);
        }
        return;
      case 'link':
        if (inline.position?.start.offset !== undefined && inline.position.end.offset !== undefined) {
          links.push({ start: inline.position.start.offset, end: inline.position.end.offset, url: inline.url });
        }
        if (isBareUrl(inline) || isCitationMark(inline)) return;
        for (const child of inline.children) visitInline(child);
        return;
      case 'inlineCode':
      case 'html':
      case 'inlineMath':
      case 'image':
      case 'imageReference':
      case 'footnoteReference':
      case 'break':
        return;
      default:
        if ('children' in inline) visitChildren(inline.children as Nodes[]);
    }
  };
  // Text between inline <sup>…</sup> tags is a reference mark or an exponent, not prose.
  const visitChildren = (children: Nodes[]): void => {
    let sup = 0;
    for (const child of children) {
      if (child.type === 'html') {
        if (/^<sup\b[^>]*>$/i.test(child.value)) sup++;
        else if (/^<\/sup>$/i.test(child.value)) sup = Math.max(0, sup - 1);
        continue;
      }
      if (!sup) visitInline(child);
    }
  };
  if ('children' in node) visitChildren(node.children as Nodes[]);

  let prose = proseText(text, start, end, texts);
  // Text nodes that span lines inside a blockquote include the continuation lines' "> " markers.
  if (quoteDepth > 0) prose = prose.replace(/(\n)([ \t]*(?:>[ \t]?)+)/g, (_m, nl: string, prefix: string) => nl + ' '.repeat(prefix.length));
  if (!/\S/.test(prose)) return undefined;
  const segment: Segment = { text: prose, start, end, block, quoteDepth, blockIndex };
  if (links.length) segment.links = links;
  if (node.type === 'heading') segment.depth = node.depth;
  return segment;
}

/**
 * The segment [start, end) of `text` with only the given text-node ranges kept (entities read,
 * citation keys blanked) and everything else a space. Built from slices when the ranges come in
 * order inside the segment (always, for a parsed paragraph), else character by character.
 */
function proseText(text: string, start: number, end: number, texts: [number, number][]): string {
  let out = '';
  let pos = start;
  for (const [from, to] of texts) {
    if (from < pos || to > end || from > to) return proseByCharacters(text, start, end, texts);
    if (from > pos) out += ' '.repeat(from - pos);
    const raw = text.slice(from, to);
    if (raw.includes('&') || raw.includes('@')) {
      const chars = raw.split('');
      readEntitiesAndKeys(text, from, to, from, chars);
      out += chars.join('');
    } else {
      out += raw;
    }
    pos = to;
  }
  return end > pos ? out + ' '.repeat(end - pos) : out;
}

function proseByCharacters(text: string, start: number, end: number, texts: [number, number][]): string {
  const chars: string[] = new Array(end - start).fill(' ');
  for (const [from, to] of texts) {
    for (let i = Math.max(from, start); i < Math.min(to, end); i++) chars[i - start] = text[i];
    readEntitiesAndKeys(text, from, to, start, chars);
  }
  return chars.join('');
}

/** A link whose text is only a reference number (`[[2]](#fn2)`, `[3](url)`): a citation mark, not prose. */
function isCitationMark(link: Nodes & { type: 'link' }): boolean {
  return link.children.length === 1 && link.children[0].type === 'text' && /^\s*\[?\d{1,3}\]?\s*$/.test(link.children[0].value);
}

/** An autolink or GFM bare URL: its only text is the URL itself. */
function isBareUrl(link: Nodes & { type: 'link' }): boolean {
  if (link.children.length !== 1 || link.children[0].type !== 'text') return false;
  const label = link.children[0].value;
  const url = link.url;
  return label === url || `mailto:${label}` === url || `http://${label}` === url || `https://${label}` === url;
}

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;
const CITATION_KEY = /(^|[\s[;(])(-?@[A-Za-z0-9_][\w:.#$%&+?<>~/-]*\w)/g;

/** Decodes HTML entities and blanks citation keys inside one text node's slice of `chars`. */
function readEntitiesAndKeys(text: string, from: number | undefined, to: number | undefined, base: number, chars: string[]): void {
  if (from === undefined || to === undefined) return;
  const raw = text.slice(from, to);
  if (raw.includes('&')) {
    for (const m of raw.matchAll(ENTITY)) {
      const code = m[1] ? Number(m[1]) : m[2] ? parseInt(m[2], 16) : undefined;
      const decoded = code !== undefined ? (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined) : decodeNamedCharacterReference(m[3]);
      if (!decoded) continue;
      // A non-breaking space is a space; anything else keeps one UTF-16 unit where possible.
      const ch = decoded === '\u00a0' ? ' ' : decoded;
      const at = from + m.index! - base;
      for (let k = 0; k < m[0].length; k++) chars[at + k] = ' ';
      if (ch.length <= m[0].length) for (let k = 0; k < ch.length; k++) chars[at + m[0].length - ch.length + k] = ch[k];
    }
  }
  if (raw.includes('@')) {
    for (const m of raw.matchAll(CITATION_KEY)) {
      // Keep the `@` so a sentence opening with a key still starts there.
      const at = from + m.index! + m[1].length - base;
      for (let k = m[2].indexOf('@') + 1; k < m[2].length; k++) chars[at + k] = ' ';
    }
  }
}
