// Every way a note cites (issue 11): each form resolves, the claim links to the right source, the
// evidence sentence is the right one, and a number that differs from a quoted abstract is a
// misquoted-number. Notes and sources below are invented for these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNote } from '../../../server/src/core/analyze';
import type { Source } from '../../../server/src/core/types';
import type { Citation } from '../../../server/src/core/evidence/citations';
import { identifiersOfUrl } from '../../../server/src/core/evidence/citations';
import type { EvidenceClaim } from '../../../server/src/core/evidence/index';
import { sectionPathAt } from '../../../server/src/core/markdown/structure';

const lib: Source[] = [
  { id: 'okafor2019', title: 'Dapagliflozin in heart failure: the DAPHNE randomised trial', authors: ['Okafor'], year: 2019, doi: '10.5555/jct.2019.0412', pmid: '31234567',
    text: 'METHODS: In the DAPHNE randomised trial, 3100 patients with reduced ejection fraction received dapagliflozin or placebo. RESULTS: Dapagliflozin reduced worsening heart failure or cardiovascular death by 26% (hazard ratio 0.74). CONCLUSIONS: Dapagliflozin reduced heart failure events.' },
  { id: 'lindqvist2021', title: 'Tirzepatide and body weight in adults with obesity', authors: ['Lindqvist'], year: 2021, doi: '10.5555/obes.2021.77',
    text: 'METHODS: Adults with obesity received weekly tirzepatide or placebo for 72 weeks. RESULTS: Mean body weight fell by 15.0% with tirzepatide and by 2.4% with placebo. CONCLUSIONS: Tirzepatide produced substantial weight loss.' },
  { id: 'moreau2018', title: 'Colchicine after myocardial infarction', authors: ['Moreau'], year: 2018, pmid: '29876543',
    text: 'RESULTS: Colchicine lowered the rate of ischemic cardiovascular events compared with placebo (5.5% vs 7.1%). CONCLUSIONS: Colchicine reduced ischemic events after myocardial infarction.' },
];

function run(text: string, sources: Source[] = lib) {
  const note = analyzeNote(text, { sources });
  const citations = note.context.extras.citations as Citation[];
  const claims = note.context.claims as EvidenceClaim[];
  // The last sentence holding the needle (a note's own words come after the abstract it quotes).
  const claimOf = (needle: string) => {
    const i = note.context.sentences.map((s) => s.text.includes(needle)).lastIndexOf(true);
    assert.ok(i >= 0, `no sentence with ${needle}`);
    return claims.find((c) => c.sentence === i);
  };
  const linksOf = (needle: string) => claimOf(needle)?.citations ?? [];
  const findings = (rule: string) => note.analysis.findings.filter((f) => f.ruleId === rule);
  return { note, citations, claims, claimOf, linksOf, findings };
}

test('inline links name their source: DOI, PubMed, PMC, trial registry and preprint URLs', () => {
  assert.deepEqual(identifiersOfUrl('https://doi.org/10.5555/jct.2019.0412'), { doi: '10.5555/jct.2019.0412', pmid: undefined, pmcid: undefined, nct: undefined, arxiv: undefined });
  assert.equal(identifiersOfUrl('https://www.nejm.org/doi/full/10.5555/abc.123').doi, '10.5555/abc.123');
  assert.equal(identifiersOfUrl('https://www.medrxiv.org/content/10.1101/2021.01.02.21249146v2.full').doi, '10.1101/2021.01.02.21249146');
  assert.equal(identifiersOfUrl('https://pubmed.ncbi.nlm.nih.gov/31234567/').pmid, '31234567');
  assert.equal(identifiersOfUrl('http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=pubmed&list_uids=29876543').pmid, '29876543');
  assert.equal(identifiersOfUrl('https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7654321/').pmcid, 'PMC7654321');
  assert.equal(identifiersOfUrl('https://clinicaltrials.gov/ct2/show/NCT01234567').nct, 'NCT01234567');
  assert.equal(identifiersOfUrl('https://arxiv.org/abs/2101.01234').arxiv, '2101.01234');
});

