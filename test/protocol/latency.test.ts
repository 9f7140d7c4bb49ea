import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DefinitionRequest, DidChangeTextDocumentNotification, DocumentDiagnosticRequest, HoverRequest,
  type Diagnostic, type Hover, type MarkupContent, type Position, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { analyzeNote } from '../../server/src/core/analyze';
import { LineIndex } from '../../server/src/core/positions';
import { TestClient, serverPath } from './lsp-client';
import { parseTrace } from '../../server/src/worker/trace';

/**
 * Typing while a note is analysed: hovers and definitions are answered from the last analysis at
 * once (not after the running one), never about text changed since; diagnostics always come from
 * the current version, and after a burst of edits (running analyses cancelled) equal a full analysis.
 */

before(() => {
  assert.ok(existsSync(serverPath), 'run `npm run build` first: dist/server.js is missing');
});

// One long paragraph (one block: any edit in it re-recognises all of it, so its analysis is long).
const sentence = (i: number) => `In cohort ${i}, rituximab reduced the relapse rate by ${(i % 90) + 5}% (95% CI ${(i % 7) + 1} to ${(i % 7) + 20}, p = 0.0${(i % 9) + 1}) over ${(i % 50) + 10} weeks.`;
const LONG = `Natalizumab may lower relapses [1].\n\n${Array.from({ length: 900 }, (_, i) => sentence(i)).join('\n')}\n\n## References\n\n1. Lee A, Smith B. Natalizumab in relapsing MS: a randomised trial. N Engl J Med. 2019;380:1-10. doi:10.1000/lee\n`;
const uri = 'file:///tmp/evidence-lens-latency/note.md';

const value = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');

class Editor {
  doc: TextDocument;
  constructor(private readonly client: TestClient, text: string) {
    this.doc = TextDocument.create(uri, 'markdown', 1, text);
  }
  async edit(change: TextDocumentContentChangeEvent & { range: { start: Position; end: Position } }): Promise<void> {
    this.doc = TextDocument.update(this.doc, [change], this.doc.version + 1);
    await this.client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: this.doc.version }, contentChanges: [change] });
  }
  hover(position: Position): Promise<Hover | null> {
    return this.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }
  pull(): Promise<Diagnostic[]> {
    return this.client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }).then((r) => (r as { items: Diagnostic[] }).items);
  }
}

/** Waits for the diagnostics of the editor's current version and checks they equal a full analysis of its text. */
async function expectFullAnalysis(client: TestClient, editor: Editor): Promise<Diagnostic[]> {
  const final = await client.waitForDiagnostics(uri, (p) => p.version === editor.doc.version, 60_000);
  const current = editor.doc.getText();
  const full = analyzeNote(current, { wholeParse: true });
  const lines = new LineIndex(current);
  assert.deepEqual(
    final.diagnostics.map((d) => [d.code, d.message, d.range.start, d.range.end]),
    full.analysis.findings.map((f) => [f.ruleId, f.message, lines.positionAt(f.start), lines.positionAt(Math.max(f.start, f.end))]),
  );
  return final.diagnostics;
}

/** A server in pull mode with the long note open and analysed once, closed afterwards. */
async function withLongNote(run: (client: TestClient, editor: Editor) => Promise<void>): Promise<void> {
  const client = new TestClient();
  try {
    await client.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } });
    await client.open(uri, LONG);
    const editor = new Editor(client, LONG);
    await editor.pull();
    await run(client, editor);
  } finally {
    await client.close();
  }
}

/** Records the order in which promises settle. */
function order(named: Record<string, Promise<unknown>>): Promise<string[]> {
  const seen: string[] = [];
  return Promise.all(Object.entries(named).map(([name, p]) => p.then(() => { seen.push(name); }))).then(() => seen);
}

test('a hover asked while an analysis runs is answered from the last analysis, before that analysis ends', () => withLongNote(async (client, editor) => {
  const onDrug = { line: 0, character: 3 };
  const first = await editor.hover(onDrug);
  assert.match(value(first), /natalizumab/i, 'the drug is described');

  // Append an overstated sentence to the long paragraph: its analysis re-recognises all of it.
  const last = LONG.split('\n').length - 6;
  const end = LONG.split('\n')[last].length;
  await editor.edit({ range: { start: { line: last, character: end }, end: { line: last, character: end } }, text: ' It clearly proves that rituximab cures MS.' });
  const report = editor.pull();
  const during = editor.hover(onDrug);
  const inEdit = editor.hover({ line: last, character: end + 12 });
  assert.deepEqual(await order({ report, during }), ['during', 'report'], 'the hover did not wait for the running analysis');
  assert.deepEqual(await during, first, 'answered from the last analysis, at the same place');
  assert.equal(await inEdit, null, 'nothing is known yet about the text just typed');
  const items = await report;
  assert.ok(items.some((d) => d.range.start.line === last && d.code === 'overstated-language'), 'the report is of the new version');
  assert.match(value(await editor.hover({ line: last, character: end + 12 })), /proves/, 'once analysed, the new text has its hover');
}));

