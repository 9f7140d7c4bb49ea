/**
 * The registry: every rule, in alphabetical order of id. Adding a rule = one file in this folder,
 * one import and one entry here, a page in docs/rules/, and golden fixtures (see README).
 */
import type { Rule } from './rule';
import causalClaimWithoutDesign from './causal-claim-without-design';
import overstatedLanguage from './overstated-language';

export const rules: readonly Rule[] = [
  causalClaimWithoutDesign,
  overstatedLanguage,
];

/** The id used for a rule that threw: its failure becomes one finding of this id. */
export const INTERNAL_ERROR_ID = 'internal-error';

export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