test('an inline link to the paper resolves, links the claim and finds the right evidence sentence', () => {
  const text = 'As [the trial](https://doi.org/10.5555/jct.2019.0412) found, dapagliflozin reduced worsening heart failure or cardiovascular death.\n\n'
    + 'Colchicine lowered ischemic events after infarction ([PubMed](https://pubmed.ncbi.nlm.nih.gov/29876543/)).\n\n'
    + 'Semaglutide lowered body weight in the [company statement](https://example.org/press/semaglutide).\n';
  const { linksOf, claimOf, citations } = run(text);
  assert.deepEqual(linksOf('dapagliflozin reduced worsening'), ['okafor2019']);
  assert.match(claimOf('dapagliflozin reduced worsening')!.evidence[0].text, /reduced worsening heart failure or cardiovascular death by 26%/);
  assert.deepEqual(linksOf('Colchicine lowered'), ['moreau2018']);
  const press = citations.find((c) => c.kind === 'link')!;
  assert.equal(text.slice(press.start, press.end), '[company statement](https://example.org/press/semaglutide)');
  assert.equal(press.sourceId, 'url:https://example.org/press/semaglutide');
  assert.equal(claimOf('Semaglutide lowered')?.verdict, 'unverifiable', 'a linked page without text is a source, not an unsupported claim');
});

test('reference-style links resolve through their definitions', () => {
  const text = 'Tirzepatide lowered body weight by 15% in [the obesity trial][7].\n\n[7]: https://doi.org/10.5555/obes.2021.77\n';
  const { linksOf, citations } = run(text);
  assert.deepEqual(linksOf('Tirzepatide lowered'), ['lindqvist2021']);
  const c = citations.find((x) => x.sourceId === 'lindqvist2021')!;
  assert.equal(text.slice(c.start, c.end), '[the obesity trial][7]');
});

test('HTML footnotes: <sup>[[n]](#fnN)</sup> resolve to <a name> and id= targets alike', () => {
  const text = 'Dapagliflozin reduced heart failure events.<sup>[[1]](#fn1)</sup> Colchicine reduced ischemic events.<sup>[[2]](#fn2)</sup>\n\n'
    + '## References\n\n'
    + '1. <a name="fn1"></a>Okafor C. Dapagliflozin in heart failure: the DAPHNE randomised trial. J Card Trials. 2019. doi:10.5555/jct.2019.0412\n'
    + '2. <span id="fn2">Moreau P. Colchicine after myocardial infarction. Heart J. 2018. PMID: 29876543</span>\n';
  const { linksOf, findings, citations } = run(text);
  assert.deepEqual(linksOf('Dapagliflozin reduced heart'), ['okafor2019']);
  assert.deepEqual(linksOf('Colchicine reduced ischemic'), ['moreau2018']);
  assert.equal(findings('unresolved-citation').length, 0);
  const fn2 = citations.find((c) => c.key === 'fn2')!;
  assert.equal(text.slice(fn2.start, fn2.end), '[[2]](#fn2)');
});

test('an HTML footnote link whose anchor is missing is reported', () => {
  const text = 'Dapagliflozin reduced heart failure events.<sup>[[4]](#fn4)</sup>\n\n<a name="fn1"></a>1. Okafor C. Dapagliflozin in heart failure. 2019.\n';
  const f = run(text).findings('unresolved-citation');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /#fn4/);
});

