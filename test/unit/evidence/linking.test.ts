// Links from claims to sources: every citation form the issue lists, paragraph citations,
// anaphora, and unresolved keys with the closest known keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';
import type { Source } from '../../../server/src/core/types';
import type { Citation } from '../../../server/src/core/evidence/citations';
import type { EvidenceClaim } from '../../../server/src/core/evidence/index';

const lib: Source[] = [
  { id: 'romme2014', title: 'Natalizumab in progressive MS', authors: ['Romme Christensen', 'Ratzer'], year: 2014, doi: '10.1212/WNL.0000000000000361', pmid: '24682973',
    text: 'METHODS: In an open-label phase 2A study, 24 patients with progressive MS received natalizumab for 60 weeks. RESULTS: CSF osteopontin decreased by 65 ng/mL (p = 0.0004). CONCLUSIONS: Natalizumab reduces intrathecal inflammation in progressive MS.' },
  { id: 'kapoor2018', title: 'Natalizumab in secondary progressive MS (ASCEND)', authors: ['Kapoor'], year: 2018, pmid: '29545067',
    text: 'In this randomised placebo-controlled trial, natalizumab did not reduce confirmed disability progression in secondary progressive MS.' },
  { id: 'okafor2019', title: 'Dapagliflozin in heart failure', authors: ['Okafor'], year: 2019, doi: '10.5555/jct.2019.0412',
    text: 'Dapagliflozin reduced worsening heart failure or cardiovascular death in patients with reduced ejection fraction.' },
];

function run(text: string, settings = {}) {
  const note = analyzeNote(text, { sources: lib, settings });
  const citations = note.context.extras.citations as Citation[];
  const claims = note.context.claims as EvidenceClaim[];
  const linksOf = (needle: string) => {
    const i = note.context.sentences.findIndex((s) => s.text.includes(needle));
    assert.ok(i >= 0, `sentence with ${needle}`);
    return claims.find((c) => c.sentence === i)?.citations ?? [];
  };
  return { note, citations, claims, linksOf };
}

test('Pandoc citations: [@key], [@a; @b], [see @key, p. 4] and @key in text, each with its own range', () => {
  const text = 'Natalizumab reduced CSF osteopontin [@romme2014].\n\nNatalizumab reduced inflammation [@romme2014; @kapoor2018].\n\nNatalizumab reduced inflammation [see @romme2014, p. 4].\n\n@kapoor2018 reported that natalizumab did not reduce progression.\n';
  const { citations, linksOf } = run(text);
  const pandoc = citations.filter((c) => c.kind === 'pandoc' || c.kind === 'pandoc-in-text');
  assert.equal(pandoc.length, 5);
  for (const c of pandoc) assert.equal(text.slice(c.start, c.end), `@${c.key}`);
  assert.deepEqual(linksOf('[@romme2014; @kapoor2018]').sort(), ['kapoor2018', 'romme2014']);
  assert.deepEqual(linksOf('see @romme2014'), ['romme2014']);
  assert.deepEqual(linksOf('@kapoor2018 reported'), ['kapoor2018']);
});

test('numbered references against the note\'s reference list, including ranges [1–3]', () => {
  const text = 'Natalizumab reduced CSF osteopontin [1].\n\nNatalizumab and dapagliflozin reduced several outcomes [1–3].\n\n## References\n\n1. Romme Christensen J, Ratzer R, et al. Natalizumab in progressive MS. Neurology. 2014.\n2. Kapoor R, et al. Natalizumab in secondary progressive MS (ASCEND). Lancet Neurol. 2018. PMID: 29545067\n3. Okafor C. Dapagliflozin in heart failure. J Card Trials. 2019. doi:10.5555/jct.2019.0412\n';
  const { linksOf, claims, note } = run(text);
  assert.deepEqual(linksOf('osteopontin [1]'), ['romme2014']);
  assert.deepEqual(linksOf('[1–3]').sort(), ['kapoor2018', 'okafor2019', 'romme2014']);
  const refSentences = claims.filter((c) => note.context.sentences[c.sentence].start > text.indexOf('## References'));
  assert.deepEqual(refSentences, [], 'the reference list itself is not judged');
});

test('footnotes, DOI and PubMed links, bare DOIs and PMIDs resolve to library sources', () => {
  const text = [
    'Natalizumab reduced CSF osteopontin in progressive MS.[^r]',
    '',
    'Dapagliflozin reduced heart failure events ([trial](https://doi.org/10.5555/jct.2019.0412)).',
    '',
    'Natalizumab did not reduce progression ([PubMed](https://pubmed.ncbi.nlm.nih.gov/29545067/)).',
    '',
    'Natalizumab reduced inflammation (doi:10.1212/WNL.0000000000000361).',
    '',
    'Natalizumab did not reduce disability progression (PMID: 29545067).',
    '',
    '[^r]: Romme Christensen J, et al. Natalizumab in progressive MS. Neurology. 2014.',
    '',
  ].join('\n');
  const { linksOf, citations } = run(text);
  assert.deepEqual(linksOf('osteopontin in progressive MS'), ['romme2014']);
  assert.deepEqual(linksOf('heart failure events'), ['okafor2019']);
  assert.deepEqual(linksOf('PubMed'), ['kapoor2018']);
  assert.deepEqual(linksOf('doi:10.1212'), ['romme2014']);
  assert.deepEqual(linksOf('PMID: 29545067'), ['kapoor2018']);
  const kinds = new Set(citations.map((c) => c.kind));
  for (const k of ['footnote', 'doi-link', 'pubmed-link', 'doi', 'pmid']) assert.ok(kinds.has(k as Citation['kind']), k);
});

