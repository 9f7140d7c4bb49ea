// The real analysis worker: findings first and the rest on request, and a superseded job stopped
// early; what it answers equals an analysis in process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';
import { AnalysisWorker, withDetail } from '../../../server/src/worker/client';
import { findingToDiagnostic } from '../../../server/src/lsp/convert';
import { note } from './notes';

test('findings only, then the detail of that analysis; none once a newer analysis replaced it', async () => {
  const worker = new AnalysisWorker();
  try {
    const text = note(24);
    const outcome = await worker.analyze({ key: 'n.md', version: 1, text, config: {}, findingsOnly: true });
    assert.equal(outcome.kind, 'done');
    if (outcome.kind !== 'done') return;
    const full = analyzeNote(text);
    assert.deepEqual(outcome.note.analysis.findings, full.analysis.findings);
    assert.deepEqual(outcome.note.analysis.drugs, [], 'nothing but the findings came with them');
    const detail = await worker.detail('n.md', outcome.job);
    assert.ok(detail);
    const complete = withDetail(outcome.note, detail.unpack());
    assert.deepEqual(complete.analysis, { ...full.analysis }, 'findings + detail = the whole analysis');
    assert.deepEqual(complete.context.sentences, full.context.sentences);

    const edited = text.replace('Metformin clearly', 'Metformin');
    const next = await worker.analyze({ key: 'n.md', version: 2, text: edited, config: {}, findingsOnly: true });
    assert.equal(next.kind, 'done');
    assert.deepEqual(next.kind === 'done' && next.note.analysis.findings, analyzeNote(edited, { wholeParse: true }).analysis.findings);
    assert.equal(await worker.detail('n.md', outcome.job), undefined, 'the older analysis is gone');
  } finally {
    await worker.close();
  }
});

test('a superseded job stops early in the real worker; the next version equals a full analysis', async () => {
  const worker = new AnalysisWorker();
  try {
    const text = note(200);
    await worker.analyze({ key: 's.md', version: 1, text, config: {}, findingsOnly: true });
    // v2 is sent to the worker, then v3 arrives at once: v2 is told to stop before its first stage ends.
    const v2 = worker.analyze({ key: 's.md', version: 2, text: `${text}\nAnother paragraph.\n`, config: {}, findingsOnly: true });
    const v3Text = `Natalizumab always cures MS.\n\n${text}`;
    const v3 = worker.analyze({ key: 's.md', version: 3, text: v3Text, config: {}, findingsOnly: true });
    const stopped = await v2;
    assert.equal(stopped.kind, 'superseded');
    assert.ok(stopped.kind === 'superseded' && stopped.stoppedAt, 'the worker reports where it stopped');
    const done = await v3;
    assert.equal(done.kind, 'done');
    assert.deepEqual(done.kind === 'done' && done.note.analysis.findings, analyzeNote(v3Text, { wholeParse: true }).analysis.findings);
  } finally {
    await worker.close();
  }
});

test('an analysis asked for while the detail of the last one is being packed stops that packing (no detail) and runs', async () => {
  const worker = new AnalysisWorker();
  try {
    // Long enough that its packing outlasts the time this thread takes to ask for the analysis, even
    // on a loaded machine (with 40 paragraphs, under the full test run, the packing once ended first).
    const text = note(400);
    const first = await worker.analyze({ key: 'd.md', version: 1, text, config: {}, findingsOnly: true });
    assert.equal(first.kind, 'done');
    if (first.kind !== 'done') return;
    // The detail request goes to the worker at once; the analysis asked for right after stops it.
    const detail = worker.detail('d.md', first.job);
    const edited = `${text}\nMetformin clearly prevents cancer.\n`;
    const next = worker.analyze({ key: 'd.md', version: 2, text: edited, config: {}, findingsOnly: true });
    assert.equal(await detail, undefined, 'no detail: the packing stopped');
    const done = await next;
    assert.deepEqual(done.kind === 'done' && done.note.analysis.findings, analyzeNote(edited, { wholeParse: true }).analysis.findings);
    // Asked when nothing waits, the detail comes.
    assert.ok(done.kind === 'done' && await worker.detail('d.md', done.job));
  } finally {
    await worker.close();
  }
});

test('a job that prepares its diagnostics answers with the publishDiagnostics message; its findings come with the detail', async () => {
  const worker = new AnalysisWorker();
  try {
    const text = note(150); // more findings than one packed part of them holds
    const outcome = await worker.analyze({ key: 'file:///n.md', version: 3, text, config: {}, findingsOnly: true, prepareDiagnostics: true });
    assert.equal(outcome.kind, 'done');
    if (outcome.kind !== 'done') return;
    const full = analyzeNote(text);
    const diagnostics = full.analysis.findings.map((f) => findingToDiagnostic(f, full.lines, 'file:///n.md', 3));
    assert.ok(outcome.publication);
    assert.equal(Buffer.from(outcome.publication.bytes).toString('utf8'), JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///n.md', version: 3, diagnostics } }));
    assert.deepEqual(outcome.note.analysis.findings, [], 'no findings cloned back with the message');
    const detail = await worker.detail('file:///n.md', outcome.job, true);
    assert.ok(detail);
    assert.ok(full.analysis.findings.length > 128);
    assert.deepEqual(detail.findings(), full.analysis.findings);
    assert.deepEqual(withDetail(outcome.note, detail.unpack(), detail.findings()).analysis, { ...full.analysis });
    assert.deepEqual(detail.view(outcome.note).analysis.findings, full.analysis.findings, 'views carry the findings that came with the detail');
  } finally {
    await worker.close();
  }
});
