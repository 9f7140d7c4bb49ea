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
 * The result is what the rule's whole-note check gives, in the same order. All such rules run in
 * one pass, one memo look-up per sentence (`checkLocalRules`).
 */
import type { FindingDraft, SentenceInfo, Statistic } from '../types';
import type { Memo } from '../memo';
import { shiftOffsets } from '../positions';
import type { Rule, RuleContext } from './rule';
import { statisticsBySentence } from '../statistics/context';

/** One sentence's drafts of every locally scoped rule, kept at the sentence's start when made. */
interface SentenceRecord {
  text: string;
  /** The sentence's start when the drafts were made. */
  base: number;
  block: string;
  quoteDepth: number;
  statement: string | undefined;
  statementCue: string | undefined;
  /** Drafts per 'sentence'- or 'statistics'-scoped rule id. */
  byRule: Map<string, FindingDraft[]>;
  /** What each 'context'-scoped rule takes from the sentence alone (see ContextScope.local). */
  locals: Map<string, unknown>;
}

const LOCAL = 'rules: drafts of locally scoped rules, per sentence';

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
  let g = 0;
  for (const s of ctx.sentences) {
    const group = groups[g]?.sentence === s ? groups[g++] : undefined;
    locals.push(scope.local(s, group?.stats ?? []));
  }
  return judgeInContext(scope, ctx, locals);
}

function judgeInContext<L, F>(scope: ContextScope<L, F>, ctx: RuleContext, locals: (L | undefined)[]): FindingDraft[] {
  const phases: FindingDraft[][] = [];
  let facts: F | undefined;
  let made = false;
  const localOf = (k: number) => locals[k];
  for (let i = 0; i < locals.length; i++) {
    const local = locals[i];
    if (local === undefined) continue;
    if (!made) {
      facts = scope.facts(ctx);
      made = true;
    }
    scope.check(ctx, i, local, localOf, facts as F).forEach((list, p) => {
      (phases[p] ??= []).push(...list);
    });
  }
  return phases.flat();
}

/**
 * The drafts of every 'sentence'-, 'statistics'- and 'context'-scoped rule in one pass over the
 * sentences: one memo look-up per sentence (not one per rule and sentence) finds what all of them
 * took from an unchanged sentence. Gives, per rule, what its whole-note check gives, in the same
 * order; a rule that throws gets its first error (in sentence order) instead of drafts.
 */
export function checkLocalRules(rules: readonly Rule[], ctx: RuleContext, memo: Memo): Map<Rule, FindingDraft[] | Error> {
  const out = new Map<Rule, FindingDraft[] | Error>();
  for (const rule of rules) out.set(rule, []);
  if (!rules.length) return out;
  const contextRules = rules.filter((r) => r.scope === 'context' && r.context);
  const groups = rules.some((r) => r.scope === 'statistics' || r.scope === 'context') ? statisticsBySentence(ctx) : [];
  const locals = contextRules.map(() => [] as unknown[]);
  // One space per set of rules, so a record always holds the drafts of every rule asked for.
  const space = memo.space<SentenceRecord>(`${LOCAL}: ${rules.map((r) => r.id).join(' ')}`);
  let g = 0;
  for (const s of ctx.sentences) {
    const group = groups[g]?.sentence === s ? groups[g++] : undefined;
    let kept = space.peek(s.prose);
    if (!kept || kept.text !== s.text || kept.block !== s.block || kept.quoteDepth !== s.quoteDepth
      || kept.statement !== s.claim.statement || kept.statementCue !== s.claim.statementCue) {
      const byRule = new Map<string, FindingDraft[]>();
      const local = new Map<string, unknown>();
      for (const rule of rules) {
        if (out.get(rule) instanceof Error) continue;
        if (rule.scope === 'statistics' && !group) {
          byRule.set(rule.id, []);
          continue;
        }
        try {
          if (rule.scope === 'context') local.set(rule.id, rule.context!.local(s, group?.stats ?? []));
          else byRule.set(rule.id, rule.check(rule.scope === 'statistics' ? { ...ctx, sentences: [s], statistics: group!.stats } : { ...ctx, sentences: [s] }));
        } catch (error) {
          out.set(rule, error instanceof Error ? error : new Error(String(error)));
        }
      }
      kept = { text: s.text, base: s.start, block: s.block, quoteDepth: s.quoteDepth, statement: s.claim.statement, statementCue: s.claim.statementCue, byRule, locals: local };
      // A record missing a rule's part (it threw) is not kept: the next analysis asks again.
      if (byRule.size + local.size === rules.length) space.set(s.prose, kept);
    }
    const delta = s.start - kept.base;
    for (const rule of rules) {
      const list = out.get(rule);
      const drafts = kept.byRule.get(rule.id);
      if (!Array.isArray(list) || !drafts) continue;
      for (const d of drafts) list.push(delta ? shiftOffsets(d, delta) : d);
    }
    for (let r = 0; r < contextRules.length; r++) locals[r].push(kept.locals.get(contextRules[r].id));
  }
  contextRules.forEach((rule, r) => {
    if (out.get(rule) instanceof Error) return;
    try {
      out.set(rule, judgeInContext(rule.context!, ctx, locals[r]));
    } catch (error) {
      out.set(rule, error instanceof Error ? error : new Error(String(error)));
    }
  });
  return out;
}
