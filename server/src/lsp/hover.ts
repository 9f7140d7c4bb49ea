import type { Hover } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { NoteAnalysis } from '../core/analyze';
import { docsUrl } from '../core/rules/rule';
import { rangeOf } from './convert';

/** Markdown hover for an offset: the findings there, then what the recognisers saw there. */
export function hoverAt(note: NoteAnalysis, offset: number): Hover | null {
  const { analysis, lines } = note;
  const parts: string[] = [];
  let start = Infinity;
  let end = -Infinity;
  const widen = (s: number, e: number): void => {
    start = Math.min(start, s);
    end = Math.max(end, e);
  };

  for (const f of analysis.findings) {
    if (f.start <= offset && offset <= f.end && (f.end > f.start || f.start === offset)) {
      widen(f.start, f.end);
      const explanation = typeof f.data?.explanation === 'string' ? `\n\n${f.data.explanation}` : '';
      parts.push(`**Evidence Lens · ${f.ruleId}** (${f.severity})\n\n${f.message}${explanation}\n\n[About this rule](${docsUrl(f.ruleId)})`);
    }
  }
  if (parts.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: rangeOf(lines, start, end),
  };
}
