// UI test: the installed VSIX in code-server, driven by headless Chromium (playwright-core).
// Opens a sample note, waits for a squiggle, checks the Problems count in the status bar,
// hovers the flagged word and checks that the hover shows the finding's message, and saves a
// screenshot. Prints "PASS ..."/"FAIL ..." lines per check; exits 0 when all passed.
//
// Environment (set by run.sh):
//   E2E_URL         workbench URL (http://127.0.0.1:PORT/?folder=...)
//   E2E_WORKSPACE   folder opened in code-server (holds the sample note)
//   E2E_NOTE        note to open, relative to E2E_WORKSPACE
//   E2E_WORD        a word the extension flags in that note (e.g. "flat-lines")
//   E2E_RULE        the rule id expected on that word (e.g. "overstated-language")
//   E2E_SCREENSHOT  where to save the screenshot
//   E2E_TOOLS_DIR   folder whose node_modules holds playwright-core
'use strict';
const fs = require('fs');
const path = require('path');

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) { console.error(`ui.js: ${name} is not set`); process.exit(2); }
  return v;
};
const URL = env('E2E_URL');
const WORKSPACE = env('E2E_WORKSPACE');
const NOTE = env('E2E_NOTE');
const WORD = env('E2E_WORD');
const RULE = env('E2E_RULE');
const SCREENSHOT = env('E2E_SCREENSHOT');
const { chromium } = require(require.resolve('playwright-core', { paths: [process.env.E2E_TOOLS_DIR || __dirname, __dirname] }));

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const SQUIGGLE = '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info';

const t0 = Date.now();
const ms = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const results = [];
function check(name, ok, detail) {
  results.push(ok);
  console.log(`${ok ? 'PASS' : 'FAIL'} ui: ${name}${detail ? ` (${detail})` : ''}`);
  return ok;
}
/** Normalises rendered or raw Markdown text for comparison: drops markup, folds whitespace. */
const norm = (s) => String(s).replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();

/** Polls fn until it returns a truthy value or the timeout passes; returns the last value. */
async function poll(fn, timeoutMs, everyMs = 200) {
  const end = Date.now() + timeoutMs;
  let v;
  for (;;) {
    v = await fn().catch(() => undefined);
    if (v || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Sum of the numbers in the Problems status bar entry's aria-label ("Errors: 0, Warnings: 3"). */
async function problemsCount(page) {
  const label = await page.locator('#status\\.problems').first().getAttribute('aria-label', { timeout: 2000 });
  if (!label) return { label, count: 0 };
  const count = (label.match(/\d+/g) || []).map(Number).reduce((a, b) => a + b, 0);
  return { label, count };
}

async function openNote(page) {
  const base = path.basename(NOTE);
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: base }).first();
  try {
    await row.waitFor({ timeout: 20000 });
    await row.click();
  } catch {
    console.log(`  (explorer row for ${base} not found; using Quick Open)`);
    await page.keyboard.press('Control+P');
    await page.keyboard.type(base);
    await page.keyboard.press('Enter');
  }
  await page.locator(`.tabs-container .tab[aria-label*="${base}"]`).first().waitFor({ timeout: 30000 });
  await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 30000 });
}

/** 1-based line and column of the first occurrence of WORD in the note on disk. */
function locateWord() {
  const text = fs.readFileSync(path.join(WORKSPACE, NOTE), 'utf8');
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i].indexOf(WORD);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  return undefined;
}

/** Moves the cursor with Go to Line (Ctrl+G "line:col"), which also scrolls the line into view. */
async function gotoLine(page, line, column) {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10000 });
}

async function cursorBox(page) {
  return page.locator('.editor-instance .monaco-editor .cursor').first().boundingBox();
}

/** A squiggle under the whole of WORD (which spans x0..x1 on screen). Returns it with the cursor's box. */
async function squiggleOnWord(page, x0, x1, charWidth) {
  const cursor = await cursorBox(page);
  if (!cursor) return undefined;
  const squiggles = page.locator(SQUIGGLE);
  const n = await squiggles.count();
  for (let i = 0; i < n; i++) {
    const b = await squiggles.nth(i).boundingBox();
    if (!b || b.width < 1) continue;
    const sameLine = Math.abs(b.y + b.height / 2 - (cursor.y + cursor.height / 2)) < cursor.height;
    // Overlapping squiggles of one severity are drawn as one, so "covers the word" is all we can ask.
    if (sameLine && b.x <= x0 + charWidth / 2 && b.x + b.width >= x1 - charWidth / 2) {
      return { cursor, squiggle: b };
    }
  }
  return undefined;
}

/** The Problems panel entry for RULE on the word's line: its message text. */
async function problemMessage(page, line) {
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.first().waitFor({ timeout: 10000 });
  const scan = async () => {
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      const label = (await rows.nth(i).getAttribute('aria-label')) || '';
      const text = await rows.nth(i).innerText();
      if (!text.includes(RULE) || !new RegExp(`\\b(Ln|line) ${line}\\b`, 'i').test(`${label} ${text}`)) continue;
      // Row text: "<message> evidence-lens(<rule>) [Ln L, Col C]" (parts in separate elements).
      const message = norm(text).replace(/\s*\[Ln \d+, Col \d+\]$/, '')
        .replace(new RegExp(`\\s*(evidence-lens)?\\s*\\(?${RULE.replace(/[^\w]/g, '\\$&')}\\)?$`), '');
      return { label, text, message };
    }
    return undefined;
  };
  // The list is virtualised (only visible rows exist): filter it to the word, which the message
  // quotes, so the wanted row is rendered whatever the number of findings; unfiltered as fallback.
  const filter = page.locator('.panel .viewpane-filter input, .panel input[placeholder^="Filter"]').first();
  if (await filter.isVisible().catch(() => false)) {
    await filter.fill(WORD);
    const found = await poll(scan, 5000);
    await filter.fill(''); // show every finding again (nicer screenshot)
    if (found) return found;
    console.log(`  (no Problems row matches the filter "${WORD}"; scanning the unfiltered list)`);
  }
  return poll(scan, 5000);
}

