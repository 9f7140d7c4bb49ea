import type { SeveritySetting } from './types';

/**
 * Settings that change what the analysis reports. They come from the editor, from a workspace
 * file (.evidence-lens.json / .evidence-lens.yaml) or from CLI flags, merged by the adapters.
 */
export interface Settings {
  /** Per-rule severity overrides; "off" silences a rule. */
  rules: Record<string, SeveritySetting>;
  /** A citation at the end of a paragraph also covers that paragraph's earlier claims. */
  paragraphCitations: boolean;
  /** Extra drug names: generic name → brands/class (see drugs/). */
  drugs: UserDrugEntry[];
  /** Minimum score for the library's best candidate to be offered as "cite [@key]". */
  suggestCitationScore: number;
  /**
   * How sure a finding must be to be listed: below the threshold it becomes a hint (editors keep
   * hints out of their Problems view). strict 0.3, balanced 0.6, quiet 0.8.
   */
  strictness: Strictness;
}

export type Strictness = 'strict' | 'balanced' | 'quiet';

/** The confidence a finding needs at each strictness to keep its severity. */
export const CONFIDENCE_THRESHOLD: Record<Strictness, number> = { strict: 0.3, balanced: 0.6, quiet: 0.8 };

export function isStrictness(value: unknown): value is Strictness {
  return value === 'strict' || value === 'balanced' || value === 'quiet';
}

export interface UserDrugEntry {
  name: string;
  generic?: string;
  brands?: string[];
  class?: string;
  mechanism?: string;
}

export const DEFAULT_SETTINGS: Settings = {
  rules: {},
  paragraphCitations: true,
  drugs: [],
  suggestCitationScore: 0.35,
  strictness: 'balanced',
};

/** Merges partial settings over the defaults; unknown keys are ignored, bad values dropped. */
export function resolveSettings(...layers: (Partial<Settings> | undefined)[]): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS, rules: {}, drugs: [] };
  for (const layer of layers) {
    if (!layer || typeof layer !== 'object') continue;
    if (layer.rules && typeof layer.rules === 'object') {
      for (const [id, sev] of Object.entries(layer.rules)) {
        if (isSeveritySetting(sev)) out.rules[id] = sev;
      }
    }
    if (typeof layer.paragraphCitations === 'boolean') out.paragraphCitations = layer.paragraphCitations;
    if (Array.isArray(layer.drugs)) {
      const valid = validDrugs(layer.drugs);
      // One layer's list is kept as it is (same array: the drug recogniser is cached by it);
      // several are concatenated without spreading (a full RxNorm import has 100,000+ entries).
      if (out.drugs.length === 0) out.drugs = valid;
      else out.drugs = out.drugs.concat(valid);
    }
    if (typeof layer.suggestCitationScore === 'number') out.suggestCitationScore = layer.suggestCitationScore;
    if (isStrictness(layer.strictness)) out.strictness = layer.strictness;
  }
  return out;
}

const validatedDrugLists = new WeakMap<object, UserDrugEntry[]>();
/** The entries of a user list that have a name; the list itself when all do (memoised by list). */
function validDrugs(list: UserDrugEntry[]): UserDrugEntry[] {
  let valid = validatedDrugLists.get(list);
  if (!valid) {
    valid = list.every((d) => d && typeof d.name === 'string') ? list : list.filter((d) => d && typeof d.name === 'string');
    validatedDrugLists.set(list, valid);
  }
  return valid;
}

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return value === 'off' || value === 'error' || value === 'warning' || value === 'information' || value === 'hint';
}