test('numbered prose forms against reference lists of several shapes', () => {
  const shapes = [
    '1. Okafor C. Dapagliflozin in heart failure: the DAPHNE randomised trial. J Card Trials. 2019. doi:10.5555/jct.2019.0412\n2. Lindqvist A. Tirzepatide and body weight in adults with obesity. Obes J. 2021. https://doi.org/10.5555/obes.2021.77\n3. Moreau P. Colchicine after myocardial infarction. Heart J. 2018. PMID: 29876543\n',
    '[1] Okafor C. Dapagliflozin in heart failure. 2019. doi:10.5555/jct.2019.0412\n[2] Lindqvist A. Tirzepatide and body weight. 2021. doi:10.5555/obes.2021.77\n[3] Moreau P. Colchicine after infarction. 2018. [PubMed](https://pubmed.ncbi.nlm.nih.gov/29876543/)\n',
    '**1.** Okafor C. Dapagliflozin in heart failure. 2019. doi:10.5555/jct.2019.0412\n\n**2.** Lindqvist A. Tirzepatide and body weight. 2021. doi:10.5555/obes.2021.77\n\n**3.** Moreau P. Colchicine after infarction. 2018. PMID: 29876543\n',
  ];
  for (const [i, list] of shapes.entries()) {
    const heading = i === 1 ? 'Bibliography:\n\n' : '## References\n\n';
    const text = 'Dapagliflozin reduced heart failure events (1).\n\n'
      + 'Tirzepatide and colchicine both helped (2,3).\n\n'
      + 'All three drugs improved outcomes (1–3).\n\n'
      + 'Tirzepatide lowered weight (reference 2).\n\n'
      + 'Colchicine reduced ischemic events (ref. 3).\n\n'
      + 'Dapagliflozin reduced deaths.<sup>1</sup>\n\n'
      + 'Colchicine reduced strokes.^3^\n\n'
      + heading + list;
    const { linksOf, findings } = run(text);
    const shape = `shape ${i}`;
    assert.deepEqual(linksOf('Dapagliflozin reduced heart'), ['okafor2019'], shape);
    assert.deepEqual(linksOf('Tirzepatide and colchicine').sort(), ['lindqvist2021', 'moreau2018'], shape);
    assert.deepEqual(linksOf('All three drugs').sort(), ['lindqvist2021', 'moreau2018', 'okafor2019'], shape);
    assert.deepEqual(linksOf('Tirzepatide lowered weight'), ['lindqvist2021'], shape);
    assert.deepEqual(linksOf('Colchicine reduced ischemic'), ['moreau2018'], shape);
    assert.deepEqual(linksOf('Dapagliflozin reduced deaths'), ['okafor2019'], shape);
    assert.deepEqual(linksOf('Colchicine reduced strokes'), ['moreau2018'], shape);
    assert.equal(findings('unresolved-citation').length, 0, shape);
  }
});

test('parenthesised numbers that are not citations stay prose: enumerations, counts, units', () => {
  const text = 'Dapagliflozin helped patients who were (1) older and (2) frail.\n\nThe control group (29,100) received placebo.\n\nBMI was 31 kg/m<sup>2</sup> on average.\n\n## References\n\n1. Okafor C. Dapagliflozin in heart failure. 2019. doi:10.5555/jct.2019.0412\n2. Moreau P. Colchicine after infarction. 2018. PMID: 29876543\n';
  const { citations } = run(text);
  assert.deepEqual(citations.filter((c) => c.kind === 'numbered'), []);
});

test('(ref. N) with no such entry is unresolved; a bare (N) without a list is silent', () => {
  const text = 'Dapagliflozin reduced heart failure events (ref. 9).\n\nColchicine reduced events (4).\n\n## References\n\n1. Okafor C. Dapagliflozin in heart failure. 2019. doi:10.5555/jct.2019.0412\n';
  const f = run(text).findings('unresolved-citation');
  assert.equal(f.length, 1);
  assert.equal(text.slice(f[0].start, f[0].end), '(ref. 9)');
});

test('wiki links and trial acronyms introduced elsewhere with a reference link to that source', () => {
  const text = 'The DAPHNE trial [@okafor2019] enrolled patients with reduced ejection fraction.\n\n'
    + 'In DAPHNE, dapagliflozin reduced worsening heart failure or cardiovascular death.\n\n'
    + 'See [[DAPHNE]] for the appraisal.\n\n'
    + 'Patients with HPV and COPD were excluded.\n';
  const { linksOf, citations } = run(text);
  assert.deepEqual(linksOf('In DAPHNE, dapagliflozin'), ['okafor2019']);
  const acr = citations.find((c) => c.kind === 'acronym')!;
  assert.equal(text.slice(acr.start, acr.end), 'DAPHNE');
  const wiki = citations.find((c) => c.kind === 'wiki')!;
  assert.equal(wiki.sourceId, 'okafor2019');
  assert.equal(text.slice(wiki.start, wiki.end), '[[DAPHNE]]');
  assert.ok(!citations.some((c) => c.key === 'HPV' || c.key === 'COPD'), 'short abbreviations are not trial names');
});

