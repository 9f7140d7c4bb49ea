import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DidChangeTextDocumentNotification, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { TestClient, root, serverPath } from './lsp-client';

/**
 * Over --stdio, stdout carries the protocol's frames and nothing else (VS Code starts the server
 * so too): what the server's code or a dependency writes to stdout, in the main thread or in the
 * analysis worker, goes to stderr (the client's log), and every message still arrives intact.
 */

before(() => {
  assert.ok(existsSync(serverPath), 'run `npm run build` first: dist/server.js is missing');
});

const NOTE = 'Natalizumab flat-lines disability progression in SPMS.\n\nIt may reduce CSF osteopontin.\n';
const uri = 'file:///tmp/evidence-lens-stdout/note.md';

test('stray writes to stdout in the server and its worker go to stderr; the protocol stays intact', { timeout: 120_000 }, async () => {
  const client = new TestClient(['--require', path.join(root, 'test', 'support', 'stray-stdout.cjs')]);
  try {
    await client.initialize({});
    await client.open(uri, NOTE);
    const first = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'overstated-language'), 60_000);
    const flagged = first.diagnostics.find((d) => d.code === 'overstated-language')!;
    // More messages while the strays keep coming: an edit's diagnostics and a hover.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'x' }],
    });
    await client.waitForDiagnostics(uri, (p) => p.version === 2, 60_000);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: flagged.range.start });
    assert.match((hover?.contents as MarkupContent).value, /overstated-language/);
    // The worker's output reaches the server's thread asynchronously: wait for it (stderr is read as it comes).
    const onStderr = async (pattern: RegExp, what: string): Promise<void> => {
      const until = Date.now() + 30_000;
      while (!pattern.test(client.stderr)) {
        assert.ok(Date.now() < until, `${what}; stderr: ${client.stderr.slice(-2000)}`);
        await new Promise((resolve) => client.process.stderr!.once('data', resolve));
      }
    };
    for (const where of ['the main thread', 'the analysis worker']) await onStderr(new RegExp(`stray write from ${where}`), `${where}: process.stdout.write went to stderr`);
    await onStderr(/stray console\.log from the analysis worker/, 'the worker\'s console.log went to stderr');
    assert.match(client.log, /^stray console\.log from the main thread$/m, 'the main thread\'s console.log went to the client\'s log');
  } finally {
    await client.close();
  }
});
