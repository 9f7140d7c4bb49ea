import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli';

const run = runCli;

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const OVERSTATED = 'Natalizumab flat-lines disability progression.\n';

test('check prints file:line:col, severity, rule id and message, then a summary', async () => {
  const dir = workspace({ 'note.md': `# Title\n\n${OVERSTATED}` });
  try {
    const { code, out } = await run(['check', path.join(dir, 'note.md')]);
    assert.equal(code, 0, 'warnings only: exit 0');
    assert.match(out, new RegExp(`note\\.md:3:13: warning overstated-language: .*flat-lines`));
    assert.match(out, /finding.* in 1 file/);
  } finally { rmSync(dir, { recursive: true }); }
});

test('exit codes: 1 at or above --max-severity or with error findings, 2 on bad input', async () => {
  const dir = workspace({ 'note.md': OVERSTATED, 'strict/.evidence-lens.json': '{"rules":{"overstated-language":"error"}}', 'strict/n.md': OVERSTATED });
  try {
    assert.equal((await run(['check', '--max-severity', 'warning', path.join(dir, 'note.md')])).code, 1);
    assert.equal((await run(['check', path.join(dir, 'strict', 'n.md')])).code, 1, 'config raises the severity to error');
    const missing = await run(['check', path.join(dir, 'nope.md')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /^evidence-lens: no such file or directory: .*nope\.md\n$/);
    assert.equal((await run(['check'])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['check', '--format', 'xml', dir])).code, 2);
  } finally { rmSync(dir, { recursive: true }); }
});

test('bad input gets one clear line and exit 2: empty folder, binary, non-UTF-8, broken config', async () => {
  const dir = workspace({
    'empty/readme.txt': 'no markdown here',
    'bin.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
    'latin1.md': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
    'broken/.evidence-lens.yaml': 'rules: [unclosed',
    'broken/note.md': OVERSTATED,
  });
  try {
    const cases: [string, RegExp][] = [
      [path.join(dir, 'empty'), /no Markdown files/],
      [path.join(dir, 'bin.md'), /binary file/],
      [path.join(dir, 'latin1.md'), /not valid UTF-8/],
      [path.join(dir, 'broken', 'note.md'), /cannot read config .*\.evidence-lens\.yaml: invalid YAML/],
    ];
    for (const [target, message] of cases) {
      const { code, err, out } = await run(['check', target]);
      assert.equal(code, 2, target);
      assert.match(err, message);
      assert.equal(err.trim().split('\n').length, 1, `one line: ${err}`);
      assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
      assert.equal(out, '');
    }
  } finally { rmSync(dir, { recursive: true }); }
});

test('folders are walked recursively and .gitignored paths are skipped', async () => {
  const dir = workspace({
    '.gitignore': 'drafts/\nsecret.md\n',
    'a.md': OVERSTATED,
    'sub/b.markdown': OVERSTATED,
    'drafts/c.md': OVERSTATED,
    'secret.md': OVERSTATED,
    'sub/.gitignore': 'local.md\n',
    'sub/local.md': OVERSTATED,
  });
  try {
    const { out } = await run(['check', '--format', 'json', dir]);
    const paths = JSON.parse(out).files.map((f: { path: string }) => path.relative(dir, f.path));
    assert.deepEqual(paths, ['a.md', path.join('sub', 'b.markdown')]);
  } finally { rmSync(dir, { recursive: true }); }
});

test('--format json follows the DESIGN.md shape', async () => {
  const dir = workspace({ 'note.md': OVERSTATED });
  try {
    const { out } = await run(['check', '--format', 'json', path.join(dir, 'note.md')]);
    const json = JSON.parse(out);
    assert.equal(json.version, 1);
    const finding = json.files[0].findings.find((f: { ruleId: string }) => f.ruleId === 'overstated-language');
    for (const key of ['ruleId', 'category', 'severity', 'message', 'start', 'end', 'line', 'character']) assert.ok(key in finding, key);
    assert.equal(OVERSTATED.slice(finding.start, finding.end), 'flat-lines');
  } finally { rmSync(dir, { recursive: true }); }
});

test('--format sarif is SARIF 2.1.0 with rules, levels and UTF-16 regions', async () => {
  const dir = workspace({ 'note.md': `😀 ${OVERSTATED}` });
  try {
    const { out } = await run(['check', '--format', 'sarif', path.join(dir, 'note.md')]);
    const sarif = JSON.parse(out);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'evidence-lens');
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'overstated-language');
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'overstated-language');
    assert.equal(result.level, 'warning');
    const region = result.locations[0].physicalLocation.region;
    assert.equal(region.startLine, 1);
    assert.equal(region.startColumn, '😀 Natalizumab '.length + 1);
    assert.equal(region.charLength, 'flat-lines'.length);
  } finally { rmSync(dir, { recursive: true }); }
});

test('analyze FILE prints the full Analysis; analyze --lines prints one object per line', async () => {
  const dir = workspace({ 'note.md': OVERSTATED });
  try {
    const { code, out } = await run(['analyze', path.join(dir, 'note.md')]);
    assert.equal(code, 0);
    const analysis = JSON.parse(out);
    assert.equal(analysis.version, 1);
    for (const key of ['sentences', 'claims', 'drugs', 'statistics', 'sources', 'findings']) assert.ok(Array.isArray(analysis[key]), key);
    assert.equal(analysis.sentences[0].text, OVERSTATED.trim());
  } finally { rmSync(dir, { recursive: true }); }
  const lines = await run(['analyze', '--lines'], 'It clearly cures MS.\n\nAre you sure?\n');
  const objects = lines.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(objects.length, 3, 'one output line per input line, blank lines included');
  assert.equal(objects[0].claim.certainty, 'boosted');
  assert.equal(objects[2].claim.isClaim, false);
  assert.ok(objects[0].findings.every((f: { start: number }) => f.start < 'It clearly cures MS.'.length));
});
