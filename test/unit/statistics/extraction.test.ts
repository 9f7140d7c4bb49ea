// Extraction recall: every result sentence in test/fixtures/statistics/extraction.jsonl must yield
// each expected statistic with its exact text, range and values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findStatistics } from '../../../server/src/core/statistics/index';
import type { Statistic } from '../../../server/src/core/types';

interface Case { text: string; expected: Record<string, unknown>[] }

const file = path.join(__dirname, '..', '..', 'fixtures', 'statistics', 'extraction.jsonl');
const cases: Case[] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

test('the extraction fixture has at least 60 sentences covering every kind', () => {
  assert.ok(cases.length >= 60, `only ${cases.length} sentences`);
  const kinds = new Set(cases.flatMap((c) => c.expected.map((e) => e.kind)));
  for (const k of ['p', 'ci', 'effect', 'test', 'n', 'percent', 'duration']) assert.ok(kinds.has(k), `no ${k}`);
});

for (const c of cases) {
  test(`extracts: ${c.text}`, () => {
    const offset = 100; // as inside a note: offsets are absolute
    const found: Statistic[] = findStatistics(c.text, offset);
    for (const s of found) assert.equal(c.text.slice(s.start - offset, s.end - offset), s.text, 'text is the exact slice');
    for (const e of c.expected) {
      const s = found.find((f) => f.kind === e.kind && f.text === e.text);
      assert.ok(s, `missing ${e.kind} \`${e.text}\`; found ${found.map((f) => `${f.kind}:\`${f.text}\``).join(', ')}`);
      for (const [k, v] of Object.entries(e)) {
        if (k === 'kind' || k === 'text') continue;
        assert.ok(close(s[k], v), `${e.kind} \`${e.text}\`: ${k} = ${JSON.stringify(s[k])}, expected ${JSON.stringify(v)}`);
      }
    }
  });
}
