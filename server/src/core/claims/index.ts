import type { ClaimProfile } from '../types';

/** Profiles one sentence. `offset` is added to every cue offset. (Placeholder: the claims work replaces it.) */
export function profileClaim(text: string, offset = 0): ClaimProfile {
  void text; void offset;
  return { isClaim: false, relation: 'none', certainty: 'neutral', magnitude: 'neutral', outcome: 'unspecified', cues: [] };
}
