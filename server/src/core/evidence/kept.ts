/**
 * Claims kept across the versions of one note. A sentence's claim (verdict, evidence, details) is
 * a function of the sentence (text, prose, block; its profile and drugs are made from the prose),
 * the citations written in it and the sources it rests on (both at offsets relative to the
 * sentence), and the note's sources and settings (the environment). An unchanged sentence in an
 * unchanged environment gets its claim back, moved to its new place and index; only the others are
 * judged again. The environment compares the given sources by identity (a loaded library is the
 * same objects from one analysis to the next) and the note's own sources by value, but for where
 * they sit in the note (`Placement`): an edit above a quoted abstract moves it, and the claims
 * whose evidence was found in it get their evidence moved with it, not judged again.
 */
import type { SentenceInfo, Source } from '../types';
import type { Settings } from '../settings';
import type { Memo } from '../memo';
import type { Citation } from './citations';
import type { EvidenceClaim } from './index';
import { makeClaim } from './claim';
import { alignedRow, type SentenceRow } from './aligned';

interface KeptClaim {
  base: number;
  claim: EvidenceClaim | undefined;
  /** Where the note's own sources were when the claim was judged (its located evidence is there). */
  placement: Placement;
}

/**
 * Where the note's own sources and passages sit in the note: for each source id, the text offsets
 * of its copies (the source, its passages) in the order the environment lists them. A claim's
 * evidence found in one of them is located at its offset (`start`, `end`; see `locate` in
 * evidence/index.ts); nothing else of a claim depends on where they are.
 */
interface Placement {
  /** The offsets as one string: two placements with the same key put every copy at the same place (one is kept, see keptClaims). */
  key: string;
  offsets: Map<string, number[]>;
}

/** What a sentence's claim was made from besides its text: its own citations (at `base`) and its links. */
interface Links {
  own: readonly Citation[] | undefined;
  base: number;
  linked: { sourceIds: readonly string[]; via: readonly string[] } | undefined;
}

