import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Fix, Severity } from '../core/types';
import { docsUrl } from '../core/rules/rule';
import type { LineIndex } from '../core/positions';
import { DIAGNOSTIC_SOURCE, rangeOf, type DiagnosticData } from './ranges';

/**
 * The only place findings become LSP diagnostics: positions, severities, codes, related info, fixes.
 * No runtime import of the LSP library: the analysis worker builds the diagnostics too (see
 * `preparePublication`).
 */

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, information: 3, hint: 4 };
const WARNING: DiagnosticSeverity = 2;

export function findingToDiagnostic(finding: Finding, lines: LineIndex, uri: string, version?: number): Diagnostic {
  const text = lines.text;
  const start = lines.snap(finding.start);
  const end = Math.max(start, lines.snap(finding.end));
  const diagnostic: Diagnostic = {
    range: rangeOf(lines, finding.start, finding.end),
    severity: SEVERITY[finding.severity] ?? WARNING,
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data: {
      ruleId: finding.ruleId,
      fixes: (finding.data?.fixes ?? []).map((f) => ({ ...f, oldText: text.slice(f.start, f.end) })),
      target: text.slice(start, end),
      ...(version === undefined ? {} : { version }),
    } satisfies DiagnosticData,
  };
  const related = finding.data?.related;
  if (related?.length) {
    diagnostic.relatedInformation = related.map((r) => ({
      location: { uri, range: rangeOf(lines, r.start, r.end) },
      message: r.message,
    }));
  }
  return diagnostic;
}

/** The publishDiagnostics notification's method. */
export const PUBLISH_DIAGNOSTICS = 'textDocument/publishDiagnostics';

/**
 * A publishDiagnostics notification as JSON-RPC message text, UTF-8 encoded: exactly the bytes a
 * connection writes for `{ jsonrpc: '2.0', method, params }` (JSON.stringify, no spaces), and where
 * in them the params are. Built where the analysis ran (the worker), so the protocol thread only
 * frames and writes it (see lsp/prepared.ts).
 */
export interface PreparedPublication {
  bytes: Uint8Array;
  /** The params' JSON within `bytes`: [from, to). */
  params: [from: number, to: number];
  uri: string;
  version: number;
  /** How many diagnostics it holds. */
  count: number;
}

/** The text before a notification's params: `{"jsonrpc":"2.0","method":…,"params":`. */
export function messagePrefix(jsonrpc: string, method: string): string {
  const shell = JSON.stringify({ jsonrpc, method, params: 0 });
  return shell.slice(0, -2); // without `0}`
}

const encoder = new TextEncoder();
/** The size of the last message made: the next one's buffer starts a little larger. */
let lastSize = 64 * 1024;

/**
 * One diagnostic's JSON kept from a note's last publication, for a finding of the next one at the
 * same line and character: its UTF-8 bytes cut where the numbers that an edit elsewhere moves go
 * (each fix's `start` and `end`, offsets in the note, then the version). Everything else in it is
 * a function of what is kept beside: the rule, severity and message, the text under the range
 * (which with the start's position gives the range), and each fix's title, replacement, offsets
 * relative to the finding's start and the text it replaces.
 */
interface KeptDiagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  target: string;
  fixes: { title: string; newText: string; start: number; end: number; oldText: string }[];
  /** The bytes before each fix's start, before each fix's end, before the version, and after it: 2 × fixes + 2 pieces. */
  pieces: Uint8Array[];
}

/**
 * What one note's publications keep for the next (see `preparePublication`). A keystroke leaves
 * most diagnostics as they were: the ones before it unchanged, the ones after it on the same line
 * and character when it added no line (only their fixes' offsets move). Those are written from the
 * last publication's bytes instead of being converted, serialised and encoded again (the bench
 * note's 391 took ~4 ms on every keystroke).
 */
export class PublicationCache {
  /** The last publication's diagnostics by the line and character of their start (`positionKey`). */
  kept = new Map<number, KeptDiagnostic[]>();
  /** How many diagnostics of the last publication were written from kept bytes. */
  reused = 0;
}

