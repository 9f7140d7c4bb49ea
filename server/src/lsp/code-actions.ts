import { CodeAction, CodeActionKind, type Diagnostic, TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { NoteAnalysis } from '../core/analyze';
import type { Finding } from '../core/types';
import type { LineIndex } from '../core/positions';
import { DIAGNOSTIC_SOURCE, rangeOf, type DiagnosticData } from './ranges';

/**
 * Code actions for a diagnostic, computed against the document as the client has it now.
 *
 * A diagnostic may be several edits old when its quick fix is asked for (the writer kept typing).
 * Its range is therefore never trusted on its own: the text now under the range must still be the
 * text the diagnostic was computed on (`data.target`), and the current analysis of the current text
 * must still report the same rule there. The fixes come from that current finding, so every edit is
 * computed on the current text; when either check fails nothing is offered (the next diagnostics
 * bring fresh actions). Rather no fix than a fix that rewrites the wrong words.
 */

/** The document as the client has it now. */
export interface CurrentDocument {
  uri: string;
  version: number;
  text: string;
}

export interface CodeActionOptions {
  /** The client applies versioned edits (`documentChanges`): it refuses them if the note changed since. */
  versionedEdits?: boolean;
}

export function codeActionsFor(diagnostic: Diagnostic, doc: CurrentDocument, note: NoteAnalysis, options: CodeActionOptions = {}): CodeAction[] {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return [];
  // The analysis must be of exactly the text the client has; otherwise its offsets mean nothing here.
  if (note.context.text !== doc.text) return [];
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  const ruleId = typeof data?.ruleId === 'string' ? data.ruleId : typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
  if (!ruleId) return [];
  const lines = note.lines;
  const finding = currentFinding(diagnostic, ruleId, data, note);
  if (!finding) return [];

  const edit = (edits: TextEdit[]): WorkspaceEdit => options.versionedEdits
    ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] }
    : { changes: { [doc.uri]: edits } };
  const actions: CodeAction[] = [];
  for (const fix of finding.data?.fixes ?? []) {
    if (!onBoundaries(lines, fix.start, fix.end) || typeof fix.newText !== 'string') continue;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: actions.length === 0,
      edit: edit([TextEdit.replace(rangeOf(lines, fix.start, fix.end), fix.newText)]),
    });
  }
  // An inline comment at the end of the line keeps a paragraph in one piece (a comment on a line of
  // its own would split it). Not inside the YAML front matter: a comment there would corrupt it.
  const line = lines.lineOfOffset(lines.snap(finding.start));
  const file = fileDirectiveInsertion(lines);
  if (line > file.frontMatterEndLine) {
    actions.push({
      title: `Disable ${ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: edit([TextEdit.insert(lines.positionAt(lines.lineEnd(line)), ` <!-- evidence-lens-disable-line ${ruleId} -->`)]),
    });
  }
  actions.push({
    title: `Disable ${ruleId} for this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: edit([TextEdit.insert(lines.positionAt(file.offset), file.before + `<!-- evidence-lens-disable-file ${ruleId} -->` + file.after)]),
  });
  return actions;
}

/**
 * The finding of the current analysis that the diagnostic still stands for: same rule, same
 * offsets in the current text, and the text there is still the text the diagnostic covered.
 */
function currentFinding(diagnostic: Diagnostic, ruleId: string, data: Partial<DiagnosticData> | undefined, note: NoteAnalysis): Finding | undefined {
  const { lines } = note;
  const { start, end } = diagnostic.range ?? {};
  if (!start || !end) return undefined;
  const s = lines.offsetAt(start.line, start.character);
  const e = Math.max(s, lines.offsetAt(end.line, end.character));
  // A position past the end of its line was clamped: the range no longer fits this text.
  const same = (o: number, p: { line: number; character: number }): boolean => {
    const q = lines.positionAt(o);
    return q.line === p.line && q.character === p.character;
  };
  if (!same(s, start) || !same(e, end)) return undefined;
  if (typeof data?.target === 'string' && lines.text.slice(s, e) !== data.target) return undefined;
  const here = note.analysis.findings.filter((f) => f.ruleId === ruleId && lines.snap(f.start) === s && Math.max(s, lines.snap(f.end)) === e);
  return here.find((f) => f.message === diagnostic.message) ?? here[0];
}

/** True when both ends fall on character boundaries of the text (not inside a pair or a line break). */
function onBoundaries(lines: LineIndex, start: number, end: number): boolean {
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= lines.text.length
    && lines.snap(start) === start && lines.snap(end) === end;
}

const FENCE_OPEN = /^\uFEFF?---[ \t]*$/;
const FENCE_CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Where "disable for this file" goes: after the YAML front matter, if any (it must stay first), as a
 * line of its own ending with the note's own line break; and the front matter's last line.
 */
function fileDirectiveInsertion(lines: LineIndex): { offset: number; before: string; after: string; frontMatterEndLine: number } {
  const lineText = (l: number): string => lines.text.slice(lines.lineStart(l), lines.lineEnd(l));
  if (lines.lineCount() > 1 && FENCE_OPEN.test(lineText(0))) {
    for (let l = 1; l < lines.lineCount(); l++) {
      if (!FENCE_CLOSE.test(lineText(l))) continue;
      const eol = lines.eolNear(l);
      if (l + 1 < lines.lineCount()) return { offset: lines.lineStart(l + 1), before: '', after: eol, frontMatterEndLine: l };
      return { offset: lines.text.length, before: eol, after: '', frontMatterEndLine: l };
    }
  }
  return { offset: 0, before: '', after: lines.eolNear(0), frontMatterEndLine: -1 };
}
