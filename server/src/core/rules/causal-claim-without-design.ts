import { remember, type Rule } from './rule';
import { checkInContext } from './_locality';
import type { SentenceInfo } from '../types';
import { OBSERVATIONAL_DESIGNS, profileStudy } from '../evidence/study';

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
      for (const c of ctx.claims) citationsBySentence.set(c.sentence, c.citations ?? []);
      return { profiles: (ctx.extras.studyProfiles ?? {}) as Record<string, StudyProfileLike | undefined>, citationsBySentence };
    },
    check(ctx, i, _local, _localOf, { profiles, citationsBySentence }: { profiles: Record<string, StudyProfileLike | undefined>; citationsBySentence: Map<number, string[]> }) {
      const s = ctx.sentences[i];
      const p = s.claim;
      // The prose of a block (paragraph, list item): its sentences, next to each other in the note.
      const blockProse = (blockIndex: number, near: number, keep: (t: SentenceInfo) => boolean = () => true): string => {
        let first = near;
        while (first > 0 && ctx.sentences[first - 1].blockIndex >= blockIndex) first--;
        while (first < ctx.sentences.length && ctx.sentences[first].blockIndex < blockIndex) first++;
        const parts: string[] = [];
        for (let k = first; k < ctx.sentences.length && ctx.sentences[k].blockIndex === blockIndex; k++) if (keep(ctx.sentences[k])) parts.push(ctx.sentences[k].prose);
        return parts.join(' ');
      };
      // A design named in a text depends on the text alone.
      const designOf = (text: string): string[] => remember(ctx, DESIGN_SPACE, text, () => profileStudy({ text }).design);
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
        // The note itself: the sentence, the rest of its block, then its section headings.
        const block = blockProse(s.blockIndex, i);
        const places: [string, string][] = [[s.prose, 'this sentence'], [block, `this ${s.block === 'listItem' ? 'list item' : 'paragraph'}`]];
        // The list item just before, in the same list (a list of points about one report).
        if (s.block === 'listItem') {
          const previous = blockProse(s.blockIndex - 1, i, (t) => t.block === 'listItem' && t.section === s.section);
          if (previous) places.push([previous, 'the list item before it']);
        }
        for (let h = s.section ?? -1; h >= 0; h = ctx.sentences[h].section ?? -1) places.push([ctx.sentences[h].text, 'the section heading']);
        for (const [text, label] of places) {
          const d = designOf(text);
          if (d.length) {
            design = observationalOnly(d);
            where = label;
            break;
          }
        }
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

export default rule;
