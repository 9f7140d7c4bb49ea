// Sources quoted inside the note: a structured abstract under a reference line, and a
// blockquote under a citing paragraph; evidence from them is located in the note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeNote } from '../../../server/src/core/analyze';
import type { EvidenceClaim } from '../../../server/src/core/evidence/index';

const dir = path.join(__dirname, '..', '..', 'fixtures', 'sources');
const text = readFileSync(path.join(dir, 'quoted-abstract.md'), 'utf8');
const kapoor = { id: 'kapoor2018', title: 'Natalizumab in secondary progressive MS (ASCEND)', authors: ['Kapoor'], year: 2018, text: '' };

test('an author-year mention links to the abstract quoted later in the note', () => {
  const note = analyzeNote(text, { sources: [kapoor] });
  const claims = note.context.claims as EvidenceClaim[];
  const i = note.context.sentences.findIndex((s) => s.text.includes('stops progressive MS'));
  const c = claims.find((x) => x.sentence === i)!;
  assert.deepEqual(c.citations, ['rommechristensen2014']);
  assert.equal(c.verdict, 'overstated');
  assert.ok(c.reasons.includes('magnitude'));
  for (const e of c.evidence) assert.equal(text.slice(e.start!, e.end!), e.text);
  // The abstract's own sentences are source text, not claims of the note.
  const from = text.indexOf('Epub:');
  const to = text.indexOf('The phase 3 trial');
  assert.deepEqual(claims.filter((x) => { const st = note.context.sentences[x.sentence].start; return st >= from && st < to; }), []);
});

test('a blockquote under a citing paragraph is a passage of the cited source', () => {
  const note = analyzeNote(text, { sources: [kapoor] });
  const claims = note.context.claims as EvidenceClaim[];
  const i = note.context.sentences.findIndex((s) => s.text.startsWith('So natalizumab slowed'));
  const c = claims.find((x) => x.sentence === i)!;
  assert.equal(c.verdict, 'contradicted');
  const quoteStart = text.indexOf('> Natalizumab did not reduce');
  assert.ok(c.evidence[0].start! > quoteStart && c.evidence[0].start! < quoteStart + 10);
  const f = note.analysis.findings.find((x) => x.ruleId === 'contradicted-claim')!;
  assert.equal((f.data!.related as { start: number }[])[0].start, c.evidence[0].start);
});

test('source load errors from the adapters become findings on the text that names the file', () => {
  const note = '---\nbibliography: refs/missing.bib\n---\n\nNatalizumab reduced CSF osteopontin.\n';
  const start = note.indexOf('refs/missing.bib');
  const analysis = analyzeNote(note, { sourceErrors: [{ file: 'refs/missing.bib', message: 'cannot read `refs/missing.bib`: file not found', start, end: start + 16 }] }).analysis;
  const f = analysis.findings.filter((x) => x.ruleId === 'source-load-error');
  assert.equal(f.length, 1);
  assert.equal(note.slice(f[0].start, f[0].end), 'refs/missing.bib');
  assert.match(f[0].message, /file not found/);
});

test('"this study" before the abstract it discusses links to that abstract', () => {
  const note = 'This study clearly proves that natalizumab cures progressive MS.\n\nEpub: Hansen I, et al. Natalizumab in progressive MS. Neurology. 2014 Mar.\n\nMETHODS: In an open-label study, 24 patients received natalizumab.\n\nRESULTS: CSF osteopontin decreased by 65 ng/mL.\n';
  const a = analyzeNote(note, {});
  const c = (a.context.claims as EvidenceClaim[]).find((x) => x.sentence === 0)!;
  assert.deepEqual(c.citations, ['hansen2014']);
  assert.equal(c.verdict, 'overstated');
});

test('a structured abstract is found whatever opens its label lines: spaces, blank lines, \\r\\n or a lone \\r', async () => {
  const { findQuotedAbstracts } = await import('../../../server/src/core/evidence/quoted');
  const ref = 'Smith J, Jones K, et al. Natalizumab in progressive MS. Lancet Neurol. 2019.';
  const body = ['BACKGROUND: Progressive MS has few treatments.', 'RESULTS: Disability did not change (p = 0.4).'];
  for (const eol of ['\n', '\r\n', '\r']) {
    for (const indent of ['', '   ', '\t']) {
      const note = ['Notes.', '', ref, '', ...body.flatMap((b) => [`${indent}${b}`, indent]), 'End.'].join(eol);
      const found = findQuotedAbstracts(note);
      assert.equal(found.length, 1, JSON.stringify({ eol, indent }));
      assert.equal(found[0].id, 'smith2019');
      assert.equal(note.slice(found[0].textOffset as number, (found[0].textOffset as number) + found[0].text.length), found[0].text);
    }
  }
  // A label that opens no line (after a quote marker or inside a sentence) is no abstract of the note.
  assert.deepEqual(findQuotedAbstracts(`${ref}\n\n> RESULTS: a quote.\n\n> CONCLUSIONS: more.\n`), []);
  assert.deepEqual(findQuotedAbstracts(`${ref}\n\nThe RESULTS: none.\n\nIts CONCLUSIONS: none.\n`), []);
});
