import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeServices, closedPort, fixture, standardRoutes } from '../../support/fake-services';
import { FetchFailure, HttpClient, retryAfterMs } from '../../../server/src/fetch/http';
import { RateLimiter } from '../../../server/src/fetch/limiter';
import { Resolver, type ServiceSettings } from '../../../server/src/fetch/resolve';

const fast = () => ({ ncbi: new RateLimiter(100, 1000), europepmc: new RateLimiter(100, 1000), crossref: new RateLimiter(100, 1000) });

let services: FakeServices;
before(async () => { services = await standardRoutes(new FakeServices()).start(); });
after(() => services.stop());

const resolver = (extra: Partial<ServiceSettings> = {}, http = {}) => new Resolver(new HttpClient({ timeoutMs: 2000, defaultBackoffMs: 10, ...http }), fast(), { ...services.settings, ...extra });

async function failure(p: Promise<unknown>): Promise<FetchFailure> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof FetchFailure, `expected a FetchFailure, got ${error}`);
    return error;
  }
  assert.fail('expected a failure');
}

test('a PMID goes to efetch with tool and email; an API key is sent when set', async () => {
  const before = services.requests.length;
  const paper = await resolver({ ncbiApiKey: 'k123' }).resolve({ pmid: '39000003' });
  assert.equal(paper.from, 'pubmed');
  assert.equal(paper.pmid, '39000003');
  const [req] = services.requests.slice(before);
  assert.equal(req.path, '/eutils/efetch.fcgi');
  assert.equal(req.params.get('db'), 'pubmed');
  assert.equal(req.params.get('retmode'), 'xml');
  assert.equal(req.params.get('tool'), 'evidence-lens-tests');
  assert.equal(req.params.get('email'), 'tests@example.org');
  assert.equal(req.params.get('api_key'), 'k123');
  assert.doesNotMatch(paper.url ?? '', /api_key|email/, 'no key or address in the provenance line');
});

test('a DOI: esearch term=DOI[doi] then efetch; else Europe PMC; else Crossref with mailto', async () => {
  let start = services.requests.length;
  const viaPubmed = await resolver().resolve({ doi: '10.5555/jin.2021.0042' });
  assert.equal(viaPubmed.pmid, '39000001');
  assert.deepEqual(services.requests.slice(start).map((r) => r.path), ['/eutils/esearch.fcgi', '/eutils/efetch.fcgi']);
  assert.equal(services.requests[start].params.get('term'), '10.5555/jin.2021.0042[doi]');

  start = services.requests.length;
  const viaEpmc = await resolver().resolve({ doi: '10.5555/ojn.2020.17' });
  assert.equal(viaEpmc.from, 'europepmc');
  const epmcReq = services.requests.slice(start).find((r) => r.path === '/epmc/search')!;
  assert.equal(epmcReq.params.get('query'), 'DOI:"10.5555/ojn.2020.17"');
  assert.equal(epmcReq.params.get('resultType'), 'core');

  start = services.requests.length;
  const viaCrossref = await resolver().resolve({ doi: '10.5555/IPR.2022.5' });
  assert.equal(viaCrossref.from, 'crossref');
  assert.equal(viaCrossref.abstract.length, 2);
  const crReq = services.requests.slice(start).find((r) => r.path.startsWith('/crossref/works/'))!;
  assert.equal(crReq.params.get('mailto'), 'tests@example.org');
  assert.deepEqual(services.requests.slice(start).map((r) => r.path.split('/')[1]), ['eutils', 'epmc', 'crossref']);
});

test('unknown identifiers: one line naming the identifier and the services asked', async () => {
  const doi = await failure(resolver().resolve({ doi: '10.5555/nowhere.1' }));
  assert.equal(doi.kind, 'not-found');
  assert.equal(doi.message, '10.5555/nowhere.1: not found in PubMed, Europe PMC or Crossref');
  const pmid = await failure(resolver().resolve({ pmid: '11111111' }));
  assert.equal(pmid.message, 'PMID 11111111: not found in PubMed');
});

