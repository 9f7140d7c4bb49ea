import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, DidChangeTextDocumentNotification, DocumentDiagnosticRequest, HoverRequest,
  type Diagnostic, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { TestClient, root, serverPath } from './lsp-client';

const NOTE = 'Natalizumab flat-lines disability progression in SPMS.\n\nIt may reduce CSF osteopontin.\n';
const uri = 'file:///tmp/evidence-lens-protocol/note.md';

before(() => {
  assert.ok(existsSync(serverPath), 'run `npm run build` first: dist/server.js is missing');
});

test('push diagnostics: open, hover, code actions, incremental change, shutdown', async () => {
  const client = new TestClient();
  try {
    const init = await client.initialize({}) as { capabilities: Record<string, unknown> };
    assert.equal((init.capabilities.textDocumentSync as { change: number }).change, 2, 'incremental sync');
    assert.equal(init.capabilities.diagnosticProvider, undefined, 'no pull provider for a push-only client');

    await client.open(uri, NOTE);
    const first = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'overstated-language'));
    const diagnostic = first.diagnostics.find((d) => d.code === 'overstated-language')!;
    assert.equal(diagnostic.source, 'evidence-lens');
    assert.match(diagnostic.message, /flat-lines/);
    assert.deepEqual(diagnostic.range.start, { line: 0, character: NOTE.indexOf('flat-lines') });
    assert.match(diagnostic.codeDescription!.href, /docs\/rules\/overstated-language\.md$/);

    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri }, position: { line: 0, character: NOTE.indexOf('flat-lines') + 2 },
    });
    assert.ok(hover, 'hover on the flagged word');
    assert.match((hover.contents as MarkupContent).value, /overstated-language/);
    assert.match((hover.contents as MarkupContent).value, /flat-lines/);

    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    }) as { title: string; edit?: { changes: Record<string, { newText: string }[]> } }[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable overstated-language for this line'), titles.join(' | '));
    assert.ok(titles.includes('Disable overstated-language for this file'), titles.join(' | '));
    const lineAction = actions.find((a) => a.title === 'Disable overstated-language for this line')!;
    assert.match(lineAction.edit!.changes[uri][0].newText, /evidence-lens-disable-line overstated-language/);
    assert.ok(actions.some((a) => /slow/i.test(a.title)), `a softer-wording fix: ${titles.join(' | ')}`);

    // Incremental edit: replace "flat-lines" by "slows"; the warning must go away.
    const start = NOTE.indexOf('flat-lines');
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: start }, end: { line: 0, character: start + 'flat-lines'.length } }, text: 'slows' }],
    });
    const second = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.ok(!second.diagnostics.some((d: Diagnostic) => d.code === 'overstated-language' && /flat-lines/.test(d.message)));
  } finally {
    assert.equal(await client.close(), 0, 'server exits cleanly after shutdown/exit');
  }
});

test('pull diagnostics when the client supports textDocument/diagnostic', async () => {
  const client = new TestClient();
  try {
    const init = await client.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } }) as { capabilities: Record<string, unknown> };
    assert.ok(init.capabilities.diagnosticProvider, 'pull provider advertised');
    await client.open(uri, NOTE);
    const report = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }) as { kind: string; items: Diagnostic[] };
    assert.equal(report.kind, 'full');
    assert.ok(report.items.some((d) => d.code === 'overstated-language'));
    assert.equal(client.published.get(uri), undefined, 'no push when pulling');
  } finally {
    await client.close();
  }
});

test('settings come from the client and from .evidence-lens.json, and a broken file does not crash', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-ws-'));
  const noteUri = pathToFileURL(path.join(dir, 'note.md')).href;
  writeFileSync(path.join(dir, 'note.md'), NOTE);
  writeFileSync(path.join(dir, '.evidence-lens.json'), JSON.stringify({ rules: { 'overstated-language': 'error' } }));
  const client = new TestClient();
  try {
    await client.initialize({ workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, dir);
    client.configuration = { rules: { 'overstated-language': 'default' } };
    await client.open(noteUri, NOTE);
    const fromFile = await client.waitForDiagnostics(noteUri, (p) => p.diagnostics.some((d) => d.code === 'overstated-language'));
    const watch = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watch, 'the server asks the client to watch config and bibliography files');
    assert.ok(JSON.stringify(watch.registerOptions).includes('.evidence-lens'));
    assert.ok(fromFile.diagnostics.filter((d) => d.code === 'overstated-language').every((d) => d.severity === 1), 'error from the workspace file');

    client.configuration = { rules: { 'overstated-language': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(noteUri, (p) => !p.diagnostics.some((d) => d.code === 'overstated-language'));

    writeFileSync(path.join(dir, '.evidence-lens.json'), '{ not json');
    client.configuration = {};
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, '.evidence-lens.json')).href, type: 2 }] });
    await client.waitForDiagnostics(noteUri, (p) => p.diagnostics.some((d) => d.code === 'overstated-language' && d.severity === 2));
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the server survives hostile input and odd requests', async () => {
  const client = new TestClient();
  try {
    await client.initialize({});
    const weird = [
      '\u0000\u0001 binary-ish \uFFFF text',
      '```\nunclosed code',
      '|'.repeat(5000),
      `${'['.repeat(2000)}@key${']'.repeat(2000)}`,
      '# '.repeat(3000),
      'p = 1e999999 and t(-1) = NaN, 95% CI 9 to 1, 0 of 0 (NaN%).',
      '😀'.repeat(5000),
      readFileSync(path.join(root, 'README.md'), 'utf8'),
    ];
    for (const [i, text] of weird.entries()) {
      const u = `file:///tmp/evidence-lens-protocol/weird-${i}.md`;
      await client.open(u, text);
      await client.waitForDiagnostics(u, () => true);
    }
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: 'file:///tmp/evidence-lens-protocol/weird-0.md' }, position: { line: 999, character: 999 },
    });
    assert.equal(hover, null);
    const unknownDoc = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///nope.md' }, position: { line: 0, character: 0 } });
    assert.equal(unknownDoc, null);
    assert.equal(client.process.exitCode, null, 'still running');
  } finally {
    assert.equal(await client.close(), 0);
  }
});
