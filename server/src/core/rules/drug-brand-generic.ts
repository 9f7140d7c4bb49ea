import type { Rule } from './rule';
import type { Drug, FindingDraft } from '../types';

/**
 * What the rule reads of one block's drugs: each generic's first brand mention (the earliest; the
 * first listed of equal starts) and first mention by the generic itself, at the block's offsets.
 */
interface BlockFirsts {
  /** [generic in lower case, its first brand mention], in the order the generics first came. */
  brands: [string, Drug][];
  /** [generic in lower case, the start of its first mention by itself]. */
  generics: [string, number][];
}

/** By a block's list of drugs (the same array while the block is left as it is: see `PlacedList.eachPart`). */
const firstsOfBlock = new WeakMap<readonly Drug[], BlockFirsts>();

function firstsOf(items: readonly Drug[]): BlockFirsts {
  let firsts = firstsOfBlock.get(items);
  if (firsts) return firsts;
  const brands = new Map<string, Drug>();
  const generics = new Map<string, number>();
  for (const d of items) {
    if (d.origin === 'stem' && d.brand) continue;
    const key = d.generic.toLowerCase();
    if (d.brand) {
      const seen = brands.get(key);
      if (!seen || d.start < seen.start) brands.set(key, d);
    } else {
      const seen = generics.get(key);
      if (seen === undefined || d.start < seen) generics.set(key, d.start);
    }
  }
  // Lists, not the maps: read at every analysis, made once.
  firsts = { brands: [...brands], generics: [...generics] };
  firstsOfBlock.set(items, firsts);
  return firsts;
}

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
    // first mention by the generic itself: each block's, worked out once while the block is left
    // as it is (`placed`: its drugs where it keeps them, none moved), the first block's winning
    // (blocks come in note order and do not overlap); or from the list.
    const firstBrand = new Map<string, { d: Drug; start: number }>();
    const firstGeneric = new Map<string, number>();
    const add = (items: readonly Drug[], delta: number): void => {
      const { brands, generics } = firstsOf(items);
      // By index, not `[key, d]` patterns: those allocate an iterator per item on code not yet optimised.
      for (let i = 0; i < brands.length; i++) {
        const key = brands[i][0];
        const d = brands[i][1];
        if (!firstBrand.has(key)) firstBrand.set(key, { d, start: d.start + delta });
      }
      for (let i = 0; i < generics.length; i++) {
        const key = generics[i][0];
        if (!firstGeneric.has(key)) firstGeneric.set(key, generics[i][1] + delta);
      }
    };
    if (ctx.placed) ctx.placed.drugs.eachPart(add);
    else add(ctx.drugs, 0);
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
