import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { loadNoteSources, loadSourcesFolder } from '../../../server/src/workspace/sources';
import { checkSourceFile, walkSourcesFolder } from '../../../server/src/workspace/paths';
import { jsonErrorOffset } from '../../../server/src/workspace/safe-errors';
import { prepareNoteInputs } from '../../../server/src/workspace/inputs';
import { ConfigError, readConfigFile } from '../../../server/src/workspace/config';
import { parseCslJson } from '../../../server/src/core/evidence/sources';
import { analyzeNote } from '../../../server/src/core/analyze';
import { runCli } from '../../support/cli';

/** A secret no message, finding or report may ever contain. */
const SECRET = 'sk_live_7f3a9QpLeakCanary';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-access-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const noteNaming = (...files: string[]): string => `---\nbibliography:\n${files.map((f) => `  - ${JSON.stringify(f)}`).join('\n')}\n---\n\nNatalizumab lowered relapses [@romme2014].\n`;

async function loadFrom(ws: string, files: string[], allowed: string[] = []) {
  const note = noteNaming(...files);
  return { note, ...(await loadNoteSources(note, path.join(ws, 'notes', 'note.md'), { bibFiles: [], policy: { root: ws, allowed } })) };
}

test('a note may name only bibliography kinds: .env, /proc/self/environ and extensionless files are refused unread', async () => {
  const ws = tree({ 'secret.env': `API_KEY=${SECRET}\n`, 'notes/.keep': '' });
  try {
    const { errors, note } = await loadFrom(ws, ['../secret.env', '/proc/self/environ', '/etc/passwd']);
    assert.equal(errors.length, 3);
    for (const e of errors) {
      assert.match(e.message, /not a bibliography file \(use \.bib, .*\.yml\)/);
      assert.doesNotMatch(e.message, new RegExp(SECRET));
      assert.ok(note.slice(e.start!, e.end!).length > 0, 'the finding lands on the path in the front matter');
    }
  } finally { rmSync(ws, { recursive: true }); }
});

test('only regular files: a FIFO, a directory and a link into /proc are refused (and nothing hangs)', async () => {
  const ws = tree({ 'notes/.keep': '' });
  try {
    execFileSync('mkfifo', [path.join(ws, 'fifo.bib')]);
    mkdirSync(path.join(ws, 'folder.bib'));
    symlinkSync('/proc/self/environ', path.join(ws, 'env.json'));
    const { errors } = await loadFrom(ws, ['../fifo.bib', '../folder.bib', '../env.json']);
    assert.deepEqual(errors.map((e) => e.message.replace(/^cannot read `[^`]*`: /, '')), [
      'not a regular file', 'is a directory', 'not a regular file',
    ]);
    writeFileSync(path.join(ws, 'notes.txt'), 'plain text');
    symlinkSync(path.join(ws, 'notes.txt'), path.join(ws, 'host.bib'));
    const [host] = (await loadFrom(ws, ['../host.bib'])).errors;
    assert.match(host.message, /links to a file that is not a bibliography file/);
    const check = await checkSourceFile('/proc/self/mounts.json', 'bibliography', false);
    assert.equal(check.ok, false);
  } finally { rmSync(ws, { recursive: true }); }
});

test('from a note, only inside the workspace root unless an allowed path covers it; links cannot escape', async () => {
  const outside = tree({ 'zotero/My Library.json': JSON.stringify([{ id: 'romme2014', title: 'Natalizumab in progressive MS' }]) });
  const ws = tree({ 'notes/.keep': '', 'refs.bib': '@article{inside2020, title={Inside}, year={2020}}\n' });
  try {
    const target = path.join(outside, 'zotero', 'My Library.json');
    symlinkSync(target, path.join(ws, 'linked.json'));
    const refused = await loadFrom(ws, [target, '../linked.json', '../refs.bib']);
    assert.deepEqual(refused.sources.map((s) => s.id), ['inside2020']);
    assert.equal(refused.errors.length, 2);
    for (const e of refused.errors) assert.match(e.message, /outside the workspace.*allowedSourcePaths/);

    const allowed = await loadFrom(ws, [target, '../refs.bib'], [path.join(outside, 'zotero')]);
    assert.deepEqual(allowed.sources.map((s) => s.id).sort(), ['inside2020', 'romme2014']);
    assert.deepEqual(allowed.errors, []);

    // Paths from the user's own settings (--bib, bibliography setting) may be anywhere.
    const own = await loadNoteSources('Text.', path.join(ws, 'notes', 'n.md'), { bibFiles: [target], policy: { root: ws } });
    assert.deepEqual(own.sources.map((s) => s.id), ['romme2014']);
  } finally {
    rmSync(ws, { recursive: true });
    rmSync(outside, { recursive: true });
  }
});

test('parse errors give the place and the reason, never the file\'s bytes (JSON, YAML, BibTeX)', async () => {
  const ws = tree({
    'notes/.keep': '',
    'keys.json': `{\n  "token": "${SECRET}",\n  oops ${SECRET}\n}\n`,
    'keys.yaml': `references:\n  - id: x\n    title: "${SECRET}\n  bad: [${SECRET}\n`,
    'keys.bib': `@article{${SECRET},\n  title = {${SECRET}\n`,
  });
  try {
    const { errors, note } = await loadFrom(ws, ['../keys.json', '../keys.yaml', '../keys.bib']);
    assert.ok(errors.length >= 3, JSON.stringify(errors));
    for (const e of errors) assert.doesNotMatch(JSON.stringify(e), new RegExp(SECRET));
    const json = errors.find((e) => e.file === '../keys.json')!;
    assert.deepEqual([json.message, json.line, json.column], ['not valid JSON', 2, 2]);
    assert.ok(errors.some((e) => e.file === '../keys.yaml' && e.message === 'not valid YAML' && typeof e.line === 'number'));
    assert.ok(errors.some((e) => e.file === '../keys.bib' && /BibTeX/.test(e.message)));
    // And the finding the note shows says where: file, line, column, reason.
    const findings = analyzeNote(note, { sourceErrors: errors }).analysis.findings.filter((f) => f.ruleId === 'source-load-error');
    assert.ok(findings.some((f) => f.message === 'Could not load sources: `../keys.json` line 3, column 3: not valid JSON'), findings.map((f) => f.message).join('\n'));
    for (const f of findings) assert.doesNotMatch(f.message, new RegExp(SECRET));
  } finally { rmSync(ws, { recursive: true }); }
});

test('the JSON error locator agrees with JSON.parse on what is valid', () => {
  const piece = fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '"\\u00e9"', '"\\x"', '1', '-0.5e3', '01', 'true', 'nul', ' ', '\n');
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
    const text = pieces.join('');
    let valid = true;
    try { JSON.parse(text); } catch { valid = false; }
    const at = jsonErrorOffset(text);
    assert.equal(at === -1, valid, text);
    if (!valid) assert.ok(at >= 0 && at <= text.length);
  }), { numRuns: 2000 });
  assert.equal(jsonErrorOffset('[{"id": "a"},]'), 13);
  assert.equal(jsonErrorOffset('['.repeat(100000)), 100000, 'deep nesting needs no recursion');
});

