import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeServices, standardRoutes } from '../../support/fake-services';
import { RateLimiter } from '../../../server/src/fetch/limiter';
import { fetchSources, serviceSettings, writeAtomically } from '../../../server/src/fetch/run';
import type { FetchTarget } from '../../../server/src/fetch/targets';
import { normalizeConfig } from '../../../server/src/workspace/config';
import { mergeConfigs } from '../../../server/src/lsp/settings';
import { DEFAULT_SERVICES } from '../../../server/src/fetch/resolve';

const fast = () => ({ ncbi: new RateLimiter(100, 1000), europepmc: new RateLimiter(100, 1000), crossref: new RateLimiter(100, 1000) });

let services: FakeServices;
before(async () => { services = await standardRoutes(new FakeServices()).start(); });
after(() => services.stop());

const folder = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'evidence-lens-run-')), 'sources');
const target = (f: string, id: { doi?: string; pmid?: string }, key?: string): FetchTarget => ({ ...id, label: id.doi ?? `PMID ${id.pmid}`, folder: f, ...(key ? { id: key } : {}) });

test('cancelling keeps what was saved before and reports the rest as not fetched', async () => {
  const f = folder();
  const controller = new AbortController();
  const report = await fetchSources([target(f, { pmid: '39000001' }), target(f, { pmid: '39000003' }), target(f, { doi: '10.5555/ojn.2020.17' })], { ...DEFAULT_SERVICES, ...services.settings }, {
    limiters: fast(),
    signal: controller.signal,
    onProgress: (done) => { if (done === 1) controller.abort(new Error('user')); },
  });
  assert.equal(report.cancelled, true);
  assert.deepEqual(report.outcomes.map((o) => o.status), ['fetched', 'cancelled', 'cancelled']);
  assert.deepEqual(readdirSync(f), ['ostergaard2021.md']);
});

test('two papers with the same first author and year get distinct keys; a library key is kept', async () => {
  const f = folder();
  mkdirSync(f, { recursive: true });
  writeFileSync(path.join(f, 'nakamura2019.md'), '---\nid: nakamura2019\ndoi: 10.5555/other\n---\nSomething else.\n');
  const report = await fetchSources([target(f, { pmid: '39000003' }), target(f, { doi: '10.5555/jin.2021.0042' }, 'mytrial')], { ...DEFAULT_SERVICES, ...services.settings }, { limiters: fast(), today: '2026-12-01' });
  assert.deepEqual(report.outcomes.map((o) => o.status), ['fetched', 'fetched']);
  assert.deepEqual(readdirSync(f).sort(), ['mytrial.md', 'nakamura2019.md', 'nakamura2019a.md']);
  assert.match(readFileSync(path.join(f, 'nakamura2019a.md'), 'utf8'), /^---\nid: nakamura2019a\n/);
  assert.match(readFileSync(path.join(f, 'mytrial.md'), 'utf8'), /\nfetched: 2026-12-01\n/);
  assert.equal(readFileSync(path.join(f, 'nakamura2019.md'), 'utf8'), '---\nid: nakamura2019\ndoi: 10.5555/other\n---\nSomething else.\n', "the user's note is untouched");
});

test('a paper already in the folder is not asked for again unless refreshing (matched by DOI or PMID)', async () => {
  const f = folder();
  await fetchSources([target(f, { doi: '10.5555/JIN.2021.0042' })], { ...DEFAULT_SERVICES, ...services.settings }, { limiters: fast() });
  const before = services.requests.length;
  const again = await fetchSources([target(f, { doi: '10.5555/jin.2021.0042' }), target(f, { pmid: '39000001' })], { ...DEFAULT_SERVICES, ...services.settings }, { limiters: fast() });
  assert.deepEqual(again.outcomes.map((o) => o.status), ['cached', 'cached']);
  assert.equal(services.requests.length, before);
  const refreshed = await fetchSources([target(f, { pmid: '39000001' })], { ...DEFAULT_SERVICES, ...services.settings }, { limiters: fast(), refresh: true });
  assert.deepEqual(refreshed.outcomes.map((o) => o.status), ['fetched']);
  assert.deepEqual(readdirSync(f), ['ostergaard2021.md'], 'refreshed in place');
});

