import type { Rule } from './rule';
import type { FindingDraft } from '../types';

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
    const out: FindingDraft[] = [];
    // In note order (a stable sort); the recognisers give them so, and then no copy is made.
    const drugs = ctx.drugs.some((d, k) => k > 0 && ctx.drugs[k - 1].start > d.start) ? [...ctx.drugs].sort((a, b) => a.start - b.start) : ctx.drugs;
    const handled = new Set<string>();
    for (const d of drugs) {
      if (!d.brand || d.origin === 'stem') continue;
      const key = d.generic.toLowerCase();
      if (handled.has(key)) continue;
      handled.add(key);
      const sentence = ctx.sentences.find((s) => s.start <= d.start && d.end <= s.end);
      const sentenceEnd = sentence ? sentence.end : d.end;
      // The generic named before, or anywhere in the sentence of, the first brand mention.
      const hasGeneric = drugs.some((g) => !g.brand && g.generic.toLowerCase() === key && g.start < sentenceEnd);
      if (hasGeneric) continue;
      const newText = `${d.text} (${d.generic})`;
      out.push({
        start: d.start,
        end: d.end,
        message: `Brand \`${d.text}\` is used at its first mention without its generic name; write \`${newText}\` so readers who know another brand, or only the INN, can identify the drug.${d.class ? ` \`${d.generic}\`: ${d.class}.` : ''}`,
        // A style point, not an error: listed only at strictness strict, a hint otherwise.
        data: { generic: d.generic, brand: d.brand, fixes: [{ title: `Write ${newText}`, start: d.start, end: d.end, newText }], confidence: 0.5 },
      });
    }
    return out;
  },
};

export default rule;
