import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HoverRequest, CodeActionRequest, DocumentDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import { TestClient } from './lsp-client';

test('requests before initialize get the protocol error -32002 (ServerNotInitialized), then work after it', async () => {
  const client = new TestClient();
  const uri = 'file:///tmp/evidence-lens-init/note.md';
  try {
    const requests = [
      () => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }),
      () => client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }),
      () => client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }),
    ];
    for (const send of requests) {
      await assert.rejects(send(), (error: { code?: number }) => error.code === -32002);
    }
    await client.initialize({});
    await client.open(uri, 'Natalizumab flat-lines progression.\n');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 14 } });
    assert.match(JSON.stringify(hover), /flat-lines/);
  } finally {
    assert.equal(await client.close(), 0);
  }
});