interface SentenceClaims {
  text: string;
  block: string;
  /** Claims by what the sentence rests on (several sentences may share a text, each cited its own way). */
  byLinks: { links: Links; kept: KeptClaim }[];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether a kept sentence's citations and links (`a`) are those given (`own` at `base`, `linked`),
 * citations compared at offsets relative to their sentences.
 */
function sameLinks(a: Links, own: Links['own'], base: number, linked: Links['linked']): boolean {
  if (!a.own !== !own || !a.linked !== !linked) return false;
  if (a.own && own) {
    if (a.own.length !== own.length) return false;
    for (let i = 0; i < a.own.length; i++) {
      const x = a.own[i], y = own[i];
      // The same object at the same base is the same citation at the same relative place (see replaySentence).
      if (x === y && a.base === base) continue;
      if (x.kind !== y.kind || x.key !== y.key || (x.sourceId ?? null) !== (y.sourceId ?? null) || x.start - a.base !== y.start - base || x.end - a.base !== y.end - base) return false;
    }
  }
  return !a.linked || !linked || (sameList(a.linked.sourceIds, linked.sourceIds) && sameList(a.linked.via, linked.via));
}

const GIVEN = 'evidence: the given sources';
/** Where a claims space keeps the last analysis's records by sentence (a key no prose can be). */
const LAST_CLAIMS = Symbol('claims by sentence');
/** Where a claims space keeps the claims the last analysis gave out, by sentence index. */
const LAST_GAVE_OUT = Symbol('claims given out by sentence');
/** Where a claims space keeps the last analysis's placement of the note's sources. */
const LAST_PLACEMENT = Symbol('placement of the sources');

/** A claim given out for the sentence at `base`, with the note's sources at `placement`: `kept`'s claim there (moved, or as judged). */
interface GaveOut {
  kept: KeptClaim;
  base: number;
  placement: Placement;
  claim: EvidenceClaim | undefined;
}
let serials = 0;

/**
 * A number naming the given sources (the same while the list holds the same objects in the same
 * order), and the set of them (made once for that list: a library can hold 10,000 sources).
 */
function givenSerial(memo: Memo, given: Source[] | undefined): { serial: number; set: ReadonlySet<Source> } {
  const space = memo.space<{ list: Source[]; serial: number; set: ReadonlySet<Source> }>(GIVEN);
  const last = space.peek(GIVEN);
  const list = given ?? [];
  if (last && last.list.length === list.length && last.list.every((s, i) => s === list[i])) return last;
  const now = { list: [...list], serial: ++serials, set: new Set(list) };
  space.set(GIVEN, now);
  return now;
}

/**
 * The note's own sources, passages and the settings the claims read, as one string, and where the
 * note's own sources sit (apart: a claim judged with them elsewhere is moved, see `Placement`).
 */
function environment(
  memo: Memo, given: Source[] | undefined, sources: Source[], passages: Map<string, Source[]>, settings: Settings, text: string,
): { key: string; placement: Placement } {
  const { serial, set: givenSet } = givenSerial(memo, given);
  const own: unknown[] = [serial, settings.suggestCitationScore, settings.drugs];
  // A run of given sources is one number (how many): a library's thousands are not a zero each.
  let run = 0;
  const offsets = new Map<string, number[]>();
  const plain = (s: Source): unknown => {
    // Where a source was defined does not change a claim; what text sits where it points does
    // (the text there, in the key), and where that is moves the evidence found in it (the placement).
    const { origin: _origin, libraryOrigin: _libraryOrigin, textOffset, ...rest } = s;
    if (typeof textOffset !== 'number') return [rest];
    const list = offsets.get(s.id);
    if (list) list.push(textOffset);
    else offsets.set(s.id, [textOffset]);
    return [rest, text.slice(textOffset, textOffset + s.text.length)];
  };
  for (const s of sources) {
    if (givenSet.has(s)) {
      run++;
      continue;
    }
    if (run) own.push(run);
    run = 0;
    // A source without text (a stub made for a link or a reference entry) counts by its id only.
    if (!s.text.trim()) own.push(s.id);
    else own.push(plain(s));
  }
  if (run) own.push(run);
  for (const [id, list] of passages) own.push(id, list.map(plain));
  let placed = '';
  for (const [id, list] of offsets) placed += `${id}\u0000${list.join(',')}\u0000`;
  return { key: JSON.stringify(own), placement: { key: placed, offsets } };
}

/**
 * How far the copies of source `id` moved from `was` to `now` (the same environment, so the same
 * copies in the same order), or undefined when they moved apart (an edit between two of them).
 */
function sourceShift(was: Placement, now: Placement, id: string): number | undefined {
  const a = was.offsets.get(id);
  const b = now.offsets.get(id);
  if (!a || !b || a.length !== b.length) return undefined;
  const shift = b[0] - a[0];
  for (let i = 1; i < a.length; i++) if (b[i] - a[i] !== shift) return undefined;
  return shift;
}

/**
 * A claim maker that re-uses the claims of unchanged sentences: call it for each sentence (in
 * order) with the sentence's own citations and links; `judge` makes the claim of a new one.
 */
export function keptClaims(
  memo: Memo, given: Source[] | undefined, sources: Source[], passages: Map<string, Source[]>, settings: Settings, text: string, sentences: readonly SentenceInfo[],
): (s: SentenceInfo, si: number, own: Citation[] | undefined, linked: { sourceIds: string[]; via: string[] } | undefined, judge: (si: number) => EvidenceClaim | undefined) => EvidenceClaim | undefined {
  const environs = environment(memo, given, sources, passages, settings, text);
  const space = memo.space<SentenceClaims>(`evidence: claims in ${environs.key}`);
  // The last analysis's placement when the sources sit where they sat (most edits): placements are
  // then compared by identity, not by their keys (as long as the note has copies of sources).
  let placement = environs.placement;
  const lastPlacement = space.peek(LAST_PLACEMENT) as unknown as Placement | undefined;
  if (lastPlacement !== undefined && lastPlacement.key === placement.key) placement = lastPlacement;
  else space.set(LAST_PLACEMENT, placement as unknown as SentenceClaims);
  // How far each source's copies moved since a placement claims were judged with (most share a few).
  const shifts = new Map<Placement, Map<string, number | undefined>>();
  const shiftOf = (was: Placement, id: string): number | undefined => {
    let byId = shifts.get(was);
    if (!byId) shifts.set(was, byId = new Map());
    if (!byId.has(id)) byId.set(id, sourceShift(was, placement, id));
    return byId.get(id);
  };
  // The unchanged sentences' records by place (see aligned.ts); the others by their prose, in the
  // memo or else among the last analysis's records.
  const last = space.peek(LAST_CLAIMS) as SentenceRow<SentenceClaims> | undefined;
  const aligned = alignedRow(last, sentences, 'prose');
  // Room for every sentence from the start (filled in order, some left empty): no copies as it grows.
  const values: (SentenceClaims | undefined)[] = new Array(sentences.length);
  space.set(LAST_CLAIMS, { sentences, key: 'prose', values } satisfies SentenceRow<SentenceClaims> as unknown as SentenceClaims);
  // The same kept claim at the same place and index is the claim given out last time, not a new
  // copy of it (the sentences before an edit; a claim judged elsewhere and moved here earlier).
  const lastGaveOut = space.peek(LAST_GAVE_OUT) as unknown as readonly (GaveOut | undefined)[] | undefined;
  const gaveOut: (GaveOut | undefined)[] = new Array(sentences.length);
  space.set(LAST_GAVE_OUT, gaveOut as unknown as SentenceClaims);
  const lookUp = (prose: string): SentenceClaims | undefined => {
    const found = space.peek(prose) ?? aligned.lost(prose);
    if (found) space.set(prose, found);
    return found;
  };
  return (s, si, own, linked, judge) => {
    // An aligned record's sentence had this text and prose (see alignSentences): only its block may differ.
    let record = aligned.at(si);
    if (record === undefined) {
      record = lookUp(s.prose);
      if (record !== undefined && record.text !== s.text) record = undefined;
    }
    if (record === undefined || record.block !== s.block) {
      record = { text: s.text, block: s.block, byLinks: [] };
      space.set(s.prose, record);
    }
    values[si] = record;
    let entry: { links: Links; kept: KeptClaim } | undefined;
    for (let k = 0; k < record.byLinks.length; k++) {
      if (sameLinks(record.byLinks[k].links, own, s.start, linked)) {
        entry = record.byLinks[k];
        break;
      }
    }
    let kept = entry?.kept;
    // Evidence found in a source whose copies an edit moved apart is judged again (rare).
    const moves = kept && kept.placement !== placement ? evidenceMoves(kept, (id) => shiftOf(kept!.placement, id)) : undefined;
    if (!kept || moves === null) {
      kept = { base: s.start, claim: judge(si), placement };
      if (entry) entry.kept = kept;
      else record.byLinks.push({ links: { own, base: s.start, linked }, kept });
      gaveOut[si] = { kept, base: s.start, placement, claim: kept.claim };
      return kept.claim;
    }
    const last = lastGaveOut?.[si];
    if (last !== undefined && last.kept === kept && last.base === s.start && last.placement === placement) {
      gaveOut[si] = last;
      return last.claim;
    }
    const claim = kept.claim && moved(kept.claim, si, s.start - kept.base, moves);
    gaveOut[si] = { kept, base: s.start, placement, claim };
    return claim;
  };
}

/**
 * How far each located evidence item of a kept claim moves with its source (see `Placement`):
 * undefined when none moves, null when one cannot be moved (its source's copies moved apart).
 */
function evidenceMoves(kept: KeptClaim, shiftOf: (id: string) => number | undefined): number[] | undefined | null {
  const evidence = kept.claim?.evidence;
  if (!evidence) return undefined;
  let moves: number[] | undefined;
  for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i];
    if (typeof e.start !== 'number') continue;
    const shift = shiftOf(e.source);
    if (shift === undefined) return null;
    if (shift !== 0) (moves ??= new Array<number>(evidence.length).fill(0))[i] = shift;
  }
  return moves;
}

