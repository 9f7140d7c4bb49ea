/**
 * Re-using a rule's drafts across the versions of one note. A rule whose `scope` is 'sentence'
 * judges each sentence on its own: its drafts for one sentence depend only on that sentence (text,
 * prose, block, quote depth and claim profile with its statement kind; the profile is made from
 * the prose and block). A rule whose `scope` is 'statistics'
 * judges each sentence's statistics on their own: its drafts for one sentence depend only on that
 * sentence's text and prose and the statistics in it (which the recogniser finds in the prose),
 * never on other sentences, the settings or the sources. Its drafts are then kept per sentence,
 * offsets made sentence-relative, and a sentence whose text and prose are unchanged gets them back
 * at its new place; only new sentences are checked (the rule runs on a context holding just them).
 * A rule whose `scope` is 'context' judges each sentence by what is around it (its block, section,
 * citations, the note's sources): what it takes from the sentence alone (`ContextScope.local`) is
 * kept per sentence the same way, and only sentences with such a part are judged on each analysis.
 * The result is what the rule's whole-note check gives, in the same order. All such rules run in
 * one pass over the sentences (`checkLocalRules`).
 */
import type { FindingDraft, SentenceInfo, Statistic } from '../types';
import type { Memo } from '../memo';
import { shiftByPlan, shiftPlan, type ShiftPlan } from '../positions';
import { contextWith, type Rule, type RuleContext } from './rule';
import type { PlacedList } from '../placed';
import { statisticsBySentence } from '../statistics/context';
import { alignSentences } from '../evidence/aligned';

/** One sentence's drafts of every locally scoped rule, kept at the sentence's start when made. */
interface SentenceRecord {
  text: string;
  /** The sentence's start when the drafts were made. */
  base: number;
  block: string;
  quoteDepth: number;
  statement: string | undefined;
  statementCue: string | undefined;
  /**
   * Per rule (in the order of the rules asked for): a 'sentence'- or 'statistics'-scoped rule's
   * drafts, or what a 'context'-scoped rule takes from the sentence alone (see ContextScope.local).
   */
  parts: unknown[];
  /** How each draft of a 'sentence'- or 'statistics'-scoped rule moves (`shiftPlan`), parallel to its part; worked out once. */
  plans: (ShiftPlan | undefined)[][];
  /** Whether any part is a non-empty list of drafts or a defined local part. */
  some: boolean;
}

const LOCAL = 'rules: drafts of locally scoped rules, per sentence';

/** The last analysis's sentences and records, in note order. */
interface LastRun {
  /** The sentences as that analysis had them (never changed after it: each analysis has its own copies). */
  sentences: readonly SentenceInfo[];
  records: (SentenceRecord | undefined)[];
}

const LAST = 'last';

/**
 * The record the last analysis used for each sentence that an edit left where it was: the
 * sentences before the edit and after it are the same as last time (same text and prose, see
 * alignSentences), so most sentences find their record without a look-up by text (`aligned`: its
 * text is the sentence's, no need to compare). The last analysis's sentences between those (around
 * the edit) are looked up by prose. A record found still has to fit the sentence (the caller
 * checks, as for the memo's).
 */
function keptInOrder(last: LastRun | undefined, sentences: SentenceInfo[]): { at(i: number): SentenceRecord | undefined; aligned(i: number): boolean } {
  if (!last) return { at: () => undefined, aligned: () => false };
  const n = sentences.length;
  const before = last.sentences;
  const m = before.length;
  // Same text and prose at the same place (see alignSentences: the evidence stage aligned the same lists).
  const { head, tail } = alignSentences(before, sentences);
  const around = new Map<string, SentenceRecord>();
  for (let j = head; j < m - tail; j++) {
    const record = last.records[j];
    if (record && !around.has(before[j].prose)) around.set(before[j].prose, record);
  }
  return {
    at: (i) => (i < head ? last.records[i] : i >= n - tail ? last.records[i - n + m] : around.get(sentences[i].prose)),
    aligned: (i) => i < head || i >= n - tail,
  };
}

/**
 * A rule judged sentence by sentence that reads around the sentence (its block, section, citations,
 * the note's sources): what it takes from the sentence alone is kept across edits, the rest is
 * looked at again on every analysis, only for the sentences that can get a finding.
 */
