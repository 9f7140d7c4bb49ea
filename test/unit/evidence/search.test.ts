// Retrieval: the library index finds the source that matches an uncited claim; sentence ranking
// prefers the sentence sharing the claim's drug, outcome and numbers; hover citation format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticLibrary } from '../../../server/src/core/evidence/bench';
import { buildLibraryIndex, buildSentencePool, rankSentences, sentencePoolOf, sourceSentences, suggestSources } from '../../../server/src/core/evidence/search';
import { formatCitation } from '../../../server/src/core/evidence/describe';
import fc from 'fast-check';
import { splitSourceSentences } from '../../../server/src/core/evidence/text';
import { blankRanges } from '../../../server/src/core/evidence/citations';

test('synthetic library is deterministic and the index finds a matching source for a claim', () => {
  const lib = syntheticLibrary(2000);
  assert.deepEqual(syntheticLibrary(2000).map((s) => s.text), lib.map((s) => s.text));
  assert.equal(buildLibraryIndex(lib), buildLibraryIndex(lib), 'the index is built once per library array');
  const target = lib[1234];
  const drug = /^(\S+) and/.exec(target.title!)![1];
  const [best] = suggestSources({ text: `${drug} reduced ${/ and (.+) in /.exec(target.title!)![1]} in patients with ${/ in (.+): trial/.exec(target.title!)![1]}`, drugs: [drug] }, lib);
  assert.ok(best);
  assert.match(best.text, new RegExp(drug, 'i'));
});

test('sentence ranking prefers the sentence with the claim\'s drug, outcome and numbers', () => {
  const src = { id: 's', text: 'BACKGROUND: Heart failure is common. RESULTS: Dapagliflozin reduced hospitalisation for heart failure (HR 0.70). Placebo patients had more visits. CONCLUSIONS: Benefit was seen.' };
  const ranked = rankSentences({ text: 'Dapagliflozin cut heart failure hospitalisation (HR 0.70).', drugs: ['dapagliflozin'] }, [src]);
  assert.match(ranked[0].text, /^Dapagliflozin reduced hospitalisation/);
  assert.equal(ranked[0].section, 'RESULTS');
  assert.ok(ranked[0].score > ranked[1].score);
});

test('sentence pools and sentences are kept by the sources\' ids and texts, not by their objects', () => {
  // The note's own sources are new objects in every analysis: their pool is built once.
  const make = (text: string, id = 'paper') => ({ id, text });
  const text = 'RESULTS: Dapagliflozin reduced hospitalisation for heart failure (HR 0.70). CONCLUSIONS: Benefit was seen in 4744 patients.';
  const pool = sentencePoolOf([make(text)]);
  assert.equal(sentencePoolOf([make(text)]), pool);
  assert.equal(sourceSentences(make(text)), sourceSentences(make(text)));
  // Another text, or the same text under another id, is another pool.
  const edited = sentencePoolOf([make(text.replace('0.70', '0.74'))]);
  assert.notEqual(edited, pool);
  assert.match(edited.all[0].text, /HR 0\.74/);
  assert.deepEqual(sentencePoolOf([make(text, 'other')]).all.map((s) => s.sourceId), ['other', 'other']);
  // Ranking over the kept pool is ranking over a pool built afresh.
  const claim = { text: 'Dapagliflozin cut heart failure hospitalisation (HR 0.70).', drugs: ['dapagliflozin'] };
  assert.deepEqual(rankSentences(claim, pool), rankSentences(claim, buildSentencePool([make(text)])));
});

test('source sentences: abstract labels start sentences; abbreviations and decimals do not split', () => {
  const s = splitSourceSentences('METHODS: We used e.g. MRI vs. CSF in 24 pts (p = 0.04). Fig. 2 shows it. RESULTS: It fell by 6.5 ng/mL.');
  assert.deepEqual(s.map((x) => [x.section, x.text]), [
    ['METHODS', 'We used e.g. MRI vs. CSF in 24 pts (p = 0.04).'],
    ['METHODS', 'Fig. 2 shows it.'],
    ['RESULTS', 'It fell by 6.5 ng/mL.'],
  ]);
});

test('formatted citation: authors, year, title, journal and a DOI or PubMed link', () => {
  assert.equal(
    formatCitation({ id: 'k', authors: ['Kapoor', 'Ho', 'Campbell', 'Cadavid'], year: 2018, title: 'ASCEND.', journal: 'Lancet Neurol', pmid: '29545067', text: '' }),
    'Kapoor, Ho, Campbell, et al. (2018). ASCEND. *Lancet Neurol*. [PMID 29545067](https://pubmed.ncbi.nlm.nih.gov/29545067/)',
  );
  assert.match(formatCitation({ id: 'd', doi: '10.1/x', text: '' }), /\[doi:10\.1\/x\]\(https:\/\/doi\.org\/10\.1\/x\)/);
});

/** Ranges from flat start, end pairs. */
const spans = (...flat: number[]) => flat.flatMap((start, i) => (i % 2 ? [] : [{ start, end: flat[i + 1] }]));

test('blankRanges blanks the union of its ranges in one pass, keeping the length', () => {
  assert.equal(blankRanges('see [@a] and [@b].', spans(4, 8, 13, 17)), 'see      and     .');
  assert.equal(blankRanges('abcdef', spans(3, 5, 1, 4)), 'a    f', 'unsorted and overlapping');
  assert.equal(blankRanges('abc', spans(-2, 1, 2, 9)), ' b ', 'clamped to the text');
  assert.equal(blankRanges('abc', []), 'abc');
  // The same as blanking each range in turn (what the callers did before), for ranges inside the text.
  fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }), (text, pairs) => {
    const ranges: number[] = [];
    let expected = text;
    for (const [x, y] of pairs) {
      const a = Math.min(x, y) % (text.length + 1);
      const b = a + ((Math.max(x, y) - Math.min(x, y)) % (text.length - a + 1));
      ranges.push(a, b);
      expected = expected.slice(0, a) + ' '.repeat(b - a) + expected.slice(b);
    }
    assert.equal(blankRanges(text, spans(...ranges)), expected);
    assert.equal(blankRanges(text, spans(...ranges.map((o) => o + 7)), 7), expected, 'at offsets from a base');
  }), { numRuns: 500 });
});
