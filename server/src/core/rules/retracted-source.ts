import type { Rule } from './rule';
import type { FindingDraft } from '../types';

/**
 * Flags every claim that rests on a retracted paper: a source marked `retracted` (PubMed's
 * "Retracted Publication" publication type, written into the source note by `fetch`). A
 * retracted paper supports nothing, whatever its abstract says.
 */
const rule: Rule = {
  id: 'retracted-source',
  description: 'A claim that rests on a retracted paper (PubMed lists it as a Retracted Publication).',
  category: 'evidence',
  defaultSeverity: 'error',
  docs: {
    bad: 'The supplement halts liver fibrosis [@doe2018].',
    good: 'An earlier report that the supplement halts liver fibrosis was retracted (Doe 2018).',
  },
  check(ctx) {
    const byId = new Map(ctx.sources.map((s) => [s.id, s]));
    const out: FindingDraft[] = [];
    for (const claim of ctx.claims) {
      const retracted = claim.citations.map((id) => byId.get(id)).filter((s) => s?.retracted);
      if (!retracted.length) continue;
      const sentence = ctx.sentences[claim.sentence];
      if (!sentence) continue;
      const names = retracted.map((s) => {
        const who = s!.authors?.[0]?.split(/[ ,]/)[0];
        return `\`${s!.id}\`${who ? ` (${who}${s!.year ? ` ${s!.year}` : ''})` : ''}`;
      });
      out.push({
        start: sentence.start,
        end: sentence.end,
        message: `This claim rests on ${names.join(' and ')}, which ${retracted.length > 1 ? 'were' : 'was'} retracted (PubMed: Retracted Publication); cite other evidence or say that the finding was retracted.`,
        data: { sources: retracted.map((s) => s!.id) },
      });
    }
    return out;
  },
};

export default rule;
