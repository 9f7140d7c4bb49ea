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
 * The result is what the rule's whole-note check gives, in the same order.
 */
import type { FindingDraft } from '../types';
import type { Memo } from '../memo';
import { shiftOffsets } from '../positions';
import type { Rule, RuleContext } from './rule';
import { statisticsBySentence, type SentenceStatistics } from '../statistics/context';

interface Kept {
  text: string;
  /** The sentence's start when the drafts were made. */
  base: number;
  drafts: FindingDraft[];
}

/** The drafts of a 'statistics'-scoped rule, sentence by sentence, re-using unchanged sentences' drafts. */
export function checkBySentence(rule: Rule, ctx: RuleContext, groups: SentenceStatistics[], memo: Memo): FindingDraft[] {
  const out: FindingDraft[] = [];
  const space = memo.space<Kept>(rule.id);
  for (const group of groups) {
    const s = group.sentence;
    let kept = space.peek(s.prose);
    if (!kept || kept.text !== s.text) {
      kept = { text: s.text, base: s.start, drafts: rule.check({ ...ctx, sentences: [s], statistics: group.stats }) };
      space.set(s.prose, kept);
    }
    const delta = s.start - kept.base;
    for (const d of kept.drafts) out.push(delta ? shiftOffsets(d, delta) : d);
  }
  return out;
}

interface KeptSentence extends Kept {
  block: string;
  quoteDepth: number;
  statement: string | undefined;
  statementCue: string | undefined;
}

/** The drafts of a 'sentence'-scoped rule, sentence by sentence, re-using unchanged sentences' drafts. */
export function checkEachSentence(rule: Rule, ctx: RuleContext, memo: Memo): FindingDraft[] {
  const out: FindingDraft[] = [];
  const space = memo.space<KeptSentence>(rule.id);
  for (const s of ctx.sentences) {
    let kept = space.peek(s.prose);
    if (!kept || kept.text !== s.text || kept.block !== s.block || kept.quoteDepth !== s.quoteDepth
      || kept.statement !== s.claim.statement || kept.statementCue !== s.claim.statementCue) {
      kept = {
        text: s.text, base: s.start, block: s.block, quoteDepth: s.quoteDepth, statement: s.claim.statement, statementCue: s.claim.statementCue,
        drafts: rule.check({ ...ctx, sentences: [s] }),
      };
      space.set(s.prose, kept);
    }
    const delta = s.start - kept.base;
    for (const d of kept.drafts) out.push(delta ? shiftOffsets(d, delta) : d);
  }
  return out;
}

/** The sentences' statistics, grouped once for all 'statistics'-scoped rules of an analysis. */
export { statisticsBySentence };
