import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INLINING_BUDGET, INLINING_VARIABLE, inliningBudget } from '../../../server/src/lsp/inlining';

// Which inlining budget the language server sets for V8 (server/src/lsp/inlining.ts): its own on
// Node 20's V8, none where Maglev is on, and what the environment says when it says something valid.

test('the budget is set on V8 11 (Node 20) and left to V8 from V8 12 on', () => {
  assert.deepEqual(inliningBudget('11.3.244.8-node.33', undefined), { budget: INLINING_BUDGET });
  assert.equal(inliningBudget('12.4.254.21-node.57', undefined).budget, undefined);
  assert.equal(inliningBudget('13.6.233.10-node.27', undefined).budget, undefined);
  assert.match((inliningBudget('13.6.233.10-node.27', undefined) as { reason: string }).reason, /Maglev/);
  // An empty value is no value.
  assert.deepEqual(inliningBudget('11.3.244.8-node.33', ''), { budget: INLINING_BUDGET });
});

test('the environment turns it off or sets another budget on any V8', () => {
  assert.equal(inliningBudget('11.3.244.8-node.33', 'off').budget, undefined);
  assert.equal((inliningBudget('11.3.244.8-node.33', 'off') as { error?: true }).error, undefined);
  assert.deepEqual(inliningBudget('11.3.244.8-node.33', '920'), { budget: 920 });
  assert.deepEqual(inliningBudget('13.6.233.10-node.27', ' 50 '), { budget: 50 });
});

test('a value that is neither off nor a whole number is an error, and V8 keeps its own budget', () => {
  for (const bad of ['-5', '1e3', 'on', '100 bytes', '9999999']) {
    const choice = inliningBudget('11.3.244.8-node.33', bad);
    assert.equal(choice.budget, undefined, bad);
    assert.equal((choice as { error?: true }).error, true, bad);
    assert.ok((choice as { reason: string }).reason.includes(INLINING_VARIABLE), bad);
  }
});

test('a V8 version it cannot read sets nothing', () => {
  const choice = inliningBudget('unknown', undefined);
  assert.equal(choice.budget, undefined);
  assert.equal((choice as { error?: true }).error, undefined);
});