test('a hover on one note is not held up by the analysis of another', async () => {
  const client = new TestClient();
  try {
    await client.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } });
    const shortUri = 'file:///tmp/evidence-lens-latency/short.md';
    const SHORT = 'Natalizumab may lower relapses.\n';
    await client.open(uri, LONG);
    await client.open(shortUri, SHORT);
    const long = new Editor(client, LONG);
    await long.pull();
    await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: shortUri } });
    const hoverShort = () => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: shortUri }, position: { line: 0, character: 3 } });
    const first = await hoverShort();
    assert.match(value(first), /natalizumab/i);
    // The long note is analysed again; the short one is edited (its analysis waits behind the long one).
    await long.edit({ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'Also, ' });
    const report = long.pull();
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: shortUri, version: 2 }, contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'More.\n' }],
    });
    const shortReport = client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: shortUri } });
    const during = hoverShort();
    assert.deepEqual(await order({ report, during }), ['during', 'report']);
    assert.deepEqual(await during, first);
    await shortReport;
  } finally {
    await client.close();
  }
});

test('a word replaced since the last analysis gets no stale hover; text after the edit is still mapped', () => withLongNote(async (client, editor) => {
  const onStat = { line: 2, character: LONG.split('\n')[2].indexOf('95% CI') + 2 };
  const stat = await editor.hover(onStat);
  assert.match(value(stat), /\*\*95% CI\*\*/);

  // "Natalizumab" becomes "Metformin" on the first line (shorter: everything after moves back).
  await editor.edit({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 'Natalizumab'.length } }, text: 'Metformin' });
  const report = editor.pull();
  const inside = editor.hover({ line: 0, character: 3 });
  const after = editor.hover(onStat);
  assert.deepEqual(await order({ report, inside }), ['inside', 'report']);
  assert.equal(await inside, null, 'no hover about the word that is gone');
  assert.deepEqual(await after, stat, 'a later line is unchanged: same hover, same range');
  await report;
  assert.match(value(await editor.hover({ line: 0, character: 3 })), /metformin/i);
}));

test('after edits in two places, text between them keeps its hover from the last analysis; each edited place has none', () => withLongNote(async (client, editor) => {
  const onStat = { line: 2, character: LONG.split('\n')[2].indexOf('95% CI') + 2 };
  const stat = await editor.hover(onStat);
  assert.match(value(stat), /\*\*95% CI\*\*/);

  // One word replaced on the first line, then a sentence appended to the paragraph's last line:
  // the changed text spans nearly the whole note, the statistic on line 2 lies between the edits.
  await editor.edit({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 'Natalizumab'.length } }, text: 'Metformin' });
  const last = LONG.split('\n').length - 6;
  const end = LONG.split('\n')[last].length;
  await editor.edit({ range: { start: { line: last, character: end }, end: { line: last, character: end } }, text: ' It clearly proves that rituximab cures MS.' });
  const report = editor.pull();
  const between = editor.hover(onStat);
  const first = editor.hover({ line: 0, character: 3 });
  const appended = editor.hover({ line: last, character: end + 12 });
  assert.deepEqual(await order({ report, between }), ['between', 'report'], 'the hover did not wait for the running analysis');
  assert.deepEqual(await between, stat, 'between the edits: the same hover, the same range');
  assert.equal(await first, null, 'no hover about the word that is gone');
  assert.equal(await appended, null, 'nothing is known yet about the text just typed');
  await report;
  assert.match(value(await editor.hover({ line: 0, character: 3 })), /metformin/i);
}));

test('definition during an analysis: from the last analysis, with its range moved to where the text is now', () => withLongNote(async (client, editor) => {
  const citation = { line: 0, character: LONG.indexOf('[1]') + 1 };
  const before = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: citation }) as { range: { start: Position } }[];
  // Two new lines at the top: the citation and its definition move down by two lines.
  await editor.edit({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# Notes\n\n' });
  const report = editor.pull();
  const moved = client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 2, character: citation.character } }) as Promise<{ range: { start: Position } }[]>;
  assert.deepEqual(await order({ report, moved }), ['moved', 'report']);
  const after = await moved;
  assert.equal(after.length, before.length);
  assert.ok(after.length > 0, 'the citation resolves to its definition');
  assert.deepEqual(after.map((l) => l.range.start.line), before.map((l) => l.range.start.line + 2));
  await report;
}));