test('a sources folder is walked within limits and never through a link that leads out of it', async () => {
  const outside = tree({ 'private.md': `---\nid: private\n---\n${SECRET}\n` });
  const ws = tree({
    'sources/a.md': '---\nid: a\n---\nA.\n', 'sources/b.md': '---\nid: b\n---\nB.\n', 'sources/sub/c.md': '---\nid: c\n---\nC.\n',
    'sources/d.md': '---\nid: d\n---\nD.\n', 'sources/notes.txt': 'not a source note\n',
  });
  try {
    symlinkSync(path.join(outside, 'private.md'), path.join(ws, 'sources', 'link.md'));
    symlinkSync(outside, path.join(ws, 'sources', 'linked-folder'));
    const all = await loadSourcesFolder(path.join(ws, 'sources'));
    assert.deepEqual(all.sources.map((s) => s.id).sort(), ['a', 'b', 'c', 'd']);
    assert.ok(all.errors.some((e) => /did not follow 2 links leading out of the folder/.test(e.message)), JSON.stringify(all.errors));
    assert.doesNotMatch(JSON.stringify(all), new RegExp(SECRET));

    const limited = await loadSourcesFolder(path.join(ws, 'sources'), { maxFiles: 2, maxTotalBytes: 1 << 20, maxFileBytes: 1 << 20, maxEntries: 100, maxDepth: 4 });
    assert.equal(limited.sources.length, 2);
    assert.ok(limited.errors.some((e) => /stopped after 2 source notes/.test(e.message)));
    const small = await walkSourcesFolder(path.join(ws, 'sources'), { maxFiles: 100, maxTotalBytes: 1 << 20, maxFileBytes: 10, maxEntries: 100, maxDepth: 4 });
    assert.deepEqual(small.files, []);
    assert.ok(small.notes.some((n) => /skipped 4 source notes larger than/.test(n)));

    const proc = await loadSourcesFolder('/proc/self');
    assert.deepEqual(proc.sources, []);
    assert.match(proc.errors[0].message, /not a folder of source notes/);
  } finally {
    rmSync(ws, { recursive: true });
    rmSync(outside, { recursive: true });
  }
});

