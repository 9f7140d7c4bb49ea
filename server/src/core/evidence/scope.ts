/**
 * Which sources a sentence can lean on by its place in the note. A citation supports the claims in
 * its own sentence, its list item or paragraph, and — when a section heading names a source (a
 * linked or cited paper as the heading) — every sentence of that section. A link is the writer
 * pointing at where something comes from, so for the question "is this sourced?" it counts too.
 */
import type { RuleContext } from '../rules/rule';
import type { SentenceInfo } from '../types';

interface CitationLike { sentence: number; kind?: string; start: number; end: number }

/** Sentence indexes that carry a citation or a link of their own. */
export function citingSentences(ctx: RuleContext): Set<number> {
  const out = citedSentences(ctx);
  ctx.sentences.forEach((s, i) => {
    if (linksOut(s)) out.add(i);
  });
  return out;
}

/** Sentence indexes (and -1 for citations outside any sentence) that carry a citation. */
export function citedSentences(ctx: RuleContext): Set<number> {
  const out = new Set<number>();
  // Indexed loops: read at every keystroke, first on code V8 has not optimised (see positions.ts).
  const claims = ctx.claims;
  for (let i = 0; i < claims.length; i++) if (claims[i].citations?.length) out.add(claims[i].sentence);
  const citations = (ctx.extras.citations ?? []) as CitationLike[];
  for (let i = 0; i < citations.length; i++) if (citations[i].kind !== 'anaphora') out.add(citations[i].sentence);
  return out;
}

/** The sentence links to a page or names a DOI, PMID or web address (a source for "is this sourced?"). */
export function linksOut(s: SentenceInfo): boolean {
  return !!s.links?.some((l) => /^(?:https?:|www\.|doi:|\/|\.\.?\/)/i.test(l.url) || /\.(?:pdf|html?)$/i.test(l.url))
    || /\b(?:doi:\s*10\.|PMID:?\s*\d|https?:\/\/)/i.test(s.text);
}

/** True when the note cites or links anything at all (notes that cite nothing are not asked to). */
export function noteCites(ctx: RuleContext, citing: { size: number } = citingSentences(ctx)): boolean {
  return citing.size > 0 || ctx.sources.length > 0;
}

/** The scope that supports sentence `i`: 'sentence', 'paragraph', 'list item', 'section', or undefined. */
export function supportedByScope(ctx: RuleContext, i: number, citing: { has(k: number): boolean } = citingSentences(ctx)): string | undefined {
  const s = ctx.sentences[i];
  if (citing.has(i)) return 'sentence';
  const sameBlock = (t: SentenceInfo) => t.blockIndex === s.blockIndex;
  for (let k = i - 1; k >= 0 && sameBlock(ctx.sentences[k]); k--) if (citing.has(k)) return s.block === 'listItem' ? 'list item' : 'paragraph';
  for (let k = i + 1; k < ctx.sentences.length && sameBlock(ctx.sentences[k]); k++) if (citing.has(k)) return s.block === 'listItem' ? 'list item' : 'paragraph';
  // A section whose heading names a source: its sentences report that source.
  for (let h = s.section ?? -1; h >= 0; h = ctx.sentences[h].section ?? -1) {
    if (citing.has(h)) return 'section';
    if (ctx.sentences[h].claim.statement === 'reference') return 'section';
  }
  return undefined;
}
