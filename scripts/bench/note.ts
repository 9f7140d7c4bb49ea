// The benchmark's note: realistic paragraphs (claims, drugs, statistics, citations, lists, quotes,
// tables) repeated to a size, each heading numbered so blocks differ.
const PARAGRAPHS = [
  '## Week {i} notes on natalizumab in progressive MS\n',
  'In this open-label phase 2A study, natalizumab (Tysabri) reduced CSF osteopontin by 65 ng/mL (95% CI 34–96, p = 0.0004) over 60 weeks [@romme2014]. It clearly flat-lines disability progression and proves that progressive MS is inflammatory.\n',
  'Alemtuzumab, rituximab and ocrelizumab may also lower neurofilament light levels, although 17 of 24 patients (71%) completed follow-up. The hazard ratio was 0.74 (95% CI 0.65 to 0.85; p < 0.001), t(16) = 4.11, p = .001.\n',
  '- Dapagliflozin reduced hospitalisation for heart failure (HR 0.70, 95% CI 0.59–0.83) [@mcmurray2019].\n- Empagliflozin is associated with lower cardiovascular death; see `code` and https://example.org/x.\n',
  '> RESULTS: Mean MTR increased in cortical grey matter (difference 0.9 pu, 95% CI 0.3 to 1.5; p = 0.006). Is this a game changer? We think so, e.g. for Dr. Smith et al. (Fig. 2).\n',
  '| Drug | Effect |\n|---|---|\n| siponimod | slowed progression |\n| fingolimod (Gilenya) | fewer relapses, χ²(1) = 3.9, p = .048 |\n',
];

export function generate(bytes: number): string {
  let text = '---\ntitle: Benchmark note\n---\n\n';
  for (let i = 0; text.length < bytes; i++) text += `${PARAGRAPHS[i % PARAGRAPHS.length].replace('{i}', String(i))}\n`;
  return text.slice(0, bytes);
}

// A fresh note: the same kinds of paragraphs, but no sentence, block or citation key occurs twice
// (numbers, drugs and outcomes vary with the paragraph and the seed), so nothing an analysis keeps
// by content (parsed blocks, tagged sentences) can be re-used within the note or from an earlier
// note with another seed. The bench times a fresh note this way.
const DRUGS = ['natalizumab', 'ocrelizumab', 'rituximab', 'alemtuzumab', 'siponimod', 'fingolimod', 'dapagliflozin', 'empagliflozin', 'metformin', 'atorvastatin'];
const OUTCOMES = ['disability progression', 'relapse rate', 'brain atrophy', 'fatigue scores', 'hospital admissions', 'mortality'];
type Vary = (k: number) => number;
const FRESH: ((i: number, v: Vary) => string)[] = [
  (i, v) => `## Week ${i} notes on ${DRUGS[v(1) % 10]} in progressive MS\n`,
  (i, v) => `In this open-label phase 2A study, ${DRUGS[v(2) % 10]} (Tysabri) reduced CSF osteopontin by ${20 + (v(3) % 80)} ng/mL (95% CI ${10 + (v(4) % 9)}–${100 + (v(5) % 50)}, p = 0.0${v(6) % 9}04) over ${(v(7) % 90) + 10} weeks [@romme${2000 + i}]. It clearly flat-lines ${OUTCOMES[v(8) % 6]} and proves that progressive MS is inflammatory.\n`,
  (i, v) => `Alemtuzumab, rituximab and ${DRUGS[v(9) % 10]} may also lower neurofilament light levels, although ${(v(10) % 20) + 5} of ${(v(11) % 30) + 26} patients completed follow-up. The hazard ratio was 0.${60 + (v(12) % 30)} (95% CI 0.${40 + (v(13) % 10)} to 0.${91 + (v(14) % 8)}; p < 0.001), t(${(v(15) % 40) + 10}) = ${(v(16) % 5) + 2}.11, p = .001.\n`,
  (i, v) => `- ${DRUGS[v(17) % 10]} reduced hospitalisation for heart failure (HR 0.${70 + (v(18) % 9)}, 95% CI 0.59–0.8${v(19) % 9}) [@mcmurray${2000 + i}].\n- Empagliflozin is associated with lower cardiovascular death in cohort ${i}; see \`code\` and https://example.org/x${i}.\n`,
  (i, v) => `> RESULTS: Mean MTR increased in cortical grey matter (difference 0.${(v(20) % 9) + 1} pu, 95% CI 0.3 to 1.5; p = 0.00${(v(21) % 9) + 1}). Is this a game changer for group ${i}? We think so, e.g. for Dr. Smith et al. (Fig. ${(v(22) % 9) + 1}).\n`,
  (i, v) => `| Drug | Effect |\n|---|---|\n| ${DRUGS[v(23) % 10]} | slowed progression in arm ${i} |\n| fingolimod (Gilenya) | fewer relapses, χ²(1) = ${(v(24) % 9) + 1}.9, p = .0${(v(25) % 9) + 1}8 |\n`,
];

export function freshNote(bytes: number, seed: number): string {
  let text = `---\ntitle: Benchmark note ${seed}\n---\n\n`;
  for (let i = 0; text.length < bytes; i++) {
    const n = i + seed * 1_000_003;
    const v: Vary = (k) => Math.imul(n * 31 + k, 2654435761) >>> 7;
    text += `${FRESH[i % FRESH.length](n, v)}\n`;
  }
  return text.slice(0, bytes);
}
