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
import { PUBLISH_DIAGNOSTICS, PublicationCache, preparePublication } from '../../../server/src/lsp/diagnostic';
import { AnalysisCache } from '../../../server/src/core/incremental';
import { LineIndex } from '../../../server/src/core/positions';
import type { Finding } from '../../../server/src/core/types';
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

test('with the note\'s publication cache, every publication of an edited note is still the bytes the connection would write, and most diagnostics are written from kept bytes', () => {
  const cache = new PublicationCache();
  const analyses = new AnalysisCache();
  // Edits of every kind, anywhere: a letter, a line break, a deletion, a letter replaced (a
  // finding's text changed, not its length), characters outside ASCII (one a surrogate pair).
  let seed = 7;
  const random = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const edits: ((text: string, at: number) => string)[] = [
    (t, at) => t.slice(0, at) + 'x' + t.slice(at),
    (t, at) => t.slice(0, at) + '\n' + t.slice(at),
    (t, at) => t.slice(0, at) + t.slice(at + 1),
    (t, at) => t.slice(0, at) + (t[at] === 'Z' ? 'Y' : 'Z') + t.slice(at + 1),
    (t, at) => t.slice(0, at) + 'é😀' + t.slice(at),
  ];
  let text = TEXT;
  let reused = 0;
  let count = 0;
  for (let version = 1; version <= 40; version++) {
    if (version > 1) {
      // Mostly where a diagnostic is (its words changed), else anywhere.
      const known = analyzeNote(text).analysis.findings;
      const at = version % 2 && known.length ? known[random(known.length)].start + random(4) : random(text.length);
      text = edits[random(edits.length)](text, Math.min(at, text.length));
    }
    const analysed = analyzeNote(text, { cache: analyses });
    const publication = preparePublication(analysed.analysis.findings, analysed.lines, URI, version, cache);
    const params = { uri: URI, version, diagnostics: analysed.analysis.findings.map((f) => findingToDiagnostic(f, analysed.lines, URI, version)) };
    assert.equal(Buffer.from(publication.bytes).toString('utf8'), JSON.stringify({ jsonrpc: '2.0', method: PUBLISH_DIAGNOSTICS, params }), `version ${version}`);
    if (version > 1) {
      reused += cache.reused;
      count += analysed.analysis.findings.length;
    }
  }
  // Fixes and related information are exercised (the sample has both), and most diagnostics outlive an edit.
  assert.ok(reused > count / 2, `${reused} of ${count} written from kept bytes`);
  assert.ok(reused < count, 'the diagnostics an edit changed are made again');
});

test('a kept diagnostic is written again only while everything in it is the same: the text under it, its fixes and the text they replace', () => {
  const cache = new PublicationCache();
  const finding = (fixEnd: number, message = 'A booster.'): Finding => ({
    ruleId: 'overstated-language', category: 'claims', severity: 'warning', message, start: 6, end: 13, line: 0, character: 6,
    data: { fixes: [{ title: 'Remove `clearly`', start: 6, end: fixEnd, newText: '' }], confidence: 0.9 },
  });
  const bare: Finding = { ...finding(14), data: { confidence: 0.9 } };
  const versions: [text: string, findings: Finding[], reused: number][] = [
    ['It is clearly so.\n', [finding(14)], 0],
    // The same: written from the kept bytes (only the version differs).
    ['It is clearly so.\n', [finding(14)], 1],
    // An edit before it on its line moves it: a new place, made again.
    ['xIt is clearly so.\n', [{ ...finding(15), start: 7, end: 14, character: 7, data: { fixes: [{ title: 'Remove `clearly`', start: 7, end: 15, newText: '' }] } }], 0],
    // Back in its place: what it covers and its fix's text are the same again.
    ['It is clearly so.\n', [finding(14)], 0],
    ['It is clearly so.\n', [finding(14)], 1],
    // The text its fix replaces changed, not the text under it.
    ['It is clearly_so.\n', [finding(14)], 0],
    // The text under it changed (same length, same message).
    ['It is Clearly_so.\n', [finding(14)], 0],
    // Its fix reaches further.
    ['It is Clearly_so.\n', [finding(15)], 0],
    // Another message at the same place.
    ['It is Clearly_so.\n', [finding(15, 'Another.')], 0],
    ['It is Clearly_so.\n', [finding(15, 'Another.')], 1],
    // Without fixes: the text under it alone tells.
    ['It is Clearly_so.\n', [bare], 0],
    ['It is Clearly_so.\n', [bare], 1],
    ['It is CLearly_so.\n', [bare], 0],
    // Another severity (a setting, or the strictness).
    ['It is CLearly_so.\n', [{ ...bare, severity: 'hint' }], 0],
  ];
  versions.forEach(([text, findings, reused], i) => {
    const lines = new LineIndex(text);
    const publication = preparePublication(findings, lines, URI, i + 1, cache);
    const params = { uri: URI, version: i + 1, diagnostics: findings.map((f) => findingToDiagnostic(f, lines, URI, i + 1)) };
    assert.equal(Buffer.from(publication.bytes).toString('utf8'), JSON.stringify({ jsonrpc: '2.0', method: PUBLISH_DIAGNOSTICS, params }), `version ${i + 1}`);
    assert.equal(cache.reused, reused, `version ${i + 1}: written from kept bytes`);
  });
});
