// The natalizumab sample over the protocol, as a reviewer sees it in an editor: the note's
// front matter names references.bib; the server loads it and judges the claims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest, DefinitionRequest, HoverRequest, type Diagnostic, type Location, type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { TestClient, root } from './lsp-client';

const file = path.join(root, 'samples', 'natalizumab-progressive-ms.md');
const uri = pathToFileURL(file).href;
const text = readFileSync(file, 'utf8');
const lines = text.split('\n');
const position = (needle: string, delta = 0) => {
  const offset = text.indexOf(needle) + delta;
  assert.ok(offset >= delta, `sample contains ${needle}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};
const onLine = (d: Diagnostic, needle: string) => lines[d.range.start.line].includes(needle);

test('natalizumab sample: overstated, misquoted and unsupported claims with evidence, hover, definition, completion', async () => {
  const client = new TestClient();
  try {
    await client.initialize({}, root);
    await client.open(uri, text);
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'overstated-claim'), 20000);

    const flatLines = diagnostics.find((d) => d.code === 'overstated-claim' && onLine(d, 'flat-lines'));
    assert.ok(flatLines, 'the flat-lines claim is overstated');
    for (const reason of ['magnitude', 'surrogate-to-clinical', 'study-design']) assert.match(flatLines.message, new RegExp(reason));
    const related = flatLines.relatedInformation ?? [];
    assert.ok(related.some((r) => r.location.uri === uri && /osteopontin/i.test(lines.slice(r.location.range.start.line, r.location.range.end.line + 1).join(' '))),
      'relatedInformation points at the CSF osteopontin sentence of the quoted abstract');

    assert.ok(diagnostics.some((d) => d.code === 'misquoted-number' && onLine(d, '56 ng/mL') && /65 ng\/mL/.test(d.message)), '56 vs 65 ng/mL');
    assert.ok(!diagnostics.some((d) => ['overstated-claim', 'misquoted-number', 'unsupported-claim', 'contradicted-claim'].includes(String(d.code)) && onLine(d, 'fell by 65 ng/mL')),
      'the correctly quoted result is not flagged');
    assert.ok(diagnostics.some((d) => d.code === 'unsupported-claim'), 'an uncited claim is unsupported');
    assert.ok(!diagnostics.some((d) => d.code === 'unresolved-citation'), 'references.bib from the front matter is loaded');

    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: position('fell by 65 ng/mL', 2) });
    const value = (hover?.contents as MarkupContent).value;
    assert.match(value, /supported/i);
    assert.match(value, /Romme Christensen/);
    assert.match(value, /doi\.org|pubmed/i, 'citation with a DOI or PMID link');
    assert.match(value, /open-label/i, 'study profile');
    assert.match(value, /\*\*Statement:\*\* finding/, 'the hover says what kind of statement the sentence is');

    const definition = await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri }, position: position('@romme2014natalizumab', 3),
    }) as Location[];
    assert.equal(definition.length, 2, 'the BibTeX entry and the abstract quoted in the note');
    assert.equal(definition[0].uri, pathToFileURL(path.join(root, 'samples', 'references.bib')).href);
    const bibLine = readFileSync(path.join(root, 'samples', 'references.bib'), 'utf8').split('\n')[definition[0].range.start.line];
    assert.match(bibLine, /romme2014natalizumab/);
    assert.equal(definition[1].uri, uri);
    assert.match(lines[definition[1].range.start.line], /Romme Christensen|Natalizumab/);

    const completion = await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri }, position: position('[@romme2014natalizumab]', 2),
    });
    const labels = (Array.isArray(completion) ? completion : completion?.items ?? []).map((i) => i.label);
    assert.ok(labels.includes('romme2014natalizumab') && labels.length > 1, labels.join(', '));
  } finally {
    await client.close();
  }
});

test('evidenceLens.strictness moves low-confidence findings between hints and listed problems', async () => {
  const severities: Record<string, number | undefined> = {};
  for (const strictness of ['balanced', 'quiet']) {
    const client = new TestClient();
    try {
      client.configuration = { strictness };
      await client.initialize({ workspace: { configuration: true } }, root);
      await client.open(uri, text);
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'unsupported-claim'), 20000);
      severities[strictness] = diagnostics.find((d) => d.code === 'unsupported-claim')?.severity;
    } finally {
      await client.close();
    }
  }
  // The sample's uncited "do nothing to stop" claim is a sweeping finding (confidence 0.65).
  assert.equal(severities.balanced, 3, 'listed as information at balanced');
  assert.equal(severities.quiet, 4, 'a hint at quiet');
});
