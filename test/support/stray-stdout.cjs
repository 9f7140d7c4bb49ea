// Preloaded (`node --require`) into the language server, in its main thread and in its analysis
// worker (a preload runs in both): writes to stdout as a careless dependency would, while the
// server runs over --stdio. Used by the test that proves no such byte reaches the protocol's channel.
const { isMainThread } = require('node:worker_threads');
const where = isMainThread ? 'the main thread' : 'the analysis worker';
// After the server's own module has set its streams up (it runs right after this preload).
const timer = setInterval(() => {
  process.stdout.write(`stray write from ${where}\n`);
  console.log(`stray console.log from ${where}`);
}, 5);
timer.unref();
