/**
 * Shared pieces of the evidence rules: reading EvidenceClaims from the rule context, trimming
 * a sentence range, naming a source, and building the related-information entries.
 */
import type { ClaimAnalysis, FindingData, Source } from '../types';
import type { RuleContext } from '../rules/rule';
import type { EvidenceClaim, LocatedEvidence } from './index';
import type { ReasonDetail } from './compare';

/** Claims produced by analyzeEvidence (ClaimAnalysis plus offsets and details). */
export function evidenceClaims(ctx: RuleContext): EvidenceClaim[] {
  let found = claimsWithOffsets.get(ctx.claims);
  if (!found) {
    found = (ctx.claims as ClaimAnalysis[]).filter((c): c is EvidenceClaim => typeof c.start === 'number' && typeof c.end === 'number') as EvidenceClaim[];
    claimsWithOffsets.set(ctx.claims, found);
  }
  return found;
}

/**
 * The evidence claims with verdict `verdict` (few of all): a rule's loop then visits only those.
 * (A for-of over every claim, at every keystroke, allocates an iterator result per claim on code V8
 * has not optimised yet, the first keystrokes after a note opens; a filter does not.)
 */
export function claimsWithVerdict(ctx: RuleContext, verdict: EvidenceClaim['verdict']): EvidenceClaim[] {
  return evidenceClaims(ctx).filter((c) => c.verdict === verdict);
}

/** evidenceClaims of a claims list, found once for all the rules of an analysis (rules do not change the list). */
const claimsWithOffsets = new WeakMap<readonly ClaimAnalysis[], EvidenceClaim[]>();

/** The sentence range without trailing whitespace. */
export function claimRange(ctx: RuleContext, c: EvidenceClaim): { start: number; end: number } {
  let end = c.end;
  while (end > c.start && /\s/.test(ctx.text[end - 1])) end--;
  return { start: c.start, end };
}

/** "Romme Christensen et al. 2014 (`romme2014natalizumab`)" or the bare key. */
export function sourceLabel(sources: Source[], id: string): string {
  const s = sources.find((x) => x.id === id);
  if (!s) return `\`${id}\``;
  const first = s.authors?.[0];
  const who = first ? `${first}${(s.authors?.length ?? 0) > 1 ? ' et al.' : ''}` : s.title ? `“${s.title.slice(0, 60)}”` : '';
  return who ? `${who}${s.year ? ` ${s.year}` : ''} (\`${id}\`)` : `\`${id}\``;
}

const quote = (t: string, max = 140) => {
  const flat = t.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** Evidence sentences that sit in the note, as related locations. */
export function relatedEvidence(evidence: LocatedEvidence[], max = 3): NonNullable<FindingData['related']> {
  return evidence
    .filter((e) => typeof e.start === 'number' && typeof e.end === 'number')
    .slice(0, max)
    .map((e) => ({ start: e.start!, end: e.end!, message: `Evidence from \`${e.source}\`: “${quote(e.text, 80)}”` }));
}

const REASON_TEXT: Record<string, (d: ReasonDetail) => string> = {
  certainty: (d) => {
    const claimSide = d.claimWords ? `the claim says \`${d.claimWords}\`` : 'the claim states it without a hedge';
    const evidenceSide = d.evidenceWords ? `the evidence hedges (\`${d.evidenceWords}\`)` : 'the evidence states it plainly, without that certainty';
    return `certainty: ${claimSide}, ${evidenceSide}`;
  },
  causality: (d) => `causality: the claim states a causal relation (\`${d.claimWords}\`), the evidence a weaker one (\`${d.evidenceWords}\`)`,
  magnitude: (d) => d.evidenceWords
    ? `magnitude: \`${d.claimWords}\` states a total effect, the evidence a partial one (\`${d.evidenceWords}\`)`
    : `magnitude: \`${d.claimWords}\` states a total effect, the evidence reports none`,
  'surrogate-to-clinical': (d) => `surrogate-to-clinical: the claim is about \`${d.claimWords}\`, the evidence measured \`${d.evidenceWords}\``,
  population: (d) => `population: the claim speaks of \`${d.claimWords}\`, the study of \`${d.evidenceWords}\``,
  'study-design': (d) => `study-design: \`${d.claimWords}\` asks more than ${indefiniteArticle(d.evidenceWords)} \`${d.evidenceWords}\` study can show`,
  'number-mismatch': (d) => `number-mismatch: \`${d.claimWords}\` vs the source's \`${d.evidenceWords}\``,
  negation: (d) => d.claimNegated
    ? `the claim reports no effect (\`${d.claimWords}\`), the evidence reports one (\`${d.evidenceWords}\`)`
    : `the claim reports an effect (\`${d.claimWords}\`), the evidence reports none (\`${d.evidenceWords}\`)`,
  understated: (d) => `the claim says \`${d.claimWords}\`, the evidence \`${d.evidenceWords}\``,
};

/**
 * "a" or "an" for the word that follows, by its first sound: vowels take "an" except a "u" or "eu"
 * read as "you" (unit, European); digits read as words ("an 8-week", "an 11-year", "an 18-month").
 */
export function indefiniteArticle(next: string): 'a' | 'an' {
  const w = next.trim().toLowerCase();
  if (/^(?:8|11|18)(?!\d)|^(?:8\d|18\d)(?!\d)/.test(w)) return 'an';
  if (/^(?:uni|use|usu|ura|uro|eu|one\b|once\b)/.test(w)) return 'a';
  if (/^(?:hour|honest|honou?r|heir)/.test(w)) return 'an';
  return /^[aeiou]/.test(w) ? 'an' : 'a';
}

/** One phrase per reason, naming the claim's and the evidence's words. */
export function describeReason(d: ReasonDetail): string {
  return (REASON_TEXT[d.reason] ?? ((x: ReasonDetail) => `${x.reason}: \`${x.claimWords}\` vs \`${x.evidenceWords}\``))(d);
}

export { quote };
