// Property: whatever the note, the analysis completes, reports no internal error, and every range
// it returns is a valid UTF-16 slice whose line/character agree with its offset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../../server/src/core/analyze';
import { LineIndex } from '../../../server/src/core/positions';

const PIECES = [
  'Natalizumab', ' natalizumab', ' Tysabri', ' flat-lines', ' cures', ' may reduce', ' is associated with', ' did not slow',
  ' disability', ' CSF osteopontin', ' p = 0.04', ' p < .001', ' p=.000', ' 95% CI 34–96', ' (95% CI, 0.61 to 0.89)', ' HR 0.74',
  ' t(16) = 4.11', ' F(2, 30) = 5.2', ' χ²(1) = 3.9', ' r(48) = .30', ' n = 24', ' 17 of 24 (75%)', ' M = 4.2, SD = 1.1',
  ' [@romme2014]', ' [@a; @b]', ' [1]', ' [^1]', ' doi:10.1212/WNL.0000000000000361', ' PMID: 24532273', ' et al.', ' e.g.',
  ' Fig. 2', '.', '. ', '? ', '!', '\n', '\r\n', '\n\n', '\n> ', '\n# ', '\n- ', '\n1. ', '\n| a | b |\n|---|---|\n| ', ' |',
  '`code`', '```\n', '<!-- evidence-lens-disable-next-line -->', '<b>', '$x$', ' https://example.org/a.b', ' 😀', ' µg', ' −0.5',
  '\n---\ntitle: x\nbibliography: refs.bib\n---\n', ' Epub: Smith J et al. A trial. Neurology. 2014 Mar.\nOBJECTIVE: To test.',
  ' this study', ' Romme Christensen et al. 2014', ' natalizimab', ' 1e-400', ' NaN', ' -', ' (', ')', ' [', ']', ' 0·001',
];

test('random notes: no throw, no internal error, consistent ranges', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }), fc.string({ maxLength: 20 }), (pieces, noise) => {
    const text = pieces.join('') + noise;
    const analysis = analyze(text);
    const lines = new LineIndex(text);
    const internal = analysis.findings.filter((f) => f.ruleId === 'internal-error');
    assert.deepEqual(internal.map((f) => f.message), [], `internal error on ${JSON.stringify(text)}`);
    for (const f of analysis.findings) {
      assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `finding range ${f.ruleId}`);
      assert.deepEqual(lines.positionAt(f.start), { line: f.line, character: f.character });
    }
    for (const s of analysis.sentences) assert.equal(text.slice(s.start, s.end), s.text);
    for (const d of analysis.drugs) assert.equal(text.slice(d.start, d.end), d.text);
    for (const s of analysis.statistics) assert.equal(text.slice(s.start, s.end), s.text);
    for (const s of analysis.sentences) for (const c of s.claim.cues) assert.ok(c.start >= s.start && c.end <= s.end, `cue ${c.text} inside its sentence`);
  }), { numRuns: 300, seed: 20261124 });
});
