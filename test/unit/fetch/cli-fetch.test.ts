import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli';
import { CITING_NOTE, FakeServices, closedPort, standardRoutes } from '../../support/fake-services';


const run = runCli;

let services: FakeServices;
before(async () => { services = await standardRoutes(new FakeServices()).start(); });
after(() => services.stop());

function project(note: string, fetch: Record<string, unknown> = services.settings): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-fetch-'));
  writeFileSync(path.join(dir, '.evidence-lens.json'), JSON.stringify({ fetch }));
  writeFileSync(path.join(dir, 'note.md'), note);
  return dir;
}

test('end to end: two DOIs and a PMID → fetch → three source notes → a misquoted number and an overstated claim', async () => {
  const dir = project(CITING_NOTE);
  const note = path.join(dir, 'note.md');
  const before = await run(['check', '--format', 'json', note]);
  const rulesBefore = JSON.parse(before.out).files[0].findings.map((f: { ruleId: string }) => f.ruleId);
  assert.ok(!rulesBefore.includes('misquoted-number') && !rulesBefore.includes('overstated-claim'), 'nothing to compare before fetching');

  const fetched = await run(['fetch', note]);
  assert.equal(fetched.code, 0, fetched.err);
  assert.match(fetched.err, /evidence-lens: fetching 1\/3 10\.5555\/jin\.2021\.0042\n/);
  assert.match(fetched.err, /evidence-lens: fetching 3\/3 PMID 39000003\n/);
  assert.match(fetched.err, /evidence-lens: fetched 3 /);
  const folder = path.join(dir, '.evidence-lens', 'sources');
  assert.deepEqual(readdirSync(folder).sort(), ['nakamura2019.md', 'ostergaard2021.md', 'varga2020.md']);
  const ostergaard = readFileSync(path.join(folder, 'ostergaard2021.md'), 'utf8');
  assert.match(ostergaard, /^---\nid: ostergaard2021\n/);
  assert.match(ostergaard, /\npmid: "39000001"\n/);
  assert.match(ostergaard, /\npublicationTypes:\n  - Journal Article\n  - Randomized Controlled Trial\n/);
  assert.match(ostergaard, /\nfetched: \d{4}-\d\d-\d\d\n/);
  assert.match(ostergaard, /\nfrom: PubMed E-utilities \(http:\/\/127\.0\.0\.1:\d+\/eutils\/efetch\.fcgi\?db=pubmed&id=39000001&retmode=xml\)\n/);
  assert.match(ostergaard, /\n\nRESULTS: CSF neurofilament light chain decreased by 210 ng\/L/);

  const after = await run(['check', '--format', 'json', note]);
  const findings = JSON.parse(after.out).files[0].findings as { ruleId: string; line: number; message: string }[];
  const misquoted = findings.find((f) => f.ruleId === 'misquoted-number');
  assert.ok(misquoted, JSON.stringify(findings));
  assert.equal(misquoted.line, 2);
  assert.match(misquoted.message, /`201 ng\/L`.*`210 ng\/L`/);
  const overstated = findings.find((f) => f.ruleId === 'overstated-claim');
  assert.ok(overstated, JSON.stringify(findings));
  assert.equal(overstated.line, 4);
  assert.match(overstated.message, /varga2020/);
  assert.equal(after.code, 1);

  // Checking the whole project checks the note, not the fetched abstracts.
  const folderCheck = await run(['check', '--format', 'json', dir]);
  assert.deepEqual(JSON.parse(folderCheck.out).files.map((f: { path: string }) => path.basename(f.path)), ['note.md']);

  // A second fetch asks nothing; --refresh asks again and rewrites the same files.
  const requests = services.requests.length;
  const again = await run(['fetch', note]);
  assert.equal(again.code, 0);
  assert.match(again.err, /nothing to fetch/);
  assert.equal(services.requests.length, requests, 'no request for cached papers');
  const refreshed = await run(['fetch', '--refresh', note]);
  assert.equal(refreshed.code, 0, refreshed.err);
  assert.match(refreshed.err, /fetched 3/);
  assert.ok(services.requests.length > requests);
  assert.deepEqual(readdirSync(folder).sort(), ['nakamura2019.md', 'ostergaard2021.md', 'varga2020.md'], 'same files, no temporary leftovers');
});

