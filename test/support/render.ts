import type { Finding } from '../../server/src/core/types';
import { LineIndex } from '../../server/src/core/positions';

/** Findings as compact golden lines: `line:col-line:col: rule-id: message` (1-based). */
export function renderFindings(text: string, findings: Finding[]): string[] {
  const lines = new LineIndex(text);
  return findings.map((f) => {
    const s = lines.positionAt(f.start);
    const e = lines.positionAt(f.end);
    return `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1}: ${f.ruleId}: ${f.message}`;
  });
}