test('a note about one paper: the quoted abstract is its text; results and conclusions rest on it; a changed number is misquoted', () => {
  const text = [
    '# Journal club: colchicine after infarction',
    '',
    'Moreau P, Laurent S, et al. Colchicine after myocardial infarction. Heart J. 2018.',
    '',
    'RESULTS: Colchicine lowered the rate of ischemic cardiovascular events compared with placebo (5.5% vs 7.1%).',
    '',
    'CONCLUSIONS: Colchicine reduced ischemic events after myocardial infarction.',
    '',
    '## Results',
    '',
    'Ischemic cardiovascular events occurred in 4.5% of patients on colchicine versus 7.1% on placebo.',
    '',
    '## Conclusions',
    '',
    'Colchicine reduced ischemic events after myocardial infarction.',
    '',
  ].join('\n');
  const { linksOf, claimOf, findings, note } = run(text, []);
  const id = note.context.structure!.mainPaper!;
  assert.ok(id, 'the note names its paper');
  assert.deepEqual(linksOf('occurred in 4.5%'), [id]);
  const claim = claimOf('occurred in 4.5%')!;
  assert.match(claim.evidence[0].text, /5\.5% vs 7\.1%/);
  const ev = claim.evidence[0] as { start?: number; end?: number; text: string };
  assert.equal(text.slice(ev.start!, ev.end!), ev.text, 'the evidence sentence maps back into the note');
  const mis = findings('misquoted-number');
  assert.equal(mis.length, 1);
  assert.equal(text.slice(mis[0].start, mis[0].end), '4.5%');
  assert.deepEqual(linksOf('Colchicine reduced ischemic events after myocardial infarction.'), [id]);
  assert.equal(findings('unsupported-claim').length, 0);
});

test('a note whose front matter names its paper by DOI: its results section rests on that paper', () => {
  const text = '---\ntitle: DAPHNE appraisal\ndoi: 10.5555/jct.2019.0412\n---\n\n## Results\n\nDapagliflozin reduced worsening heart failure or cardiovascular death by 36%.\n';
  const { linksOf, findings } = run(text);
  assert.deepEqual(linksOf('by 36%'), ['okafor2019']);
  const mis = findings('misquoted-number');
  assert.equal(mis.length, 1);
  assert.equal(text.slice(mis[0].start, mis[0].end), '36%');
});

test('Pandoc in-text @key is unresolved like [@key]; a handle in a note without a bibliography is not', () => {
  const cited = run('@okafr2019 showed that dapagliflozin reduced heart failure events.\n');
  const f = cited.findings('unresolved-citation');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /okafor2019/);
  const noBib = run('As @drwatson posted, dapagliflozin reduced heart failure events.\n', []);
  assert.equal(noBib.findings('unresolved-citation').length, 0);
  const pandocNote = run('Dapagliflozin helped [@okafor2019]. @drwatson2020 disagreed.\n', []);
  assert.equal(pandocNote.findings('unresolved-citation').length, 2, 'a note that uses [@key] expects keys');
});

test('malformed citations get a finding with the closest key as the fix', () => {
  const text = 'Dapagliflozin reduced heart failure events [@okafor2019.\n\nColchicine reduced ischemic events [moreau2018].\n';
  const { findings } = run(text);
  const f = findings('unresolved-citation');
  assert.equal(f.length, 2);
  const open = f.find((x) => /okafor2019/.test(x.message))!;
  assert.equal(text.slice(open.start, open.end), '[@okafor2019');
  assert.equal((open.data!.fixes as { newText: string }[])[0].newText, '[@okafor2019]');
  const bare = f.find((x) => /moreau2018/.test(x.message))!;
  assert.equal(text.slice(bare.start, bare.end), '[moreau2018]');
  assert.equal((bare.data!.fixes as { newText: string }[])[0].newText, '[@moreau2018]');
});

test('citation keys and link destinations are not prose: no drug misspelling in a key', () => {
  const text = 'Natalizumab helps [@Natalizumob-notes]. See also @Natalizumub-blog and [a review](https://example.org/natalizumub).\n';
  const { findings, note } = run(text, []);
  assert.deepEqual(findings('drug-name-misspelled'), []);
  assert.ok(note.context.drugs.some((d) => d.generic === 'natalizumab'), 'the prose drug name is still found');
});

