import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/analyze';
import type { Rule } from '../../../server/src/core/rules/rule';
import { checkInContext } from '../../../server/src/core/rules/_locality';
import { AnalysisCache } from '../../../server/src/core/incremental';

const flagCures: Rule = {
  id: 'test-cures',
  description: 'flags the word cures',
  category: 'claims',
  defaultSeverity: 'warning',
  docs: { bad: 'It cures.', good: 'It helps.' },
  check: (ctx) => [...ctx.text.matchAll(/\bcures\b(?! -->)/g)].filter((m) => !/test-$/.test(ctx.text.slice(0, m.index))).map((m) => ({ start: m.index!, end: m.index! + 5, message: 'cures' })),
};
const failing: Rule = { ...flagCures, id: 'test-throws', check: () => { throw new Error('boom'); } };
const lines = (md: string, rules: Rule[] = [flagCures], settings = {}) =>
  analyze(md, { rules, settings }).findings.map((f) => `${f.line}:${f.ruleId}:${f.severity}`);

test('a rule that throws becomes one internal-error finding and the others still run', () => {
  const findings = analyze('It cures.', { rules: [failing, flagCures] }).findings;
  assert.deepEqual(findings.map((f) => f.ruleId), ['internal-error', 'test-cures']);
  assert.match(findings[0].message, /test-throws.*boom/);
  assert.equal(findings[0].category, 'internal');
});

test('a scoped rule that throws on one sentence is one internal-error finding, with or without a kept cache', () => {
  // Judged sentence by sentence (drafts kept per sentence across edits), failing on the second sentence.
  const bySentence: Rule = { ...flagCures, id: 'test-sentence', scope: 'sentence', check: (ctx) => {
    if (ctx.sentences.some((s) => /boom/.test(s.text))) throw new Error('boom in a sentence');
    return ctx.sentences.flatMap((s) => [...s.text.matchAll(/\bcures\b/g)].map((m) => ({ start: s.start + m.index!, end: s.start + m.index! + 5, message: 'cures' })));
  } };
  const inContext: Rule = { ...flagCures, id: 'test-context', scope: 'context', context: {
    local: (s) => (/boom/.test(s.text) ? (() => { throw new Error('boom in context'); })() : /cures/.test(s.text) || undefined),
    facts: () => undefined,
    check: (ctx, i) => [[{ start: ctx.sentences[i].start, end: ctx.sentences[i].end, message: 'cures here' }]],
  }, check: (ctx) => checkInContext(inContext.context!, ctx) };
  const rules = [bySentence, inContext, flagCures];
  const cache = new AnalysisCache();
  for (const text of ['It cures.\n\nIt cures.\n', 'It cures.\n\nA boom here. It cures.\n', 'It cures. It cures.\n\nA boom here. It cures.\n', 'It cures.\n']) {
    const alone = analyze(text, { rules }).findings;
    assert.deepEqual(analyze(text, { rules, cache }).findings, alone, text);
    const failures = alone.filter((f) => f.ruleId === 'internal-error').map((f) => f.message);
    assert.deepEqual(failures, /boom/.test(text) ? [
      'Rule `test-sentence` failed on this note and was skipped: boom in a sentence',
      'Rule `test-context` failed on this note and was skipped: boom in context',
    ] : [], text);
  }
});

test('disable-next-line silences the next non-blank line only, for the named rule', () => {
  const md = 'It cures.\n\n<!-- evidence-lens-disable-next-line test-cures -->\n\nIt cures.\n\nIt cures.\n';
  assert.deepEqual(lines(md), ['0:test-cures:warning', '6:test-cures:warning']);
  const other = 'It cures.\n<!-- evidence-lens-disable-next-line other-rule -->\nIt cures.\n';
  assert.equal(lines(other).length, 2);
});

test('disable-line silences the comment\'s own line', () => {
  assert.deepEqual(lines('It cures. <!-- evidence-lens-disable-line test-cures -->\n\nIt cures.\n'), ['2:test-cures:warning']);
});

test('disable … enable regions, with and without rule ids', () => {
  const md = 'It cures.\n\n<!-- evidence-lens-disable -->\n\nIt cures.\n\n<!-- evidence-lens-enable -->\n\nIt cures.\n';
  assert.deepEqual(lines(md), ['0:test-cures:warning', '8:test-cures:warning']);
  const named = 'It cures.\n\n<!-- evidence-lens-disable test-cures -->\n\nIt cures.\n';
  assert.deepEqual(lines(named), ['0:test-cures:warning']);
});

test('disable-file silences the whole note; comments inside code blocks are not directives', () => {
  assert.deepEqual(lines('It cures.\n\n<!-- evidence-lens-disable-file -->\n\nIt cures.\n'), []);
  assert.equal(lines('It cures.\n\n```\n<!-- evidence-lens-disable-file -->\n```\n').length, 1);
});

