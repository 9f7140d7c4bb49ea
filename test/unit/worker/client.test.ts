// The worker client: a note that never finishes or kills its worker ends with one internal-error
// finding, the worker is replaced, and the next note is analysed; newer versions supersede queued ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AnalysisWorker, type AnalysisJob } from '../../../server/src/worker/client';

const script = path.join(__dirname, '..', '..', 'support', 'test-worker.js');
const job = (text: string, version = 1, key = 'note.md'): AnalysisJob => ({ key, version, text, config: {} });
const findings = (o: Awaited<ReturnType<AnalysisWorker['analyze']>>) => (o.kind === 'superseded' ? [] : o.note.analysis.findings);

test('a note that overruns its budget gets one internal-error finding and the next note still runs', async () => {
  const worker = new AnalysisWorker({ script, baseBudgetMs: 2000, budgetMsPerKb: 0 });
  try {
    const stuck = await worker.analyze(job('LOOP forever'));
    assert.equal(stuck.kind, 'failed');
    assert.equal(stuck.kind === 'failed' && stuck.reason, 'timeout');
    const [finding] = findings(stuck);
    assert.equal(finding.ruleId, 'internal-error');
    assert.match(finding.message, /time budget of 2\.0 s/);
    const next = await worker.analyze(job('fine', 1, 'other.md'));
    assert.equal(next.kind, 'done');
    assert.deepEqual(findings(next).map((f) => f.message), ['fine']);
    assert.equal(worker.starts, 2, 'the stuck worker was replaced');
  } finally {
    await worker.close();
  }
});

test('a worker that exits or runs out of memory is replaced; the note says what was skipped', async () => {
  const worker = new AnalysisWorker({ script, baseBudgetMs: 20_000, maxHeapMb: 64 });
  try {
    for (const text of ['CRASH now', 'OOM now']) {
      const outcome = await worker.analyze(job(text));
      assert.equal(outcome.kind, 'failed', text);
      assert.equal(outcome.kind === 'failed' && outcome.reason, 'crash', text);
      assert.match(findings(outcome)[0].message, /skipped this note: the analysis worker (exited|stopped)/);
    }
    assert.equal((await worker.analyze(job('after'))).kind, 'done');
  } finally {
    await worker.close();
  }
});

test('a newer version supersedes a queued older one; the same version is analysed once', async () => {
  const worker = new AnalysisWorker({ script });
  try {
    const first = worker.analyze(job('busy', 1, 'a.md'));
    const v1 = worker.analyze(job('one', 1, 'b.md'));
    const v2 = worker.analyze(job('two', 2, 'b.md'));
    const again = worker.analyze(job('two', 2, 'b.md'));
    const stale = worker.analyze(job('one', 1, 'b.md'));
    assert.equal((await v1).kind, 'superseded');
    assert.equal((await stale).kind, 'superseded', 'an older version than the queued one is not analysed');
    assert.equal(again, v2);
    assert.deepEqual(findings(await v2).map((f) => f.message), ['two']);
    assert.equal((await first).kind, 'done');
  } finally {
    await worker.close();
  }
});

test('a newer version cancels the running older one, which stops and resolves superseded', async () => {
  const worker = new AnalysisWorker({ script });
  try {
    const running = worker.analyze(job('WAIT until cancelled', 1, 'c.md'));
    const other = worker.analyze(job('other note', 1, 'd.md'));
    const newer = worker.analyze(job('newer', 2, 'c.md'));
    const outcome = await running;
    assert.equal(outcome.kind, 'superseded');
    assert.equal(outcome.kind === 'superseded' && outcome.stoppedAt, 'rules', 'the worker said where it stopped');
    assert.deepEqual(findings(await newer).map((f) => f.message), ['newer']);
    assert.deepEqual(findings(await other).map((f) => f.message), ['other note'], 'another note is not cancelled');
    assert.equal(worker.starts, 1, 'cancelling does not replace the worker');
  } finally {
    await worker.close();
  }
});

test('cancelOlder (an edit arrived) stops the running analysis before the newer version is asked for', async () => {
  const worker = new AnalysisWorker({ script });
  try {
    const running = worker.analyze(job('WAIT for the edit', 3, 'e.md'));
    worker.cancelOlder('e.md', 3);
    worker.cancelOlder('other.md', 9);
    assert.equal(worker.busyWith('e.md'), true, 'the same version is not cancelled');
    worker.cancelOlder('e.md', 4);
    assert.equal((await running).kind, 'superseded');
    assert.equal(worker.busyWith('e.md'), false);
  } finally {
    await worker.close();
  }
});

