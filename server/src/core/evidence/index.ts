import type { ClaimAnalysis, SentenceInfo, Source } from '../types';
import type { Settings } from '../settings';

export interface EvidenceInput {
  text: string;
  sentences: SentenceInfo[];
  /** Sources loaded by the adapters (BibTeX, CSL-JSON, folders…), already parsed. */
  sources: Source[];
  settings: Settings;
}

export interface EvidenceResult {
  claims: ClaimAnalysis[];
  /** Sources found inside the note itself (quoted abstracts) plus the given ones. */
  sources: Source[];
  extras: Record<string, unknown>;
}

/** Links claims to sources and judges them. (Placeholder: the evidence work replaces it.) */
export function analyzeEvidence(input: EvidenceInput): EvidenceResult {
  return { claims: [], sources: input.sources, extras: {} };
}