test('after a burst of edits (analyses cancelled on the way), the diagnostics equal a full analysis of the last text', async () => {
  const client = new TestClient();
  try {
    await client.initialize({});
    const text = LONG.replace(/\n(?=In cohort \d*0,)/g, '\n\n'); // paragraphs of ten sentences
    await client.open(uri, text);
    const editor = new Editor(client, text);
    await client.waitForDiagnostics(uri, () => true, 60_000);
    const edits = [
      { line: 5, text: 'It clearly proves that rituximab cures MS. ' },
      { line: 40, text: '\n\n' },
      { line: 12, text: 'Natalizimab ' },
      { line: 3, text: '17 of 24 (75%) responded. ' },
      { line: 60, text: '```\n' },
      { line: 61, text: '```\n' },
      { line: 1, text: '' },
    ];
    for (const [i, e] of edits.entries()) {
      await editor.edit({ range: { start: { line: e.line, character: 0 }, end: { line: e.line, character: i === 6 ? 4 : 0 } }, text: e.text });
      // Some edits land while the previous one's analysis runs (past the 20 ms debounce), some do not.
      if (i % 2) await new Promise((r) => setTimeout(r, 40));
    }
    const final = await expectFullAnalysis(client, editor);
    assert.ok(final.some((d) => d.code === 'overstated-language'));
  } finally {
    await client.close();
  }
});

test('hovers anywhere in a long note while it is analysed: each from the part of the last analysis around it, as before the edit', () => withLongNote(async (client, editor) => {
  const lines = LONG.split('\n');
  // Statistics and drugs from the first sentence of the long paragraph to its last.
  const places = [2, 3, 150, 333, 334, 620, 901].flatMap((line) => [
    { line, character: lines[line].indexOf('95% CI') + 2 },
    { line, character: lines[line].indexOf('rituximab') + 2 },
    { line, character: lines[line].indexOf('weeks') },
  ]);
  const before = await Promise.all(places.map((p) => editor.hover(p)));
  // The statistic, the drug, and the duration with the sentence's claim and its verdict.
  const expected = [/\*\*95% CI\*\*/, /rituximab/i, /\*\*duration\*\*: \d+ weeks[^]*\*\*unsupported\*\*/];
  before.forEach((h, i) => assert.match(value(h), expected[i % 3], `hover at ${JSON.stringify(places[i])}`));
  await editor.edit({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'Also, ' });
  const report = editor.pull();
  const during = Promise.all(places.map((p) => editor.hover(p)));
  assert.deepEqual(await order({ report, during }), ['during', 'report']);
  assert.deepEqual(await during, before, 'same hovers, same ranges: the edit is on another line');
  await report;
}));

test('typing in a note whose front matter is opened and never closed: the diagnostics equal a full analysis', async () => {
  const client = new TestClient();
  try {
    await client.initialize({});
    // Paragraphs, a list and a quote (which such a note reads as plain paragraphs).
    const body = LONG.replace(/\n(?=In cohort \d*0,)/g, '\n\n').replace(/\n(?=In cohort \d*5,)/g, '\n\n- ').replace(/\n(?=In cohort \d*7,)/g, '\n\n> ');
    await client.open(uri, body);
    const editor = new Editor(client, body);
    await client.waitForDiagnostics(uri, () => true, 60_000);
    // A new line at the top, and `---` typed on it: each state on the way, then a front matter
    // opened and never closed.
    for (const [character, text] of [[0, '\n'], [0, '-'], [1, '-'], [2, '-']] as const) {
      await editor.edit({ range: { start: { line: 0, character }, end: { line: 0, character } }, text });
      await expectFullAnalysis(client, editor);
    }
    assert.ok(editor.doc.getText().startsWith('---\nNatalizumab'));
    // Typing further down in it, one character at a time.
    for (const line of [40, 120, 121, 300]) {
      await editor.edit({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' });
      await expectFullAnalysis(client, editor);
    }
  } finally {
    await client.close();
  }
});

test('the rest of an analysis is fetched from the worker only after its diagnostics were handed to the connection, for every edit', async () => {
  // The server's trace marks (server/src/worker/trace.ts) say in which order things happened.
  const client = new TestClient([], process.execPath, { EVIDENCE_LENS_TRACE: '1' });
  try {
    await client.initialize({});
    await client.open(uri, LONG);
    const editor = new Editor(client, LONG);
    await client.waitForDiagnostics(uri, () => true, 60_000);
    for (const line of [2, 200, 600]) {
      await editor.edit({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' });
      await expectFullAnalysis(client, editor);
    }
    // The last detail request goes out after the last diagnostics; wait for the worker to have it.
    const deadline = Date.now() + 30_000;
    while (parseTrace(client.stderr).filter((m) => m.mark === 'worker:packed').length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const marks = parseTrace(client.stderr).map((m) => m.mark).filter((m) => ['server:answer-job', 'server:diagnostics', 'server:post-detail', 'worker:detail', 'worker:packed'].includes(m));
    // Each analysis (the open and three edits, one at a time): findings, diagnostics, then its detail asked for and packed.
    assert.deepEqual(marks, Array.from({ length: 4 }, () => ['server:answer-job', 'server:diagnostics', 'server:post-detail', 'worker:detail', 'worker:packed']).flat());
  } finally {
    await client.close();
  }
});
