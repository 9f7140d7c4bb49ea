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
import type { FindingDraft } from '../types';
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
  /** Drafts per rule id. */
  byRule: Map<string, FindingDraft[]>;
}

const LOCAL = 'rules: drafts of locally scoped rules, per sentence';

/**
 * The drafts of every 'sentence'- and 'statistics'-scoped rule in one pass over the sentences: one
 * memo look-up per sentence (not one per rule and sentence) finds what all of them said about an
 * unchanged sentence. Gives, per rule, what `checkEachSentence` / `checkBySentence` give, in the
 * same order; a rule that throws gets its first error (in sentence order) instead of drafts.
 */
export function checkLocalRules(rules: readonly Rule[], ctx: RuleContext, memo: Memo): Map<Rule, FindingDraft[] | Error> {
  const out = new Map<Rule, FindingDraft[] | Error>();
  for (const rule of rules) out.set(rule, []);
  if (!rules.length) return out;
  const groups = rules.some((r) => r.scope === 'statistics') ? statisticsBySentence(ctx) : [];
  // One space per set of rules, so a record always holds the drafts of every rule asked for.
  const space = memo.space<SentenceRecord>(`${LOCAL}: ${rules.map((r) => r.id).join(' ')}`);
  let g = 0;
  for (const s of ctx.sentences) {
    const group = groups[g]?.sentence === s ? groups[g++] : undefined;
    let kept = space.peek(s.prose);
    if (!kept || kept.text !== s.text || kept.block !== s.block || kept.quoteDepth !== s.quoteDepth
      || kept.statement !== s.claim.statement || kept.statementCue !== s.claim.statementCue) {
      const byRule = new Map<string, FindingDraft[]>();
      for (const rule of rules) {
        if (out.get(rule) instanceof Error) continue;
        if (rule.scope === 'statistics' && !group) {
          byRule.set(rule.id, []);
          continue;
        }
        try {
          byRule.set(rule.id, rule.check(rule.scope === 'statistics' ? { ...ctx, sentences: [s], statistics: group!.stats } : { ...ctx, sentences: [s] }));
        } catch (error) {
          out.set(rule, error instanceof Error ? error : new Error(String(error)));
        }
      }
      kept = { text: s.text, base: s.start, block: s.block, quoteDepth: s.quoteDepth, statement: s.claim.statement, statementCue: s.claim.statementCue, byRule };
      // A record missing a rule's drafts (it threw) is not kept: the next analysis asks again.
      if (byRule.size === rules.length) space.set(s.prose, kept);
    }
    const delta = s.start - kept.base;
    for (const rule of rules) {
      const list = out.get(rule);
      const drafts = kept.byRule.get(rule.id);
      if (!Array.isArray(list) || !drafts) continue;
      for (const d of drafts) list.push(delta ? shiftOffsets(d, delta) : d);
    }
  }
  return out;
}