test('failures: one line each naming the identifier; what was fetched before stays; exit 1', async () => {
  const dir = project(`# Notes

Brain volume loss was smaller on treatment (doi:10.5555/ipr.2022.5).

Nobody knows this paper (doi:10.5555/nowhere.404).

Treatment was discussed in a letter (doi:10.5555/ipr.2023.9).
`);
  const r = await run(['fetch', path.join(dir, 'note.md')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /^evidence-lens: 10\.5555\/nowhere\.404: not found in PubMed, Europe PMC or Crossref$/m);
  assert.match(r.err, /^evidence-lens: 10\.5555\/ipr\.2023\.9: no abstract in Crossref; saved its metadata only$/m);
  assert.match(r.err, /fetched 2, 1 failed/);
  const folder = path.join(dir, '.evidence-lens', 'sources');
  assert.deepEqual(readdirSync(folder).sort(), ['lee2023.md', 'pereira2022.md']);
  // The metadata-only note counts as fetched: the next run does not ask again.
  const requests = services.requests.length;
  const again = await run(['fetch', path.join(dir, 'note.md')]);
  assert.match(again.err, /1 already in the sources folder/);
  assert.equal(services.requests.filter((q, i) => i >= requests && q.path.includes('ipr.2023.9')).length, 0);
});

test('an unreachable service: the run ends with one message per paper and writes nothing half-way', async () => {
  const port = await closedPort();
  const nowhere = `http://127.0.0.1:${port}/`;
  const dir = project(CITING_NOTE, { ...services.settings, pubmedUrl: nowhere, europePmcUrl: nowhere, crossrefUrl: nowhere });
  const r = await run(['fetch', path.join(dir, 'note.md')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /^evidence-lens: PMID 39000003: cannot reach PubMed E-utilities \(ECONNREFUSED\)$/m);
  assert.match(r.err, /fetched 0, 3 failed/);
  assert.equal(existsSync(path.join(dir, '.evidence-lens', 'sources')), false);
});

test('the fetched folder is a setting, and a BibTeX entry without abstract gets the fetched one under its own key', async () => {
  const dir = project(`---
bibliography: refs.bib
---
# Notes

CSF neurofilament light chain decreased by 201 ng/L from baseline to week 48 [@trial2021].
`, { ...services.settings, sourcesFolder: 'papers' });
  writeFileSync(path.join(dir, 'refs.bib'), '@article{trial2021, title={A trial}, author={Østergaard, K}, year={2021}, doi={10.5555/jin.2021.0042}}\n');
  mkdirSync(path.join(dir, 'papers'));
  const r = await run(['fetch', path.join(dir, 'note.md')]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(readdirSync(path.join(dir, 'papers')), ['trial2021.md']);
  const check = await run(['check', '--format', 'json', path.join(dir, 'note.md')]);
  const rules = JSON.parse(check.out).files[0].findings.map((f: { ruleId: string }) => f.ruleId);
  assert.ok(rules.includes('misquoted-number'), rules.join(','));
});

test('a retracted paper: fetch says so, and every claim resting on it gets a retracted-source finding; MeSH says animal', async () => {
  const dir = project(`# Supplement

The supplement halts liver fibrosis (PMID: 39000004).
`);
  const r = await run(['fetch', path.join(dir, 'note.md')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /^evidence-lens: PMID 39000004: retracted \(PubMed lists it as a Retracted Publication\)$/m);
  assert.match(readFileSync(path.join(dir, '.evidence-lens', 'sources', 'doe2018.md'), 'utf8'), /\nretracted: true\n/);
  const check = await run(['check', '--format', 'json', path.join(dir, 'note.md')]);
  const findings = JSON.parse(check.out).files[0].findings as { ruleId: string; line: number; message: string }[];
  const retracted = findings.find((f) => f.ruleId === 'retracted-source');
  assert.ok(retracted, JSON.stringify(findings));
  assert.equal(retracted.line, 2);
  const analysis = JSON.parse((await run(['analyze', path.join(dir, 'note.md')])).out);
  const claim = analysis.claims.find((c: { citations: string[] }) => c.citations.includes('doe2018'));
  assert.ok(claim.reasons.includes('population'), `the MeSH check tags make it an animal study: ${JSON.stringify(claim)}`);
});

test('fetch needs a PATH and knows --refresh; other commands do not', async () => {
  assert.equal((await run(['fetch'])).code, 2);
  const bad = await run(['check', '--refresh', 'x.md']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown option --refresh/);
});
