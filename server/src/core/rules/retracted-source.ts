import type { Rule } from './rule';
import type { FindingDraft } from '../types';
import type { Citation } from '../evidence/citations';

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
    const out: FindingDraft[] = [];
    // Most notes rest on no retracted paper: then there is nothing to look up, sentence by sentence.
    if (!ctx.sources.some((s) => s.retracted)) return out;
    const byId = new Map(ctx.sources.map((s) => [s.id, s]));
    // Every sentence that cites a retracted paper, claim or not: whatever it says, it leans on a
    // paper that no longer counts as evidence. Sources by sentence: the claims' links plus the
    // citations written in each sentence.
    const bySentence = new Map<number, Set<string>>();
    const note = (sentence: number, id: string | undefined): void => {
      if (id === undefined || sentence < 0) return;
      (bySentence.get(sentence) ?? bySentence.set(sentence, new Set()).get(sentence)!).add(id);
    };
    for (const claim of ctx.claims) for (const id of claim.citations) note(claim.sentence, id);
    for (const c of (ctx.extras.citations as Citation[] | undefined) ?? []) note(c.sentence, c.sourceId);
    for (const [index, ids] of [...bySentence].sort((a, b) => a[0] - b[0])) {
      const retracted = [...ids].map((id) => byId.get(id)).filter((s) => s?.retracted);
      if (!retracted.length) continue;
      const sentence = ctx.sentences[index];
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
