import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { spawn } from 'node:child_process';
import {
  CodeActionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest, InitializeRequest,
  InitializedNotification, IPCMessageReader, IPCMessageWriter, PublishDiagnosticsNotification, createProtocolConnection,
  type CodeAction, type Diagnostic, type MarkupContent, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { analyzeNote } from '../../server/src/core/analyze';
import { findingToDiagnostic } from '../../server/src/lsp/convert';
import { TestClient, root, serverPath } from './lsp-client';

/**
 * Over stdio the analysis worker prepares the publishDiagnostics message and the server writes it
 * as it came (lsp/prepared.ts); the findings reach the server later, with the rest of the analysis.
 * What the client receives must be what the server would have built itself, field by field; stale
 * versions are still never published; hovers and quick fixes still work from what was published.
 */

before(() => {
  assert.ok(existsSync(serverPath), 'run `npm run build` first: dist/server.js is missing');
});

// A note with fixes, related information and text outside ASCII (no bibliography file: the same
// findings in this process and in the server).
const TEXT = readFileSync(path.join(root, 'samples', 'natalizumab-progressive-ms.md'), 'utf8').replace(/^bibliography:.*\n/m, '')
  + '\nNatalizumab clearly flat-lines progression in café patients ≤ 65 years 😀 proving it works.\n';
const uri = 'file:///tmp/evidence-lens-prepared/n%C3%A9e.md';

/** The diagnostics the server builds from a full analysis of `text` at `version`. */
function expected(text: string, version: number): Diagnostic[] {
  const full = analyzeNote(text, { wholeParse: true });
  return full.analysis.findings.map((f) => findingToDiagnostic(f, full.lines, uri, version));
}

test('prepared diagnostics over stdio: each publication equals the server-built diagnostics of a full analysis; no stale version; hovers and quick fixes work', async () => {
  const client = new TestClient();
  try {
    await client.initialize({ workspace: { workspaceEdit: { documentChanges: true } } });
    let doc = TextDocument.create(uri, 'markdown', 1, TEXT);
    const texts = new Map([[1, TEXT]]);
    await client.open(uri, TEXT);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 60_000);
    const edit = async (change: TextDocumentContentChangeEvent & { range: { start: { line: number; character: number }; end: { line: number; character: number } } }): Promise<void> => {
      doc = TextDocument.update(doc, [change], doc.version + 1);
      texts.set(doc.version, doc.getText());
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: doc.version }, contentChanges: [change] });
    };
    // A burst: some edits come while the last one's analysis runs (its diagnostics are then never
    // sent), some after its diagnostics.
    const lines = TEXT.split('\n');
    for (const [i, line] of [8, 20, 20, 3, 30, lines.length - 2].entries()) {
      await edit({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: i === 2 ? 'It clearly proves that natalizumab cures MS. ' : 'x' });
      if (i % 2) await client.waitForDiagnostics(uri, (p) => p.version === doc.version, 60_000);
    }
    await client.waitForDiagnostics(uri, (p) => p.version === doc.version, 60_000);

    const published = client.published.get(uri)!;
    const versions = published.map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'never an older version after a newer one');
    assert.equal(new Set(versions).size, versions.length, 'each version published once');
    for (const p of published) assert.deepEqual(p.diagnostics, expected(texts.get(p.version!)!, p.version!), `version ${p.version}`);
    const last = published.at(-1)!.diagnostics;
    assert.ok(last.some((d) => d.relatedInformation?.length), 'related information');
    assert.ok(last.some((d) => /😀/u.test(JSON.stringify(d.data))), 'text outside ASCII in data');

    // A hover on a finding's words, and a quick fix from a published diagnostic's data, right after the publication.
    const target = last.find((d) => d.code === 'overstated-language' && (d.data as { target: string }).target === 'flat-lines')!;
    assert.ok(target, 'the finding on the appended sentence');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: target.range.start });
    assert.match((hover?.contents as MarkupContent).value, /overstated-language/);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } }) as CodeAction[];
    const fix = actions.find((a) => /^Replace/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    const change = fix.edit!.documentChanges![0] as { textDocument: { version: number }; edits: { range: Diagnostic['range']; newText: string }[] };
    assert.equal(change.textDocument.version, doc.version);
    assert.deepEqual(change.edits.map((e) => e.range), [target.range], 'the fix replaces exactly the flagged words');
    const at = doc.offsetAt(target.range.start);
    assert.equal(TextDocument.applyEdits(doc, change.edits), doc.getText().slice(0, at) + change.edits[0].newText + doc.getText().slice(at + 'flat-lines'.length));
  } finally {
    await client.close();
  }
});

test('over IPC (a transport some clients choose) the server builds the diagnostics itself, the same ones', async () => {
  const child = spawn(process.execPath, [serverPath, '--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const published: PublishDiagnosticsParams[] = [];
  let arrived: () => void = () => undefined;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => { published.push(p); arrived(); });
  connection.listen();
  const until = async (accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> => {
    for (;;) {
      const hit = published.find(accept);
      if (hit) return hit;
      await new Promise<void>((resolve) => { arrived = resolve; });
    }
  };
  try {
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 20 } });
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: TEXT } });
    const first = await until((p) => p.version === 1);
    assert.deepEqual(first.diagnostics, expected(TEXT, 1));
    const doc = TextDocument.update(TextDocument.create(uri, 'markdown', 1, TEXT), [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: 'x' }], 2);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, text: 'x' }] });
    assert.deepEqual((await until((p) => p.version === 2)).diagnostics, expected(doc.getText(), 2));
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
  } finally {
    connection.dispose();
    child.kill();
  }
});
