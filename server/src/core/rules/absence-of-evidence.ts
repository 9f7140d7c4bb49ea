import type { Rule } from './rule';
import type { FindingDraft, SentenceInfo } from '../types';
import { statisticsBySentence, nullPosition, reportedSignificance, ALPHA, asWritten, nearest, linked, type SentenceStatistics } from '../statistics/context';
import { measureInfo } from '../statistics/index';
import { escapeRegex, wording } from '../statistics/lexicon';

const ABSENCE_RE = new RegExp(
  `\\b(?:${wording.absencePhrases.map((p) => p.phrase).sort((a, b) => b.length - a.length).map((p) => escapeRegex(p).replace(/ /g, '\\s+')).join('|')})\\b`, 'gi');

const STATES_TEST_RE = /^\s+(?:\w+\s+)?(?:statistically\s+)?significantly\b/i;

/**
 * "No effect" / "no difference" stated from a non-significant result. A non-significant test
 * does not show that there is no effect (Altman & Bland 1995: absence of evidence is not evidence
 * of absence); the estimate and its interval say how large an effect the data still allow.
 */
const rule: Rule = {
  id: 'absence-of-evidence',
  description: '"No effect" or "no difference" concluded from a non-significant result.',
  category: 'statistics',
  defaultSeverity: 'information',
  docs: {
    bad: 'Vitamin D had no effect on relapse rate (RR 0.85, 95% CI 0.62–1.17, p = 0.32).',
    good: 'The trial could not show an effect of vitamin D on relapse rate (RR 0.85, 95% CI 0.62–1.17, p = 0.32).',
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const groups = statisticsBySentence(ctx);
    checkNextSentence(ctx.sentences, groups, out);
    for (const group of groups) {
      // Quote the p-value when there is one: writers recognise it faster than the interval.
      const nonSig = group.stats.find((s) => s.kind === 'p' && reportedSignificance(s, ALPHA) === false)
        ?? group.stats.find((s) => s.kind === 'ci' && nullPosition(s) === 'includes');
      if (!nonSig) continue;
      // A significant result in the same sentence makes the wording ambiguous: stay quiet.
      if (group.stats.some((s) => s.kind === 'p' && reportedSignificance(s, ALPHA) === true)) continue;
      const { prose, start: base } = group.sentence;
      ABSENCE_RE.lastIndex = 0;
      let m = ABSENCE_RE.exec(prose);
      // "did not differ significantly" states the test result, not an absence of effect.
      while (m && STATES_TEST_RE.test(prose.slice(m.index + m[0].length, m.index + m[0].length + 40))) m = ABSENCE_RE.exec(prose);
      if (!m) continue;
      // Quote the result nearest to the wording, and its own interval: another result's interval says nothing here.
      const phrasePos = base + m.index;
      const nearestResult = nearest(group.stats, phrasePos, (s) =>
        (s.kind === 'p' && reportedSignificance(s, ALPHA) === false) || (s.kind === 'ci' && nullPosition(s) === 'includes')) ?? nonSig;
      const linkedCi = nearestResult.kind === 'ci' ? nearestResult : linked(group, nearestResult, 'ciId');
      const ci = linkedCi && nullPosition(linkedCi) === 'includes' ? linkedCi : undefined;
      const ownP = nearestResult.kind === 'ci' ? linked(group, nearestResult, 'pId') : undefined;
      const quoted = ownP && reportedSignificance(ownP, ALPHA) === false ? ownP : nearestResult;
      const label = ci ? measureInfo(ci)?.label : undefined;
      const range = ci ? `${asWritten(ci.lower, ci.lowerDecimals)} to ${asWritten(ci.upper, ci.upperDecimals)}` : '';
      const ciNote = ci
        ? `; the interval \`${ci.text}\` is still compatible with ${label && ci.scale !== 'none' ? `${label}s` : 'effects'} from ${range}${ci.scale === 'ratio' ? ` (${ratioWords(ci.lower, ci.upper)})` : ''}`
        : '; report the estimate and its confidence interval';
      out.push({
        start: base + m.index, end: base + m.index + m[0].length,
        message: `\`${m[0]}\` is concluded from a non-significant result (\`${quoted.text}\`): absence of evidence is not evidence of absence${ciNote}.`,
        data: { resultStart: quoted.start, resultEnd: quoted.end },
      });
    }
    return out;
  },
};

/** The absence wording in a sentence, skipping "did not differ significantly" (which states the test result). */
function absenceWording(prose: string): RegExpExecArray | undefined {
  ABSENCE_RE.lastIndex = 0;
  let m = ABSENCE_RE.exec(prose);
  while (m && STATES_TEST_RE.test(prose.slice(m.index + m[0].length, m.index + m[0].length + 40))) m = ABSENCE_RE.exec(prose);
  return m ?? undefined;
}

/**
 * "… (p = 0.34). The drug therefore has no effect on sleep.": the conclusion drawn in the next
 * sentence of the same paragraph, which reports no result of its own.
 */
function checkNextSentence(sentences: SentenceInfo[], groups: SentenceStatistics[], out: FindingDraft[]): void {
  if (groups.length === 0) return;
  const index = new Map(sentences.map((s, i) => [s, i]));
  const bySentence = new Map(groups.map((g) => [g.sentence, g]));
  for (const group of groups) {
    const i = index.get(group.sentence);
    if (i === undefined || i + 1 >= sentences.length) continue;
    const next = sentences[i + 1];
    if (next.blockIndex !== group.sentence.blockIndex) continue;
    // A sentence with results of its own is judged on them.
    const own = bySentence.get(next);
    if (own && own.stats.some((s) => s.kind === 'p' || s.kind === 'ci' || s.kind === 'test')) continue;
    const stats = group.stats;
    if (stats.some((s) => s.kind === 'p' && reportedSignificance(s, ALPHA) === true)) continue;
    if (stats.some((s) => s.kind === 'ci' && nullPosition(s) === 'excludes')) continue;
    // The result nearest the end of the sentence is the one the conclusion follows from.
    const result = nearest(stats, group.sentence.end, (s) =>
      (s.kind === 'p' && reportedSignificance(s, ALPHA) === false) || (s.kind === 'ci' && nullPosition(s) === 'includes'));
    if (!result) continue;
    const m = absenceWording(next.prose);
    if (!m) continue;
    const ci = result.kind === 'ci' ? result : linked(group, result, 'ciId');
    const ciNote = ci && nullPosition(ci) === 'includes'
      ? `; the interval \`${ci.text}\` is still compatible with effects from ${asWritten(ci.lower, ci.lowerDecimals)} to ${asWritten(ci.upper, ci.upperDecimals)}`
      : '; report the estimate and its confidence interval';
    out.push({
      start: next.start + m.index, end: next.start + m.index + m[0].length,
      message: `\`${m[0]}\` is concluded from the non-significant result in the previous sentence (\`${result.text}\`): absence of evidence is not evidence of absence${ciNote}.`,
      data: { resultStart: result.start, resultEnd: result.end },
    });
  }
}

/** "a 6% decrease to a 48% increase" for a ratio interval 0.94 to 1.48. */
function ratioWords(lower: number | undefined, upper: number | undefined): string {
  const word = (x: number | undefined) => {
    if (x === undefined) return '?';
    const pct = Math.round(Math.abs(x - 1) * 100);
    if (pct === 0) return 'no change';
    return `a ${pct}% ${x < 1 ? 'decrease' : 'increase'}`;
  };
  return `${word(lower)} to ${word(upper)}`;
}

export default rule;
