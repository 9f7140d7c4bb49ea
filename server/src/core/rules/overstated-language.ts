import type { Rule } from './rule';
import type { Cue, FindingDraft } from '../types';
import { softerWording } from '../claims/soften';

const WHY: Record<string, string> = {
  absolute: 'states a total effect; studies rarely show more than a partial one, so say how much it changed',
  booster: 'states the finding with a certainty that a single study rarely earns; let the evidence carry it',
  hype: 'is promotional wording; it adds enthusiasm, not information',
};

/**
 * Flags wording stronger than research usually supports, on claims only: absolute effects
 * ("flat-lines", "cures") and boosters ("clearly shows", "proves") as warnings, hype
 * ("game changer") as information. Each finding offers softer wording as a quick fix.
 */
const rule: Rule = {
  id: 'overstated-language',
  description: 'Absolute, boosted or hype wording in a claim.',
  category: 'claims',
  defaultSeverity: 'warning',
  docs: {
    bad: 'Natalizumab flat-lines disability progression. It clearly shows that progressive MS is inflammatory.',
    good: 'Natalizumab slows disability progression. It suggests that progressive MS is inflammatory.',
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const s of ctx.sentences) {
      const p = s.claim;
      // Quoted passages (an abstract pasted as a blockquote) are the source's words, not the note's.
      if (!p.isClaim || s.quoteDepth > 0) continue;
      const flagged: Cue[] = p.cues.filter((c) =>
        (c.kind === 'absolute' && p.magnitude === 'absolute') ||
        (c.kind === 'booster' && p.certainty === 'boosted') ||
        c.kind === 'hype');
      for (const c of flagged) {
        const fix = softerWording(s.text, s.start, c);
        const kindWord = c.kind === 'absolute' ? 'Absolute wording' : c.kind === 'booster' ? 'Booster' : 'Hype';
        const suggestion = fix ? (fix.newText ? `; consider \`${fix.newText}\`` : '; consider removing it') : '';
        out.push({
          start: c.start,
          end: c.end,
          severity: c.kind === 'hype' ? 'information' : 'warning',
          message: `${kindWord}: \`${c.text}\` ${WHY[c.kind]}${suggestion}.`,
          data: { cue: c.kind, words: c.text, ...(fix ? { fixes: [fix] } : {}) },
        });
      }
    }
    return out;
  },
};

export default rule;
