import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HoverRequest, CodeActionRequest, DocumentDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import { TestClient } from './lsp-client';
import { INLINING_VARIABLE } from '../../server/src/lsp/inlining';

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

/** A client whose server starts with `value` as EVIDENCE_LENS_INLINING_BUDGET (unset for undefined). */
function clientWithBudget(value: string | undefined): TestClient {
  return new TestClient([], process.execPath, { [INLINING_VARIABLE]: value });
}

test("the server sets V8's inlining budget on Node 20's V8 and says so, or what the environment asks", async () => {
  const v8Major = Number(process.versions.v8.split('.')[0]);
  for (const [value, expected] of [[undefined, v8Major < 12 ? 100 : undefined], ['off', undefined], ['920', 920]] as const) {
    const client = clientWithBudget(value);
    try {
      await client.initialize({});
      const said = /inlining budget is (\d+) bytes/.exec(client.log)?.[1];
      assert.equal(said === undefined ? undefined : Number(said), expected, `${value}: ${client.log}`);
    } finally {
      assert.equal(await client.close(), 0);
    }
  }
});

test('a bad inlining budget in the environment is logged as an error, and notes are analysed as ever', async () => {
  const client = clientWithBudget('lots');
  const uri = 'file:///tmp/evidence-lens-init/budget.md';
  try {
    await client.initialize({});
    assert.match(client.log, /EVIDENCE_LENS_INLINING_BUDGET="lots" is neither `off` nor a whole number/);
    assert.doesNotMatch(client.log, /inlining budget is \d+ bytes/);
    await client.open(uri, 'Natalizumab clearly proves that progressive MS is inflammatory [@nobody2020].\n');
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.ok(published.diagnostics.some((d) => d.code === 'unresolved-citation'), JSON.stringify(published.diagnostics));
  } finally {
    assert.equal(await client.close(), 0);
  }
});
