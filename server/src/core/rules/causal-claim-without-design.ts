import type { Rule } from './rule';
import type { MemoSpace } from '../memo';
import { checkInContext } from './_locality';
import type { SentenceInfo } from '../types';
import { OBSERVATIONAL_DESIGNS, studyDesign } from '../evidence/study';

const DESIGN_SPACE = 'causal-claim-without-design: study design of a text';

interface StudyProfileLike { design?: string[] }

/** Designs that assign treatment or pool trials: they can carry causal wording. */
const ASSIGNING = new Set(['randomised controlled trial', 'meta-analysis', 'systematic review']);

const observationalOnly = (design: string[] | undefined): string[] | undefined => {
  const d = design ?? [];
  const observed = d.filter((x) => OBSERVATIONAL_DESIGNS.has(x));
  return observed.length && !d.some((x) => ASSIGNING.has(x)) ? observed : undefined;
};

/**
 * A causal claim ("reduces", "prevents", "due to") resting on evidence whose design is known to be
 * observational: the cited source's text names a cohort, case-control, cross-sectional or registry
 * design, or the note itself says so where the claim sits (the sentence, its paragraph or list
 * item, or the heading of its section). An unknown design says nothing: the rule is then silent.
 */
const rule: Rule = {
  id: 'causal-claim-without-design',
  description: 'Causal claim resting on evidence known to be observational (cohort, case-control, registry).',
  category: 'claims',
  defaultSeverity: 'information',
  docs: {
    bad: 'In a registry cohort of 12,000 adults, statin use reduced dementia by 20%.',
    good: 'In a registry cohort of 12,000 adults, statin use was associated with 20% less dementia.',
  },
  scope: 'context',
  context: {
    // Only an unnegated causal claim stating a finding, outside quotes, can be flagged.
    local(s) {
      const p = s.claim;
      if (!p.isClaim || p.relation !== 'causal' || p.negated || s.quoteDepth > 0) return undefined;
      if (p.statement !== undefined && p.statement !== 'finding') return undefined;
      return true;
    },
    facts(ctx) {
      const citationsBySentence = new Map<number, string[]>();
      // forEach, not for-of: no iterator result per claim on code not yet optimised (the first keystrokes).
      ctx.claims.forEach((c) => citationsBySentence.set(c.sentence, c.citations ?? []));
      // A design named in a text depends on the text alone: kept across analyses, one space asked once.
      const designs = ctx.memo?.space<string[]>(DESIGN_SPACE);
      return { profiles: (ctx.extras.studyProfiles ?? {}) as Record<string, StudyProfileLike | undefined>, citationsBySentence, designs };
    },
    check(ctx, i, _local, _localOf, { profiles, citationsBySentence, designs }: {
      profiles: Record<string, StudyProfileLike | undefined>; citationsBySentence: Map<number, string[]>; designs: MemoSpace<string[]> | undefined;
    }) {
      const s = ctx.sentences[i];
      const p = s.claim;
      const own = citationsBySentence.get(i) ?? [];
      let design: string[] | undefined;
      let where = '';
      if (own.length) {
        const known = own.map((id) => profiles[id]?.design ?? []).filter((d) => d.length);
        // Every cited source with a known design is observational.
        if (known.length && known.every((d) => observationalOnly(d))) {
          design = [...new Set(known.flat().filter((x) => OBSERVATIONAL_DESIGNS.has(x)))];
          where = `the cited source${own.length > 1 ? 's' : ''} (${own.map((id) => `\`${id}\``).join(', ')})`;
        }
      } else {
        // The note itself, in this order (the first text naming a design decides): the sentence, the
        // rest of its block, the list item just before in the same list (a list of points about one
        // report), then its section headings.
        let d = designOf(designs, s.prose);
        if (d.length) where = 'this sentence';
        else {
          d = designOf(designs, blockProse(ctx.sentences, s.blockIndex, i));
          if (d.length) where = `this ${s.block === 'listItem' ? 'list item' : 'paragraph'}`;
        }
        if (!d.length && s.block === 'listItem') {
          const previous = blockProse(ctx.sentences, s.blockIndex - 1, i, s);
          if (previous) {
            d = designOf(designs, previous);
            if (d.length) where = 'the list item before it';
          }
        }
        for (let h = s.section ?? -1; !d.length && h >= 0; h = ctx.sentences[h].section ?? -1) {
          d = designOf(designs, ctx.sentences[h].text);
          if (d.length) where = 'the section heading';
        }
        if (d.length) design = observationalOnly(d);
      }
      if (!design) return [[]];
      const cue = p.cues.find((c) => c.kind === 'relation');
      const start = cue?.start ?? s.start;
      const end = cue?.end ?? s.end;
      return [[{
        start,
        end,
        message: `Causal claim: \`${cue?.text ?? s.text.trim()}\` states a cause and effect, but ${where} describes ${design.join(', ')} evidence, which shows an association; use associational wording (\`is associated with\`) or name a trial.`,
        data: { relation: p.relation, citations: own, design, confidence: 0.7 },
      }]];
    },
  },
  check(ctx) {
    return checkInContext(rule.context!, ctx);
  },
};

/** The study design a text names (none: an empty list), from `designs` when an earlier analysis found it. */
function designOf(designs: MemoSpace<string[]> | undefined, text: string): string[] {
  const find = (): string[] => studyDesign({ text });
  return designs ? designs.get(text, find) : find();
}

/**
 * The prose of block `blockIndex` (a paragraph, a list item): its sentences, next to each other in
 * the note, found from sentence `near`. With `listItemOf`, only the list items of that sentence's section.
 */
function blockProse(sentences: readonly SentenceInfo[], blockIndex: number, near: number, listItemOf?: SentenceInfo): string {
  let first = near;
  while (first > 0 && sentences[first - 1].blockIndex >= blockIndex) first--;
  while (first < sentences.length && sentences[first].blockIndex < blockIndex) first++;
  const parts: string[] = [];
  for (let k = first; k < sentences.length && sentences[k].blockIndex === blockIndex; k++) {
    const t = sentences[k];
    if (!listItemOf || (t.block === 'listItem' && t.section === listItemOf.section)) parts.push(t.prose);
  }
  return parts.join(' ');
}

export default rule;
