import {
  CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity, Range, TextEdit,
} from 'vscode-languageserver';
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

export function rangeOf(lines: LineIndex, start: number, end: number): Range {
  const s = lines.positionAt(start);
  const e = lines.positionAt(Math.max(start, end));
  return Range.create(s.line, s.character, e.line, e.character);
}

/** What a diagnostic carries so code actions can act without re-running the analysis. */
export interface DiagnosticData {
  ruleId: string;
  fixes: Fix[];
}

export function findingToDiagnostic(finding: Finding, lines: LineIndex, uri: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: rangeOf(lines, finding.start, finding.end),
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data: { ruleId: finding.ruleId, fixes: finding.data?.fixes ?? [] } satisfies DiagnosticData,
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

/** Quick fixes the rule offered, plus "disable for this line" and "disable for this file". */
export function codeActionsFor(diagnostic: Diagnostic, uri: string, text: string, lines: LineIndex): CodeAction[] {
  const data = diagnostic.data as DiagnosticData | undefined;
  const ruleId = data?.ruleId ?? (typeof diagnostic.code === 'string' ? diagnostic.code : undefined);
  if (!ruleId || diagnostic.source !== DIAGNOSTIC_SOURCE) return [];
  const actions: CodeAction[] = [];
  for (const fix of data?.fixes ?? []) {
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: actions.length === 0,
      edit: { changes: { [uri]: [TextEdit.replace(rangeOf(lines, fix.start, fix.end), fix.newText)] } },
    });
  }
  // An inline comment at the end of the line keeps a paragraph in one piece (a comment on a line of
  // its own would split it).
  const line = diagnostic.range.start.line;
  const lineEnd = lineEndOffset(text, lines, line);
  actions.push({
    title: `Disable ${ruleId} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: [TextEdit.insert(lines.positionAt(lineEnd), ` <!-- evidence-lens-disable-line ${ruleId} -->`)] } },
  });
  actions.push({
    title: `Disable ${ruleId} for this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: [TextEdit.insert(lines.positionAt(fileDirectiveOffset(text)), `<!-- evidence-lens-disable-file ${ruleId} -->\n`)] } },
  });
  return actions;
}

function lineEndOffset(text: string, lines: LineIndex, line: number): number {
  let end = line + 1 < lines.lineCount() ? lines.lineStart(line + 1) - 1 : text.length;
  if (end > 0 && text[end - 1] === '\r') end--;
  return Math.max(lines.lineStart(line), end);
}

/** After the front matter, if any, so the YAML block stays first. */
function fileDirectiveOffset(text: string): number {
  const m = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  return m ? m[0].length : 0;
}