/** The keys of a fix whose JSON the cache writes itself, in this order (`Fix`). */
const FIX_KEYS = ['title', 'start', 'end', 'newText'];

/** A fix of the plain shape (`Fix`: those keys in that order, offsets inside the text). */
function plainFix(fix: unknown, length: number): fix is Fix {
  if (typeof fix !== 'object' || fix === null) return false;
  let n = 0;
  for (const k in fix) if (k !== FIX_KEYS[n++]) return false;
  const { title, start, end, newText } = fix as Fix;
  return n === 4 && typeof title === 'string' && typeof newText === 'string' && Number.isInteger(start) && Number.isInteger(end)
    && start >= 0 && start <= end && end <= length;
}

/**
 * Where a finding's diagnostic is kept, or -1 when its JSON is always made afresh: one with related
 * information (other ranges), offsets outside the text or inside a character or line break, or a
 * fix of another shape.
 */
function positionKey(finding: Finding, lines: LineIndex): number {
  const { start, end } = finding;
  const length = lines.text.length;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) return -1;
  if (lines.snap(start) !== start || lines.snap(end) !== end) return -1;
  const data = finding.data;
  if (data?.related?.length) return -1;
  const fixes = data?.fixes;
  if (fixes !== undefined) {
    if (!Array.isArray(fixes)) return -1;
    for (const fix of fixes) if (!plainFix(fix, length)) return -1;
  }
  const { line, character } = lines.positionAt(start);
  return line < 2 ** 28 && character < 2 ** 24 ? line * 2 ** 24 + character : -1;
}

/** The kept diagnostic `finding` (at `key`) would be written as, if one is kept. */
function keptFor(list: KeptDiagnostic[] | undefined, finding: Finding, text: string): KeptDiagnostic | undefined {
  if (!list) return undefined;
  const { start, end } = finding;
  const fixes = finding.data?.fixes ?? [];
  search: for (const kept of list) {
    if (kept.ruleId !== finding.ruleId || kept.severity !== finding.severity || kept.message !== finding.message) continue;
    if (kept.target.length !== end - start || !text.startsWith(kept.target, start) || kept.fixes.length !== fixes.length) continue;
    for (let i = 0; i < fixes.length; i++) {
      const fix = fixes[i];
      const was = kept.fixes[i];
      if (was.title !== fix.title || was.newText !== fix.newText || was.start !== fix.start - start || was.end !== fix.end - start) continue search;
      if (was.oldText.length !== fix.end - fix.start || !text.startsWith(was.oldText, fix.start)) continue search;
    }
    return kept;
  }
  return undefined;
}

/**
 * A finding's diagnostic cut into kept pieces: the bytes of exactly `JSON.stringify` of
 * `findingToDiagnostic` (no related information, plain fixes: see `positionKey`), the moving
 * numbers left out.
 */
function keepDiagnostic(finding: Finding, lines: LineIndex): KeptDiagnostic {
  const { text } = lines;
  const { start, end } = finding;
  const target = text.slice(start, end);
  // `findingToDiagnostic`'s keys in its order, `data` last (no related information follows it).
  const head = JSON.stringify({
    range: rangeOf(lines, start, end),
    severity: SEVERITY[finding.severity] ?? WARNING,
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data: 0,
  }).slice(0, -2);
  const texts: string[] = [];
  let piece = `${head}{"ruleId":${JSON.stringify(finding.ruleId)},"fixes":[`;
  const fixes: KeptDiagnostic['fixes'] = [];
  (finding.data?.fixes ?? []).forEach((fix, i) => {
    const oldText = text.slice(fix.start, fix.end);
    fixes.push({ title: fix.title, newText: fix.newText, start: fix.start - start, end: fix.end - start, oldText });
    // `{ ...fix, oldText }` of a plain fix.
    texts.push(`${piece}${i ? ',' : ''}{"title":${JSON.stringify(fix.title)},"start":`, ',"end":');
    piece = `,"newText":${JSON.stringify(fix.newText)},"oldText":${JSON.stringify(oldText)}}`;
  });
  texts.push(`${piece}],"target":${JSON.stringify(target)},"version":`, '}}');
  return { ruleId: finding.ruleId, severity: finding.severity, message: finding.message, target, fixes, pieces: texts.map((t) => encoder.encode(t)) };
}

