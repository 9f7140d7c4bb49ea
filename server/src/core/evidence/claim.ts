import type { ClaimAnalysis } from '../types';
import type { NumberMismatch, ReasonDetail } from './compare';
import type { EvidenceClaim, LocatedEvidence } from './index';

/**
 * An EvidenceClaim, every one made by `judge` (evidence/index.ts) and `moved` (kept.ts) with its fields in this order, so that
 * the claims share one hidden class (two with a suggestion): the stages and rules that read them
 * stay monomorphic. A spread of a base object gave nearly every way of making a claim its own.
 */
export function makeClaim(
  sentence: number, start: number, end: number, citations: string[], linkedVia: string[], details: ReasonDetail[], mismatches: NumberMismatch[],
  evidence: LocatedEvidence[], verdict: ClaimAnalysis['verdict'], reasons: string[],
): EvidenceClaim {
  return { sentence, start, end, citations, linkedVia, details, mismatches, evidence, verdict, reasons };
}