test('a later version of a note travels as an edit of the text the worker has; a worker without that text gets the whole text', async () => {
  const worker = new AnalysisWorker({ script, baseBudgetMs: 20_000 });
  try {
    const long = `${'Natalizumab reduced relapses (p = 0.01). '.repeat(200)}\n`;
    assert.deepEqual(findings(await worker.analyze(job(long))).map((f) => f.message), [long]);
    // The stand-in forgets its texts after this one: the next edit cannot apply, the whole text is sent.
    await worker.analyze(job('FORGET', 1, 'other.md'));
    const posted = worker.postedChars;
    const v2 = `${long.slice(0, 100)}x${long.slice(100)}`;
    assert.deepEqual(findings(await worker.analyze(job(v2, 2))).map((f) => f.message), [v2]);
    assert.equal(worker.postedChars - posted, 1 + v2.length, 'the edit, then the whole text');
    // Now it has the text: one character each.
    let text = v2;
    for (let v = 3; v < 8; v++) {
      const at = (v * 997) % text.length;
      text = `${text.slice(0, at)}${v}${text.slice(at)}`;
      const before = worker.postedChars;
      assert.deepEqual(findings(await worker.analyze(job(text, v))).map((f) => f.message), [text]);
      assert.equal(worker.postedChars - before, 1, `version ${v}`);
    }
    // Other notes in between (more than the worker keeps the texts of): still right.
    for (let n = 0; n < 20; n++) await worker.analyze(job(`note ${n}`, 1, `n${n}.md`));
    text = `${text}!`;
    assert.deepEqual(findings(await worker.analyze(job(text, 9))).map((f) => f.message), [text]);
  } finally {
    await worker.close();
  }
});

test('a note\'s new text posted ahead of its job (sync): the job then posts nothing more, and an unusable sync costs only a resend', async () => {
  const worker = new AnalysisWorker({ script, baseBudgetMs: 20_000 });
  try {
    const long = `${'Natalizumab reduced relapses (p = 0.01). '.repeat(200)}\n`;
    worker.sync('note.md', long); // nothing posted yet for this note: no sync
    assert.equal(Number(worker.postedChars), 0);
    assert.deepEqual(findings(await worker.analyze(job(long))).map((f) => f.message), [long]);
    let text = long;
    for (let v = 2; v < 6; v++) {
      const before = worker.postedChars;
      // Two keystrokes during the debounce, each synced; then the job of the last text.
      text = `${text.slice(0, 50 * v)}a${text.slice(50 * v)}`;
      worker.sync('note.md', text);
      text = `${text.slice(0, 50 * v + 1)}b${text.slice(50 * v + 1)}`;
      worker.sync('note.md', text);
      assert.equal(worker.postedChars - before, 2, `version ${v}: the two characters, synced`);
      assert.deepEqual(findings(await worker.analyze(job(text, v))).map((f) => f.message), [text]);
      assert.equal(worker.postedChars - before, 2, `version ${v}: nothing more with the job`);
    }
    // The worker lost the note's text (FORGET, then a sync it cannot apply): the job gets the whole text.
    await worker.analyze(job('FORGET', 1, 'other.md'));
    text = `${text}!`;
    worker.sync('note.md', text);
    const whole = worker.postedChars;
    assert.deepEqual(findings(await worker.analyze(job(text, 9))).map((f) => f.message), [text]);
    assert.equal(worker.postedChars - whole, text.length);
  } finally {
    await worker.close();
  }
});

test('an analysis asked for while a detail is being packed goes to the worker at once, not after the stopped packing has answered', async () => {
  const worker = new AnalysisWorker({ script });
  try {
    const first = await worker.analyze(job('first', 1, 'PACK.md'));
    assert.equal(first.kind, 'done');
    const detail = worker.detail('PACK.md', first.kind === 'done' ? first.job : 0);
    const next = worker.analyze(job('second', 2, 'PACK.md'));
    // The stand-in sees the job in its queue when the packing stops (it says so in its finding).
    assert.deepEqual(findings(await next).map((f) => f.message), ['second (posted during the packing)']);
    assert.equal(await detail, undefined, 'the stopped packing answers no detail');
    assert.equal(worker.busy(), false);
    assert.deepEqual(findings(await worker.analyze(job('third', 3, 'PACK.md'))).map((f) => f.message), ['third'], 'and the next job runs as usual');
    assert.equal(worker.starts, 1);
  } finally {
    await worker.close();
  }
});
