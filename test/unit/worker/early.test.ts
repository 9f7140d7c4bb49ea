// The analysis worker's early analysis of a synced text (server/src/worker/analysis-worker.ts): made
// while the debounce waits, taken by the job of that very text with the same inputs, stopped by a
// newer text, never taken for another text or other inputs; what a job answers is always a full
// analysis of its own text with its own inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeNote } from '../../../server/src/core/analyze';
import { AnalysisWorker, type AnalysisOutcome } from '../../../server/src/worker/client';
import type { WorkspaceConfig } from '../../../server/src/workspace/config';
import { PUBLISH_DIAGNOSTICS, findingToDiagnostic } from '../../../server/src/lsp/diagnostic';
import { note } from './notes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function done(outcome: AnalysisOutcome): Extract<AnalysisOutcome, { kind: 'done' }> {
  assert.equal(outcome.kind, 'done');
  return outcome as Extract<AnalysisOutcome, { kind: 'done' }>;
}

test('a synced text is analysed at once; its job takes that analysis, the same as a full one', async () => {
  const worker = new AnalysisWorker({ speculate: true });
  try {
    let text = note(40);
    const first = done(await worker.analyze({ key: 'e.md', version: 1, text, config: {}, findingsOnly: true }));
    assert.equal(first.early, undefined, 'nothing synced before the first job');
    for (let v = 2; v <= 5; v++) {
      text = text.replace(`cohort ${4 * v + 1},`, `cohort ${4 * v + 1}, as planned,`);
      worker.sync('e.md', text);
      await sleep(v === 2 ? 1_000 : 300); // the debounce, long enough for the early analysis to end
      const outcome = done(await worker.analyze({ key: 'e.md', version: v, text, config: {}, findingsOnly: true }));
      assert.equal(outcome.early, true, `version ${v}: the early analysis was taken`);
      assert.deepEqual(outcome.note.analysis.findings, analyzeNote(text, { wholeParse: true }).analysis.findings, `version ${v}`);
    }
  } finally {
    await worker.close();
  }
});

test('a newer text stops the early analysis of an older one; the job of the newest equals a full analysis', async () => {
  const worker = new AnalysisWorker({ speculate: true });
  try {
    let text = note(200);
    done(await worker.analyze({ key: 's.md', version: 1, text, config: {}, findingsOnly: true }));
    // Keystrokes in quick succession, each synced: only the last text's analysis is for its job.
    for (let k = 0; k < 6; k++) {
      text = `${text.slice(0, 40 + k)}x${text.slice(40 + k)}`;
      worker.sync('s.md', text);
    }
    const outcome = done(await worker.analyze({ key: 's.md', version: 2, text, config: {}, findingsOnly: true }));
    assert.deepEqual(outcome.note.analysis.findings, analyzeNote(text, { wholeParse: true }).analysis.findings);
    // The job of a text that was not the last synced one (the server asked for another version) is analysed for itself.
    worker.sync('s.md', `${text}\nSynced, never asked for.\n`);
    await sleep(300);
    const other = `${text}\nAsked for instead: metformin always cures diabetes.\n`;
    const asked = done(await worker.analyze({ key: 's.md', version: 3, text: other, config: {}, findingsOnly: true }));
    assert.equal(asked.early, undefined);
    assert.deepEqual(asked.note.analysis.findings, analyzeNote(other, { wholeParse: true }).analysis.findings);
  } finally {
    await worker.close();
  }
});

