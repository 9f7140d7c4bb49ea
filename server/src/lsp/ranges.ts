import type { Range } from 'vscode-languageserver';
import type { Fix } from '../core/types';
import type { LineIndex } from '../core/positions';

/** What diagnostics and code actions share: the source name, offset → LSP range, the data shape. */

export const DIAGNOSTIC_SOURCE = 'evidence-lens';

/** An offset range as an LSP range (the position model keeps both ends on character boundaries). */
export function rangeOf(lines: LineIndex, start: number, end: number): Range {
  const s = lines.positionAt(start);
  const e = lines.positionAt(Math.max(start, end));
  // The literal `Range.create` makes (no runtime import: the analysis worker builds diagnostics too).
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
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

