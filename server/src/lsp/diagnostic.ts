import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/types';
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
 * The findings of the analysis of `lines.text` as the publishDiagnostics message of `uri` at `version`.
 * The message is encoded piece by piece (each diagnostic's JSON, then the next) into one buffer:
 * one JSON string of the whole message (~200 KB in the bench note) is built by V8 as a tree of
 * parts, and making it flat for the encoder cost more than all the rest. The pieces joined are
 * exactly `JSON.stringify` of the whole (an array's items are serialised one by one, with commas).
 */
export function preparePublication(findings: Finding[], lines: LineIndex, uri: string, version: number): PreparedPublication {
  let bytes = new Uint8Array(Math.ceil(lastSize * 1.25) + 4096);
  let at = 0;
  const put = (text: string): void => {
    for (;;) {
      const { read, written } = encoder.encodeInto(text, bytes.subarray(at));
      if (read === text.length) {
        at += written;
        return;
      }
      // Too small: a buffer twice as large, and the piece again (encodeInto never splits a character).
      const larger = new Uint8Array(Math.max(bytes.length * 2, at + text.length * 3));
      larger.set(bytes.subarray(0, at));
      bytes = larger;
    }
  };
  put(messagePrefix('2.0', PUBLISH_DIAGNOSTICS));
  const from = at;
  // The key order of `{ uri, version, diagnostics }`, as the server writes them.
  put(`{"uri":${JSON.stringify(uri)},"version":${JSON.stringify(version)},"diagnostics":[`);
  for (let i = 0; i < findings.length; i++) {
    if (i > 0) put(',');
    put(JSON.stringify(findingToDiagnostic(findings[i], lines, uri, version)));
  }
  put(']}');
  const to = at;
  put('}');
  lastSize = at;
  return { bytes: bytes.subarray(0, at), params: [from, to], uri, version, count: findings.length };
}