/**
 * The findings of the analysis of `lines.text` as the publishDiagnostics message of `uri` at `version`.
 * The message is encoded piece by piece (each diagnostic's JSON, then the next) into one buffer:
 * one JSON string of the whole message (~200 KB in the bench note) is built by V8 as a tree of
 * parts, and making it flat for the encoder cost more than all the rest. The pieces joined are
 * exactly `JSON.stringify` of the whole (an array's items are serialised one by one, with commas).
 * `cache`: the note's (one per note, given to each of its publications): diagnostics the last
 * publication made are written from its bytes (`PublicationCache`).
 */
export function preparePublication(findings: Finding[], lines: LineIndex, uri: string, version: number, cache?: PublicationCache): PreparedPublication {
  let bytes = new Uint8Array(Math.ceil(lastSize * 1.25) + 4096);
  let at = 0;
  const room = (n: number): void => {
    if (at + n <= bytes.length) return;
    const larger = new Uint8Array(Math.max(bytes.length * 2, at + n));
    larger.set(bytes.subarray(0, at));
    bytes = larger;
  };
  const put = (text: string): void => {
    for (;;) {
      const { read, written } = encoder.encodeInto(text, bytes.subarray(at));
      if (read === text.length) {
        at += written;
        return;
      }
      // Too small: a buffer twice as large, and the piece again (encodeInto never splits a character).
      room(text.length * 3);
    }
  };
  const putBytes = (piece: Uint8Array): void => {
    room(piece.length);
    bytes.set(piece, at);
    at += piece.length;
  };
  // A non-negative integer as JSON writes it.
  const putInteger = (n: number): void => {
    room(16);
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let k = digits - 1, x = n; k >= 0; k--, x = Math.floor(x / 10)) bytes[at + k] = 48 + (x % 10);
    at += digits;
  };
  put(messagePrefix('2.0', PUBLISH_DIAGNOSTICS));
  const from = at;
  // The key order of `{ uri, version, diagnostics }`, as the server writes them.
  put(`{"uri":${JSON.stringify(uri)},"version":${JSON.stringify(version)},"diagnostics":[`);
  const next = cache ? new Map<number, KeptDiagnostic[]>() : undefined;
  const versionBytes = encoder.encode(JSON.stringify(version));
  let reused = 0;
  for (let i = 0; i < findings.length; i++) {
    if (i > 0) put(',');
    const finding = findings[i];
    const key = cache ? positionKey(finding, lines) : -1;
    if (key < 0) {
      put(JSON.stringify(findingToDiagnostic(finding, lines, uri, version)));
      continue;
    }
    let kept = keptFor(cache!.kept.get(key), finding, lines.text);
    if (kept) reused++;
    else kept = keepDiagnostic(finding, lines);
    const list = next!.get(key);
    if (!list) next!.set(key, [kept]);
    else if (!list.includes(kept)) list.push(kept);
    const { pieces } = kept;
    const fixes = finding.data?.fixes ?? [];
    for (let f = 0; f < fixes.length; f++) {
      putBytes(pieces[2 * f]);
      putInteger(fixes[f].start);
      putBytes(pieces[2 * f + 1]);
      putInteger(fixes[f].end);
    }
    putBytes(pieces[2 * fixes.length]);
    putBytes(versionBytes);
    putBytes(pieces[2 * fixes.length + 1]);
  }
  put(']}');
  const to = at;
  put('}');
  lastSize = at;
  if (cache) {
    cache.kept = next!;
    cache.reused = reused;
  }
  return { bytes: bytes.subarray(0, at), params: [from, to], uri, version, count: findings.length };
}
