/**
 * XML helpers for the response parsers: fast-xml-parser with the options every format here
 * needs, and inline markup (<i>, <sup>, JATS <jats:p>) reduced to plain text. Pure.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The response is not what the service documents: a parse error or a missing root. */
export class MalformedResponse extends Error {}

/**
 * Parses XML into plain objects; elements named in `rawElements` keep their inner XML as a
 * string (mixed content such as `<AbstractText>a <i>b</i> c</AbstractText>` would otherwise
 * lose its word order). Throws MalformedResponse on XML that is not well formed (a truncated
 * body, an HTML error page).
 */
export function parseXml(xml: string, rawElements: string[] = [], alwaysArray: string[] = []): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new MalformedResponse(`XML is not well formed (line ${valid.err.line}: ${valid.err.msg})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    processEntities: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    stopNodes: rawElements.map((e) => `*.${e}`),
    isArray: (name) => alwaysArray.includes(name),
  });
  return parser.parse(xml) as Record<string, unknown>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes XML character and the five predefined entity references. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[ref.toLowerCase()] ?? m;
  });
}

/** Inner XML with markup removed (block elements become spaces), entities decoded, space collapsed. */
export function markupToText(inner: string): string {
  return decodeEntities(inner.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/<[^>]*>/g, ' '))
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/\(\s+/g, '(')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of a parsed node: a string, or an element object's `#text`. */
export function textOf(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string' || typeof node === 'number') return String(node).trim() || undefined;
  if (typeof node === 'object' && '#text' in (node as Record<string, unknown>)) return textOf((node as Record<string, unknown>)['#text']);
  return undefined;
}

/** A node or list of nodes as a list. */
export function list<T = unknown>(node: unknown): T[] {
  if (node === undefined || node === null || node === '') return [];
  return (Array.isArray(node) ? node : [node]) as T[];
}

/** An attribute of a parsed element (attributes are prefixed with "@"). */
export function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const v = (node as Record<string, unknown>)[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** A child element of a parsed element. */
export function child(node: unknown, name: string): unknown {
  return node && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined;
}