(async () => {
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.log(`  [page error] ${String(e.message).slice(0, 200)}`));
  try {
    await page.goto(URL);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    console.log(`  workbench up after ${ms()}`);
    await openNote(page);
    console.log(`  ${NOTE} open after ${ms()}`);

    const squiggle = await poll(async () => (await page.locator(SQUIGGLE).count()) > 0, 60000);
    check('a squiggle appears in the editor', !!squiggle, `after ${ms()}`);

    // The status bar updates with the markers; poll briefly for a non-zero count.
    const problems = await poll(async () => {
      const p = await problemsCount(page);
      return p.count > 0 ? p : undefined;
    }, 15000) || await problemsCount(page).catch(() => ({ label: null, count: 0 }));
    check('the Problems count in the status bar is > 0', problems.count > 0, `aria-label "${problems.label}"`);

    const at = locateWord();
    if (!check(`the note contains the word "${WORD}"`, !!at, at && `line ${at.line}, column ${at.column}`)) throw new Error('word not found');

    // What the Problems panel says about that line: the message the hover must show.
    const problem = await problemMessage(page, at.line);
    check(`the Problems panel lists the ${RULE} finding on line ${at.line}`, !!problem, problem && norm(problem.text).slice(0, 160));

    // Place the cursor on the word's second character and hover it with the mouse; if that shows
    // no hover with the message, fall back to the "Show Hover" keybinding (Ctrl+K Ctrl+I).
    // The cursor's x at the word's first column and just after its last give the word's extent.
    await gotoLine(page, at.line, at.column);
    const x0 = (await cursorBox(page)).x;
    await gotoLine(page, at.line, at.column + WORD.length);
    const x1 = (await cursorBox(page)).x;
    const charWidth = (x1 - x0) / WORD.length;
    await gotoLine(page, at.line, at.column + 1);
    const under = await poll(() => squiggleOnWord(page, x0, x1, charWidth), 10000);
    if (!under || process.env.E2E_DEBUG) {
      const boxes = await page.locator(SQUIGGLE).evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return `${e.className}@${Math.round(r.x)},${Math.round(r.y)} w${Math.round(r.width)}`; }));
      console.log(`  word spans x=${x0.toFixed(1)}..${x1.toFixed(1)}; squiggles: ${boxes.join('; ')}`);
    }
    check(`the word "${WORD}" is underlined`, !!under, under && `squiggle ${Math.round(under.squiggle.width)} px wide`);
    const expected = problem ? norm(problem.message) : '';
    // Text of the visible hover widget(s) and of their parts rendered from textDocument/hover answers.
    const visibleHover = () => page.evaluate(() => {
      const shown = [...document.querySelectorAll('.monaco-hover')]
        .filter((e) => !e.classList.contains('hidden') && e.getBoundingClientRect().height > 0);
      return {
        text: shown.map((e) => e.innerText).join(' '),
        lsp: shown.flatMap((e) => [...e.querySelectorAll('.markdown-hover')].map((m) => m.innerText)).join(' '),
      };
    });
    // The server's part first renders as "Loading..." and is filled in when the hover answer
    // arrives (slowly on a loaded machine): wait for its real text, not just for the widget.
    const lspAnswered = (lsp) => { const t = norm(lsp); return t.length > 0 && (t.includes(expected) || t.includes(RULE)); };
    const hoverShows = () => poll(async () => {
      const h = await visibleHover();
      return expected && norm(h.text).includes(expected) && lspAnswered(h.lsp) ? h : undefined;
    }, 30000);
    let hoverText;
    if (under) {
      const x = under.cursor.x + 4;
      const y = under.cursor.y + under.cursor.height / 2;
      await page.mouse.move(x - 3, y);
      await page.mouse.move(x, y);
      hoverText = await hoverShows();
    }
    if (!hoverText) {
      console.log('  (no mouse hover with the message; trying Ctrl+K Ctrl+I)');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      hoverText = await hoverShows();
    }
    const shown = !!hoverText;
    // Let the hover's fade-in finish so the screenshot shows it crisply.
    if (shown) await page.locator('.monaco-hover:not(.hidden)').last().evaluate((e) => Promise.all(e.getAnimations({ subtree: true }).map((a) => a.finished))).catch(() => {});
    if (!shown) hoverText = await visibleHover().catch(() => ({ text: '', lsp: '' }));
    console.log(`  hover: ${norm(hoverText.text).slice(0, 400)}`);
    check('the hover shows the finding\'s message', shown,
      expected ? `expected "${expected.slice(0, 120)}"` : 'no message to compare');
    // Besides the diagnostic (drawn by the editor itself), the hover has parts rendered from the
    // language server's textDocument/hover answer.
    check('the hover includes the language server\'s explanation of it',
      lspAnswered(hoverText.lsp), norm(hoverText.lsp).slice(0, 160));
  } catch (e) {
    check('no unexpected error', false, String(e && e.message || e).split('\n')[0]);
  } finally {
    await page.screenshot({ path: SCREENSHOT }).then(() => console.log(`  screenshot: ${SCREENSHOT}`),
      (e) => console.log(`  screenshot failed: ${e.message}`));
    await browser.close().catch(() => {});
  }
  const failed = results.filter((r) => !r).length;
  console.log(`  ui test took ${ms()}`);
  process.exit(failed === 0 && results.length > 0 ? 0 : 1);
})();