test('author-year mentions and anaphora link to the right source', () => {
  const text = 'Romme Christensen et al. 2014 found that natalizumab reduced CSF osteopontin.\n\nThis study also found that natalizumab reduces intrathecal inflammation.\n\nKapoor 2018 found that natalizumab did not reduce disability progression.\n\nThe trial enrolled patients with secondary progressive MS.\n';
  const { linksOf, citations } = run(text);
  assert.deepEqual(linksOf('Romme Christensen et al. 2014'), ['romme2014']);
  assert.deepEqual(linksOf('This study also'), ['romme2014']);
  assert.deepEqual(linksOf('Kapoor 2018'), ['kapoor2018']);
  const ay = citations.find((c) => c.kind === 'author-year')!;
  assert.equal(text.slice(ay.start, ay.end), 'Romme Christensen et al. 2014');
});

test('a paragraph-final citation covers earlier claims of the paragraph unless paragraphCitations is off', () => {
  const text = 'Dapagliflozin reduced worsening heart failure. It also reduced cardiovascular death [@okafor2019].\n';
  assert.deepEqual(run(text).linksOf('Dapagliflozin reduced worsening'), ['okafor2019']);
  const off = run(text, { paragraphCitations: false });
  const first = off.claims.find((c) => off.note.context.sentences[c.sentence].text.startsWith('Dapagliflozin reduced worsening'));
  assert.equal(first?.verdict, 'unsupported');
});

test('unknown keys are unresolved, with the closest known keys as quick fixes', () => {
  const text = 'Natalizumab reduced CSF osteopontin [@rome2014].\n\nDapagliflozin reduced events [7].\n';
  const { note } = run(text);
  const findings = note.analysis.findings.filter((f) => f.ruleId === 'unresolved-citation');
  assert.equal(findings.length, 2);
  const key = findings.find((f) => /rome2014/.test(f.message))!;
  assert.equal(text.slice(key.start, key.end), '@rome2014');
  assert.deepEqual((key.data!.fixes as { newText: string }[])[0].newText, '@romme2014');
  assert.match(findings.find((f) => /\[7\]/.test(f.message))!.message, /no entry in the note's reference list/);
});

test('a paragraph ending with "this study" is about that study; an unrelated "the effect" stays unlinked', () => {
  const text = 'Natalizumab reduced CSF osteopontin [@romme2014].\n\nOther CSF markers of intrathecal inflammation fell too. This study suggests natalizumab reduces intrathecal inflammation.\n\nThe effect of weather on mood is large in Norway.\n';
  const { linksOf, claims, note } = run(text);
  assert.deepEqual(linksOf('Other CSF markers'), ['romme2014']);
  const weather = claims.find((c) => note.context.sentences[c.sentence].text.includes('weather'));
  if (weather) assert.deepEqual(weather.citations, []);
});

test('a pronoun reporting a finding ("It shows that…") right after a sentence about a source links to it', () => {
  const text = 'Romme Christensen et al. 2014 treated 24 patients with natalizumab. It shows that natalizumab reduces CSF osteopontin.\n\nIt rains a lot in Copenhagen. It shows that the city needs umbrellas.\n';
  const { linksOf } = run(text);
  assert.deepEqual(linksOf('It shows that natalizumab'), ['romme2014']);
  assert.deepEqual(linksOf('It shows that the city'), []);
});

test('an edit gives back the claims and written citations of the sentences before it as the same objects, and moves those after it: same results as a full analysis', async () => {
  const { AnalysisCache } = await import('../../../server/src/core/incremental');
  const paragraph = (i: number) => `Natalizumab reduced CSF osteopontin by 65 ng/mL in week ${i} [@romme2014]. It clearly halts progression [@kapoor2018].\n\n`;
  const note = Array.from({ length: 6 }, (_, i) => paragraph(i)).join('');
  const at = note.indexOf('week 3');
  const edited = `${note.slice(0, at)}x${note.slice(at)}`;
  const cache = new AnalysisCache();
  // Judged under an opening paragraph, then moved up when it goes: the claims kept from then on are
  // moved copies, given back as they are once they stay at their place.
  const first = analyzeNote(`Opening words.\n\n${note}`, { sources: lib, cache });
  const before = analyzeNote(note, { sources: lib, cache });
  const after = analyzeNote(edited, { sources: lib, cache });
  assert.deepStrictEqual(after.analysis, analyzeNote(edited, { sources: lib, wholeParse: true }).analysis);
  assert.equal(first.context.claims.length, 12);
  const claimsBefore = before.context.claims, claimsAfter = after.context.claims;
  const citesBefore = before.context.extras.citations as Citation[], citesAfter = after.context.extras.citations as Citation[];
  for (let i = 0; i < claimsAfter.length; i++) {
    const unchanged = (claimsAfter[i] as EvidenceClaim).end <= at;
    assert.equal(claimsAfter[i] === claimsBefore[i], unchanged, `claim ${i}`);
  }
  for (let i = 0; i < citesAfter.length; i++) assert.equal(citesAfter[i] === citesBefore[i], citesAfter[i].end <= at, `citation ${i}`);
  // The analysis before the edit is left as it was.
  assert.deepStrictEqual(before.analysis, analyzeNote(note, { sources: lib, wholeParse: true }).analysis);
});
