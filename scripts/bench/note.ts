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
