// The fast BibTeX reader agrees with the full LaTeX-aware parser on what the analysis uses, and the
// light LaTeX conversion (for libraries with many LaTeX entries) gives the same text for common forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBibtex } from '../../../server/src/core/evidence/sources';
import { familyNames, plainField, scanBibtex } from '../../../server/src/core/formats/bibtex';

const fields = (s: { id: string; title?: string; authors?: string[]; year?: number; journal?: string; doi?: string; text: string }) =>
  ({ id: s.id, title: s.title, authors: s.authors, year: s.year, journal: s.journal, doi: s.doi, text: s.text });

const entry = (i: number, latex: boolean) => `@article{k${i},
  title = {{Natalizumab} in progressive {MS}: a phase 2A trial ${latex ? '\\textit{in vivo}' : 'in vivo'}},
  author = {${latex ? 'M{\\"u}ller' : 'Müller'}, Anna and Romme Christensen, Jeppe and van der Berg, Piet and {World Health Organization}},
  journal = {Neurology},
  year = {2014},
  month = mar,
  doi = {10.1212/WNL.0000000000000361},
  abstract = {RESULTS: CSF osteopontin fell by 65 ng/mL (95\\% CI 34--96; p = 0.0004).
    CONCLUSIONS: natalizumab reduced ${latex ? '{\\alpha}-synuclein' : 'α-synuclein'} \\& inflammation.},
}
`;

test('plain entries: the fast reader gives what the full parser gives', async () => {
  const plain = await parseBibtex(`@string{neuro = "Neurology"}\n${entry(1, false)}\n@comment{ignored}\n`, 'lib.bib');
  assert.equal(plain.errors.length, 0);
  // One LaTeX entry sends that entry (only) through the full parser: the fields must agree.
  const full = await parseBibtex(`${entry(1, false).replace('in vivo', '\\emph{in vivo}')}`, 'lib.bib');
  const [a] = plain.sources.map(fields);
  const [b] = full.sources.map(fields);
  assert.deepEqual({ ...a, title: undefined }, { ...b, title: undefined });
  assert.equal(a.title, 'Natalizumab in progressive MS: a phase 2A trial in vivo');
  assert.deepEqual(a.authors, ['Müller', 'Romme Christensen', 'van der Berg', 'World Health Organization']);
  assert.equal(a.text, 'RESULTS: CSF osteopontin fell by 65 ng/mL (95% CI 34–96; p = 0.0004). CONCLUSIONS: natalizumab reduced α-synuclein & inflammation.');
});

test('a library with many LaTeX entries gets the light conversion, with the same text as the full parser', async () => {
  const few = await parseBibtex(entry(0, true), 'lib.bib');
  const many = await parseBibtex(Array.from({ length: 150 }, (_, i) => entry(i, true)).join('\n'), 'lib.bib');
  assert.equal(many.sources.length, 150);
  const [light] = many.sources.map(fields);
  const [exact] = few.sources.map(fields);
  // The full parser leaves accents decomposed (u + U+0308); the light conversion composes them.
  assert.deepEqual(light.authors, exact.authors?.map((a) => a.normalize('NFC')));
  assert.equal(light.text, exact.text);
  // The full parser marks \textit up as <i>…</i>; the light conversion keeps the words only.
  assert.equal(light.title, exact.title?.replace(/<\/?i>/g, ''));
});

test('the reader declines what it cannot follow, and bounds macro expansion', () => {
  assert.equal(scanBibtex('@article{k1, title = {unbalanced}', 1e6), undefined);
  assert.equal(scanBibtex('@string{a = "xx"}\n@string{b = a # a # a}\n@article{k, title = b # b}', 5), undefined);
  assert.deepEqual(scanBibtex('@string{a = "xx"}\n@article{k, title = a # " and " # 12}', 100)?.[0].fields, { title: 'xx and 12' });
  assert.equal(plainField('{\\"U}ber {\\ss} \\c{c} \\o{} 10--20'), 'Über ß ç ø 10–20');
  assert.deepEqual(familyNames('Jean de La Fontaine and Smith, J. R. and {Barnes and Noble}'), ['de La Fontaine', 'Smith', 'Barnes and Noble']);
});