export interface ContextScope<L, F> {
  /**
   * What the sentence alone gives the rule: it may read the sentence's text, prose, block, quote
   * depth, claim profile with its statement kind, and the statistics found in it, nothing else;
   * offsets relative to the sentence's start. Undefined: the sentence neither gets drafts nor
   * tells its neighbours anything.
   */
  local(s: SentenceInfo, stats: readonly Statistic[]): L | undefined;
  /** Note-level facts, once per analysis (cheap: no pass over every sentence). */
  facts(ctx: RuleContext): F;
  /**
   * The drafts of sentence `i` (whose local part is `local`), one list per phase: the rule's
   * drafts are every sentence's first list in note order, then every sentence's second… `localOf`
   * gives another sentence's local part.
   */
  check(ctx: RuleContext, i: number, local: L, localOf: (k: number) => L | undefined, facts: F): FindingDraft[][];
}

/** A 'context'-scoped rule's whole-note check: the same per-sentence judgement, without a memo. */
export function checkInContext<L, F>(scope: ContextScope<L, F>, ctx: RuleContext): FindingDraft[] {
  const groups = statisticsBySentence(ctx);
  const locals: (L | undefined)[] = [];
  const candidates: number[] = [];
  let g = 0;
  ctx.sentences.forEach((s, i) => {
    const group = groups[g]?.sentence === s ? groups[g++] : undefined;
    const local = scope.local(s, group?.stats ?? []);
    locals.push(local);
    if (local !== undefined) candidates.push(i);
  });
  return judgeInContext(scope, ctx, locals, candidates);
}

/** The drafts of the sentences `candidates` (those with a local part, in note order). */
function judgeInContext<L, F>(scope: ContextScope<L, F>, ctx: RuleContext, locals: (L | undefined)[], candidates: number[]): FindingDraft[] {
  if (!candidates.length) return [];
  const phases: FindingDraft[][] = [];
  const facts = scope.facts(ctx);
  const localOf = (k: number) => locals[k];
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c];
    const lists = scope.check(ctx, i, locals[i] as L, localOf, facts);
    for (let p = 0; p < lists.length; p++) {
      const into = (phases[p] ??= []);
      for (let k = 0; k < lists[p].length; k++) into.push(lists[p][k]);
    }
  }
  return phases.flat();
}

/**
 * The statistics of each sentence in turn, as statisticsBySentence groups them: `next` must see
 * every sentence, in note order; `stats` then gives the current sentence's (made only when asked).
 */
class StatisticsCursor {
  private readonly sorted: Statistic[];
  private at = 0;
  private from = 0;

  constructor(all: Statistic[]) {
    this.sorted = all.length > 1 && all.some((x, k) => k > 0 && all[k - 1].start > x.start) ? [...all].sort((a, b) => a.start - b.start) : all;
  }

  next(sentence: SentenceInfo): void {
    const sorted = this.sorted;
    let i = this.at;
    while (i < sorted.length && sorted[i].start < sentence.start) i++;
    let j = i;
    while (j < sorted.length && sorted[j].end <= sentence.end) j++;
    this.from = i;
    this.at = j;
  }

  /** The current sentence's statistics, undefined when it has none. */
  stats(): Statistic[] | undefined {
    return this.at > this.from ? this.sorted.slice(this.from, this.at) : undefined;
  }
}

/**
 * A sentence's statistics as the cursor gives them (statisticsBySentence's group: those inside it,
 * by start), undefined when it has none. A sentence's statistics are found in its prose, so they
 * lie inside it.
 */
function statisticsIn(placed: PlacedList<Statistic>, s: SentenceInfo): Statistic[] | undefined {
  const stats = placed.within(s.start, s.end);
  if (!stats.length) return undefined;
  for (let k = 1; k < stats.length; k++) if (stats[k - 1].start > stats[k].start) return stats.sort((a, b) => a.start - b.start);
  return stats;
}

/**
 * The drafts of every 'sentence'-, 'statistics'- and 'context'-scoped rule in one pass over the
 * sentences: one memo look-up per sentence (not one per rule and sentence) finds what all of them
 * took from an unchanged sentence. Gives, per rule, what its whole-note check gives, in the same
 * order; a rule that throws gets its first error (in sentence order) instead of drafts.
 */
