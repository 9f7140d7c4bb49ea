import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../../server/src/core/rules/index';
import { contributes } from '../../../scripts/contributes';

const root = path.join(__dirname, '..', '..', '..');
const rulesDir = path.join(root, 'server', 'src', 'core', 'rules');

test('the registry is alphabetical, ids are unique kebab-case and match their file names', () => {
  const ids = rules.map((r) => r.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) {
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(existsSync(path.join(rulesDir, `${id}.ts`)), `rule ${id} has no file rules/${id}.ts`);
  }
  const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && !['index.ts', 'rule.ts'].includes(f));
  for (const f of files) {
    if (f.startsWith('_')) continue;
    assert.ok(ids.includes(f.replace(/\.ts$/, '')), `rules/${f} is not in the registry`);
  }
});

test('every rule has a description, docs examples and a docs page with a bad and a fixed example', () => {
  for (const rule of rules) {
    assert.ok(rule.description.length > 10, `${rule.id}: description`);
    assert.ok(rule.docs.bad && rule.docs.good, `${rule.id}: docs.bad / docs.good`);
    const page = path.join(root, 'docs', 'rules', `${rule.id}.md`);
    assert.ok(existsSync(page), `missing docs/rules/${rule.id}.md`);
    const text = readFileSync(page, 'utf8');
    assert.match(text, new RegExp(`^# ${rule.id}`, 'm'), `${rule.id}: page title`);
  }
  assert.ok(existsSync(path.join(root, 'docs', 'rules', 'internal-error.md')));
});

test('package.json contributes one setting per rule, generated from the registry', () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes, JSON.parse(JSON.stringify(contributes())),
    'package.json is stale: run `npx tsx scripts/gen-settings.ts`');
  for (const rule of rules) assert.ok(manifest.contributes.configuration.properties[`evidenceLens.rules.${rule.id}`]);
});

test('the README documents every rule', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const rule of rules) assert.ok(readme.includes(`\`${rule.id}\``), `README does not mention ${rule.id}`);
});

test('the core stays pure: no vscode, fs or network imports under server/src/core', () => {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
  for (const file of walk(path.join(root, 'server', 'src', 'core'))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /from ['"](vscode[^'"]*|node:fs|fs|node:http|http|https|node:https|node:net|node:child_process)['"]/, file);
  }
});