test('writing is atomic: a failed rename leaves no temporary file and the old content', async () => {
  const f = folder();
  mkdirSync(path.join(f, 'taken.md'), { recursive: true }); // a directory where the note would go
  await assert.rejects(writeAtomically(path.join(f, 'taken.md'), 'text'));
  assert.deepEqual(readdirSync(f), ['taken.md']);
  await writeAtomically(path.join(f, 'ok.md'), 'one');
  await writeAtomically(path.join(f, 'ok.md'), 'two');
  assert.equal(readFileSync(path.join(f, 'ok.md'), 'utf8'), 'two');
  assert.deepEqual(readdirSync(f).sort(), ['ok.md', 'taken.md']);
});

test('fetch settings: editor defaults (empty strings) do not override the workspace file; paths are resolved', () => {
  const fromFile = normalizeConfig({ ncbiApiKey: 'abc', fetch: { email: 'me@example.org', sourcesFolder: 'papers', pubmedUrl: 'http://mirror/eutils/' } }, '/proj', '/proj/.evidence-lens.json');
  const fromEditor = normalizeConfig({ ncbiApiKey: '', fetch: { email: '', tool: 'evidence-lens', sourcesFolder: '', crossrefUrl: 'http://cr/' } }, '/proj');
  const merged = mergeConfigs(fromFile, fromEditor);
  assert.equal(merged.ncbiApiKey, 'abc');
  assert.deepEqual(merged.fetch, { email: 'me@example.org', sourcesFolder: path.resolve('/proj/papers'), pubmedUrl: 'http://mirror/eutils/', tool: 'evidence-lens', crossrefUrl: 'http://cr/' });
  const services = serviceSettings(merged);
  assert.equal(services.pubmedUrl, 'http://mirror/eutils/');
  assert.equal(services.europePmcUrl, DEFAULT_SERVICES.europePmcUrl);
  assert.equal(services.email, 'me@example.org');
  assert.equal(services.ncbiApiKey, 'abc');
  assert.throws(() => normalizeConfig({ fetch: 'yes' }, '/proj', 'x.json'), /"fetch" must be an object/);
});

test('DOIs copied from links are cleaned before lookup; a cut-short DOI is reported and not looked up', async () => {
  const { cleanCitedDoi } = await import('../../../server/src/fetch/targets');
  assert.deepEqual(cleanCitedDoi('https://doi.org/10.7326/M15-2112?rfr_dat=cr_pub&url_ver=Z39.88-2003'), { doi: '10.7326/M15-2112' });
  assert.deepEqual(cleanCitedDoi('10.14744/ejmo.2021.16263/'), { doi: '10.14744/ejmo.2021.16263' });
  assert.deepEqual(cleanCitedDoi('10.1016/S0140-6736(14)61234-5'), { doi: '10.1016/S0140-6736(14)61234-5' });
  assert.match(cleanCitedDoi('10.1016/S0140-6736(14').problem ?? '', /cut short/);
  const f = folder();
  const before = services.requests.length;
  const report = await fetchSources([{ doi: '10.1016/S0140-6736(14', label: '10.1016/S0140-6736(14', folder: f, problem: cleanCitedDoi('10.1016/S0140-6736(14').problem }], { ...DEFAULT_SERVICES, ...services.settings }, { limiters: fast() });
  assert.equal(report.outcomes[0].status, 'failed');
  assert.equal(report.outcomes[0].message, '10.1016/S0140-6736(14: looks cut short (unbalanced parenthesis); write the whole DOI; not fetched');
  assert.equal(services.requests.length, before);
});
