// The sources citations resolve against: a library's index is kept across analyses, and each
// analysis adds the note's own sources and its stubs on top. Whatever is kept, the answers are
// those of one index built from the whole list in order (ids: the last source of an id; identifiers
// and URLs: the first source with them), and linking a note gives the same citations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Source } from '../../../server/src/core/types';
import { factsOfSource, firstOfEachId, identifierKey, knownSources, normUrl, type KnownSources } from '../../../server/src/core/evidence/known-sources';
import { linkCitations } from '../../../server/src/core/evidence/citations';
import { analyzeNote } from '../../../server/src/core/analyze';

/** A library of `n` sources with shared DOIs and URLs, a repeated id and trial acronyms in titles. */
function library(n: number): Source[] {
  const out: Source[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      id: i === 7 ? 'src3' : `src${i}`,
      title: i % 10 === 0 ? `Drug ${i} in the TRIAL${i} randomised trial` : i % 10 === 1 ? `A study of X (ACRO${i % 3})` : `Paper ${i}`,
      doi: i % 5 === 0 ? `10.1000/lib.${i % 15}` : undefined,
      pmid: i % 7 === 0 ? String(10_000_000 + i) : undefined,
      url: i % 4 === 0 ? `https://www.example.org/paper/${i % 12}/` : undefined,
      text: `Text of source ${i}.`,
    });
  }
  return out;
}

/** The index as one pass over the list would build it (the behaviour to keep). */
function reference(list: readonly Source[]) {
  const byId = new Map<string, Source>();
  const byIdentifier = new Map<string, Source>();
  const byUrl = new Map<string, string>();
  for (const s of list) {
    byId.set(s.id, s);
    for (const key of factsOfSource(s).keys) if (!byIdentifier.has(key)) byIdentifier.set(key, s);
    const url = factsOfSource(s).url;
    if (url !== undefined && !byUrl.has(url)) byUrl.set(url, s.id);
  }
  const acronyms: string[] = [];
  for (const s of byId.values()) for (const a of factsOfSource(s).acronyms) acronyms.push(`${a}→${s.id}`);
  return { byId, byIdentifier, byUrl, keys: list.filter((s) => !s.stub).map((s) => s.id), acronyms };
}

function assertSame(known: KnownSources, listed: readonly Source[], all: readonly Source[]): void {
  const ref = reference(all);
  for (const s of all) {
    assert.equal(known.get(s.id), ref.byId.get(s.id), `get ${s.id}`);
    assert.ok(known.has(s.id));
    for (const key of factsOfSource(s).keys) assert.equal(known.byIdentifier(key), ref.byIdentifier.get(key), `identifier ${key}`);
    const url = factsOfSource(s).url;
    if (url !== undefined) assert.equal(known.byUrl(url), ref.byUrl.get(url), `url ${url}`);
  }
  assert.equal(known.has('nowhere'), false);
  assert.equal(known.byIdentifier(identifierKey('doi', '10.9/none')), undefined);
  assert.deepEqual([...known.values()], [...ref.byId.values()]);
  assert.deepEqual(known.keys(), reference(listed).keys);
  const acronyms: string[] = [];
  known.eachAcronym((a, id) => acronyms.push(`${a}→${id}`));
  assert.deepEqual(acronyms, ref.acronyms);
}

test('a kept library index with the note\'s own sources and stubs on top answers as one index of the whole list', () => {
  const lib = library(120);
  const own: Source[] = [
    // The note's copy of a library source (same id, its own text), a new source sharing a library DOI, one with a new URL.
    { ...lib[10], text: 'The abstract as quoted.', inNote: true },
    { id: 'note-ref', title: 'The NOTEREF study', doi: '10.1000/lib.0', text: 'x' },
    { id: 'note-url', url: 'https://example.org/new', text: 'y' },
  ];
  const listed = [...lib, ...own];
  const known = knownSources(listed, lib);
  assertSame(known, listed, listed);
  // Stubs made while linking: one with a library source's id, one new; a URL set to another id.
  const stubs: Source[] = [
    { id: 'src20', title: 'A stub of the REPLACED trial', text: '', stub: true },
    { id: 'doi:10.2000/new', doi: '10.2000/new', title: 'Stub', text: '', stub: true },
  ];
  for (const s of stubs) known.add(s);
  assertSame(known, listed, [...listed, ...stubs]);
  known.setUrl(normUrl('https://example.org/paper/0'), 'doi:10.2000/new');
  assert.equal(known.byUrl(normUrl('https://www.example.org/paper/0/')), 'doi:10.2000/new');

  // The same library objects in a new array (as the loader gives them each time): the same kept index.
  const again = knownSources([...lib, own[1]], [...lib]);
  assert.equal(again.base, known.base);
  assertSame(again, [...lib, own[1]], [...lib, own[1]]);
  // Another object in the library's place: indexed anew, not answered from the kept index.
  const changed = [...lib];
  changed[5] = { ...lib[5], doi: '10.3000/changed' };
  const other = knownSources(changed, changed);
  assert.notEqual(other.base, known.base);
  assertSame(other, changed, changed);
  // Without a library (or a small one), everything is indexed in the analysis, as before.
  assertSame(knownSources(listed), listed, listed);
});