test('HTTP 500 and a malformed answer are named, with the identifier', async () => {
  const s = await new FakeServices().on((url) => (url.pathname.startsWith('/eutils/') ? { status: 500, body: 'oops' } : { body: '<PubmedArticleSet><PubmedArticle>' })).start();
  try {
    const r = new Resolver(new HttpClient({ timeoutMs: 2000 }), fast(), s.settings);
    const http = await failure(r.resolve({ pmid: '39000001' }));
    assert.equal(http.kind, 'http');
    assert.equal(http.message, 'PMID 39000001: HTTP 500 from PubMed E-utilities');
    const r2 = new Resolver(new HttpClient({ timeoutMs: 2000 }), fast(), { ...s.settings, pubmedUrl: `${s.base}/other/` });
    const bad = await failure(r2.resolve({ pmid: '39000001' }));
    assert.equal(bad.kind, 'malformed');
    assert.match(bad.message, /^PMID 39000001: malformed answer from PubMed E-utilities: XML is not well formed/);
  } finally {
    await s.stop();
  }
});

test('429 with Retry-After: waits as told and retries; too long a wait fails with a clear message', async () => {
  const s = await new FakeServices().on((url, n) => (url.pathname === '/eutils/efetch.fcgi' && n === 1 ? { status: 429, body: '', headers: { 'Retry-After': '1' } } : undefined)).start();
  standardRoutes(s);
  // standardRoutes put its route first; re-add the 429 route so it wins for the first request.
  s.on((url, n) => (url.pathname === '/eutils/efetch.fcgi' && n === 1 ? { status: 429, body: '', headers: { 'Retry-After': '1' } } : undefined));
  try {
    const paper = await new Resolver(new HttpClient({ timeoutMs: 3000 }), fast(), s.settings).resolve({ pmid: '39000003' });
    assert.equal(paper.pmid, '39000003');
    const efetches = s.requests.filter((r) => r.path === '/eutils/efetch.fcgi');
    assert.equal(efetches.length, 2);
    assert.ok(efetches[1].at - efetches[0].at >= 990, 'the retry came after the Retry-After delay');
    s.on(() => ({ status: 429, body: '', headers: { 'Retry-After': '3600' } }));
    const slow = await failure(new Resolver(new HttpClient({ timeoutMs: 3000 }), fast(), s.settings).resolve({ pmid: '39000003' }));
    assert.equal(slow.kind, 'rate-limited');
    assert.match(slow.message, /^PMID 39000003: PubMed E-utilities asked to slow down \(HTTP 429, Retry-After 3600\)/);
  } finally {
    await s.stop();
  }
});

test('a truncated body, a slow reply (timeout) and an unreachable service each fail with their own message', async () => {
  const s = await new FakeServices()
    .on((url) => (url.pathname === '/cut/efetch.fcgi' ? { body: fixture('efetch-structured.xml'), truncate: true } : undefined))
    .on((url) => (url.pathname === '/slow/efetch.fcgi' ? { body: fixture('efetch-structured.xml'), delayMs: 1500 } : undefined))
    .start();
  try {
    const cut = await failure(new Resolver(new HttpClient({ timeoutMs: 3000 }), fast(), { ...s.settings, pubmedUrl: `${s.base}/cut/` }).resolve({ pmid: '39000001' }));
    assert.equal(cut.kind, 'malformed');
    assert.match(cut.message, /^PMID 39000001: incomplete answer from PubMed E-utilities/);
    const slow = await failure(new Resolver(new HttpClient({ timeoutMs: 300 }), fast(), { ...s.settings, pubmedUrl: `${s.base}/slow/` }).resolve({ pmid: '39000001' }));
    assert.equal(slow.kind, 'timeout');
    assert.equal(slow.message, 'PMID 39000001: no complete answer from PubMed E-utilities within 0.3 s');
  } finally {
    await s.stop();
  }
  // A port nobody listens on: take one, then close it.
  const port = await closedPort();
  const offline = await failure(new Resolver(new HttpClient({ timeoutMs: 2000 }), fast(), { ...services.settings, pubmedUrl: `http://127.0.0.1:${port}/` }).resolve({ pmid: '39000001' }));
  assert.equal(offline.kind, 'offline');
  assert.match(offline.message, /^PMID 39000001: cannot reach PubMed E-utilities \(ECONNREFUSED\)/);
});

test('cancellation stops a request in flight', async () => {
  const s = await new FakeServices().on(() => ({ body: '{}', delayMs: 2000 })).start();
  try {
    const controller = new AbortController();
    const pending = new Resolver(new HttpClient({ timeoutMs: 5000 }), fast(), s.settings).resolve({ pmid: '39000001' }, controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 50);
    const cancelled = await failure(pending);
    assert.equal(cancelled.kind, 'cancelled');
  } finally {
    await s.stop();
  }
});

test('Retry-After as seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('2'), 2000);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 5000);
  assert.equal(retryAfterMs('soon'), undefined);
  assert.equal(retryAfterMs(null), undefined);
});
