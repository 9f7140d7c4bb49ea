// Entry point the extension host loads for extension tests (extensionTestsPath): exports run().
// Runs every *.test.js beside it with mocha (tdd UI) and reports each test on the console, which
// the workbench forwards to exttest.js. Also writes a JSON summary to $E2E_RESULT_FILE when set
// (the extension host inherits code-server's environment).
'use strict';
const path = require('path');
const fs = require('fs');

/** mocha 11+ is an ES module whose CommonJS build lives in lib/mocha.cjs; accept either shape. */
function loadMocha() {
  const candidates = ['mocha', 'mocha/lib/mocha.cjs'];
  for (const id of candidates) {
    try {
      const m = require(id);
      const C = typeof m === 'function' ? m : (m.Mocha || m.default);
      if (typeof C === 'function') return C;
    } catch (e) {
      if (id === candidates[candidates.length - 1]) throw e;
    }
  }
  throw new Error('mocha could not be loaded');
}

exports.run = function run() {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: function Silent() {} });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const summary = { passes: 0, failures: 0, tests: [] };
  return mocha.loadFilesAsync().then(() => new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`MOCHA DONE passes=${summary.passes} failures=${failures}`);
      if (process.env.E2E_RESULT_FILE) {
        try { fs.writeFileSync(process.env.E2E_RESULT_FILE, JSON.stringify(summary, null, 2)); } catch { /* reported below */ }
      }
      if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
      else if (summary.passes === 0) reject(new Error('no extension test ran'));
      else resolve();
    });
    runner.on('pass', (t) => {
      summary.passes++;
      summary.tests.push({ title: t.fullTitle(), ok: true, ms: t.duration });
      console.log(`PASS exthost: ${t.fullTitle()} (${t.duration} ms)`);
    });
    runner.on('fail', (t, err) => {
      summary.failures++;
      summary.tests.push({ title: t.fullTitle(), ok: false, error: String(err && err.message) });
      console.log(`FAIL exthost: ${t.fullTitle()}: ${err && err.message}`);
    });
  }));
};
