import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, lineOfOffset } from '../../../server/src/core/positions';
import { analyzeNote } from '../../../server/src/core/analyze';

const FAMILY = '👨‍👩‍👧';

test('lines break at \\r\\n, \\n and a lone \\r; characters are UTF-16 units', () => {
  const text = `a${FAMILY}\r\nb\rc\nd`;
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount(), 4);
  assert.deepEqual(lines.positionAt(text.indexOf('b')), { line: 1, character: 0 });
  assert.deepEqual(lines.positionAt(text.indexOf('c')), { line: 2, character: 0 });
  assert.deepEqual(lines.positionAt(text.indexOf('d')), { line: 3, character: 0 });
  assert.deepEqual(lines.positionAt(text.indexOf('\r')), { line: 0, character: 1 + FAMILY.length });
  assert.deepEqual(lines.lineBreak(0), '\r\n');
  assert.deepEqual(lines.lineBreak(1), '\r');
  assert.deepEqual(lines.lineBreak(2), '\n');
  assert.deepEqual(lines.lineBreak(3), '');
  assert.equal(lineOfOffset(text, text.indexOf('d')), 3);
  assert.equal(lineOfOffset(text, text.indexOf('\n')), 0, 'the \\n of \\r\\n belongs to the line it ends');
});

test('no position inside a surrogate pair or between \\r and \\n', () => {
  const text = `x😀y\r\nz`;
  const lines = new LineIndex(text);
  assert.deepEqual(lines.positionAt(2), { line: 0, character: 1 }, 'the middle of 😀 snaps to its start');
  assert.equal(lines.offsetAt(0, 2), 1);
  assert.deepEqual(lines.positionAt(text.indexOf('\n')), { line: 0, character: 4 }, 'inside \\r\\n is the end of the line');
  assert.equal(lines.offsetAt(0, 99), text.indexOf('\r'), 'a character past the line end clamps to the line end, not into the break');
  assert.equal(lines.offsetAt(9, 0), text.length);
});

test('property: the same positions as an independent LSP text document wherever the offset is a character boundary', () => {
  const piece = fc.constantFrom('a', 'b ', '\n', '\r', '\r\n', '😀', FAMILY, 'é', '\u2028');
  fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(400), (pieces, at) => {
    const text = pieces.join('');
    const lines = new LineIndex(text);
    const doc = TextDocument.create('file:///x.md', 'markdown', 1, text);
    const offset = lines.snap(at % (text.length + 1));
    const mine = lines.positionAt(offset);
    assert.deepEqual(mine, doc.positionAt(offset));
    assert.equal(lines.offsetAt(mine.line, mine.character), offset);
    assert.equal(doc.offsetAt(mine), offset);
    assert.equal(lines.lineCount(), doc.lineCount);
  }), { numRuns: 400 });
});

test('findings carry line/character by the same model (CLI and SARIF use them)', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['# Note', '', `${FAMILY} Natalizumab flat-lines progression.`, ''].join(eol);
    const finding = analyzeNote(text).analysis.findings.find((f) => f.ruleId === 'overstated-language')!;
    assert.ok(finding, JSON.stringify(eol));
    assert.deepEqual({ line: finding.line, character: finding.character }, { line: 2, character: `${FAMILY} Natalizumab `.length }, JSON.stringify(eol));
  }
});
