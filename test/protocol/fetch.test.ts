// Fetching cited papers over the protocol: the code action, the fetch command with progress, and
// re-published diagnostics; and a server session that is never asked to fetch makes no request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, CompletionRequest, ExecuteCommandRequest, HoverRequest, WorkDoneProgress, type CodeAction,
} from 'vscode-languageserver-protocol/node';
import { TestClient, root } from './lsp-client';
import { CITING_NOTE, FakeServices, standardRoutes } from '../support/fake-services';

function workspace(settings: Record<string, unknown>): { dir: string; file: string; uri: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-lsp-fetch-'));
  writeFileSync(path.join(dir, '.evidence-lens.json'), JSON.stringify({ fetch: settings }));
  const file = path.join(dir, 'note.md');
  writeFileSync(file, CITING_NOTE);
  return { dir, file, uri: pathToFileURL(file).href };
}

const lineOf = (needle: string) => CITING_NOTE.split('\n').findIndex((l) => l.includes(needle));

test('LSP: code action "Fetch abstract for …", then the fetch command finds the misquoted number and the overstated claim', async () => {
  const services = await standardRoutes(new FakeServices()).start();
  const { dir, uri } = workspace(services.settings);
  const client = new TestClient();
  try {
    await client.initialize({ window: { workDoneProgress: true } }, dir);
    await client.open(uri, CITING_NOTE);
    await client.waitForDiagnostics(uri, () => true, 20000);
    assert.equal(services.requests.length, 0, 'opening a note goes nowhere');

    const line = lineOf('201 ng/L');
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line, character: 5 }, end: { line, character: 5 } }, context: { diagnostics: [] },
    }) as CodeAction[];
    const fetchAction = actions.find((a) => a.title === 'Fetch abstract for 10.5555/jin.2021.0042');
    assert.ok(fetchAction?.command, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(services.requests.length, 0, 'offering the action goes nowhere');

    // The whole note, as "Fetch cited sources" sends it, with a work-done token for progress.
    const progress: string[] = [];
    const token = 'fetch-progress-1';
    client.connection.onProgress(WorkDoneProgress.type, token, (v) => progress.push(v.kind));
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, {
      command: fetchAction.command.command, arguments: [{ uris: [uri] }], workDoneToken: token,
    }) as { summary: string; outcomes: { status: string }[] };
    assert.equal(result.summary, 'fetched 3');
    assert.deepEqual(result.outcomes.map((o) => o.status), ['fetched', 'fetched', 'fetched']);
    assert.deepEqual(readdirSync(path.join(dir, '.evidence-lens', 'sources')).sort(), ['nakamura2019.md', 'ostergaard2021.md', 'varga2020.md']);
    assert.equal(progress[0], 'begin');
    assert.equal(progress[progress.length - 1], 'end');

    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'misquoted-number'), 20000);
    const misquoted = diagnostics.find((d) => d.code === 'misquoted-number')!;
    assert.equal(misquoted.range.start.line, line);
    assert.match(misquoted.message, /`210 ng\/L`/);
    assert.ok(diagnostics.some((d) => d.code === 'overstated-claim' && d.range.start.line === lineOf('halts')), JSON.stringify(diagnostics.map((d) => [d.code, d.range.start.line])));

    // Nothing left to fetch on that claim: no action any more.
    const after = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line, character: 5 }, end: { line, character: 5 } }, context: { diagnostics: [] },
    }) as CodeAction[];
    assert.ok(!after.some((a) => a.title.startsWith('Fetch abstract')));
  } finally {
    await client.close();
    await services.stop();
  }
});

test('LSP: a session that never runs the fetch command makes no network request', async () => {
  const services = await standardRoutes(new FakeServices()).start();
  const { dir, uri } = workspace(services.settings);
  const client = new TestClient(['--require', path.join(root, 'test', 'support', 'no-network.cjs')]);
  try {
    await client.initialize({ window: { workDoneProgress: true }, textDocument: { diagnostic: {} } }, dir);
    await client.open(uri, CITING_NOTE);
    const line = lineOf('201 ng/L');
    await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 5 } });
    await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line, character: 0 }, end: { line: line + 4, character: 0 } }, context: { diagnostics: [] } });
    await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character: 0 } });
    assert.match(client.stderr, /no-network guard active/, 'the guard was loaded into the server');
    assert.doesNotMatch(client.stderr, /NETWORK:/);
    assert.equal(services.requests.length, 0);
  } finally {
    await client.close();
    await services.stop();
  }
});
