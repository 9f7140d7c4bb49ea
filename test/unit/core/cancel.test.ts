// Cooperative cancellation: an analysis whose `isCancelled` says yes stops with AnalysisCancelled at
// its next stage or block, and the note's block cache stays consistent: whatever point it stopped
// at, the next analysis with the same cache equals a fresh analysis of the note parsed whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';
import { AnalysisCache } from '../../../server/src/core/incremental';
import { AnalysisCancelled } from '../../../server/src/core/cancel';

const BLOCKS = [
  '# Results\n',
  'Apixaban reduced stroke by 40% (HR 0.79, 95% CI 0.66 to 0.95; p = 0.01) [@lee2019].\n',
  'Metformin always prevents colorectal cancer in 17 of 24 patients (71%), t(16) = 4.11, p = .001 [1].\n',
  '- Warfarin is associated with bleeding (p < 0.05).\n- Rivaroxaban clearly cures atrial fibrillation.\n',
  '> RESULTS: aspirin lowered risk (RR 0.80, 95% CI 0.70 to 0.90).\n',
  '| Drug | Effect |\n|---|---|\n| apixaban | fewer strokes, p = .048 |\n',
  'See the trial[^1] for details.\n',
  '[^1]: Lee et al. 2019, a randomised trial.\n',
  '## References\n\n1. Lee A, et al. Apixaban versus warfarin. 2019. doi:10.1000/lee\n',
];
const note = (n: number) => Array.from({ length: n }, (_, i) => BLOCKS[i % BLOCKS.length]).join('\n');

/** Says yes at its `stopAt`-th question; counts the questions. */
function stopper(stopAt: number): { isCancelled: () => boolean; asked: () => number } {
  let asked = 0;
  return { isCancelled: () => ++asked >= stopAt, asked: () => asked };
}

test('an analysis stops at the first question answered yes and says at which stage', () => {
  const never = stopper(Infinity);
  const full = analyzeNote(note(12), { isCancelled: never.isCancelled });
  const questions = never.asked();
  assert.ok(questions > 12, `asked between blocks as well as between stages (${questions})`);
  assert.deepEqual(full.analysis, analyzeNote(note(12), { wholeParse: true }).analysis, 'asking changes nothing');
  const stages = new Set<string>();
  for (let k = 1; k <= questions; k++) {
    const s = stopper(k);
    assert.throws(() => analyzeNote(note(12), { isCancelled: s.isCancelled }), (error: unknown) => {
      assert.ok(error instanceof AnalysisCancelled);
      stages.add(error.stage);
      return true;
    });
    assert.equal(s.asked(), k, 'no question after the one that stopped it');
  }
  assert.deepEqual([...stages].sort(), ['blocks', 'evidence', 'rules', 'start']);
});

test('after a run cancelled at any point, the kept cache gives the same analysis as a fresh whole parse', () => {
  const base = note(14);
  const versions = [
    base,
    base.replace('Apixaban reduced', 'Apixaban clearly reduced'),
    `Natalizumab always cures MS.\n\n${base}`,
    base.replace('# Results\n', '# Results\n\n```\nopened fence\n'),
    base.slice(0, Math.floor(base.length / 2)),
    base,
  ];
  for (let k = 1; k < 40; k += 2) {
    const cache = new AnalysisCache();
    analyzeNote(versions[0], { cache });
    for (let i = 1; i < versions.length; i++) {
      try {
        analyzeNote(versions[i], { cache, isCancelled: stopper(k).isCancelled });
      } catch (error) {
        assert.ok(error instanceof AnalysisCancelled);
      }
      // Then the same version again, or (odd k) the next one, analysed to the end with the same cache.
      const text = k % 2 ? versions[(i + 1) % versions.length] : versions[i];
      assert.deepEqual(analyzeNote(text, { cache }).analysis, analyzeNote(text, { wholeParse: true }).analysis, `stopped at question ${k}`);
    }
  }
});
