import { serialize } from 'node:v8';
import type { NoteAnalysis } from '../core/analyze';
import type { Finding, Source } from '../core/types';
import type { DetailList, NoteDetail, NoteSnapshot, PackedDetailData, PackedPart } from './protocol';

/** Source texts stay in the worker: a 10,000-entry library would otherwise be copied on every analysis. */
const withoutTexts = (sources: Source[]): Source[] => sources.map((s): Source => (s.text ? { ...s, text: '' } : s));

/**
 * The part of an analysis the CLI needs (findings, recognised spans, claims, sources' metadata).
 */
export function toSnapshot(note: NoteAnalysis): NoteSnapshot {
  // Settings may hold user data only; everything else is plain data (structured-cloneable).
  return {
    analysis: { ...note.analysis },
    context: { ...note.context, sources: withoutTexts(note.context.sources) },
  };
}

/**
 * What hovers, definitions, completions and code actions read beyond the findings: the recognised
 * spans, claims, sources' metadata and the evidence stage's extras (citations, study profiles).
 */
export function toDetail(note: NoteAnalysis): NoteDetail {
  const { text: _text, structure: _structure, ...rest } = note.context;
  return { ...rest, sources: withoutTexts(note.context.sources) };
}

/** A packed part: where its bytes are, which items it holds and the span of the note they cover. */
function part([from, to]: [number, number], first: number, items: { start: number; end: number }[]): PackedPart {
  let min = Infinity;
  let max = -Infinity;
  for (const item of items) {
    if (item.start < min) min = item.start;
    if (item.end > max) max = item.end;
  }
  return { from, to, first, count: items.length, min, max };
}

/** Findings per part: the packing of a note's few hundred findings can stop (a new analysis waits) between parts. */
const FINDINGS_PART = 64;

/** Items per part of a packed list: a hover unpacks one part or two (a few KB) instead of the whole list. */
export const PART_ITEMS = 32;

/**
 * A detail packed for the protocol thread (see `PackedDetailData`): each section serialised on its
 * own, each list in parts of PART_ITEMS consecutive items, all in one buffer (transferred, not copied).
 * `findings` (the analysis's, when its diagnostics were sent prepared) are a section of their own.
 * Undefined when `isCancelled` (asked between parts) says to stop.
 */
export function packDetail(detail: NoteDetail): PackedDetailData;
export function packDetail(detail: NoteDetail, isCancelled?: () => boolean, findings?: Finding[]): PackedDetailData | undefined;
export function packDetail(detail: NoteDetail, isCancelled?: () => boolean, findings?: Finding[]): PackedDetailData | undefined {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const put = (value: unknown): [number, number] => {
    const bytes = serialize(value);
    chunks.push(bytes);
    size += bytes.length;
    return [size - bytes.length, size];
  };
  const sections = {} as PackedDetailData['sections'];
  for (const name of ['sources', 'settings', 'extras'] as const) {
    // (The evidence stage's extras are the largest of these in a long note's detail.)
    if (isCancelled?.()) return undefined;
    sections[name] = put(detail[name]);
  }
  const lists = {} as PackedDetailData['lists'];
  for (const name of ['sentences', 'drugs', 'statistics'] as DetailList[]) {
    const items: { start: number; end: number }[] = detail[name];
    const parts: PackedPart[] = [];
    for (let first = 0; first < items.length; first += PART_ITEMS) {
      if (isCancelled?.()) return undefined;
      const slice = items.slice(first, first + PART_ITEMS);
      parts.push(part(put(slice), first, slice));
    }
    lists[name] = parts;
  }
  const claims = packClaims(detail.claims, lists.sentences, put, isCancelled);
  if (!claims) return undefined;
  let packedFindings: PackedPart[] | undefined;
  if (findings) {
    packedFindings = [];
    for (let first = 0; first < findings.length; first += FINDINGS_PART) {
      if (isCancelled?.()) return undefined;
      const slice = findings.slice(first, first + FINDINGS_PART);
      packedFindings.push(part(put(slice), first, slice));
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return { bytes, sections, lists, claims, ...(packedFindings ? { findings: packedFindings } : {}) };
}

/**
 * The claims in one part per part of the sentences (`PackedDetailData.claims`): `first` and `count`
 * index the claims, `min` and `max` are the sentences' part's span. Claims not in sentence order
 * (never so from the evidence stage) go in one part spanning everything, so no view misses one.
 */
function packClaims(claims: NoteDetail['claims'], sentences: PackedPart[], put: (value: unknown) => [number, number], isCancelled?: () => boolean): PackedPart[] | undefined {
  // Claims [first, end) as one part spanning [min, max] of the note.
  const pack = (first: number, end: number, min = -Infinity, max = Infinity): PackedPart => {
    const [from, to] = put(claims.slice(first, end));
    return { from, to, first, count: end - first, min, max };
  };
  const ordered = claims.every((c, i) => i === 0 || claims[i - 1].sentence <= c.sentence);
  if (!ordered) return [pack(0, claims.length)];
  const parts: PackedPart[] = [];
  let next = 0;
  for (const { first, count, min, max } of sentences) {
    if (isCancelled?.()) return undefined;
    const from = next;
    while (next < claims.length && claims[next].sentence < first + count) next++;
    if (next > from) parts.push(pack(from, next, min, max));
  }
  // Claims of no sentence in the list (none from the evidence stage) are kept too, seen from everywhere.
  if (next < claims.length) parts.push(pack(next, claims.length));
  return parts;
}