/**
 * A kept claim at its sentence's new index and place; its evidence in the note's own sources moved
 * with them (`moves`, by item, see `evidenceMoves`), the rest where it is.
 */
function moved(claim: EvidenceClaim, si: number, delta: number, moves: number[] | undefined): EvidenceClaim {
  if (!delta && claim.sentence === si && !moves) return claim;
  let { details, mismatches, evidence } = claim;
  if (moves) {
    // (A spread keeps the item's fields in their order; located items have both offsets.)
    evidence = evidence.map((e, i) => (moves[i] ? { ...e, start: (e.start as number) + moves[i], end: (e.end as number) + moves[i] } : e));
  }
  if (delta) {
    if (details.some((d) => d.start !== undefined || d.end !== undefined)) {
      details = details.map((d) => (d.start === undefined && d.end === undefined ? d : { ...d, start: d.start === undefined ? undefined : d.start + delta, end: d.end === undefined ? undefined : d.end + delta }));
    }
    if (mismatches.length) mismatches = mismatches.map((m) => ({ ...m, claim: { ...m.claim, start: m.claim.start + delta, end: m.claim.end + delta } }));
  }
  // Made as every claim is (one hidden class), not spread from the kept one.
  const out = makeClaim(si, claim.start + delta, claim.end + delta, claim.citations, claim.linkedVia, details, mismatches, evidence, claim.verdict, claim.reasons);
  if (claim.suggestion !== undefined) out.suggestion = claim.suggestion;
  return out;
}
