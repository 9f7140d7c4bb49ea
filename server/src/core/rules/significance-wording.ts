import type { Rule } from './rule';
import type { FindingDraft, Statistic } from '../types';
import { statisticsBySentence, nearest, nullPosition, reportedSignificance, intervalText, ALPHA } from '../statistics/context';
import { escapeRegex, wording } from '../statistics/lexicon';

const SIGNIFICANT_RE = /\b(?:statistically\s+)?significan(?:t|tly|ce)\b/gi;
const NEGATOR_RE = new RegExp(
  `(?:\\b(?:${wording.significanceNegators.map((w) => escapeRegex(w.word)).join('|')})\\b|n['’]t)(?:\\s+\\w+){0,3}?\\s*$`, 'i');
/** "non-significant", "insignificant": the negation is glued to the word. */
const PREFIX_NEGATION_RE = /\b(?:non-?|in)$/i;
/** "marginally significant", "a trend towards significance": a non-significant result presented as almost significant. */
const NEAR_MISS_RE = new RegExp(`\\b(?:${wording.nearMissQualifiers.map((w) => escapeRegex(w.word).replace(/ /g, '\\s+')).join('|')})\\s+(?:(?:statistical|statistically)\\s+)?$`, 'i');
const NOT_STATISTICAL_RE = /\b(?:clinically|practically|biologically|socially|historically|personally)\s+$/i;

/** Is the result `s` (a p or an interval) significant at α; undefined when it cannot tell. */
function resultSignificance(s: Statistic): boolean | undefined {
  if (s.kind === 'p') return reportedSignificance(s, ALPHA);
  const pos = nullPosition(s);
  if ((s.level ?? 95) !== 95) return undefined;
  return pos === 'excludes' ? true : pos === 'includes' ? false : undefined;
}

/**
 * "Significant(ly)" next to a result that is not significant (p ≥ .05, "ns", or a 95% interval
 * that includes the null), and "not significant" next to one that is. Each wording is judged
 * against its nearest result in the same sentence.
 */
const rule: Rule = {
  id: 'significance-wording',
  description: '"Significant" wording that the reported p-value or interval does not support.',
  category: 'statistics',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Treatment significantly reduced relapses (p = 0.08).',
    good: 'Relapses were fewer with treatment, but the difference was not statistically significant (p = 0.08).',
  },
  scope: 'statistics',
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const group of statisticsBySentence(ctx)) {
      const results = group.stats.filter((s) => s.kind === 'p' || (s.kind === 'ci' && nullPosition(s) !== undefined));
      if (!results.length) continue;
      const { prose, start: base } = group.sentence;
      SIGNIFICANT_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = SIGNIFICANT_RE.exec(prose)) !== null) {
        const before = prose.slice(Math.max(0, m.index - 40), m.index);
        if (NOT_STATISTICAL_RE.test(before)) continue;
        const negated = NEGATOR_RE.test(before) || PREFIX_NEGATION_RE.test(before);
        const pos = base + m.index;
        const result = nearest(results, pos, () => true);
        if (!result) continue;
        const sig = resultSignificance(result);
        if (sig === undefined) continue;
        const level = typeof result.level === 'number' ? result.level : 95;
        const shown = result.kind === 'p' ? `\`${result.text}\`` : `the ${level}% interval ${intervalText(result)} (\`${result.text}\`), which includes the null value ${String(result.nullValue)}`;
        const why = result.kind !== 'p' ? '' : result.ns ? ' (reported as not significant)' : sig ? ` (p is at most ${ALPHA})` : ` (p is above ${ALPHA})`;
        const nearMiss = !negated ? NEAR_MISS_RE.exec(before) : null;
        if (nearMiss && sig === false) {
          const start = pos - nearMiss[0].length;
          const phrase = prose.slice(start - base, m.index + m[0].length);
          const ownP = result.kind === 'ci' ? group.stats.find((x) => x.id === result.pId) : undefined;
          const quoted = ownP && reportedSignificance(ownP, ALPHA) === false ? ownP : result;
          const reason = quoted.kind === 'p'
            ? (quoted.ns ? `\`${quoted.text}\` is reported as not significant` : `\`${quoted.text}\` is above ${ALPHA}`)
            : `\`${quoted.text}\` includes the null value ${String(quoted.nullValue)}`;
          out.push({
            start, end: pos + m[0].length,
            message: `\`${phrase}\` presents a result that is not significant at α = ${ALPHA} as almost significant (${reason}); a p-value does not approach a threshold, so report it as not statistically significant, with the estimate and its interval.`,
            data: { resultStart: result.start, resultEnd: result.end },
          });
        } else if (!negated && sig === false) {
          out.push({
            start: pos, end: pos + m[0].length,
            message: `\`${m[0]}\` describes a result that is not significant at α = ${ALPHA}: ${shown}${why}; say \`not statistically significant\` or report the estimate and its interval instead.`,
            data: { resultStart: result.start, resultEnd: result.end },
          });
        } else if (negated && sig === true && result.kind === 'p') {
          out.push({
            start: pos, end: pos + m[0].length,
            message: `\`${m[0]}\` is negated, but the nearest result ${shown} is significant at α = ${ALPHA}${why}.`,
            data: { resultStart: result.start, resultEnd: result.end },
          });
        }
      }
    }
    return out;
  },
};

export default rule;
