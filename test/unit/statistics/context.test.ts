import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';
import { statisticsBySentence } from '../../../server/src/core/statistics/context';
import { findStatistics } from '../../../server/src/core/statistics/index';

const NOTE = 'The hazard ratio was 0.74 (95% CI 0.65 to 0.85; p < 0.001).\n\nNo numbers here.\n\nOf 24 patients, 17 (71%) completed follow-up, t(16) = 4.11, p = .001.\n';

test('statisticsBySentence: the rules of one context share one grouping, made again when the lists change', () => {
  const { context } = analyzeNote(NOTE);
  const groups = statisticsBySentence(context);
  assert.deepEqual(groups.map((g) => g.sentence.start), [0, NOTE.indexOf('Of 24')]);
  assert.equal(groups.reduce((n, g) => n + g.stats.length, 0), context.statistics.length);
  assert.equal(statisticsBySentence(context), groups, 'the same context reads the same groups');
  // Another context with the same lists groups the same way.
  assert.deepEqual(statisticsBySentence({ ...context }), groups);
  // The statistics of the context replaced: grouped anew, not the first grouping.
  const firstOnly = context.statistics.filter((s) => s.start < NOTE.indexOf('No numbers'));
  const changed = { ...context, statistics: firstOnly };
  assert.equal(statisticsBySentence(changed).length, 1);
  changed.statistics = context.statistics;
  assert.deepEqual(statisticsBySentence(changed), groups);
  changed.sentences = context.sentences.slice(0, 1);
  assert.equal(statisticsBySentence(changed).length, 1);
});

test('findStatistics: each statistic keeps its fields in the documented order (the JSON a client reads is byte-stable)', () => {
  const keys = findStatistics('The hazard ratio was 0.74 (95% CI for the difference 0.65 to NE; p < 0.001), mean 4.2 ± 1.1 kg.').map((s) => Object.keys(s).join(' '));
  assert.deepEqual(keys, [
    'kind text start end id measure scale nullValue name value decimals unit',
    'kind text start end id lower upper lowerDecimals upperDecimals openUpper level levelAssumed interval unit forWhat measure scale nullValue',
    'kind text start end id comparator value decimals',
    'kind text start end id measure scale nullValue name value decimals unit sd sdDecimals comparator sdAssumed',
  ]);
});
