import { remember, type Rule } from './rule';
import type { FindingDraft, SentenceInfo } from '../types';
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
  check(ctx) {
    const profiles = (ctx.extras.studyProfiles ?? {}) as Record<string, StudyProfileLike | undefined>;
    const citationsBySentence = new Map<number, string[]>();
    for (const c of ctx.claims) citationsBySentence.set(c.sentence, c.citations ?? []);
    const out: FindingDraft[] = [];
    // The prose of each block (paragraph, list item), joined, made when first asked for.
    let blocks: Map<number, SentenceInfo[]> | undefined;
    const blockProse = (blockIndex: number, keep: (t: SentenceInfo) => boolean = () => true): string => {
      if (!blocks) {
        blocks = new Map();
        for (const t of ctx.sentences) {
          const list = blocks.get(t.blockIndex);
          if (list) list.push(t); else blocks.set(t.blockIndex, [t]);
        }
      }
      return (blocks.get(blockIndex) ?? []).filter(keep).map((t) => t.prose).join(' ');
    };
    // A design named in a text depends on the text alone.
    const designOf = (text: string): string[] => remember(ctx, DESIGN_SPACE, text, () => profileStudy({ text }).design);
    ctx.sentences.forEach((s, i) => {
      const p = s.claim;
      if (!p.isClaim || p.relation !== 'causal' || p.negated || s.quoteDepth > 0) return;
      if (p.statement !== undefined && p.statement !== 'finding') return;
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
        const block = blockProse(s.blockIndex);
        const places: [string, string][] = [[s.prose, 'this sentence'], [block, `this ${s.block === 'listItem' ? 'list item' : 'paragraph'}`]];
        // The list item just before, in the same list (a list of points about one report).
        if (s.block === 'listItem') {
          const previous = blockProse(s.blockIndex - 1, (t) => t.block === 'listItem' && t.section === s.section);
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
      if (!design) return;
      const cue = p.cues.find((c) => c.kind === 'relation');
      const start = cue?.start ?? s.start;
      const end = cue?.end ?? s.end;
      out.push({
        start,
        end,
        message: `Causal claim: \`${cue?.text ?? s.text.trim()}\` states a cause and effect, but ${where} describes ${design.join(', ')} evidence, which shows an association; use associational wording (\`is associated with\`) or name a trial.`,
        data: { relation: p.relation, citations: own, design, confidence: 0.7 },
      });
    });
    return out;
  },
};

export default rule;
