import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver';
import type { Finding, Fix, Severity } from '../core/types';
import { docsUrl } from '../core/rules/rule';
import type { LineIndex } from '../core/positions';

/** The only place findings become LSP objects: positions, severities, codes, related info, fixes. */

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'evidence-lens';

/** An offset range as an LSP range (the position model keeps both ends on character boundaries). */
export function rangeOf(lines: LineIndex, start: number, end: number): Range {
  const s = lines.positionAt(start);
  const e = lines.positionAt(Math.max(start, end));
  return Range.create(s.line, s.character, e.line, e.character);
}

/**
 * What a diagnostic carries so a code action can check it still applies: the text it covered and
 * the document version it was computed for. Fix offsets are those of that version; code actions
 * recompute edits from the current analysis (see code-actions.ts) and never trust them blindly.
 */
export interface DiagnosticData {
  ruleId: string;
  fixes: (Fix & { oldText?: string })[];
  /** The note's text under the diagnostic's range when it was computed. */
  target?: string;
  /** The document version the diagnostic was computed for, when known. */
  version?: number;
}

export function findingToDiagnostic(finding: Finding, lines: LineIndex, uri: string, version?: number): Diagnostic {
  const text = lines.text;
  const start = lines.snap(finding.start);
  const end = Math.max(start, lines.snap(finding.end));
  const diagnostic: Diagnostic = {
    range: rangeOf(lines, finding.start, finding.end),
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
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
