// A stand-in analysis worker for the worker client's tests: it answers like the real one, loops
// forever on a note containing LOOP, exits on CRASH, runs out of memory on OOM, on WAIT works
// until its job is cancelled (then says it stopped, as the real worker does between stages), and
// on FORGET forgets the notes' texts it keeps for edits.
// Jobs may come as an edit of the note's last text (see TextEdit in server/src/worker/protocol.ts),
// and a note's text ahead of its job (`sync`). A detail request for a key containing PACK "packs"
// until it is cancelled, then answers no detail; a job that was already waiting behind it when the
// packing stopped says so in its finding (`posted during the packing`).
const { parentPort, receiveMessageOnPort } = require('node:worker_threads');

const texts = new Map();
parentPort.on('message', (request) => handle(request, false));

function handle({ id, job: posted, cancel, edit, sync, detail }, behindPacking) {
  if (detail) {
    if (!detail.key.includes('PACK')) return;
    while (!(cancel && Atomics.load(cancel, 0)));
    // The analysis that cancelled the packing: already in the queue, or only after this answer.
    let waiting;
    for (const until = Date.now() + 5000; !waiting && Date.now() < until;) waiting = receiveMessageOnPort(parentPort);
    parentPort.postMessage({ id, ok: true, detail: undefined });
    if (waiting) handle(waiting.message, true);
    return;
  }
  if (sync) {
    // A note's new text ahead of its job, as an edit of its last text; no answer.
    const base = texts.get(sync.key);
    const [prefix, suffix] = sync.edit.keep;
    if (base === undefined || base.request !== sync.edit.base || prefix + suffix > base.text.length) texts.delete(sync.key);
    else {
      texts.delete(sync.key);
      texts.set(sync.key, { request: id, text: base.text.slice(0, prefix) + sync.edit.insert + base.text.slice(base.text.length - suffix) });
    }
    return;
  }
  if (!posted) return;
  let job = posted;
  if (edit) {
    const base = texts.get(posted.key);
    const [prefix, suffix] = edit.keep;
    if (base === undefined || base.request !== edit.base || prefix + suffix > base.text.length) {
      parentPort.postMessage({ id, ok: false, resend: true });
      return;
    }
    job = { ...posted, text: base.text.slice(0, prefix) + edit.insert + base.text.slice(base.text.length - suffix) };
  }
  texts.delete(job.key);
  texts.set(job.key, { request: id, text: job.text });
  if (job.text.includes('LOOP')) for (;;);
  if (job.text.includes('WAIT')) {
    while (!(cancel && Atomics.load(cancel, 0)));
    parentPort.postMessage({ id, ok: false, cancelled: 'rules' });
    return;
  }
  if (job.text.includes('CRASH')) process.exit(3);
  if (job.text.includes('OOM')) {
    const hold = [];
    for (;;) hold.push(new Array(1e6).fill(hold.length));
  }
  const finding = { ruleId: 'echo', category: 'internal', severity: 'hint', message: behindPacking ? `${job.text} (posted during the packing)` : job.text, start: 0, end: 0, line: 0, character: 0 };
  const analysis = { version: 1, sentences: [], claims: [], drugs: [], statistics: [], sources: [], findings: [finding] };
  const context = { text: job.text, sentences: [], drugs: [], statistics: [], claims: [], sources: [], settings: {}, extras: { version: job.version } };
  parentPort.postMessage({ id, ok: true, snapshot: { analysis, context }, warnings: [], ms: 0 });
  if (job.text.includes('FORGET')) texts.clear();
}
parentPort.postMessage({ ready: true });
