import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  createMessageConnection, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter, type MessageWriter, type NotificationMessage,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { analyzeNote } from '../../../server/src/core/analyze';
import { findingToDiagnostic } from '../../../server/src/lsp/convert';
import { PUBLISH_DIAGNOSTICS, preparePublication } from '../../../server/src/lsp/diagnostic';
import { preparedBytes, preparedParams, preparedWriter } from '../../../server/src/lsp/prepared';

/**
 * Diagnostics prepared by the analysis worker (their JSON-RPC message made there) are the bytes the
 * connection would have written for the same diagnostics; the stream writer frames them as any
 * other message, and a writer that does not know them serialises the same params.
 */

const root = path.join(__dirname, '..', '..', '..');
// A sample with fixes and related information, plus characters outside ASCII: accents, symbols,
// an emoji (a surrogate pair) and a lone surrogate (JSON escapes it) inside a finding's target.
const TEXT = readFileSync(path.join(root, 'samples', 'natalizumab-progressive-ms.md'), 'utf8')
  + '\nNatalizumab clearly flat-lines progression in café patients ≤ 65 years 😀 \ud800 proving it works.\n';
const URI = 'file:///tmp/n%C3%A9e/note.md';

const note = analyzeNote(TEXT);
const findings = note.analysis.findings;
const plain = (version: number): PublishDiagnosticsParams => ({ uri: URI, version, diagnostics: findings.map((f) => findingToDiagnostic(f, note.lines, URI, version)) });

test('the sample exercises what a diagnostic carries: fixes, related information, text outside ASCII', () => {
  assert.ok(findings.some((f) => f.data?.fixes?.length));
  assert.ok(findings.some((f) => f.data?.related?.length));
  const json = JSON.stringify(plain(1));
  for (const text of ['😀', '≤', 'é', '\\ud800']) assert.ok(json.includes(text), text);
});

test('a prepared publication is the UTF-8 of the message the connection would have written', () => {
  const publication = preparePublication(findings, note.lines, URI, 7);
  const expected = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: PUBLISH_DIAGNOSTICS, params: plain(7) }, undefined, 0), 'utf-8');
  assert.equal(Buffer.compare(Buffer.from(publication.bytes), expected), 0);
  assert.deepEqual(JSON.parse(Buffer.from(publication.bytes.subarray(...publication.params)).toString('utf8')), plain(7));
  assert.equal(publication.count, findings.length);
  assert.deepEqual([publication.uri, publication.version], [URI, 7]);
  // Serialised by anything else (an IPC channel, a tracer), the params are the same.
  assert.deepEqual(JSON.parse(JSON.stringify(preparedParams(publication))), plain(7));
});

/** Everything `send` makes a connection with `writer` write, as bytes. */
async function written(makeWriter: (stream: PassThrough) => MessageWriter, send: (connection: ReturnType<typeof createMessageConnection>) => Promise<void>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const connection = createMessageConnection(new StreamMessageReader(new PassThrough()), makeWriter(output));
  connection.listen();
  await send(connection);
  connection.dispose();
  return Buffer.concat(chunks);
}

test('the prepared writer writes a prepared message as the library\'s writer writes the same params, framing intact', async () => {
  const sendAll = (prepared: boolean) => async (connection: ReturnType<typeof createMessageConnection>) => {
    await connection.sendNotification('window/logMessage', { type: 3, message: 'before' });
    for (const version of [3, 4]) {
      const params = prepared ? preparedParams(preparePublication(findings, note.lines, URI, version)) as unknown as PublishDiagnosticsParams : plain(version);
      await connection.sendNotification(PublishDiagnosticsNotification.type, params);
    }
    await connection.sendNotification('window/logMessage', { type: 3, message: 'after ≤ é' });
  };
  const library = await written((s) => new StreamMessageWriter(s), sendAll(false));
  assert.equal(Buffer.compare(await written(preparedWriter, sendAll(true)), library), 0);
  // The library's own writer, given prepared params, writes them the same (through toJSON).
  assert.equal(Buffer.compare(await written((s) => new StreamMessageWriter(s), sendAll(true)), library), 0);

  // And a reader takes the stream apart into the four messages, the diagnostics whole.
  const input = new PassThrough();
  const messages: NotificationMessage[] = [];
  const reader = new StreamMessageReader(input);
  const all = new Promise<void>((resolve) => reader.listen((m) => { messages.push(m as NotificationMessage); if (messages.length === 4) resolve(); }));
  input.write(await written(preparedWriter, sendAll(true)));
  await all;
  reader.dispose();
  assert.deepEqual(messages.map((m) => m.method), ['window/logMessage', PUBLISH_DIAGNOSTICS, PUBLISH_DIAGNOSTICS, 'window/logMessage']);
  assert.deepEqual(messages[1].params, plain(3));
  assert.deepEqual(messages[2].params, plain(4));
});

test('prepared bytes are written only for the message they were made for', () => {
  const publication = preparePublication(findings, note.lines, URI, 2);
  const params = preparedParams(publication);
  assert.equal(preparedBytes({ jsonrpc: '2.0', method: PUBLISH_DIAGNOSTICS, params }), publication.bytes);
  // Another method, another JSON-RPC version, another field: the message is serialised as usual.
  assert.equal(preparedBytes({ jsonrpc: '2.0', method: 'textDocument/other', params }), undefined);
  assert.equal(preparedBytes({ jsonrpc: '3.0', method: PUBLISH_DIAGNOSTICS, params }), undefined);
  assert.equal(preparedBytes({ jsonrpc: '2.0', method: PUBLISH_DIAGNOSTICS, params, id: 1 }), undefined);
  assert.equal(preparedBytes({ jsonrpc: '2.0', method: PUBLISH_DIAGNOSTICS, params: plain(2) }), undefined);
});

test('a message larger than the buffer the last one suggested is made whole (the buffer grows, no character split)', () => {
  // Small first, then ~30 times larger, then small again: each equals the connection's bytes.
  const big = Array.from({ length: 30 }, (_, i) => TEXT.replace(/^---[^]*?---\n/, `## Part ${i} 😀\n`)).join('\n');
  for (const text of [TEXT, big, TEXT]) {
    const analysed = analyzeNote(text);
    const publication = preparePublication(analysed.analysis.findings, analysed.lines, URI, 9);
    const params = { uri: URI, version: 9, diagnostics: analysed.analysis.findings.map((f) => findingToDiagnostic(f, analysed.lines, URI, 9)) };
    assert.equal(Buffer.from(publication.bytes).toString('utf8'), JSON.stringify({ jsonrpc: '2.0', method: PUBLISH_DIAGNOSTICS, params }));
  }
});
