import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, findConfigFile, readConfigFile } from '../../../server/src/workspace/config';
import { mergeConfigs } from '../../../server/src/lsp/settings';
import { resolveSettings } from '../../../server/src/core/settings';

test('the nearest config file is found, JSON and YAML, with paths resolved against its folder', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-config-'));
  try {
    mkdirSync(path.join(dir, 'notes', 'deep'), { recursive: true });
    writeFileSync(path.join(dir, '.evidence-lens.yaml'), 'rules:\n  overstated-language: error\n  grim: default\nbibliography: refs.bib\nsourcesFolder: sources\n');
    const found = findConfigFile(path.join(dir, 'notes', 'deep'));
    assert.equal(found, path.join(dir, '.evidence-lens.yaml'));
    const config = readConfigFile(found!);
    assert.deepEqual(config.rules, { 'overstated-language': 'error' }, '"default" leaves a rule alone');
    assert.deepEqual(config.bibliography, [path.join(dir, 'refs.bib')]);
    assert.equal(config.sourcesFolder, path.join(dir, 'sources'));
    writeFileSync(path.join(dir, 'notes', '.evidence-lens.json'), '{"paragraphCitations": false}');
    assert.equal(findConfigFile(path.join(dir, 'notes', 'deep')), path.join(dir, 'notes', '.evidence-lens.json'));
    assert.equal(findConfigFile(path.join(dir, 'notes', 'deep'), path.join(dir, 'notes', 'deep')), undefined, 'stops at the workspace folder');
  } finally { rmSync(dir, { recursive: true }); }
});

test('broken config files raise ConfigError with the file and the reason', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-config-'));
  try {
    const cases: [string, string, RegExp][] = [
      ['.evidence-lens.json', '{ nope', /invalid JSON/],
      ['.evidence-lens.yaml', 'rules: [a', /invalid YAML/],
      ['.evidence-lens.yml', '- a list', /expected an object/],
    ];
    for (const [name, content, reason] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      assert.throws(() => readConfigFile(file), (e: unknown) => e instanceof ConfigError && reason.test(e.message) && e.message.includes(file));
      rmSync(file);
    }
    writeFileSync(path.join(dir, '.evidence-lens.json'), '{"rules": ["x"]}');
    assert.throws(() => readConfigFile(path.join(dir, '.evidence-lens.json')), /"rules" must map rule ids/);
  } finally { rmSync(dir, { recursive: true }); }
});

test('editor settings win over the workspace file key by key; rule maps and lists merge', () => {
  const merged = mergeConfigs(
    { rules: { a: 'error', b: 'warning' }, bibliography: ['/x.bib'], paragraphCitations: true },
    { rules: { b: 'off' }, bibliography: ['/y.bib'], paragraphCitations: false },
  );
  assert.deepEqual(merged.rules, { a: 'error', b: 'off' });
  assert.deepEqual(merged.bibliography, ['/x.bib', '/y.bib']);
  assert.equal(merged.paragraphCitations, false);
  const settings = resolveSettings({ rules: { a: 'loud' as never, b: 'hint' }, paragraphCitations: 'yes' as never });
  assert.deepEqual(settings.rules, { b: 'hint' }, 'invalid severities are dropped');
  assert.equal(settings.paragraphCitations, true, 'invalid values keep the default');
});