test('an early analysis made with other inputs is not taken: a changed config, a changed bibliography', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'evidence-lens-early-'));
  const worker = new AnalysisWorker({ speculate: true });
  try {
    const bib = path.join(dir, 'refs.bib');
    writeFileSync(bib, '@article{lee2019, title={Natalizumab in cohorts}, year={2019}, abstract={Natalizumab reduced the relapse rate by 31 percent.}}\n');
    const base: WorkspaceConfig = { bibliography: [bib], workspaceRoot: dir };
    let text = note(12);
    done(await worker.analyze({ key: path.join(dir, 'n.md'), version: 1, text, notePath: path.join(dir, 'n.md'), config: base, findingsOnly: true }));
    // The config changes between the keystroke and the job (a setting turned off).
    text = text.replace('Metformin clearly', 'Metformin surely');
    worker.sync(path.join(dir, 'n.md'), text);
    await sleep(500);
    const quiet: WorkspaceConfig = { ...base, rules: { 'overstated-language': 'off' } };
    const changed = done(await worker.analyze({ key: path.join(dir, 'n.md'), version: 2, text, notePath: path.join(dir, 'n.md'), config: quiet, findingsOnly: true }));
    assert.equal(changed.early, undefined, 'made with the old config: not taken');
    assert.ok(!changed.note.analysis.findings.some((f) => f.ruleId === 'overstated-language'), 'the new config applies');
    // The bibliography changes after the keystroke's early analysis read it.
    text = text.replace('Warfarin', 'Warfarin alone');
    worker.sync(path.join(dir, 'n.md'), text);
    await sleep(500);
    writeFileSync(bib, '@article{other2020, title={Something else}, year={2020}, abstract={Unrelated.}}\n');
    const reread = done(await worker.analyze({ key: path.join(dir, 'n.md'), version: 3, text, notePath: path.join(dir, 'n.md'), config: quiet, findingsOnly: true }));
    assert.equal(reread.early, undefined, 'made with the old bibliography: not taken');
    assert.ok(reread.note.analysis.findings.some((f) => f.ruleId === 'unresolved-citation' && /lee2019/.test(f.message)), '[@lee2019] is no longer in the bibliography');
  } finally {
    await worker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an early analysis prepares the synced version\'s diagnostics message for a job that wants one; a job of another version gets its own', async () => {
  const worker = new AnalysisWorker({ speculate: true });
  const message = (text: string, version: number): string => {
    const full = analyzeNote(text, { wholeParse: true });
    const params = { uri: 'p.md', version, diagnostics: full.analysis.findings.map((f) => findingToDiagnostic(f, full.lines, 'p.md', version)) };
    return JSON.stringify({ jsonrpc: '2.0', method: PUBLISH_DIAGNOSTICS, params });
  };
  const ask = (text: string, version: number) => worker.analyze({ key: 'p.md', version, text, config: {}, findingsOnly: true, prepareDiagnostics: true });
  try {
    let text = note(24);
    done(await ask(text, 1));
    for (const [synced, asked] of [[2, 2], [3, 3], [4, 5]]) {
      text = text.replace('Metformin clearly', `Metformin (v${synced}) clearly`);
      worker.sync('p.md', text, false, synced);
      await sleep(synced === 2 ? 1_000 : 300);
      const outcome = done(await ask(text, asked));
      assert.equal(outcome.early, true, `version ${asked}: the early analysis was taken`);
      assert.ok(outcome.publication);
      assert.equal(Buffer.from(outcome.publication.bytes).toString('utf8'), message(text, asked), `version ${asked}: the message of that version`);
    }
  } finally {
    await worker.close();
  }
});

test('with a long debounce the early analysis begins only when it would end by the debounce\'s end; a job that comes first analyses for itself', async () => {
  const worker = new AnalysisWorker({ speculate: true });
  try {
    let text = note(24);
    done(await worker.analyze({ key: 'd.md', version: 1, text, config: {}, findingsOnly: true }));
    // One synced at once (the note's last analysis, a whole one, is as long as any): the worker learns an edit's time.
    text = text.replace('Metformin clearly', 'Metformin (a) clearly');
    worker.sync('d.md', text, false, 2, 0);
    await sleep(500);
    assert.equal(done(await worker.analyze({ key: 'd.md', version: 2, text, config: {}, findingsOnly: true })).early, true);
    // A debounce of 10 s: asked for long before the early analysis would begin.
    text = text.replace('Metformin clearly', 'Metformin (b) clearly');
    worker.sync('d.md', text, false, 3, 10_000);
    await sleep(300);
    const first = done(await worker.analyze({ key: 'd.md', version: 3, text, config: {}, findingsOnly: true }));
    assert.equal(first.early, undefined, 'not begun: the job analysed');
    assert.deepEqual(first.note.analysis.findings, analyzeNote(text, { wholeParse: true }).analysis.findings);
    // A debounce of 1.5 s: asked for after it began (some 1.5 s less twice an edit's analysis).
    text = text.replace('Metformin clearly', 'Metformin (c) clearly');
    worker.sync('d.md', text, false, 4, 1_500);
    await sleep(1_500);
    const later = done(await worker.analyze({ key: 'd.md', version: 4, text, config: {}, findingsOnly: true }));
    assert.equal(later.early, true);
    assert.deepEqual(later.note.analysis.findings, analyzeNote(text, { wholeParse: true }).analysis.findings);
  } finally {
    await worker.close();
  }
});
