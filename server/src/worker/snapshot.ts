import { serialize } from 'node:v8';
import type { NoteAnalysis } from '../core/analyze';
import type { Drug, Finding, Source, Statistic } from '../core/types';
import { PlacedList } from '../core/placed';
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
  const { drugs, statistics, ...rest } = detailOf(note);
  return { ...rest, drugs: listOf(drugs), statistics: listOf(statistics) };
}

/** A list of the detail as it is packed: an array, or the note's blocks' items, moved to their place as they are packed. */
type DetailItems<T extends { start: number; end: number }> = readonly T[] | PlacedList<T>;

/** The detail as `packDetail` takes it: the drugs and statistics as the analysis placed them (not yet moved, see `PlacedList`). */
export type PackableDetail = Omit<NoteDetail, 'drugs' | 'statistics'> & { drugs: DetailItems<Drug>; statistics: DetailItems<Statistic> };

/** The detail of `note` (`toDetail`), its drugs and statistics left where the analysis placed them. */
export function detailOf(note: NoteAnalysis): PackableDetail {
  const c = note.context;
  const placed = (c as { placed?: { drugs: PlacedList<Drug>; statistics: PlacedList<Statistic> } }).placed;
  // (Not `...c`: that would read the lazy lists, moving every block's items at once.)
  return {
    sentences: c.sentences, claims: c.claims, sources: withoutTexts(c.sources), settings: c.settings, extras: c.extras,
    drugs: placed?.drugs ?? c.drugs, statistics: placed?.statistics ?? c.statistics,
  };
}

function listOf<T extends { start: number; end: number }>(items: DetailItems<T>): T[] {
  return items instanceof PlacedList ? items.all : [...items];
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
export function packDetail(detail: PackableDetail): PackedDetailData;
export function packDetail(detail: PackableDetail, isCancelled?: () => boolean, findings?: Finding[]): PackedDetailData | undefined;
export function packDetail(detail: PackableDetail, isCancelled?: () => boolean, findings?: Finding[]): PackedDetailData | undefined {
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
    const parts = packList(detail[name] as DetailItems<{ start: number; end: number }>, put, isCancelled);
    if (!parts) return undefined;
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
 * A list in parts of PART_ITEMS consecutive items (see `PackedPart`); a placed list's blocks moved
 * one at a time as they are reached, so that the packing can stop (undefined) between any two.
 */
function packList<T extends { start: number; end: number }>(items: DetailItems<T>, put: (value: unknown) => [number, number], isCancelled?: () => boolean): PackedPart[] | undefined {
  const parts: PackedPart[] = [];
  if (!(items instanceof PlacedList)) {
    for (let first = 0; first < items.length; first += PART_ITEMS) {
      if (isCancelled?.()) return undefined;
      const slice = items.slice(first, first + PART_ITEMS);
      parts.push(part(put(slice), first, slice));
    }
    return parts;
  }
  let first = 0;
  let slice: T[] = [];
  const flush = (): void => {
    parts.push(part(put(slice), first, slice));
    first += slice.length;
    slice = [];
  };
  for (let p = 0; p < items.partCount; p++) {
    if (isCancelled?.()) return undefined;
    for (const item of items.part(p)) {
      slice.push(item);
      if (slice.length === PART_ITEMS) flush();
    }
  }
  if (slice.length) flush();
  return parts;
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
