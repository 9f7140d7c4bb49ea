// The real analysis worker (its TypeScript source, through tsx), except that a worker started while
// EVIDENCE_LENS_TEST_DIE_ON_DETAIL is set exits on its first detail request, before answering it:
// a worker replaced between an analysis and the fetch of that analysis's detail.
const { parentPort } = require('node:worker_threads');
const path = require('node:path');

if (process.env.EVIDENCE_LENS_TEST_DIE_ON_DETAIL) {
  // Registered before the worker's own listener, so it runs first.
  parentPort.on('message', (request) => {
    if ('detail' in request) process.exit(7);
  });
}
require('tsx/cjs/api').register();
require(path.join(__dirname, '..', '..', 'server', 'src', 'worker', 'analysis-worker.ts'));
