// "Evidence Lens: Fetch cited sources" in the real editor, against a local stand-in for PubMed,
// Europe PMC and Crossref started here in the extension host (127.0.0.1, random port), serving
// the fixtures of test/fixtures/fetch. Polls, never sleeps a fixed time.
'use strict';
const assert = require('assert');
const fs = require('fs');
const http = require('http');
const path = require('path');
const vscode = require('vscode');

const REPO_ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'fetch');
const fixture = (name) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const NOTE = `# Anti-CD20 antibody in progressive MS

CSF neurofilament light chain decreased by 201 ng/L from baseline to week 48 (p = 0.002) (doi:10.5555/jin.2021.0042).

The antibody halts disability progression in secondary progressive MS (https://doi.org/10.5555/ojn.2020.17).

Use of the agent was associated with fewer hospital admissions for heart failure (HR 0.81) (PMID: 39000003).
`;

/** The three services under /eutils/, /epmc/ and /crossref/, answering for the fixture papers only. */
function startServices(requests) {
  const efetch = { 39000001: 'efetch-structured.xml', 39000003: 'efetch-unstructured.xml' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    let status = 200;
    let body;
    if (url.pathname === '/eutils/efetch.fcgi') body = fixture(efetch[url.searchParams.get('id')] || 'efetch-empty.xml');
    else if (url.pathname === '/eutils/esearch.fcgi') {
      body = url.searchParams.get('term') === '10.5555/jin.2021.0042[doi]' ? fixture('esearch-one.json') : fixture('esearch-none.json');
    } else if (url.pathname === '/epmc/search') {
      body = url.searchParams.get('query') === 'DOI:"10.5555/ojn.2020.17"' ? fixture('europepmc-core.json') : fixture('europepmc-empty.json');
    } else {
      status = 404;
      body = 'Resource not found.';
    }
    res.writeHead(status, { 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function poll(fn, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const codeOf = (d) => (d.code && typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'evidence-lens');

suite('Fetch cited sources in the extension host', function () {
  this.timeout(150000);
  let server;
  const requests = [];
  let dir;
  let doc;

  suiteSetup(async function () {
    server = await startServices(requests);
    const base = `http://127.0.0.1:${server.address().port}`;
    const folder = vscode.workspace.workspaceFolders[0];
    dir = path.join(folder.uri.fsPath, 'fetch-e2e');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '.evidence-lens.json'), JSON.stringify({
      fetch: { pubmedUrl: `${base}/eutils/`, europePmcUrl: `${base}/epmc/`, crossrefUrl: `${base}/crossref/`, email: 'e2e@example.org' },
    }));
    fs.writeFileSync(path.join(dir, 'note.md'), NOTE);
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'note.md')));
    await vscode.window.showTextDocument(doc);
  });

  suiteTeardown(async function () {
    if (server) await new Promise((r) => server.close(r));
  });

  test('opening the note goes nowhere; the code action offers "Fetch abstract for …"', async function () {
    await poll(() => ours(doc.uri).length > 0, 60000, 'diagnostics on the citing note');
    const line = doc.lineAt(2).range;
    const actions = await poll(async () => {
      const a = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, line);
      return (a || []).some((x) => x.title === 'Fetch abstract for 10.5555/jin.2021.0042') ? a : undefined;
    }, 30000, 'the fetch code action');
    assert.ok(actions.length > 0);
    assert.deepStrictEqual(requests, [], 'no request before the user asks');
  });

  test('the command fetches three source notes and the claims are checked against them', async function () {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('evidenceLens.fetchCitedSources');
    const folder = path.join(dir, '.evidence-lens', 'sources');
    assert.deepStrictEqual(fs.readdirSync(folder).sort(), ['nakamura2019.md', 'ostergaard2021.md', 'varga2020.md']);
    assert.ok(requests.includes('/eutils/efetch.fcgi') && requests.includes('/epmc/search'), requests.join(', '));
    const diags = await poll(() => {
      const d = ours(doc.uri);
      return d.some((x) => codeOf(x) === 'misquoted-number') && d.some((x) => codeOf(x) === 'overstated-claim') ? d : undefined;
    }, 60000, 'misquoted-number and overstated-claim after fetching');
    const misquoted = diags.find((d) => codeOf(d) === 'misquoted-number');
    assert.strictEqual(misquoted.range.start.line, 2);
    assert.match(misquoted.message, /210 ng\/L/);
    console.log(`  fetched 3 source notes; findings now: ${diags.map(codeOf).join(', ')}`);
  });
});
