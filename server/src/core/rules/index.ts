/**
 * The registry: every rule, in alphabetical order of id. Adding a rule = one file in this folder,
 * one import and one entry here, a page in docs/rules/, and golden fixtures (see README).
 */
import type { Rule } from './rule';
import absenceOfEvidence from './absence-of-evidence';
import causalClaimWithoutDesign from './causal-claim-without-design';
import grim from './grim';
import intervalEstimate from './interval-estimate';
import overstatedLanguage from './overstated-language';
import pIntervalConsistency from './p-interval-consistency';
import pValueRange from './p-value-range';
import percentArithmetic from './percent-arithmetic';
import significanceWording from './significance-wording';
import testStatisticP from './test-statistic-p';

export const rules: readonly Rule[] = [
  absenceOfEvidence,
  causalClaimWithoutDesign,
  grim,
  intervalEstimate,
  overstatedLanguage,
  pIntervalConsistency,
  pValueRange,
  percentArithmetic,
  significanceWording,
  testStatisticP,
];

/** The id used for a rule that threw: its failure becomes one finding of this id. */
export const INTERNAL_ERROR_ID = 'internal-error';

export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
