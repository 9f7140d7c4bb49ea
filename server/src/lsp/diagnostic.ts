import type { Diagnostic, DiagnosticSeverity, PublishDiagnosticsParams } from 'vscode-languageserver';
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

/** The findings of the analysis of `lines.text` as the publishDiagnostics message of `uri` at `version`. */
export function preparePublication(findings: Finding[], lines: LineIndex, uri: string, version: number): PreparedPublication {
  const params: PublishDiagnosticsParams = { uri, version, diagnostics: findings.map((f) => findingToDiagnostic(f, lines, uri, version)) };
  const prefix = messagePrefix('2.0', PUBLISH_DIAGNOSTICS);
  const json = JSON.stringify(params);
  const bytes = new Uint8Array(prefix.length + Buffer.byteLength(json, 'utf8') + 1);
  const head = encoder.encodeInto(prefix, bytes).written;
  const to = head + encoder.encodeInto(json, bytes.subarray(head)).written;
  bytes[to] = 0x7d; // }
  return { bytes, params: [head, to], uri, version, count: params.diagnostics.length };
}
