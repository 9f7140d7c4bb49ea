// The analysis worker's warm-up (server/src/worker/warm-up.ts): its note runs every stage, its
// steps stop at a checkpoint when asked and run again later, and in the real worker it runs while
// idle, stops for a request and leaves the answers as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';
import { OWN_NOTE_MIN_CHARS, WarmUp, typingPlaces, warmUpNote, warmUpParts } from '../../../server/src/worker/warm-up';
import { AnalysisCache } from '../../../server/src/core/incremental';
import type { Source } from '../../../server/src/core/types';
import { AnalysisWorker } from '../../../server/src/worker/client';
import type { WarmUpProgress } from '../../../server/src/worker/protocol';

test('the warm-up note runs every stage: claims judged against its quoted abstract, drugs, statistics, citations', () => {
  const { analysis } = analyzeNote(warmUpNote());
  const judged = analysis.claims.filter((c) => c.verdict === 'overstated' && c.evidence.some((e) => typeof e.start === 'number'));
  assert.ok(judged.length > 0, 'claims compared with sentences of the abstract in the note');
  assert.ok(analysis.drugs.some((d) => d.generic === 'metformin'));
  assert.ok(analysis.statistics.length > 20);
  const rules = new Set(analysis.findings.map((f) => f.ruleId));
  for (const id of ['overstated-claim', 'unresolved-citation', 'interval-estimate', 'test-statistic-p']) assert.ok(rules.has(id), id);
});

test('a step stopped at a checkpoint is run again; the warm-up finishes once its note is written, part by part, and edited', () => {
  const parts = warmUpParts(1_500);
  assert.ok(parts.length >= 3 && parts.join('') === warmUpNote(1_500));
  const warm = new WarmUp(3, parts);
  let asked = 0;
  assert.equal(warm.step(() => ++asked > 0), false, 'stopped at the first checkpoint');
  assert.equal(warm.steps, 0);
  // Stopped further in (after a few blocks of the head): still not a step done.
  let calls = 0;
  assert.equal(warm.step(() => ++calls > 5), false);
  assert.ok(calls > 5);
  assert.equal(warm.steps, 0);
  for (let i = 1; i <= parts.length + 3; i++) {
    assert.equal(warm.finished, false);
    assert.equal(warm.step(() => false), true);
    assert.equal(warm.steps, i);
  }
  assert.equal(warm.finished, true, 'one analysis per part, then three edits');
  assert.equal(warm.step(() => false), false, 'nothing more to run');
});

