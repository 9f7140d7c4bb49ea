import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEfetchXml, parseEsearchJson } from '../../../server/src/fetch/formats/pubmed';
import { parseEuropePmcSearch, splitAbstractText } from '../../../server/src/fetch/formats/europepmc';
import { jatsAbstractSections, parseCrossrefWork } from '../../../server/src/fetch/formats/crossref';
import { MalformedResponse } from '../../../server/src/fetch/formats/xml';
import { citationKeyFor, isRetracted, renderSourceNote } from '../../../server/src/fetch/paper';
import { parseSourceNote } from '../../../server/src/core/evidence/sources';
import { fixture } from '../../support/fake-services';

test('efetch: structured abstract keeps its labels, inline markup and entities become text', () => {
  const [paper] = parseEfetchXml(fixture('efetch-structured.xml'));
  assert.equal(paper.pmid, '39000001');
  assert.equal(paper.doi, '10.5555/jin.2021.0042');
  assert.equal(paper.pmcid, 'PMC9900001');
  assert.equal(paper.year, 2021);
  assert.equal(paper.journal, 'Journal of Invented Neurology');
  assert.equal(paper.title, 'Anti-CD20 antibody and CSF neurofilament light chain in primary progressive multiple sclerosis: a randomised trial');
  assert.deepEqual(paper.authors, ['Østergaard KM', 'Abara C', 'Invented PPMS Trial Group']);
  assert.deepEqual(paper.abstract.map((s) => s.label), ['BACKGROUND', 'METHODS', 'RESULTS', 'CONCLUSIONS']);
  assert.match(paper.abstract[2].text, /decreased by 210 ng\/L \(95% CI 120–300 ng\/L; p = 0\.002\)/);
  assert.deepEqual(paper.publicationTypes, ['Journal Article', 'Randomized Controlled Trial']);
  assert.deepEqual(paper.mesh, ['Humans', 'Multiple Sclerosis, Chronic Progressive']);
  assert.equal(isRetracted(paper), false);
});

test('efetch: unstructured abstract, MedlineDate year, no DOI; retracted publication type; empty set', () => {
  const [plain] = parseEfetchXml(fixture('efetch-unstructured.xml'));
  assert.equal(plain.year, 2019);
  assert.equal(plain.doi, undefined);
  assert.equal(plain.abstract.length, 1);
  assert.equal(plain.abstract[0].label, undefined);
  const [retracted] = parseEfetchXml(fixture('efetch-retracted.xml'));
  assert.equal(isRetracted(retracted), true);
  assert.deepEqual(parseEfetchXml(fixture('efetch-empty.xml')), []);
  assert.deepEqual(parseEfetchXml('<eFetchResult><ERROR>Empty id list - nothing todo</ERROR></eFetchResult>'), []);
});

test('efetch: a truncated body or an HTML error page is malformed, not an empty result', () => {
  const xml = fixture('efetch-structured.xml');
  assert.throws(() => parseEfetchXml(xml.slice(0, Math.floor(xml.length / 2))), MalformedResponse);
  assert.throws(() => parseEfetchXml('<html><body><h1>Bad Gateway</h1></body></html>'), MalformedResponse);
});

test('esearch: the id list, empty when nothing matched; not JSON is malformed', () => {
  assert.deepEqual(parseEsearchJson(fixture('esearch-one.json')), ['39000001']);
  assert.deepEqual(parseEsearchJson(fixture('esearch-none.json')), []);
  assert.throws(() => parseEsearchJson('{"esearchresult": '), MalformedResponse);
  assert.throws(() => parseEsearchJson('{"header": {}}'), MalformedResponse);
});

test('Europe PMC core: abstractText headings become section labels; zero hits is undefined', () => {
  const paper = parseEuropePmcSearch(fixture('europepmc-core.json'))!;
  assert.equal(paper.doi, '10.5555/ojn.2020.17');
  assert.deepEqual(paper.authors, ['Varga L', 'Okafor T']);
  assert.equal(paper.year, 2020);
  assert.equal(paper.journal, 'Open Journal of Neuroimmunology');
  assert.deepEqual(paper.abstract.map((s) => s.label), ['Background', 'Methods', 'Results', 'Conclusions']);
  assert.equal(parseEuropePmcSearch(fixture('europepmc-empty.json')), undefined);
  assert.deepEqual(splitAbstractText('No headings here.'), [{ text: 'No headings here.' }]);
});

test('Crossref work: JATS sections with titles; a work without abstract has none', () => {
  const paper = parseCrossrefWork(fixture('crossref-jats.json'));
  assert.deepEqual(paper.authors, ['Pereira AL', 'Lee S']);
  assert.equal(paper.year, 2022);
  assert.deepEqual(paper.abstract, [
    { label: 'Objective', text: 'To relate treatment to brain volume loss.' },
    { label: 'Results', text: 'Among 310 patients, annual brain volume loss was 0.41% on treatment and 0.58% without (p = 0.03).' },
  ]);
  assert.deepEqual(parseCrossrefWork(fixture('crossref-no-abstract.json')).abstract, []);
  assert.deepEqual(jatsAbstractSections('<jats:title>Abstract</jats:title><jats:p>One <jats:italic>p</jats:italic> paragraph.</jats:p>'), [{ text: 'One p paragraph.' }]);
  assert.throws(() => parseCrossrefWork('{"status":"ok","message-type":"work-list","message":{}}'), MalformedResponse);
});

test('a rendered source note reads back through the sources-folder parser with the same metadata and labelled body', () => {
  const [paper] = parseEfetchXml(fixture('efetch-retracted.xml'));
  const key = citationKeyFor(paper);
  assert.equal(key, 'doe2018');
  assert.equal(citationKeyFor(parseEfetchXml(fixture('efetch-structured.xml'))[0]), 'ostergaard2021');
  const text = renderSourceNote(paper, key, '2026-12-01');
  const [source] = parseSourceNote(text, '/x/doe2018.md').sources;
  assert.equal(source.id, 'doe2018');
  assert.equal(source.pmid, '39000004');
  assert.equal(source.doi, '10.5555/ijh.2018.7');
  assert.equal(source.year, 2018);
  assert.equal(source.retracted, true);
  assert.deepEqual(source.publicationTypes, ['Journal Article', 'Retracted Publication']);
  assert.deepEqual(source.mesh, ['Animals', 'Mice']);
  assert.match(source.text, /^Mice fed the supplement/);
  const [structured] = parseEfetchXml(fixture('efetch-structured.xml'));
  const body = parseSourceNote(renderSourceNote(structured, 'k', '2026-12-01'), '/x/k.md').sources[0].text;
  assert.match(body, /^BACKGROUND: Intrathecal/);
  assert.match(body, /\n\nRESULTS: CSF neurofilament/);
  // No abstract: metadata only, an empty body (the claim stays unverifiable, nothing placeholder-like is compared).
  const bare = parseSourceNote(renderSourceNote({ ...structured, abstract: [] }, 'k', '2026-12-01'), '/x/k.md').sources[0];
  assert.equal(bare.text, '');
  assert.equal(bare.title, structured.title);
});
