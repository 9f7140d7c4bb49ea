/**
 * Library-scale timing for `npm run bench`: builds N synthetic sources (abstract-like text with
 * drugs, outcomes and numbers), times the library index build and the per-claim retrieval
 * (library search + sentence ranking), and returns the figures. Pure apart from the clock.
 */
import type { Source } from '../types';
import { buildLibraryIndex, suggestSources } from './search';

const DRUGS = ['natalizumab', 'dapagliflozin', 'empagliflozin', 'rituximab', 'metformin', 'atorvastatin', 'ocrelizumab', 'fingolimod', 'lisinopril', 'apixaban'];
const OUTCOMES = ['disability progression', 'CSF osteopontin', 'heart failure hospitalisation', 'HbA1c', 'relapse rate', 'LDL cholesterol', 'mortality', 'MRI lesions', 'blood pressure', 'stroke'];
const POPS = ['progressive multiple sclerosis', 'heart failure', 'type 2 diabetes', 'atrial fibrillation', 'hypertension', 'relapsing MS'];

/** Deterministic pseudo-random generator so runs compare. */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => { x = (x * 1664525 + 1013904223) >>> 0; return x / 2 ** 32; };
}

/** N synthetic sources with structured-abstract text. */
export function syntheticLibrary(n: number, seed = 42): Source[] {
  const r = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const out: Source[] = [];
  for (let i = 0; i < n; i++) {
    const drug = pick(DRUGS), outcome = pick(OUTCOMES), pop = pick(POPS);
    const n1 = 20 + Math.floor(r() * 4000);
    const eff = (r() * 0.5 + 0.5).toFixed(2);
    out.push({
      id: `src${i}`,
      title: `${drug} and ${outcome} in ${pop}: trial ${i}`,
      authors: [`Author${i}`],
      year: 1990 + (i % 35),
      text: `OBJECTIVE: To test whether ${drug} changes ${outcome} in ${pop}. METHODS: In this randomised trial, ${n1} patients with ${pop} received ${drug} or placebo for ${12 + (i % 96)} weeks. ` +
        `The primary endpoint was ${outcome}. RESULTS: ${drug} reduced ${outcome} (hazard ratio ${eff}; 95% CI ${(+eff - 0.1).toFixed(2)} to ${(+eff + 0.1).toFixed(2)}; p = 0.0${1 + (i % 9)}). ` +
        `Adverse events occurred in ${Math.floor(n1 / 10)} of ${n1} patients. CONCLUSIONS: ${drug} may reduce ${outcome} in ${pop}.`,
    });
  }
  return out;
}

export interface LibraryBench {
  sources: number;
  buildMs: number;
  claims: number;
  retrievalMsPerClaim: number;
}

/** Times the index build for `n` sources and the retrieval of `claims` uncited claims. */
export async function benchLibrary(n = 10_000, claims = 200): Promise<LibraryBench> {
  const library = syntheticLibrary(n);
  const t0 = performance.now();
  buildLibraryIndex(library);
  const buildMs = performance.now() - t0;
  const r = rng(7);
  const queries = Array.from({ length: claims }, () => `${DRUGS[Math.floor(r() * DRUGS.length)]} lowers ${OUTCOMES[Math.floor(r() * OUTCOMES.length)]} in patients with ${POPS[Math.floor(r() * POPS.length)]}`);
  suggestSources({ text: queries[0] }, library); // warm-up
  const t1 = performance.now();
  for (const q of queries) suggestSources({ text: q }, library);
  const retrievalMsPerClaim = (performance.now() - t1) / claims;
  return { sources: n, buildMs: Math.round(buildMs), claims, retrievalMsPerClaim: Math.round(retrievalMsPerClaim * 100) / 100 };
}
