/**
 * The registry: every rule, in alphabetical order of id. Adding a rule = one file in this folder,
 * one import and one entry here, a page in docs/rules/, and golden fixtures (see README).
 */
import type { Rule } from './rule';
import absenceOfEvidence from './absence-of-evidence';
import causalClaimWithoutDesign from './causal-claim-without-design';
import contradictedClaim from './contradicted-claim';
import drugBrandGeneric from './drug-brand-generic';
import drugNameMisspelled from './drug-name-misspelled';
import grim from './grim';
import intervalEstimate from './interval-estimate';
import misquotedNumber from './misquoted-number';
import nntArrConsistency from './nnt-arr-consistency';
import overstatedClaim from './overstated-claim';
import overstatedLanguage from './overstated-language';
import pIntervalConsistency from './p-interval-consistency';
import pValueRange from './p-value-range';
import percentArithmetic from './percent-arithmetic';
import retractedSource from './retracted-source';
import significanceWording from './significance-wording';
import sourceLoadError from './source-load-error';
import testStatisticP from './test-statistic-p';
import understatedClaim from './understated-claim';
import unresolvedCitation from './unresolved-citation';
import unsupportedClaim from './unsupported-claim';

export const rules: readonly Rule[] = [
  absenceOfEvidence,
  causalClaimWithoutDesign,
  contradictedClaim,
  drugBrandGeneric,
  drugNameMisspelled,
  grim,
  intervalEstimate,
  misquotedNumber,
  nntArrConsistency,
  overstatedClaim,
  overstatedLanguage,
  pIntervalConsistency,
  pValueRange,
  percentArithmetic,
  retractedSource,
  significanceWording,
  sourceLoadError,
  testStatisticP,
  understatedClaim,
  unresolvedCitation,
  unsupportedClaim,
];

/** The id used for a rule that threw: its failure becomes one finding of this id. */
export const INTERNAL_ERROR_ID = 'internal-error';

export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
