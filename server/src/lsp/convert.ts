import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/types';
import { docsUrl } from '../core/rules/rule';
import type { LineIndex } from '../core/positions';
import { DIAGNOSTIC_SOURCE, rangeOf, type DiagnosticData } from './ranges';

/** The only place findings become LSP objects: positions, severities, codes, related info, fixes. */

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export { DIAGNOSTIC_SOURCE, rangeOf, type DiagnosticData } from './ranges';
export { codeActionsFor } from './code-actions';

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
