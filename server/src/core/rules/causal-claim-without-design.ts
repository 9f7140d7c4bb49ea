import type { Rule } from './rule';
import type { FindingDraft } from '../types';

interface StudyProfileLike { design?: string[] }

/**
 * A causal claim ("reduces", "prevents") whose cited sources name no study design: the reader
 * cannot tell whether a trial or an observational study stands behind the causal wording.
 * With no source cited anywhere in the note, the design is unknown too.
 */
const rule: Rule = {
  id: 'causal-claim-without-design',
  description: 'Causal claim whose cited evidence has no known study design.',
  category: 'claims',
  defaultSeverity: 'information',
  docs: {
    bad: 'Natalizumab reduces disability progression in SPMS.',
    good: 'In a randomised placebo-controlled trial, natalizumab reduced disability progression in SPMS [@steiner2016].',
  },
  check(ctx) {
    const profiles = (ctx.extras.studyProfiles ?? {}) as Record<string, StudyProfileLike | undefined>;
    const known = (id: string) => (profiles[id]?.design?.length ?? 0) > 0;
    const citationsBySentence = new Map<number, string[]>();
    for (const c of ctx.claims) citationsBySentence.set(c.sentence, c.citations ?? []);
    const noteCitations = [...new Set(ctx.claims.flatMap((c) => c.citations ?? []))];
    const noteHasKnownDesign = noteCitations.some(known);
    const out: FindingDraft[] = [];
    ctx.sentences.forEach((s, i) => {
      const p = s.claim;
      if (!p.isClaim || p.relation !== 'causal' || p.negated || s.quoteDepth > 0) return;
      const own = citationsBySentence.get(i) ?? [];
      // A claim with its own citations is judged by them; an uncited one by the note's sources.
      if (own.length ? own.some(known) : noteHasKnownDesign) return;
      const cue = p.cues.find((c) => c.kind === 'relation');
      const start = cue?.start ?? s.start;
      const end = cue?.end ?? s.end;
      const textless = own.filter((id) => !ctx.sources.find((src) => src.id === id)?.text?.trim());
      const why = own.length
        ? textless.length === own.length
          ? `the cited source${own.length > 1 ? 's have' : ' has'} no text (${own.map((id) => `\`${id}\``).join(', ')}) to read a study design from`
          : `the cited source${own.length > 1 ? 's' : ''} (${own.map((id) => `\`${id}\``).join(', ')}) name${own.length > 1 ? '' : 's'} no study design`
        : noteCitations.length
          ? 'none of the sources cited in this note names a study design'
          : 'no source is cited in this note, so the study design is unknown';
      out.push({
        start,
        end,
        message: `Causal claim: \`${cue?.text ?? s.text.trim()}\` states a cause and effect, but ${why}; only a randomised trial usually supports causal wording, so name the design or use associational wording (\`is associated with\`).`,
        data: { relation: p.relation, citations: own },
      });
    });
    return out;
  },
};

export default rule;