test('HTML entities in prose are read as their characters with exact offsets', () => {
  const text = 'Dapagliflozin lowered events (hazard ratio 0.74, 95% CI 0.65&ndash;0.85, p&nbsp;&lt;&nbsp;0.001).\n\nThe odds ratio was 1.30 (95% CI 0.82 &ndash; 2.02).\n\nMortality was &#8804; 5%.\n';
  const { note } = run(text, []);
  const cis = note.analysis.statistics.filter((s) => s.kind === 'ci');
  assert.ok(cis.some((c) => c.lower === 0.65 && c.upper === 0.85), 'interval with &ndash;');
  assert.ok(cis.some((c) => c.lower === 0.82 && c.upper === 2.02), 'spaced interval with &ndash;');
  const p = note.analysis.statistics.find((s) => s.kind === 'p')!;
  assert.equal(p.comparator, '<');
  assert.equal(p.value, 0.001);
  for (const s of note.analysis.statistics) assert.equal(s.text.length, s.end - s.start);
});

test('the note structure is shared on the rule context: sections, blocks and the reference list', () => {
  const text = '# Trial\n\n## Results\n\nDapagliflozin reduced events [1].\n\n## References\n\n1. Okafor C. Dapagliflozin in heart failure. 2019. doi:10.5555/jct.2019.0412\n';
  const { note } = run(text);
  const s = note.context.structure!;
  const at = text.indexOf('Dapagliflozin reduced');
  assert.deepEqual(sectionPathAt(s, at), ['Trial', 'Results']);
  assert.ok(s.blocks.some((b) => b.kind === 'paragraph' && b.start === at));
  assert.deepEqual(s.referenceList.map((e) => [e.number, e.sourceId]), [[1, 'okafor2019']]);
});

test('hover and go-to-definition work on every form: a numbered (1) goes to its reference entry, a link hovers its source', async () => {
  const { hoverAt } = await import('../../../server/src/lsp/hover');
  const { definitionAt } = await import('../../../server/src/lsp/citations');
  const text = 'Colchicine reduced ischemic events (1).\n\nDapagliflozin reduced events ([trial](https://doi.org/10.5555/jct.2019.0412)).\n\n## References\n\n1. Moreau P. Colchicine after myocardial infarction. Heart J. 2018. PMID: 29876543\n';
  const { note } = run(text, [{ ...lib[0], origin: { file: '/tmp/lib.bib', line: 4 } }]);
  const defs = definitionAt(note, text.indexOf('(1)') + 1, 'file:///note.md');
  assert.equal(defs.length, 1);
  assert.equal(defs[0].uri, 'file:///note.md');
  assert.equal(defs[0].range.start.line, text.slice(0, text.indexOf('1. Moreau')).split('\n').length - 1);
  const hover = hoverAt(note, text.indexOf('[trial]') + 2)!;
  assert.match((hover.contents as { value: string }).value, /\*\*Cites\*\* \(link to a DOI\) `okafor2019`/);
  const linkDef = definitionAt(note, text.indexOf('[trial]') + 2, 'file:///note.md');
  assert.equal(linkDef[0].uri, 'file:///tmp/lib.bib');
});

test('an unresolved wiki link is reported once in a Pandoc document and silent in a vault note', () => {
  const pandoc = 'Dapagliflozin helped [@okafor2019]. Results of [[ZENITH-3]] differ.\n\nSee also \\[\\[ZENITH-3\\]\\].\n';
  const f = run(pandoc).findings('unresolved-citation');
  assert.equal(f.length, 1);
  assert.equal(pandoc.slice(f[0].start, f[0].end), '[[ZENITH-3]]');
  const vault = run('Results of [[ZENITH-3]] differ from what we expected.\n', []);
  assert.equal(vault.findings('unresolved-citation').length, 0);
});

test('a title naming one trial (YAML or TOML front matter) makes its results sections rest on that trial', () => {
  for (const fm of ['---\ntitle: "Appraisal: the ZENITH-3 trial"\n---\n', '+++\ntitle = "ZENITH-3 randomised trial appraisal"\n+++\n']) {
    const text = `${fm}\n## Results\n\nEvents fell by a quarter with the study drug versus placebo.\n\n## Background\n\nHeart failure admissions doubled over the last decade.\n`;
    const { linksOf, claimOf } = run(text, []);
    assert.equal(linksOf('Events fell').length, 1, fm);
    assert.match(linksOf('Events fell')[0], /^paper:/);
    assert.equal(claimOf('Events fell')?.verdict, 'unverifiable', 'no text of the trial: nothing to compare, nothing unsupported');
    assert.deepEqual(linksOf('admissions doubled'), [], 'other sections are not assumed to rest on the paper');
  }
  const blog = run('---\ntitle: Notes on heart failure\n---\n\n## Results\n\nEvents fell by a quarter with the study drug.\n', []);
  assert.deepEqual(blog.linksOf('Events fell'), []);
});

