// The language server in this process, over in-memory streams, with a worker that is replaced after
// it prepared a note's diagnostics and before the detail (which carries the findings) reached the
// server: a quick fix asked then must still be computed, from the same text analysed again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  CodeActionRequest, InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter, createProtocolConnection,
  type CodeAction, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { startServer } from '../../../server/src/lsp/server';
import { preparedWriter } from '../../../server/src/lsp/prepared';
import { AnalysisWorker } from '../../../server/src/worker/client';
import { analyzeNote } from '../../../server/src/core/analyze';
import { findingToDiagnostic } from '../../../server/src/lsp/convert';

const script = path.join(__dirname, '..', '..', 'support', 'worker-dies-on-detail.js');
const TEXT = '# Notes\n\nNatalizumab clearly flat-lines disability progression in SPMS.\n\nIt may reduce CSF osteopontin.\n';
const uri = 'file:///tmp/evidence-lens-fallback/note.md';

test('a quick fix asked after the worker was replaced before the detail arrived: the same text is analysed again and the fix is offered', async () => {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), preparedWriter(fromServer));
  const published: PublishDiagnosticsParams[] = [];
  const logged: string[] = [];
  let changed: () => void = () => undefined;
  const analyzer = new AnalysisWorker({ script }, (message) => { logged.push(message); changed(); });
  startServer(server, { preparedDiagnostics: true, analyzer });
  const client = createProtocolConnection(new StreamMessageReader(fromServer), new StreamMessageWriter(toServer));
  client.onNotification(PublishDiagnosticsNotification.type, (p) => { published.push(p); changed(); });
  client.listen();
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) await new Promise<void>((resolve) => { changed = resolve; });
  };
  process.env.EVIDENCE_LENS_TEST_DIE_ON_DETAIL = '1';
  try {
    await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } });
    await client.sendNotification(InitializedNotification.type, {});
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text: TEXT } });
    await until(() => published.length > 0);
    // The server asks for the detail once the diagnostics are out: the worker dies on it.
    await until(() => logged.some((m) => /^file:.*\(details\): the analysis worker exited \(code 7\); worker restarted$/.test(m)));
    delete process.env.EVIDENCE_LENS_TEST_DIE_ON_DETAIL; // its replacement works normally

    const full = analyzeNote(TEXT, { wholeParse: true });
    const expected = full.analysis.findings.map((f) => findingToDiagnostic(f, full.lines, uri, 1));
    assert.deepEqual(published[0].diagnostics, expected, 'the prepared diagnostics');
    const target = published[0].diagnostics.find((d) => d.code === 'overstated-language' && (d.data as { target: string }).target === 'flat-lines');
    assert.ok(target, 'the finding on `flat-lines`');
    const actions = await client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } }) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable overstated-language for this line'), titles.join(' | '));
    const fix = actions.find((a) => /^Replace/.test(a.title));
    assert.ok(fix, `a fix from the finding's data: ${titles.join(' | ')}`);
    const [edit] = fix.edit!.changes![uri];
    assert.deepEqual(edit.range, target.range, 'the fix replaces exactly the flagged words');
    assert.equal(analyzer.starts, 2, 'the worker was replaced once');
  } finally {
    delete process.env.EVIDENCE_LENS_TEST_DIE_ON_DETAIL;
    await client.sendRequest('shutdown').catch(() => undefined);
    client.dispose();
    server.dispose();
    await analyzer.close();
  }
});
