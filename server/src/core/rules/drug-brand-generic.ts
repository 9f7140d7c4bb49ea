import type { Rule } from './rule';
import type { Drug, FindingDraft } from '../types';

/**
 * Information: a brand name at its first mention in the note without its generic (INN) nearby,
 * offering "Tysabri (natalizumab)". Readers abroad know drugs by other brands; the INN is the
 * name every reader and every database shares.
 */
const rule: Rule = {
  id: 'drug-brand-generic',
  description: 'A brand name used at its first mention without its generic (INN) name.',
  category: 'drugs',
  defaultSeverity: 'information',
  docs: {
    bad: 'Patients switched to Tysabri after two relapses.',
    good: 'Patients switched to Tysabri (natalizumab) after two relapses.',
  },
  check(ctx) {
    // Each generic's first brand mention (the earliest; the first listed of equal starts) and its
    // first mention by the generic itself: one pass over the drugs where their blocks keep them
    // (`placed`: none is moved for it), or over the list.
    const firstBrand = new Map<string, { d: Drug; start: number }>();
    const firstGeneric = new Map<string, number>();
    const visit = (d: Drug, delta: number): void => {
      if (d.origin === 'stem' && d.brand) return;
      const start = d.start + delta;
      const key = d.generic.toLowerCase();
      if (d.brand) {
        const seen = firstBrand.get(key);
        if (!seen || start < seen.start) firstBrand.set(key, { d, start });
      } else {
        const seen = firstGeneric.get(key);
        if (seen === undefined || start < seen) firstGeneric.set(key, start);
      }
    };
    if (ctx.placed) ctx.placed.drugs.each(visit);
    else for (const d of ctx.drugs) visit(d, 0);
    const out: FindingDraft[] = [];
    // In note order of the brand mentions.
    for (const { d, start } of [...firstBrand.values()].sort((a, b) => a.start - b.start)) {
      const end = start + (d.end - d.start);
      const sentence = ctx.sentences.find((s) => s.start <= start && end <= s.end);
      const sentenceEnd = sentence ? sentence.end : end;
      // The generic named before, or anywhere in the sentence of, the first brand mention.
      const generic = firstGeneric.get(d.generic.toLowerCase());
      if (generic !== undefined && generic < sentenceEnd) continue;
      const newText = `${d.text} (${d.generic})`;
      out.push({
        start,
        end,
        message: `Brand \`${d.text}\` is used at its first mention without its generic name; write \`${newText}\` so readers who know another brand, or only the INN, can identify the drug.${d.class ? ` \`${d.generic}\`: ${d.class}.` : ''}`,
        // A style point, not an error: listed only at strictness strict, a hint otherwise.
        data: { generic: d.generic, brand: d.brand, fixes: [{ title: `Write ${newText}`, start, end, newText }], confidence: 0.5 },
      });
    }
    return out;
  },
};

export default rule;