export function checkLocalRules(rules: readonly Rule[], ctx: RuleContext, memo: Memo): Map<Rule, FindingDraft[] | Error> {
  const out = new Map<Rule, FindingDraft[] | Error>();
  if (!rules.length) return out;
  const lists: FindingDraft[][] = rules.map(() => []);
  const failed: (Error | undefined)[] = rules.map(() => undefined);
  const isContext = rules.map((r) => r.scope === 'context' && !!r.context);
  // Per 'context'-scoped rule: the sentences' local parts (by sentence index) and the sentences that have one.
  const locals = rules.map((): unknown[] => []);
  const candidates = rules.map((): number[] => []);
  // Statistics of a sentence, found only for a sentence judged again: by a search of the placed
  // blocks (moving only theirs), else the cursor walks them all.
  const reads = rules.some((r) => r.scope === 'statistics' || r.scope === 'context');
  const placed = reads ? ctx.placed?.statistics : undefined;
  const cursor = placed ? undefined : new StatisticsCursor(reads ? ctx.statistics : []);
  // One space per set of rules, so a record always holds the part of every rule asked for.
  const ids = rules.map((r) => r.id).join(' ');
  const space = memo.space<SentenceRecord>(`${LOCAL}: ${ids}`);
  const runs = memo.space<LastRun>(`${LOCAL}, last run: ${ids}`);
  const sentences = ctx.sentences;
  const found = keptInOrder(runs.peek(LAST), sentences);
  const run: LastRun = { sentences, records: [] };
  sentences.forEach((s, si) => {
    cursor?.next(s);
    const inOrder = found.at(si);
    let kept = inOrder ?? space.peek(s.prose);
    // A record kept by place holds the sentence's text (the same string, no comparison needed).
    if (!kept || (!(inOrder && found.aligned(si)) && kept.text !== s.text) || kept.block !== s.block || kept.quoteDepth !== s.quoteDepth
      || kept.statement !== s.claim.statement || kept.statementCue !== s.claim.statementCue) {
      const stats = cursor ? cursor.stats() : statisticsIn(placed!, s);
      const parts: unknown[] = [];
      const plans: (ShiftPlan | undefined)[][] = [];
      let complete = true;
      let some = false;
      rules.forEach((rule, r) => {
        if (failed[r]) {
          complete = false;
          return;
        }
        try {
          let part: unknown;
          if (isContext[r]) part = rule.context!.local(s, stats ?? []);
          else if (rule.scope === 'statistics') part = stats ? rule.check(contextWith(ctx, { sentences: [s], statistics: stats, placed: undefined })) : [];
          else part = rule.check(contextWith(ctx, { sentences: [s] }));
          parts[r] = part;
          if (!isContext[r]) plans[r] = (part as FindingDraft[]).map(shiftPlan);
          if (isContext[r] ? part !== undefined : (part as FindingDraft[]).length > 0) some = true;
        } catch (error) {
          failed[r] = error instanceof Error ? error : new Error(String(error));
          complete = false;
        }
      });
      kept = { text: s.text, base: s.start, block: s.block, quoteDepth: s.quoteDepth, statement: s.claim.statement, statementCue: s.claim.statementCue, parts, plans, some };
      // A record missing a rule's part (it threw) is not kept: the next analysis asks again.
      if (complete) space.set(s.prose, kept);
      else {
        run.records[si] = undefined;
        if (!kept.some) return;
      }
    }
    if (run.records.length === si) run.records.push(kept);
    if (!kept.some) return;
    const delta = s.start - kept.base;
    // Drafts moved here are kept here: the next analysis finds them at this place (the same objects
    // while no edit moves the sentence again, so their findings are kept too, see runRules).
    let moved: unknown[] | undefined;
    for (let r = 0; r < rules.length; r++) {
      const part = kept.parts[r];
      if (part === undefined) continue;
      if (isContext[r]) {
        if (failed[r]) continue;
        locals[r][si] = part;
        candidates[r].push(si);
        continue;
      }
      let drafts = part as FindingDraft[];
      if (delta && drafts.length) {
        const plans = kept.plans[r];
        const shifted: FindingDraft[] = [];
        for (let k = 0; k < drafts.length; k++) shifted.push(shiftByPlan(drafts[k], plans[k], delta));
        (moved ??= kept.parts.slice())[r] = drafts = shifted;
      }
      if (!failed[r]) for (let k = 0; k < drafts.length; k++) lists[r].push(drafts[k]);
    }
    if (moved && run.records[si] === kept) run.records[si] = { ...kept, base: s.start, parts: moved };
  });
  if (run.records.length === sentences.length) runs.set(LAST, run);
  rules.forEach((rule, r) => {
    if (!failed[r] && isContext[r]) {
      try {
        lists[r] = judgeInContext(rule.context!, ctx, locals[r], candidates[r]);
      } catch (error) {
        failed[r] = error instanceof Error ? error : new Error(String(error));
      }
    }
    out.set(rule, failed[r] ?? lists[r]);
  });
  return out;
}
