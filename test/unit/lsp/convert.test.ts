import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';
import { findingToDiagnostic } from '../../../server/src/lsp/convert';
import { codeActionsFor } from '../../../server/src/lsp/code-actions';
import { hoverAt } from '../../../server/src/lsp/hover';
import { completeCitationKey } from '../../../server/src/lsp/citations';
import type { Source } from '../../../server/src/core/types';

const NOTE = '---\ntitle: t\n---\n\nIntro 😀 line.\nNatalizumab clearly flat-lines progression.\n';

test('a finding becomes a diagnostic with UTF-16 range, code, docs link and fix data', () => {
  const note = analyzeNote(NOTE);
  const finding = note.analysis.findings.find((f) => f.ruleId === 'overstated-language' && /flat-lines/.test(f.message))!;
  const diagnostic = findingToDiagnostic(finding, note.lines, 'file:///n.md');
  const line = NOTE.split('\n')[5];
  assert.deepEqual(diagnostic.range, {
    start: { line: 5, character: line.indexOf('flat-lines') },
    end: { line: 5, character: line.indexOf('flat-lines') + 'flat-lines'.length },
  });
  assert.equal(diagnostic.code, 'overstated-language');
  assert.equal(diagnostic.source, 'evidence-lens');
  assert.match(diagnostic.codeDescription!.href, /overstated-language\.md$/);
  assert.ok((diagnostic.data as { fixes: unknown[] }).fixes.length > 0);
});

test('code actions: the rule\'s fix, disable for the line (inline, end of line), disable for the file (after front matter)', () => {
  const note = analyzeNote(NOTE);
  const finding = note.analysis.findings.find((f) => f.ruleId === 'overstated-language' && /flat-lines/.test(f.message))!;
  const diagnostic = findingToDiagnostic(finding, note.lines, 'file:///n.md');
  const doc = { uri: 'file:///n.md', version: 1, text: NOTE };
  const actions = codeActionsFor(diagnostic, doc, note);
  const edits = (title: RegExp) => actions.find((a) => title.test(a.title))!.edit!.changes!['file:///n.md'][0];
  assert.equal(edits(/^Replace/).newText, 'slows');
  const lineEdit = edits(/for this line/);
  assert.deepEqual(lineEdit.range.start, { line: 5, character: NOTE.split('\n')[5].length });
  assert.equal(lineEdit.newText, ' <!-- evidence-lens-disable-line overstated-language -->');
  const fileEdit = edits(/for this file/);
  assert.deepEqual(fileEdit.range.start, { line: 3, character: 0 });
  // Applying the line edit silences exactly that finding.
  const lines = NOTE.split('\n');
  lines[5] += lineEdit.newText;
  const after = analyzeNote(lines.join('\n')).analysis.findings.filter((f) => f.ruleId === 'overstated-language');
  assert.equal(after.length, 0);
  assert.deepEqual(codeActionsFor({ ...diagnostic, source: 'other-linter' }, doc, note), []);
});

test('hover shows the finding, and a statistic\'s parsed meaning', () => {
  const text = 'Natalizumab flat-lines progression (p = 0.0004).\n';
  const note = analyzeNote(text);
  const onWord = hoverAt(note, text.indexOf('flat-lines') + 1)!;
  assert.match((onWord.contents as { value: string }).value, /overstated-language/);
  const onP = hoverAt(note, text.indexOf('0.0004') + 1)!;
  assert.match((onP.contents as { value: string }).value, /0\.0004/);
  assert.equal(hoverAt(analyzeNote('# Just a heading\n'), 3), null);
});

test('citation keys are completed after [@, after ; @ and at a word start, not in the middle of a word', () => {
  const sources = [{ id: 'romme2014', title: 'Natalizumab in progressive MS', authors: ['Romme Christensen J'], year: 2014, text: '' },
    { id: 'mcmurray2019', title: 'Dapagliflozin', year: 2019, text: '' }] as Source[];
  for (const before of ['See [@', 'See [see @rom', 'See [@a; @', 'As @ro']) {
    const items = completeCitationKey(sources, `${before}\n`, before.length);
    assert.deepEqual(items.map((i) => i.label), ['romme2014', 'mcmurray2019'], before);
  }
  assert.deepEqual(completeCitationKey(sources, 'mail me@ex', 10), []);
  const [item] = completeCitationKey(sources, 'See [@ro', 8);
  assert.deepEqual((item.textEdit as { range: unknown }).range, { start: { line: 0, character: 6 }, end: { line: 0, character: 8 } });
});

test('a finding inside the front matter gets no inline disable comment (it would corrupt the YAML), only disable for the file', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['---', 'bibliography: missing.bib', '---', '', 'Text.', ''].join(eol);
    const note = analyzeNote(text, { sourceErrors: [{ file: 'missing.bib', start: text.indexOf('missing.bib'), end: text.indexOf('missing.bib') + 11, message: 'cannot read `missing.bib`: file not found' }] });
    const finding = note.analysis.findings.find((f) => f.ruleId === 'source-load-error')!;
    const actions = codeActionsFor(findingToDiagnostic(finding, note.lines, 'file:///n.md', 1), { uri: 'file:///n.md', version: 1, text }, note);
    assert.deepEqual(actions.map((a) => a.title), ['Disable source-load-error for this file'], JSON.stringify(eol));
    const edit = actions[0].edit!.changes!['file:///n.md'][0];
    assert.deepEqual(edit.range.start, { line: 3, character: 0 });
    assert.equal(edit.newText, `<!-- evidence-lens-disable-file source-load-error -->${eol}`);
  }
});

test('a stale diagnostic (text under its range changed) gets no action; a current one on the new text does', () => {
  const before = 'Intro.\r\nNatalizimab helped.\r\n';
  const old = analyzeNote(before);
  const diagnostic = findingToDiagnostic(old.analysis.findings.find((f) => f.ruleId === 'drug-name-misspelled')!, old.lines, 'file:///n.md', 1);
  const after = 'Intro.\r\nXNatalizimab helped.\r\n';
  const now = analyzeNote(after);
  assert.deepEqual(codeActionsFor(diagnostic, { uri: 'file:///n.md', version: 2, text: after }, now), []);
  assert.deepEqual(codeActionsFor(diagnostic, { uri: 'file:///n.md', version: 2, text: after }, old), [], 'an analysis of other text is never used');
});
