// Extension tests that run inside code-server's extension host against the extension installed
// from the VSIX (see exttest.js). Polls, never sleeps a fixed time.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const EXT_ID = 'evidence-lens.evidence-lens';
const NOTE = process.env.E2E_NOTE || 'natalizumab-progressive-ms.md';
const WORD = process.env.E2E_WORD || 'flat-lines';
const RULE = process.env.E2E_RULE || 'overstated-language';
const SOURCE = 'evidence-lens';
const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Rule ids known to the project: one docs page per rule (docs/rules/<rule-id>.md). */
function knownRuleIds() {
  const dir = path.join(REPO_ROOT, 'docs', 'rules');
  return new Set(fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)));
}

async function poll(fn, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const codeOf = (d) => (d.code && typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const norm = (s) => String(s).replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();
function hoverText(hovers) {
  return (hovers || []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value ?? String(c)))).join('\n');
}

suite('Evidence Lens in the extension host', function () {
  let doc;
  /** The RULE diagnostic on WORD. */
  let target;

  suiteSetup(async function () {
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    assert.ok(folder, 'a workspace folder is open');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, NOTE));
    await vscode.window.showTextDocument(doc);
  });

  suiteTeardown(async function () {
    // Leave the note as it was on disk, whatever a test did to the buffer.
    if (doc && doc.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  test('activates on a Markdown note', async function () {
    assert.strictEqual(doc.languageId, 'markdown');
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `extension ${EXT_ID} is installed`);
    await poll(() => ext.isActive, 30000, 'the extension to activate');
    console.log(`  extension ${ext.packageJSON.version} from ${ext.extensionPath}`);
  });

  test('publishes diagnostics with source "evidence-lens" and a rule id as code', async function () {
    const diags = await poll(() => {
      const d = ours(doc.uri);
      return d.length > 0 ? d : undefined;
    }, 60000, 'Evidence Lens diagnostics');
    const ids = knownRuleIds();
    for (const d of diags) {
      const code = codeOf(d);
      assert.ok(ids.has(code), `diagnostic code "${code}" is a rule id (docs/rules/${code}.md); message: ${d.message}`);
      assert.notStrictEqual(code, 'internal-error', `no rule failed on the sample: ${d.message}`);
      assert.ok(d.message.trim().length > 0, 'diagnostic has a message');
    }
    target = diags.find((d) => codeOf(d) === RULE && doc.getText(d.range).includes(WORD)) ||
      diags.find((d) => codeOf(d) === RULE && d.range.contains(positionOf(WORD)));
    assert.ok(target, `the ${RULE} diagnostic covers "${WORD}"; got: ${diags.map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${doc.getText(d.range)}`).join(', ')}`);
  });

  test('hover at the flagged word explains the finding', async function () {
    assert.ok(target, 'needs the diagnostic from the previous test');
    const pos = target.range.start.translate(0, 1);
    const text = await poll(async () => {
      const t = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos));
      return t.trim() ? t : undefined;
    }, 20000, 'a hover');
    console.log(`  hover: ${norm(text).slice(0, 300)}`);
    assert.ok(norm(text).includes(norm(target.message)) || text.includes(RULE),
      `hover mentions the finding (${RULE} or its message "${target.message}")`);
  });

  test('judges claims against the sources the note cites (evidence verdicts, related evidence, claim hover)', async function () {
    if (NOTE !== 'natalizumab-progressive-ms.md') this.skip();
    const lineOf = (needle) => doc.getText().split('\n').findIndex((l) => l.includes(needle));
    const flat = await poll(() => ours(doc.uri).find((d) => codeOf(d) === 'overstated-claim' && d.range.start.line === lineOf('flat-lines')), 30000, 'overstated-claim on the flat-lines claim');
    for (const reason of ['magnitude', 'surrogate-to-clinical', 'study-design']) assert.match(flat.message, new RegExp(reason));
    assert.ok((flat.relatedInformation || []).some((r) => /osteopontin/i.test(doc.lineAt(r.location.range.start.line).text)), 'related information points at the evidence sentence');
    const misquoted = ours(doc.uri).find((d) => codeOf(d) === 'misquoted-number' && d.range.start.line === lineOf('56 ng/mL'));
    assert.ok(misquoted && /65 ng\/mL/.test(misquoted.message), 'misquoted 56 vs 65 ng/mL');
    const at = doc.getText().indexOf('fell by 65 ng/mL') + 2;
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, doc.positionAt(at));
    const text = norm(hoverText(hovers));
    assert.match(text, /supported/i);
    assert.match(text, /Romme Christensen/);
  });

  test('offers a "disable … for this line" code action that silences the finding', async function () {
    assert.ok(target, 'needs the diagnostic from the previous test');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, target.range) || [];
    console.log(`  code actions: ${actions.map((a) => a.title).join(' | ')}`);
    const disableLine = (a) => /disable/i.test(a.title) && /\bline\b/i.test(a.title);
    // Other findings may share the line (e.g. a whole-sentence one): take the action for RULE.
    const disable = actions.find((a) => disableLine(a) && a.title.includes(RULE)) || actions.find(disableLine);
    assert.ok(disable, 'a "disable … for this line" action is offered');
    assert.ok(disable.edit || disable.command, 'the action has an edit or a command');
    if (disable.edit) assert.ok(await vscode.workspace.applyEdit(disable.edit), 'the edit applies');
    if (disable.command) await vscode.commands.executeCommand(disable.command.command, ...(disable.command.arguments || []));
    await poll(() => !ours(doc.uri).some((d) => codeOf(d) === RULE && doc.getText(d.range).includes(WORD)), 30000,
      `the ${RULE} finding on "${WORD}" to disappear after the action`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await poll(() => ours(doc.uri).some((d) => codeOf(d) === RULE && doc.getText(d.range).includes(WORD)), 30000,
      'the finding to come back after reverting');
  });

  test('the server runs over stdio (its worker prepares the diagnostics message) and VS Code shows a full analysis, also after edits', async function () {
    // The language server is a child of this extension host, started with --stdio.
    const children = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid ? [fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
    const server = children.find((args) => args.some((a) => a.endsWith(path.join('dist', 'server.js'))));
    assert.ok(server, `a dist/server.js child of the extension host; children: ${JSON.stringify(children)}`);
    assert.ok(server.includes('--stdio'), `started over stdio: ${server.join(' ')}`);

    // What VS Code shows equals the CLI's analysis of the same text (the text as a file beside the
    // note, so its bibliography resolves the same way), before and after edits in the buffer.
    const severity = { error: 0, warning: 1, information: 2, hint: 3 };
    const shown = () => ours(doc.uri).map((d) => [codeOf(d), d.severity, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message].join(' '))
      .sort();
    const expected = async () => {
      const copy = path.join(path.dirname(doc.uri.fsPath), `.e2e-copy-${NOTE}`);
      fs.writeFileSync(copy, doc.getText());
      try {
        // Asynchronously: the extension host stays responsive meanwhile.
        const { stdout: out } = await require('util').promisify(require('child_process').execFile)(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'analyze', copy], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
        return JSON.parse(out).findings.map((f) => {
          const end = doc.positionAt(Math.max(f.start, f.end));
          return [f.ruleId, severity[f.severity], f.line, f.character, end.line, end.character, f.message].join(' ');
        }).sort();
      } finally {
        fs.rmSync(copy, { force: true });
      }
    };
    const matches = async (what) => {
      const want = await expected();
      assert.ok(want.length > 0, 'the CLI finds something in the note');
      let got;
      await poll(() => { got = shown(); return JSON.stringify(got) === JSON.stringify(want); }, 30000, `${what}: VS Code's diagnostics to equal the CLI's findings`)
        .catch((error) => { throw new Error(`${error.message}\nmissing: ${want.filter((w) => !got.includes(w)).join('\n')}\nextra: ${got.filter((g) => !want.includes(g)).join('\n')}`); });
      console.log(`  ${what}: ${want.length} diagnostics equal the CLI's findings`);
    };
    const original = doc.getText();
    await matches('as opened');
    const lineOf = (needle) => doc.getText().split('\n').findIndex((l) => l.includes(needle));
    for (const [line, text] of [[lineOf(WORD), 'x'], [Math.floor(doc.lineCount / 2), 'Metformin clearly cures cancer (p = 0.2). '], [1, 'y']]) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(Math.max(0, line), 0), text);
      assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    }
    await matches('after three edits');
    // Back to the text as opened, by an edit of the whole note (and on disk too, should the
    // editor have saved the edited note meanwhile).
    const restore = new vscode.WorkspaceEdit();
    restore.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(restore), 'the note is restored');
    if (fs.readFileSync(doc.uri.fsPath, 'utf8') !== original) await doc.save();
    assert.strictEqual(doc.getText(), original);
    await matches('restored');
  });

  test('the command evidenceLens.restartServer exists and the server comes back', async function () {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('evidenceLens.restartServer'), 'evidenceLens.restartServer is registered');
    await vscode.commands.executeCommand('evidenceLens.restartServer');
    // The restarted server must analyse new text: append a sentence with the flagged word.
    const before = doc.lineCount;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), `\n\nThis therapy ${WORD} decline.\n`);
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    await poll(() => ours(doc.uri).some((d) => codeOf(d) === RULE && d.range.start.line >= before - 1), 45000,
      `a ${RULE} diagnostic on the appended sentence after the restart`);
  });

  function positionOf(word) {
    const i = doc.getText().indexOf(word);
    return doc.positionAt(Math.max(0, i));
  }
});
