// A note for the worker's tests: n paragraphs of four kinds (heading, a claim with a statistic and
// a citation, an overstated claim with counts, a list with drugs), each heading and cohort numbered
// so no two paragraphs are the same.
const PARAGRAPHS = [
  '# Week {i}\n',
  'In cohort {i}, natalizumab (Tysabri) reduced the relapse rate by 31% (95% CI 12 to 45, p = 0.004) [@lee2019].\n',
  'Metformin clearly prevents colorectal cancer in 17 of 24 patients (71%).\n',
  '- Warfarin is associated with bleeding (p < 0.05).\n- Dapagliflozin may lower HbA1c.\n',
];

export const note = (n: number): string => Array.from({ length: n }, (_, i) => PARAGRAPHS[i % PARAGRAPHS.length].replace('{i}', String(i))).join('\n');