/** Resolves when `done` holds, asked every 10 ms (rejects after `ms`). */
async function until(done: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('in the worker, the warm-up runs while idle, stops when a request is posted, goes on after it; answers are unchanged', async () => {
  // Edits enough that it does not finish while the test runs.
  const worker = new AnalysisWorker({ warmUp: 1_000_000 });
  // Read anew each time (it changes as the worker reports).
  const progress = (): WarmUpProgress | undefined => worker.warmUp;
  try {
    const text = '# Notes\n\nMetformin clearly prevents colorectal cancer in 17 of 24 patients (71%) [@lee2019].\n\n- Warfarin is associated with bleeding (p < 0.05).\n';
    const first = await worker.analyze({ key: 'w.md', version: 1, text, config: {}, findingsOnly: true });
    assert.equal(first.kind, 'done');
    assert.equal(progress(), undefined, 'not before the worker has been idle a while');
    await until(() => (progress()?.steps ?? 0) >= 2);
    assert.equal(progress()?.interrupted, 0);
    assert.equal(progress()?.ownNote, false, 'a short note: the warm-up\'s own');
    const edited = text.replace('clearly ', '');
    const next = await worker.analyze({ key: 'w.md', version: 2, text: edited, config: {}, findingsOnly: true });
    assert.equal(next.kind, 'done');
    assert.deepEqual(next.kind === 'done' && next.note.analysis.findings, analyzeNote(edited, { wholeParse: true }).analysis.findings);
    // The report of the interruption comes before the answer.
    assert.equal(progress()?.interrupted, 1, 'the request stopped the warm-up');
    const stoppedAt = progress()!.steps;
    await until(() => progress()!.steps > stoppedAt);
    assert.equal(progress()?.finished, false);
  } finally {
    await worker.close();
  }
});

test('the worker does not warm up unless asked (the CLI)', async () => {
  const worker = new AnalysisWorker();
  try {
    await worker.analyze({ key: 'c.md', version: 1, text: 'Metformin works.\n', config: {}, findingsOnly: true });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(worker.warmUp, undefined);
  } finally {
    await worker.close();
  }
});

// A long note is warmed up on itself: an edit, its text, an edit, its text… with its own cache.
const longNote = (paragraphs: number): string => `---\ntitle: Thesis chapter\n---\n\n${Array.from({ length: paragraphs }, (_, i) => i % 5 === 0
  ? `## Section ${i}\n`
  : `In cohort ${i}, natalizumab (Tysabri) clearly reduced the relapse rate by ${(i % 60) + 10}% (95% CI ${(i % 7) + 1} to ${(i % 7) + 30}, p = 0.0${(i % 9) + 1}) [@lee${i}].\n`).join('\n')}`;

test('a note\'s own warm-up types only in its long lines, past its front matter', () => {
  const text = longNote(30);
  const places = typingPlaces(text);
  assert.ok(places.length > 10);
  const frontMatterEnd = text.indexOf('\n---', 3) + 4;
  for (const at of places) {
    assert.ok(at > frontMatterEnd, 'not in the front matter');
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = text.indexOf('\n', at);
    assert.ok((lineEnd < 0 ? text.length : lineEnd) - lineStart >= 40, 'in a long line');
  }
  assert.equal(WarmUp.onNote('# Title\n\nShort.\n', new AnalysisCache(), {}), undefined, 'no line to type in: none');
});

test('a note\'s own warm-up alternates an edit and the note\'s text, ends on the text, and leaves its analyses as a full analysis gives them', () => {
  const text = longNote(400);
  assert.ok(text.length >= OWN_NOTE_MIN_CHARS);
  const sources: Source[] = [{ id: 'lee3', title: 'Natalizumab in MS', authors: ['Lee A'], year: 2019, text: 'Natalizumab reduced the relapse rate by 13%.' }];
  const cache = new AnalysisCache();
  analyzeNote(text, { sources, cache });
  const warm = WarmUp.onNote(text, cache, { sources })!;
  assert.ok(warm.ownNote);
  let steps = 0;
  while (!warm.finished) {
    assert.equal(warm.step(() => false), true);
    steps++;
  }
  assert.ok(steps >= 2 && steps % 2 === 0, `${steps} steps: edits, each followed by the text`);
  // With the warmed-up cache, the note and an edit of it analyse as from scratch.
  const full = (t: string) => analyzeNote(t, { sources, wholeParse: true }).analysis.findings;
  assert.deepEqual(analyzeNote(text, { sources, cache }).analysis.findings, full(text));
  const edited = text.replace('clearly reduced', 'reduced');
  assert.deepEqual(analyzeNote(edited, { sources, cache }).analysis.findings, full(edited));
  // Ended early (its note was edited): nothing more runs.
  const again = WarmUp.onNote(text, cache, { sources })!;
  assert.equal(again.step(() => false), true);
  again.end();
  assert.ok(again.finished);
  assert.equal(again.step(() => false), false);
});

test('in the worker, a long note is warmed up on; a request ends that warm-up, and its answer is unchanged', async () => {
  const worker = new AnalysisWorker({ warmUp: true });
  const progress = (): WarmUpProgress | undefined => worker.warmUp;
  try {
    const text = longNote(400);
    const first = await worker.analyze({ key: 'long.md', version: 1, text, config: {}, findingsOnly: true });
    assert.equal(first.kind, 'done');
    await until(() => (progress()?.steps ?? 0) >= 1);
    const edited = text.replace('clearly reduced', 'reduced');
    const next = await worker.analyze({ key: 'long.md', version: 2, text: edited, config: {}, findingsOnly: true });
    assert.deepEqual(next.kind === 'done' && next.note.analysis.findings, analyzeNote(edited, { wholeParse: true }).analysis.findings);
    assert.equal(progress()?.ownNote, true, 'on the note');
    assert.equal(progress()?.finished, true, 'the note is being edited: its own warm-up is over');
    const steps = progress()!.steps;
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(progress()?.steps, steps, 'and it does not go on when the worker is idle again');
  } finally {
    await worker.close();
  }
});

test('in the worker, a long note opened after the small note\'s warm-up is done is warmed up on, once', async () => {
  const worker = new AnalysisWorker({ warmUp: 3 });
  const progress = (): WarmUpProgress | undefined => worker.warmUp;
  try {
    await worker.analyze({ key: 'short.md', version: 1, text: 'Metformin clearly prevents cancer.\n', config: {}, findingsOnly: true });
    await until(() => progress()?.finished === true);
    assert.equal(progress()?.ownNote, false);
    await worker.analyze({ key: 'long.md', version: 1, text: longNote(300), config: {}, findingsOnly: true });
    await until(() => progress()?.ownNote === true && progress()?.finished === true);
    const steps = progress()!.steps;
    // Another long note: no second warm-up.
    await worker.analyze({ key: 'other.md', version: 1, text: longNote(310), config: {}, findingsOnly: true });
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(progress()?.steps, steps);
  } finally {
    await worker.close();
  }
});
