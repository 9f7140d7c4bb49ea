import type { Rule } from './rule';
import { checkInContext } from './_locality';
import { shiftOffsets } from '../positions';
import type { FindingDraft } from '../types';
import { nullPosition, reportedSignificance, ALPHA, asWritten, nearest, linked, type SentenceStatistics } from '../statistics/context';
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
  scope: 'context',
  context: {
    local(s, stats) {
      const group: SentenceStatistics = { sentence: s, stats: [...stats], byId: new Map(stats.map((x) => [String(x.id), x])) };
      const main = stats.length ? resultDraft(group) : undefined;
      const previous = stats.length ? asPrevious(group) : undefined;
      const m = absenceWording(s.prose);
      if (!main && !previous && !m) return undefined;
      const local: Local = {
        // Kept at offsets from the sentence's start.
        main: main && shiftOffsets(main, -s.start),
        previous: previous && { ...previous, resultStart: previous.resultStart - s.start, resultEnd: previous.resultEnd - s.start },
        wording: m && { index: m.index, text: m[0] },
        // A sentence with results of its own is judged on them.
        ownResults: stats.some((x) => x.kind === 'p' || x.kind === 'ci' || x.kind === 'test'),
      };
      return local;
    },
    facts() {
      return undefined;
    },
    check(ctx, i, local: Local, localOf: (k: number) => Local | undefined) {
      const s = ctx.sentences[i];
      const phases: FindingDraft[][] = [[], []];
      // "… (p = 0.34). The drug therefore has no effect on sleep.": the conclusion drawn in the next
      // sentence of the same paragraph, which reports no result of its own.
      const next = ctx.sentences[i + 1];
      const after = next && next.blockIndex === s.blockIndex ? localOf(i + 1) : undefined;
      if (local.previous && after?.wording && !after.ownResults) {
        const { wording } = after;
        phases[0].push({
          start: next.start + wording.index, end: next.start + wording.index + wording.text.length,
          message: `\`${wording.text}\` is concluded from the non-significant result in the previous sentence (\`${local.previous.text}\`): absence of evidence is not evidence of absence${local.previous.ciNote}.`,
          data: { resultStart: s.start + local.previous.resultStart, resultEnd: s.start + local.previous.resultEnd },
        });
      }
      if (local.main) phases[1].push(shiftOffsets(local.main, s.start));
      return phases;
    },
  },
  check(ctx) {
    return checkInContext(rule.context!, ctx);
  },
};

/** What the absence-of-evidence rule takes from one sentence alone. */
interface Local {
  /** Its own finding: absence wording concluded from its own non-significant result. */
  main?: FindingDraft;
  /** The non-significant result a next sentence's absence wording would be concluded from. */
  previous?: { text: string; resultStart: number; resultEnd: number; ciNote: string };
  wording?: { index: number; text: string };
  ownResults: boolean;
}

/** The finding of a sentence that words a non-significant result of its own as an absence of effect. */
function resultDraft(group: SentenceStatistics): FindingDraft | undefined {
  // Quote the p-value when there is one: writers recognise it faster than the interval.
  const nonSig = group.stats.find((s) => s.kind === 'p' && reportedSignificance(s, ALPHA) === false)
    ?? group.stats.find((s) => s.kind === 'ci' && nullPosition(s) === 'includes');
  if (!nonSig) return undefined;
  // A significant result in the same sentence makes the wording ambiguous: stay quiet.
  if (group.stats.some((s) => s.kind === 'p' && reportedSignificance(s, ALPHA) === true)) return undefined;
  const { prose, start: base } = group.sentence;
  ABSENCE_RE.lastIndex = 0;
  let m = ABSENCE_RE.exec(prose);
  // "did not differ significantly" states the test result, not an absence of effect.
  while (m && STATES_TEST_RE.test(prose.slice(m.index + m[0].length, m.index + m[0].length + 40))) m = ABSENCE_RE.exec(prose);
  if (!m) return undefined;
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
  return {
    start: base + m.index, end: base + m.index + m[0].length,
    message: `\`${m[0]}\` is concluded from a non-significant result (\`${quoted.text}\`): absence of evidence is not evidence of absence${ciNote}.`,
    data: { resultStart: quoted.start, resultEnd: quoted.end },
  };
}

/** The absence wording in a sentence, skipping "did not differ significantly" (which states the test result). */
function absenceWording(prose: string): RegExpExecArray | undefined {
  ABSENCE_RE.lastIndex = 0;
  let m = ABSENCE_RE.exec(prose);
  while (m && STATES_TEST_RE.test(prose.slice(m.index + m[0].length, m.index + m[0].length + 40))) m = ABSENCE_RE.exec(prose);
  return m ?? undefined;
}

/**
 * The non-significant result of a sentence that a conclusion in the next sentence would follow
 * from (none when the sentence also reports a significant result).
 */
function asPrevious(group: SentenceStatistics): { text: string; resultStart: number; resultEnd: number; ciNote: string } | undefined {
  const stats = group.stats;
  if (stats.some((s) => s.kind === 'p' && reportedSignificance(s, ALPHA) === true)) return undefined;
  if (stats.some((s) => s.kind === 'ci' && nullPosition(s) === 'excludes')) return undefined;
  // The result nearest the end of the sentence is the one the conclusion follows from.
  const result = nearest(stats, group.sentence.end, (s) =>
    (s.kind === 'p' && reportedSignificance(s, ALPHA) === false) || (s.kind === 'ci' && nullPosition(s) === 'includes'));
  if (!result) return undefined;
  const ci = result.kind === 'ci' ? result : linked(group, result, 'ciId');
  const ciNote = ci && nullPosition(ci) === 'includes'
    ? `; the interval \`${ci.text}\` is still compatible with effects from ${asWritten(ci.lower, ci.lowerDecimals)} to ${asWritten(ci.upper, ci.upperDecimals)}`
    : '; report the estimate and its confidence interval';
  return { text: result.text, resultStart: result.start, resultEnd: result.end, ciNote };
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
