import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from './lsp-client';

const SECRET = 'sk_live_9ZqLspLeakCanary';

test('over the protocol: a note names only workspace files unless the user allows a place; no diagnostic quotes a named file', async () => {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-ws-'));
  const outside = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-zotero-'));
  writeFileSync(path.join(ws, '.env'), `API_KEY=${SECRET}\n`);
  writeFileSync(path.join(ws, 'broken.json'), `[{"id": "x", "title": ${SECRET}}]`);
  writeFileSync(path.join(outside, 'library.json'), JSON.stringify([{ id: 'romme2014', title: 'Natalizumab in progressive MS' }]));
  mkdirSync(path.join(ws, 'notes'));
  const client = new TestClient();
  try {
    await client.initialize({ workspace: { configuration: true } }, ws);
    const library = path.join(outside, 'library.json');
    const note = `---\nbibliography:\n  - ../.env\n  - ../broken.json\n  - ${library}\n---\n\nNatalizumab lowered relapses [@romme2014].\n`;
    const uri = pathToFileURL(path.join(ws, 'notes', 'note.md')).href;
    await client.open(uri, note);
    const first = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'source-load-error'));
    const load = first.diagnostics.filter((d) => d.code === 'source-load-error').map((d) => d.message);
    assert.equal(load.length, 3, load.join('\n'));
    assert.ok(load.some((m) => /`\.\.\/\.env`: cannot read `\.\.\/\.env`: not a bibliography file/.test(m)), load.join('\n'));
    assert.ok(load.some((m) => /`\.\.\/broken\.json` line 1, column \d+: not valid JSON/.test(m)), load.join('\n'));
    assert.ok(load.some((m) => /outside the workspace/.test(m)), load.join('\n'));
    assert.ok(first.diagnostics.some((d) => d.code === 'unresolved-citation'));
    assert.ok(!JSON.stringify(first).includes(SECRET), 'no byte of a named file in any diagnostic');

    // The user's own setting allows the Zotero folder: the source loads, the citation resolves.
    client.configuration = { allowedSourcePaths: [outside] };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const second = await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => /outside the workspace/.test(d.message)));
    assert.ok(!second.diagnostics.some((d) => d.code === 'unresolved-citation'), second.diagnostics.map((d) => d.message).join('\n'));
    assert.equal(second.diagnostics.filter((d) => d.code === 'source-load-error').length, 2);
  } finally {
    await client.close();
    rmSync(ws, { recursive: true });
    rmSync(outside, { recursive: true });
  }
});