test('severity overrides apply, "off" skips the rule, duplicates are dropped, output is sorted', () => {
  assert.deepEqual(lines('It cures.', [flagCures], { rules: { 'test-cures': 'error' } }), ['0:test-cures:error']);
  assert.deepEqual(lines('It cures.', [flagCures], { rules: { 'test-cures': 'off' } }), []);
  const twice: Rule = { ...flagCures, check: (ctx) => [...flagCures.check(ctx), ...flagCures.check(ctx).reverse()] };
  assert.deepEqual(lines('cures and cures', [twice]), ['0:test-cures:warning', '0:test-cures:warning']);
  const starts = analyze('cures and cures', { rules: [twice] }).findings.map((f) => f.start);
  assert.deepEqual(starts, [0, 10]);
  // Findings at one start that differ (by end or message) are all kept, their repeats dropped.
  const three: Rule = { ...flagCures, check: (ctx) => flagCures.check(ctx).flatMap((d) => [d, { ...d, end: d.end - 1 }, { ...d, message: 'other' }, { ...d, message: 'other' }, d]) };
  const found = analyze('It cures.', { rules: [three] }).findings.map((f) => `${f.start}-${f.end}:${f.message}`);
  assert.deepEqual(found, ['3-7:cures', '3-8:cures', '3-8:other']);
});

test('a recogniser that throws loses only its own output and reports one internal-error per stage', () => {
  const analysis = analyze('It cures.\n\nIt cures again (p = 0.04).\n', {
    rules: [flagCures],
    stages: { findStatistics: () => { throw new Error('bad regex'); } },
  });
  const internal = analysis.findings.filter((f) => f.ruleId === 'internal-error');
  assert.equal(internal.length, 1, 'one finding for the stage, not one per sentence');
  assert.match(internal[0].message, /statistics recogniser failed .*bad regex/);
  assert.equal(analysis.statistics.length, 0);
  assert.equal(analysis.sentences.length, 2, 'sentences still there');
  assert.equal(analysis.findings.filter((f) => f.ruleId === 'test-cures').length, 2, 'rules still ran');
  const profiles = analyze('It cures.', { rules: [], stages: { profileClaim: () => { throw new Error('x'); } } });
  assert.equal(profiles.sentences[0].claim.isClaim, false);
  assert.match(profiles.findings[0].message, /claim profiler failed/);
  // Each sentence the profiler failed on gets a neutral profile of its own (the statement classifier then adds to it).
  const two = analyze('It cures. It heals.', { rules: [], stages: { profileClaim: () => { throw new Error('x'); } } });
  const neutral = { isClaim: false, relation: 'none', certainty: 'neutral', magnitude: 'neutral', outcome: 'unspecified', cues: [], statement: 'other', statementCue: 'no finding stated' };
  assert.deepEqual(two.sentences.map((s) => s.claim), [neutral, neutral]);
  assert.notEqual(two.sentences[0].claim, two.sentences[1].claim);
});

test('property: findings of the same problem merge exactly as pairwise overlap defines, whatever their number and order, leaving the findings given unchanged', async () => {
  const { default: fc } = await import('fast-check');
  const { postProcess } = await import('../../../server/src/core/analyze');
  const { resolveSettings } = await import('../../../server/src/core/settings');
  type F = import('../../../server/src/core/types').Finding;
  const ids = ['overstated-claim', 'causal-claim-without-design', 'contradicted-claim', 'unsupported-claim', 'absence-of-evidence'];
  const pairs: [string, string][] = [['overstated-claim', 'causal-claim-without-design'], ['contradicted-claim', 'overstated-claim'], ['contradicted-claim', 'unsupported-claim'], ['absence-of-evidence', 'overstated-claim']];
  // The definition: every specific finding against every general one, in the rules' order.
  const reference = (findings: F[]): string[] => {
    const dropped = new Set<F>();
    const related = new Map<F, string[]>();
    for (const [sid, gid] of pairs) {
      for (const s of findings) {
        if (s.ruleId !== sid || dropped.has(s)) continue;
        for (const g of findings) {
          if (g.ruleId !== gid || dropped.has(g)) continue;
          if (!(g.start < Math.max(s.end, s.start + 1) && s.start < Math.max(g.end, g.start + 1))) continue;
          const reasons = (s.data?.reasons ?? []) as string[];
          if (sid === 'overstated-claim' && gid === 'causal-claim-without-design' && !(reasons.length === 0 || reasons.some((r) => /caus|design/.test(r)))) continue;
          dropped.add(g);
          related.set(s, [...(related.get(s) ?? []), `${g.ruleId}@${g.start}`]);
        }
      }
    }
    return findings.filter((f) => !dropped.has(f)).map((f) => `${f.ruleId}@${f.start}-${f.end}:${(related.get(f) ?? []).join(',')}`).sort();
  };
  const finding = fc.record({ rule: fc.constantFrom(...ids), start: fc.nat({ max: 60 }), length: fc.nat({ max: 12 }), reason: fc.constantFrom('causal wording', 'boosted', '') });
  fc.assert(fc.property(fc.array(finding, { maxLength: 40 }), (drafts) => {
    const make = (): F[] => drafts.map((d, k) => ({
      ruleId: d.rule, category: 'claims', severity: 'warning', message: `m${k}`, start: d.start, end: d.start + d.length, line: 0, character: d.start,
      data: { confidence: 0.9, ...(d.reason ? { reasons: [d.reason] } : {}) },
    }));
    // The findings given are left as they were (the rules may keep them for the next analysis).
    const given = make();
    const before = JSON.stringify(given);
    const out = postProcess(given, [], resolveSettings({}));
    assert.equal(JSON.stringify(given), before);
    const got = out.map((f) => `${f.ruleId}@${f.start}-${f.end}:${((f.data?.related ?? []) as { start: number; message: string }[]).map((r) => `${r.message.slice(5, r.message.indexOf(':'))}@${r.start}`).join(',')}`).sort();
    assert.deepEqual(got, reference(make()));
  }), { numRuns: 400 });
});
