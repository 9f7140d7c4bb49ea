import type { Nodes, Parents, Root } from 'mdast';
import type { BlockKind, Segment } from '../types';

/**
 * Prose extraction. Each paragraph, heading and table cell becomes one Segment whose `text` has the
 * length of its original slice: prose characters are copied, everything else (inline code, HTML,
 * math, images, link destinations, bare URLs, Markdown markers, blockquote prefixes) becomes
 * spaces. Offsets therefore map one-to-one back into the note.
 */
export function extractSegments(text: string, tree: Root): Segment[] {
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
  return segments;
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
  const chars: string[] = new Array(end - start).fill(' ');
  const links: { start: number; end: number; url: string }[] = [];

  const copy = (from: number | undefined, to: number | undefined): void => {
    if (from === undefined || to === undefined) return;
    for (let i = Math.max(from, start); i < Math.min(to, end); i++) chars[i - start] = text[i];
  };

  const visitInline = (inline: Nodes): void => {
    switch (inline.type) {
      case 'text':
        copy(inline.position?.start.offset, inline.position?.end.offset);
        return;
      case 'link':
        if (inline.position?.start.offset !== undefined && inline.position.end.offset !== undefined) {
          links.push({ start: inline.position.start.offset, end: inline.position.end.offset, url: inline.url });
        }
        if (isBareUrl(inline)) return;
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
        if ('children' in inline) for (const child of inline.children as Nodes[]) visitInline(child);
    }
  };
  if ('children' in node) for (const child of node.children as Nodes[]) visitInline(child);

  let prose = chars.join('');
  // Text nodes that span lines inside a blockquote include the continuation lines' "> " markers.
  if (quoteDepth > 0) prose = prose.replace(/(\n)([ \t]*(?:>[ \t]?)+)/g, (_m, nl: string, prefix: string) => nl + ' '.repeat(prefix.length));
  if (!/\S/.test(prose)) return undefined;
  const segment: Segment = { text: prose, start, end, block, quoteDepth, blockIndex };
  if (links.length) segment.links = links;
  if (node.type === 'heading') segment.depth = node.depth;
  return segment;
}

/** An autolink or GFM bare URL: its only text is the URL itself. */
function isBareUrl(link: Nodes & { type: 'link' }): boolean {
  if (link.children.length !== 1 || link.children[0].type !== 'text') return false;
  const label = link.children[0].value;
  const url = link.url;
  return label === url || `mailto:${label}` === url || `http://${label}` === url || `https://${label}` === url;
}