test('a blockquote under a reference line is that paper\'s text; a quote after "The authors conclude:" is the cited source\'s', () => {
  const text = [
    'Moreau P, Laurent S, et al. Colchicine after myocardial infarction. Heart J. 2018.',
    '',
    '> Colchicine lowered the rate of ischemic cardiovascular events compared with placebo (5.5% vs 7.1%).',
    '',
    '## Results',
    '',
    'Ischemic events occurred in 5.5% of patients on colchicine and 7.9% on placebo.',
    '',
  ].join('\n');
  const { linksOf, findings, note } = run(text, []);
  assert.equal(note.context.structure!.mainPaper, 'moreau2018');
  assert.deepEqual(linksOf('Ischemic events occurred'), ['moreau2018']);
  const mis = findings('misquoted-number');
  assert.equal(mis.length, 1);
  assert.equal(text.slice(mis[0].start, mis[0].end), '7.9%');

  const lead = 'Colchicine was tested after infarction ([trial](https://pubmed.ncbi.nlm.nih.gov/29876543/)).\n\nThe authors conclude:\n\n> Colchicine lowered ischemic events by a fifth.\n';
  const r = run(lead, []);
  const src = r.note.context.sources.find((s) => s.id === 'pmid:29876543')!;
  assert.match(src.text, /lowered ischemic events by a fifth/);
});

test('a link labelled by author and year names its paper, so a later "Wing 2011" mention cites it too', () => {
  const text = 'Modest weight loss improved risk factors [(Wing 2011)](https://example.org/wing-paper).\n\nPer Wing 2011, triglycerides fell with weight loss.\n';
  const { linksOf } = run(text, []);
  assert.deepEqual(linksOf('triglycerides fell'), ['url:https://example.org/wing-paper']);
});

test('a link to a misspelt DOI resolver host is reported with the right host as the fix, also in a reference list', () => {
  const text = 'Colchicine reduced events [1].\n\n## References\n\n1. Moreau P. Colchicine after infarction. Heart J. 2018. [link](http://dx.doio.org/10.5555/heart.2018.1)\n';
  const f = run(text, []).findings('unresolved-citation');
  assert.equal(f.length, 1);
  assert.equal(text.slice(f[0].start, f[0].end), 'dx.doio.org');
  assert.equal((f[0].data!.fixes as { newText: string }[])[0].newText, 'dx.doi.org');
  assert.equal(run('See [the registry](https://www.isrctn.com/ISRCTN123) and [a paper](https://doi.org/10.5555/x).\n', []).findings('unresolved-citation').length, 0);
});

test('with a bibliography loaded, a narrative author-year citation that names no entry is unresolved', () => {
  const text = 'In a classic study, Farrow and Jenkins (1971) found that expectations changed outcomes.\n\nOkafor et al. (2019) reported fewer events. Back in 1971, nobody knew.\n';
  const { findings } = run(text);
  const f = findings('unresolved-citation');
  assert.equal(f.length, 1);
  assert.equal(text.slice(f[0].start, f[0].end), 'Farrow and Jenkins (1971)');
  assert.equal(run(text, []).findings('unresolved-citation').length, 0, 'no bibliography: nothing to resolve against');
});

test('a DOI copied from a link with a query string or trailing slash finds the source with that DOI', async () => {
  const { canonicalDoi } = await import('../../../server/src/core/evidence/citations');
  assert.equal(canonicalDoi('10.7326/M15-2112?rfr_dat=cr_pub'), '10.7326/m15-2112');
  assert.equal(canonicalDoi('https://doi.org/10.1056/NEJMoa2206038/'), '10.1056/nejmoa2206038');
  const { analyze } = await import('../../../server/src/core/analyze');
  const note = 'Steroids shortened shock by two days, see doi:10.7326/M15-2112?rfr_dat=cr_pub.\n';
  const analysis = analyze(note, { sources: [{ id: 'annane2016', doi: '10.7326/m15-2112', title: 'Steroids in septic shock', text: 'Hydrocortisone shortened time to shock reversal.' }] });
  assert.deepEqual(analysis.claims.flatMap((c) => c.citations), ['annane2016']);
});
