// Hostile notes in the real server: every class the fuzz tier generates gets diagnostics and
// answers hovers, and a sane note opened alongside them is still checked and hovered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { TestClient } from './lsp-client';

const NOTES: Record<string, string> = {
  'nested-quotes.md': `${'> '.repeat(10_000)}Natalizumab flat-lines progression.\n`,
  'nested-lists.md': `${'- '.repeat(10_000)}x\n\nNatalizumab flat-lines progression.\n`,
  'nested-emphasis.md': `${'*a _b '.repeat(3000)}x\n\nNatalizumab flat-lines progression.\n`,
  'yaml-flow.md': `---\ntitle: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\n\nNatalizumab flat-lines progression.\n`,
  'yaml-aliases.md': `---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 12 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n---\n\nNatalizumab flat-lines progression.\n`,
  'extreme-numbers.md': 'Natalizumab flat-lines progression: χ²(9999999999) = 0.1, p = 0.3, t(0) = 1, p = .04, 1e-400, 17 of 24 (70.' + '8'.repeat(300) + '%), p = 0e-999999999, F(1e300, 2) = 3, p = .1.\n',
  'one-long-line.md': `Natalizumab flat-lines progression. ${'[1] [@k] [^1] HR 0.72 (95% CI 0.61–0.89; p = 0.002) ([{ ARR 5%, NNT 12 proves '.repeat(1500)}\n`,
  'bibliographies.md': '---\nbibliography: [bomb.bib, big.bib, deep.json]\n---\n\nNatalizumab flat-lines progression [@big].\n',
};

test('each class of hostile note gets diagnostics and hovers; a sane note is still served', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-hostile-'));
  writeFileSync(path.join(dir, 'bomb.bib'), `@string{a0 = "xxxxxxxxxx"}\n${Array.from({ length: 30 }, (_, i) => `@string{a${i + 1} = a${i} # a${i}}`).join('\n')}\n@article{bomb, title = a30}\n`);
  writeFileSync(path.join(dir, 'big.bib'), `@article{big, title = {Big}, year = {2020}, abstract = {${'Natalizumab reduced progression in a trial. '.repeat(250_000)}}}\n`);
  writeFileSync(path.join(dir, 'deep.json'), `${'['.repeat(50_000)}${']'.repeat(50_000)}`);
  const client = new TestClient();
  try {
    await client.initialize({}, dir);
    const uris = Object.keys(NOTES).map((name) => pathToFileURL(path.join(dir, name)).href);
    const sane = pathToFileURL(path.join(dir, 'sane.md')).href;
    for (const [i, name] of Object.keys(NOTES).entries()) await client.open(uris[i], NOTES[name]);
    await client.open(sane, 'Natalizumab flat-lines disability progression.\n');
    const published = await client.waitForDiagnostics(sane, () => true, 120_000);
    assert.ok(published.diagnostics.some((d) => d.code === 'overstated-language'));
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: sane }, position: { line: 0, character: 14 } });
    assert.match((hover?.contents as MarkupContent).value, /overstated-language/);
    for (const [i, name] of Object.keys(NOTES).entries()) {
      const diagnostics = (await client.waitForDiagnostics(uris[i], () => true, 120_000)).diagnostics;
      const internal = diagnostics.filter((d) => d.code === 'internal-error').map((d) => d.message);
      assert.deepEqual(internal, [], `${name}: no internal error`);
      const line = NOTES[name].split('\n').findIndex((l) => l.includes('flat-lines'));
      const character = NOTES[name].split('\n')[line].indexOf('flat-lines') + 2;
      const answer = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uris[i] }, position: { line, character } });
      assert.ok(answer === null || typeof (answer.contents as MarkupContent).value === 'string', `${name}: hover answered`);
      if (name === 'bibliographies.md') {
        const loadErrors = diagnostics.filter((d) => d.code === 'source-load-error').map((d) => d.message).join('\n');
        assert.match(loadErrors, /@string.*expands to more than/);
        assert.match(loadErrors, /deep\.json/);
      }
      if (name === 'yaml-flow.md') assert.ok(diagnostics.some((d) => d.code === 'source-load-error' && /nested more than/.test(d.message)), 'deep YAML is reported, not parsed');
    }
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
