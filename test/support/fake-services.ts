import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A local stand-in for PubMed E-utilities, Europe PMC and Crossref on 127.0.0.1 (random port),
 * serving fixture files written from the services' documentation. Each service lives under its
 * own path prefix (/eutils/, /epmc/, /crossref/), as a mirror would. Tests add routes and read
 * the request log (arrival time, path, query).
 */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'fetch');
export const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Announce the full length but close the connection after half the body. */
  truncate?: boolean;
}

export type Route = (url: URL, count: number) => Reply | undefined;

export interface LoggedRequest {
  at: number;
  path: string;
  params: URLSearchParams;
}

export class FakeServices {
  readonly requests: LoggedRequest[] = [];
  private readonly routes: Route[] = [];
  private server?: Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  base = '';

  /** Adds a route; the first route that answers wins (later routes are checked first). */
  on(route: Route): this {
    this.routes.unshift(route);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Settings that point `fetch` at this server. */
  get settings(): { pubmedUrl: string; europePmcUrl: string; crossrefUrl: string; tool: string; email: string } {
    return { pubmedUrl: `${this.base}/eutils/`, europePmcUrl: `${this.base}/epmc/`, crossrefUrl: `${this.base}/crossref/`, tool: 'evidence-lens-tests', email: 'tests@example.org' };
  }

  count(prefix: string): number {
    return this.requests.filter((r) => r.path.startsWith(prefix)).length;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.base);
    this.requests.push({ at: performance.now(), path: url.pathname, params: url.searchParams });
    const n = this.requests.filter((r) => r.path === url.pathname).length;
    const reply = this.routes.map((r) => r(url, n)).find(Boolean) ?? { status: 404, body: 'Resource not found.' };
    const send = () => {
      const body = Buffer.from(reply.body ?? '', 'utf8');
      res.writeHead(reply.status ?? 200, { 'Content-Length': String(body.length), ...reply.headers });
      if (reply.truncate) {
        res.write(body.subarray(0, Math.floor(body.length / 2)));
        setTimeout(() => res.destroy(), 10);
      } else res.end(body);
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * The routes of the three services for the fixture papers: one DOI PubMed knows (via esearch),
 * one only Europe PMC knows, PMIDs 39000001/39000003/39000004, and Crossref works with and
 * without a JATS abstract. Everything else is a 404 or an empty result, as the services answer.
 */
export function standardRoutes(services: FakeServices): FakeServices {
  const efetch: Record<string, string> = {
    '39000001': 'efetch-structured.xml',
    '39000003': 'efetch-unstructured.xml',
    '39000004': 'efetch-retracted.xml',
  };
  const pmidOfDoi: Record<string, string> = { '10.5555/jin.2021.0042': '39000001', '10.5555/ijh.2018.7': '39000004' };
  const epmc: Record<string, string> = { '10.5555/ojn.2020.17': 'europepmc-core.json' };
  const crossref: Record<string, string> = { '10.5555/ipr.2022.5': 'crossref-jats.json', '10.5555/ipr.2023.9': 'crossref-no-abstract.json' };
  return services.on((url) => {
    if (url.pathname === '/eutils/efetch.fcgi') {
      const file = efetch[url.searchParams.get('id') ?? ''];
      return { body: fixture(file ?? 'efetch-empty.xml'), headers: { 'Content-Type': 'text/xml; charset=UTF-8' } };
    }
    if (url.pathname === '/eutils/esearch.fcgi') {
      const doi = (url.searchParams.get('term') ?? '').replace(/\[doi\]$/, '').toLowerCase();
      const pmid = pmidOfDoi[doi];
      const body = pmid ? fixture('esearch-one.json').replace('39000001', pmid) : fixture('esearch-none.json');
      return { body, headers: { 'Content-Type': 'application/json; charset=UTF-8' } };
    }
    if (url.pathname === '/epmc/search') {
      const doi = /^DOI:"(.*)"$/.exec(url.searchParams.get('query') ?? '')?.[1]?.toLowerCase() ?? '';
      return { body: fixture(epmc[doi] ?? 'europepmc-empty.json'), headers: { 'Content-Type': 'application/json' } };
    }
    if (url.pathname.startsWith('/crossref/works/')) {
      const doi = decodeURIComponent(url.pathname.slice('/crossref/works/'.length)).toLowerCase();
      const file = crossref[doi];
      return file ? { body: fixture(file), headers: { 'Content-Type': 'application/json' } } : { status: 404, body: 'Resource not found.' };
    }
    return undefined;
  });
}

/** A loopback port nobody listens on (taken from the system, then released). */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A note citing two DOIs (one PubMed knows, one only Europe PMC knows) and one PMID. */
export const CITING_NOTE = `# Anti-CD20 antibody in progressive MS

CSF neurofilament light chain decreased by 201 ng/L from baseline to week 48 (p = 0.002) (doi:10.5555/jin.2021.0042).

The antibody halts disability progression in secondary progressive MS (https://doi.org/10.5555/ojn.2020.17).

Use of the agent was associated with fewer hospital admissions for heart failure (HR 0.81) (PMID: 39000003).
`;
