import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import { statisticsBySentence, nullPosition, reportedSignificance, ALPHA } from '../statistics/context';
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
    for (const group of statisticsBySentence(ctx)) {
      const nonSig = group.stats.find((s) =>
        (s.kind === 'p' && reportedSignificance(s, ALPHA) === false) ||
        (s.kind === 'ci' && nullPosition(s) === 'includes'));
      if (!nonSig) continue;
      // A significant result in the same sentence makes the wording ambiguous: stay quiet.
      if (group.stats.some((s) => s.kind === 'p' && reportedSignificance(s, ALPHA) === true)) continue;
      const { prose, start: base } = group.sentence;
      ABSENCE_RE.lastIndex = 0;
      let m = ABSENCE_RE.exec(prose);
      // "did not differ significantly" states the test result, not an absence of effect.
      while (m && STATES_TEST_RE.test(prose.slice(m.index + m[0].length, m.index + m[0].length + 40))) m = ABSENCE_RE.exec(prose);
      if (!m) continue;
      const ci = group.stats.find((s) => s.kind === 'ci' && nullPosition(s) === 'includes');
      const ciNote = ci ? `; the interval \`${ci.text}\` still allows effects from ${ci.lower} to ${ci.upper}` : '; report the estimate and its confidence interval';
      out.push({
        start: base + m.index, end: base + m.index + m[0].length,
        message: `\`${m[0]}\` is concluded from a non-significant result (\`${nonSig.text}\`): absence of evidence is not evidence of absence${ciNote}.`,
        data: { resultStart: nonSig.start, resultEnd: nonSig.end },
      });
    }
    return out;
  },
};

export default rule;
