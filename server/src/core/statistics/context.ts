/** Helpers the statistics rules share: statistics grouped by sentence, links resolved by id. */
import type { SentenceInfo, Statistic } from '../types';
import type { RuleContext } from '../rules/rule';
import { fmt } from './numbers';

/** The conventional significance level the rules judge against. */
export const ALPHA = 0.05;

export interface SentenceStatistics {
  sentence: SentenceInfo;
  stats: Statistic[];
  byId: Map<string, Statistic>;
}

/**
 * The groups made for each rule context, with the lists they were made from: the statistics rules
 * of one analysis share one context, so they group once instead of once per rule.
 */
const groupsByContext = new WeakMap<RuleContext, { sentences: readonly SentenceInfo[]; statistics: readonly Statistic[]; groups: readonly SentenceStatistics[] }>();

/** Statistics of each sentence (sentences without any are skipped); shared by every reader, not to be changed. */
export function statisticsBySentence(ctx: RuleContext): readonly SentenceStatistics[] {
  const made = groupsByContext.get(ctx);
  if (made && made.sentences === ctx.sentences && made.statistics === ctx.statistics) return made.groups;
  const groups = groupStatistics(ctx);
  groupsByContext.set(ctx, { sentences: ctx.sentences, statistics: ctx.statistics, groups });
  return groups;
}

function groupStatistics(ctx: RuleContext): SentenceStatistics[] {
  const out: SentenceStatistics[] = [];
  const all = ctx.statistics;
  let i = 0;
  const sorted = all.length > 1 && all.some((s, k) => k > 0 && all[k - 1].start > s.start) ? [...all].sort((a, b) => a.start - b.start) : all;
  for (const sentence of ctx.sentences) {
    while (i < sorted.length && sorted[i].start < sentence.start) i++;
    let j = i;
    while (j < sorted.length && sorted[j].end <= sentence.end) j++;
    if (j > i) {
      const stats = sorted.slice(i, j);
      out.push({ sentence, stats, byId: new Map(stats.map((s) => [String(s.id), s])) });
    }
    i = j;
  }
  return out;
}

/** Resolves a link field (`pId`, `ciId`, `estimateId`, `testId`). */
export function linked(group: SentenceStatistics, s: Statistic, field: 'pId' | 'ciId' | 'estimateId' | 'testId' | 'rangeId'): Statistic | undefined {
  const id = s[field];
  return typeof id === 'string' ? group.byId.get(id) : undefined;
}

/** Significance of a reported p at α: true, false, or undefined when it cannot tell (p < .10). */
export function reportedSignificance(p: Statistic, alpha = ALPHA): boolean | undefined {
  if (p.ns) return false;
  const v = p.value;
  if (v === undefined) return undefined;
  const c = p.comparator ?? '=';
  if (c === '=') return v <= alpha;
  if (c === '<' || c === '<=') return v <= alpha ? true : undefined;
  return v >= alpha ? false : undefined;
}

/** Does the interval include, exclude or touch its null value? */
export function nullPosition(ci: Statistic): 'includes' | 'excludes' | 'boundary' | undefined {
  // A prediction interval describes where a new study's effect may fall, not significance.
  if (ci.interval === 'prediction') return undefined;
  const n = typeof ci.nullValue === 'number' ? ci.nullValue : undefined;
  if (n === undefined || ci.lower === undefined || ci.upper === undefined) return undefined;
  const lo = Math.min(ci.lower, ci.upper);
  const hi = Math.max(ci.lower, ci.upper);
  if (lo < n && hi > n) return 'includes';
  if (lo > n || hi < n) return 'excludes';
  return 'boundary';
}

/** The interval as written in messages: "0.61 to 0.89". */
export function intervalText(ci: Statistic): string {
  return `${asWritten(ci.lower, ci.lowerDecimals)} to ${asWritten(ci.upper, ci.upperDecimals)}`;
}

/** A parsed number shown with the decimals it was written with (and a Unicode minus). */
export function asWritten(value: number | undefined, decimals: unknown): string {
  if (value === undefined) return '?';
  const d = typeof decimals === 'number' && decimals <= 10 ? decimals : undefined;
  const s = d === undefined ? fmt(value, 10) : Math.abs(value).toFixed(d);
  return value < 0 ? `−${s.replace(/^-/, '')}` : s;
}

/** Statistics sorted by distance from a position (nearest first). */
export function nearest(stats: Statistic[], pos: number, keep: (s: Statistic) => boolean): Statistic | undefined {
  let best: Statistic | undefined;
  let bestD = Infinity;
  for (const s of stats) {
    if (!keep(s)) continue;
    const d = s.start >= pos ? s.start - pos : pos >= s.end ? pos - s.end : 0;
    if (d < bestD) { best = s; bestD = d; }
  }
  return best;
}
