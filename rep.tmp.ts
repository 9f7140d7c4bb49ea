import { analyzeNote } from './server/src/core/analyze';
import { findingToDiagnostic } from './server/src/lsp/convert';
import { codeActionsFor } from './server/src/lsp/code-actions';
const text = ['👨‍👩‍👧','Natalizimab','Natalizimab','Natalizimab'].join(' ');
const note = analyzeNote(text);
for (const f of note.analysis.findings) {
  const d = findingToDiagnostic(f, note.lines, 'u', 1);
  console.log(f.ruleId, f.start, f.end, JSON.stringify(d.range), JSON.stringify(d.data));
  for (const a of codeActionsFor(d, {uri:'u', version:1, text}, note)) console.log('  ', a.title, JSON.stringify(a.edit));
}
