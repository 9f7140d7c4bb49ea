// Runs the mocha suite (test/e2e/suite/index.js) inside code-server's extension host.
// code-server rejects --extensionDevelopmentPath on its command line, so this opens the workbench
// with the URL "payload" VS Code web uses for Extension Development Host windows
// (extensionDevelopmentPath + extensionTestsPath) in headless Chromium; the workbench reports the
// suite's log lines through window.codeAutomationLog and its exit code through
// window.codeAutomationExit.
// Usage: node exttest.js HOST:PORT WORKSPACE_DIR EXTENSION_DIR TESTS_INDEX_JS ; exits 0 when all passed.
'use strict';
const util = require('util');
const [hostPort, folder, devPath, testsPath] = process.argv.slice(2);
if (!testsPath) {
  console.error('usage: node exttest.js HOST:PORT WORKSPACE_DIR EXTENSION_DIR TESTS_INDEX_JS');
  process.exit(2);
}
const { chromium } = require(require.resolve('playwright-core', { paths: [process.env.E2E_TOOLS_DIR || __dirname, __dirname] }));
const TIMEOUT_MS = Number(process.env.E2E_EXTTEST_TIMEOUT_MS || 180000);

const remote = (p) => `vscode-remote://${hostPort}${p}`;
const payload = JSON.stringify([['extensionDevelopmentPath', remote(devPath)], ['extensionTestsPath', remote(testsPath)]]);
const url = `http://${hostPort}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`;

(async () => {
  const t0 = Date.now();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage();
  let done;
  const exited = new Promise((r) => (done = r));
  // Hooks the workbench calls while it runs extension tests (the same ones @vscode/test-web uses).
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    for (const l of line.split('\n')) console.log(`  ${l}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  // Newer VS Code web builds honour the payload only with developmentOptions.enableSmokeTestDriver;
  // 4.100.3 does not need it, but setting it keeps this working after an upgrade. Patch the
  // workbench configuration <meta> while the page parses (page.route() broke the WebSockets).
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      const el = document.getElementById('vscode-workbench-web-configuration');
      if (!el) return;
      obs.disconnect();
      const cfg = JSON.parse(el.getAttribute('data-settings'));
      cfg.developmentOptions = { ...(cfg.developmentOptions || {}), enableSmokeTestDriver: true };
      el.setAttribute('data-settings', JSON.stringify(cfg));
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  let timer;
  const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('TIMEOUT'), TIMEOUT_MS); })]);
  clearTimeout(timer);
  console.log(`  extension tests exit code: ${code} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  await browser.close().catch(() => {});
  process.exit(code === 0 ? 0 : 1);
})().catch((e) => {
  console.error(`exttest.js: ${e && e.stack || e}`);
  process.exit(1);
});