test('a drug lexicon and a config file are told by place and reason, without their bytes', async () => {
  const ws = tree({ 'lex.json': `[{"name": "${SECRET}"} oops]`, '.evidence-lens.json': `{"rules": {"grim": "${SECRET}" }, ${SECRET}}`, 'y/.evidence-lens.yaml': `rules: [${SECRET}\n` });
  try {
    const inputs = await prepareNoteInputs('', path.join(ws, 'n.md'), { drugLexicons: [path.join(ws, 'lex.json')] });
    assert.equal(inputs.warnings.length, 1);
    assert.match(inputs.warnings[0], /lex\.json: not valid JSON \(line 1, column \d+\)/);
    assert.doesNotMatch(inputs.warnings[0], new RegExp(SECRET));
    for (const file of ['.evidence-lens.json', 'y/.evidence-lens.yaml']) {
      assert.throws(() => readConfigFile(path.join(ws, file)), (e: Error) => e instanceof ConfigError && /invalid (JSON|YAML) at line \d+, column \d+/.test(e.message) && !e.message.includes(SECRET));
    }
  } finally { rmSync(ws, { recursive: true }); }
});

test('a CSL-JSON item with "author": [null] is skipped with one error; the rest of the library loads', () => {
  const text = JSON.stringify([{ id: 'good1', title: 'One' }, { id: 'bad', author: [null] }, { id: 'good2', author: [{ family: 'Okafor' }] }]);
  const parsed = parseCslJson(text, 'lib.json');
  assert.deepEqual(parsed.sources.map((s) => s.id), ['good1', 'good2']);
  assert.deepEqual(parsed.errors.map((e) => e.message), ['CSL item 2 has an author that is not a name']);
});

const run = runCli;

test('CI run: a malicious note in a pull request cannot put a file\'s bytes into the SARIF log', async () => {
  const outside = tree({ 'runner.env': `TOKEN=${SECRET}\n`, 'creds.json': `{"token": "${SECRET}"}`, 'lib.bib': `@article{${SECRET}, title={${SECRET}}}\n` });
  // The checkout is outside the current folder, so its notes folder is the root a note may name files in.
  const ws = tree({
    'notes/evil.md': noteNaming('../.env', '/proc/self/environ', path.join(outside, 'runner.env'), path.join(outside, 'creds.json'), path.join(outside, 'lib.bib'), 'secrets.json', 'link.bib', '~/.ssh/id_rsa', '../secrets.json'),
    '.env': `API_KEY=${SECRET}\n`,
    'secrets.json': `{"api_key": "${SECRET}", ${SECRET}}`,
    'notes/secrets.json': `{"api_key": "${SECRET}", ${SECRET}}`,
  });
  try {
    symlinkSync(path.join(outside, 'lib.bib'), path.join(ws, 'notes', 'link.bib'));
    const { out, err } = await run(['check', '--format', 'sarif', path.join(ws, 'notes')]);
    const sarif = JSON.parse(out) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    const loadErrors = sarif.runs[0].results.filter((r) => r.ruleId === 'source-load-error').map((r) => r.message.text);
    assert.equal(loadErrors.length, 9, out);
    assert.ok(loadErrors.some((m) => /`secrets\.json` line 1, column \d+: not valid JSON/.test(m)), loadErrors.join('\n'));
    assert.equal(loadErrors.filter((m) => /outside the workspace/.test(m)).length, 4, loadErrors.join('\n'));
    assert.ok(!out.includes(SECRET) && !err.includes(SECRET), 'nothing from the named files');
    for (const word of ['API_KEY', 'TOKEN', 'api_key', 'PATH=']) assert.ok(!out.includes(word), word);
    for (const format of ['json', 'text']) {
      const other = await run(['check', '--format', format, path.join(ws, 'notes')]);
      assert.ok(!other.out.includes(SECRET) && !other.err.includes(SECRET), format);
    }
  } finally {
    rmSync(ws, { recursive: true });
    rmSync(outside, { recursive: true });
  }
});

test('compare: a bad line gets one error line, later lines are still answered, exit 2', async () => {
  const ok = JSON.stringify({ claim: 'Drug X reduced mortality.', evidence: 'Drug X reduced mortality in a randomised trial.' });
  const { code, out } = await run(['compare'], ['null', '7', '[1]', '{"claim": 1}', 'not json', ok, ''].join('\n'));
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 6);
  assert.deepEqual(lines.slice(0, 5).map((l) => l.error?.replace(/:.*/, '')), ['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  assert.ok(lines[5].verdict, 'the good line after the bad ones is answered');
  assert.equal(code, 2);
  const clean = await run(['compare'], `${ok}\n`);
  assert.equal(clean.code, 0);
});