test('a library index cut short by a note\'s copy of one of its sources is not the one kept once the copy is gone', () => {
  const lib: Source[] = library(300).map((s) => ({ ...s, id: `long-${s.id}` }));
  // The note quotes the abstract of the 150th source: its copy stands in the library's place.
  const quoted = [...lib];
  quoted[150] = { ...lib[150], text: 'The abstract as quoted.', inNote: true };
  const cut = knownSources(quoted, lib);
  assert.equal(cut.base.list.length, 150);
  assertSame(cut, quoted, quoted);
  // The quote is deleted: the whole library is indexed and kept, not its first 150 plus 150 added in every analysis.
  const whole = knownSources([...lib], lib);
  assert.equal(whole.base.list.length, 300);
  assertSame(whole, lib, lib);
  assert.equal(knownSources([...lib], lib).base, whole.base);
});

test('linking a note gives the same citations with a kept library index as without one', () => {
  const named: Source[] = [
    { id: 'okafor2019', title: 'Dapagliflozin in heart failure: the DAPHNE randomised trial', authors: ['Okafor'], year: 2019, doi: '10.5555/jct.2019.0412', pmid: '31234567', url: 'https://journal.example/daphne', text: 'RESULTS: Dapagliflozin reduced heart failure events.' },
    { id: 'moreau2018', title: 'Colchicine after myocardial infarction', authors: ['Moreau'], year: 2018, pmid: '29876543', text: 'RESULTS: Colchicine lowered the rate of ischemic events.' },
  ];
  const lib = [...library(100), ...named];
  const text = [
    'The DAPHNE trial [@okafor2019] enrolled patients with reduced ejection fraction.',
    '',
    'In DAPHNE, dapagliflozin reduced worsening heart failure ([paper](https://doi.org/10.5555/jct.2019.0412)); see also [the journal](https://journal.example/daphne).',
    '',
    'Colchicine lowered ischemic events (https://pubmed.ncbi.nlm.nih.gov/29876543/), as did nothing in [a preprint](https://example.net/preprint/1) [@src3].',
    '',
    'Moreau et al. (2018) found fewer events; see [[DAPHNE]] and the TRIAL0 trial [2].',
    '',
    '## References',
    '',
    '1. Okafor C. Dapagliflozin in heart failure. 2019. doi:10.5555/jct.2019.0412',
    '2. Unknown A. A paper not in the library. 2020. https://example.org/unknown',
    '',
  ].join('\n');
  const note = analyzeNote(text, { sources: lib });
  const link = (withLibrary: boolean) => {
    const { known: _known, ...rest } = linkCitations(text, note.context.sentences, lib, { paragraphCitations: true, library: withLibrary ? lib : undefined });
    return rest;
  };
  const kept = link(true);
  assert.ok(kept.citations.length >= 8, 'the note cites in many forms');
  assert.ok(kept.stubSources.length >= 1, 'an unknown reference is a stub');
  assert.deepEqual(kept, link(false));
  // And again, with the library's index kept from the first call.
  assert.deepEqual(link(true), kept);
});

test('the first source of each id is worked out once per list of the same objects', () => {
  const lib = library(80);
  const first = firstOfEachId(lib);
  // src3 comes twice (at 3 and 7): the first stays, in its place.
  assert.deepEqual(first.list.map((s) => s.id), lib.filter((_, i) => i !== 7).map((s) => s.id));
  assert.equal(first.byId.get('src3'), lib[3]);
  assert.equal(firstOfEachId([...lib]), first, 'a new array of the same objects');
  const changed = [...lib];
  changed[3] = { ...lib[3] };
  assert.equal(firstOfEachId(changed).byId.get('src3'), changed[3], 'another object: worked out again');
  // Entries without a string id are left out.
  assert.deepEqual(firstOfEachId([lib[0], { id: 7 } as unknown as Source, lib[1]]).list, [lib[0], lib[1]]);
});
