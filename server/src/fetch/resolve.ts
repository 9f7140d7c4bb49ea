/**
 * Resolves one cited identifier to a Paper, in the issue's order: a PMID through PubMed efetch;
 * a DOI through esearch (term=DOI[doi]) then efetch, else Europe PMC's search (resultType=core),
 * else Crossref's works/{DOI} as the metadata fallback.
 */
import { FetchFailure, type HttpClient } from './http';
import type { RateLimiter } from './limiter';
import { ORIGIN_NAMES, type Paper } from './paper';
import { parseEfetchXml, parseEsearchJson } from './formats/pubmed';
import { parseEuropePmcSearch } from './formats/europepmc';
import { parseCrossrefWork } from './formats/crossref';
import { MalformedResponse } from './formats/xml';

/** Network settings, all from the user's settings (base URLs can point at a mirror or a test server). */
export interface ServiceSettings {
  pubmedUrl: string;
  europePmcUrl: string;
  crossrefUrl: string;
  /** Sent as `tool` to NCBI. */
  tool: string;
  /** Sent as `email` to NCBI and `mailto` to Crossref (its polite pool). */
  email?: string;
  /** NCBI API key: 10 requests a second instead of 3. */
  ncbiApiKey?: string;
}

export const DEFAULT_SERVICES: ServiceSettings = {
  pubmedUrl: 'https://eutils.ncbi.nlm.nih.gov/entrez/eutils/',
  europePmcUrl: 'https://www.ebi.ac.uk/europepmc/webservices/rest/',
  crossrefUrl: 'https://api.crossref.org/',
  tool: 'evidence-lens',
};

export interface Limiters {
  ncbi: RateLimiter;
  europepmc: RateLimiter;
  crossref: RateLimiter;
}

/** A cited identifier: a DOI, a PMID or both. */
export interface Identifier {
  doi?: string;
  pmid?: string;
}

/** How an identifier is named in messages: `10.1056/…` or `PMID 123`. */
export function identifierLabel(id: Identifier): string {
  return id.doi ?? `PMID ${id.pmid}`;
}

const withSlash = (base: string) => (base.endsWith('/') ? base : `${base}/`);

function query(params: Record<string, string | undefined>): string {
  return Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join('&');
}

export class Resolver {
  constructor(private readonly http: HttpClient, private readonly limiters: Limiters, private readonly services: ServiceSettings) {}

  private ncbiParams(): Record<string, string | undefined> {
    return { tool: this.services.tool, email: this.services.email, api_key: this.services.ncbiApiKey };
  }

  private async getOk(url: string, limiter: RateLimiter, service: string, signal?: AbortSignal): Promise<string | undefined> {
    const r = await this.http.get(url, limiter, service, signal);
    if (r.status === 404 || r.status === 410) return undefined;
    if (r.status < 200 || r.status >= 300) throw new FetchFailure('http', `HTTP ${r.status} from ${service}`);
    return r.body;
  }

  private parse<T>(service: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof MalformedResponse) throw new FetchFailure('malformed', `malformed answer from ${service}: ${error.message}`);
      throw error;
    }
  }

  /** PubMed efetch for one PMID; undefined when PubMed has no such record. */
  async efetch(pmid: string, signal?: AbortSignal): Promise<Paper | undefined> {
    const url = `${withSlash(this.services.pubmedUrl)}efetch.fcgi?${query({ db: 'pubmed', id: pmid, retmode: 'xml', ...this.ncbiParams() })}`;
    const body = await this.getOk(url, this.limiters.ncbi, ORIGIN_NAMES.pubmed, signal);
    if (body === undefined) return undefined;
    const papers = this.parse(ORIGIN_NAMES.pubmed, () => parseEfetchXml(body));
    const paper = papers.find((p) => p.pmid === pmid) ?? papers[0];
    return paper && { ...paper, url: redact(url) };
  }

  /** PubMed esearch: the PMID of a DOI, if PubMed knows it. */
  async pmidForDoi(doi: string, signal?: AbortSignal): Promise<string | undefined> {
    const url = `${withSlash(this.services.pubmedUrl)}esearch.fcgi?${query({ db: 'pubmed', term: `${doi}[doi]`, retmode: 'json', ...this.ncbiParams() })}`;
    const body = await this.getOk(url, this.limiters.ncbi, ORIGIN_NAMES.pubmed, signal);
    if (body === undefined) return undefined;
    const ids = this.parse(ORIGIN_NAMES.pubmed, () => parseEsearchJson(body));
    // More than one hit for one DOI is a search that did not match exactly: trust none.
    return ids.length === 1 ? ids[0] : undefined;
  }

  async europePmc(doi: string, signal?: AbortSignal): Promise<Paper | undefined> {
    const url = `${withSlash(this.services.europePmcUrl)}search?${query({ query: `DOI:"${doi}"`, resultType: 'core', format: 'json', pageSize: '1' })}`;
    const body = await this.getOk(url, this.limiters.europepmc, ORIGIN_NAMES.europepmc, signal);
    if (body === undefined) return undefined;
    const paper = this.parse(ORIGIN_NAMES.europepmc, () => parseEuropePmcSearch(body));
    if (paper?.doi && paper.doi.toLowerCase() !== doi.toLowerCase()) return undefined;
    return paper && { ...paper, doi: paper.doi ?? doi, url };
  }

  async crossref(doi: string, signal?: AbortSignal): Promise<Paper | undefined> {
    const url = `${withSlash(this.services.crossrefUrl)}works/${encodeURIComponent(doi)}${this.services.email ? `?${query({ mailto: this.services.email })}` : ''}`;
    const body = await this.getOk(url, this.limiters.crossref, ORIGIN_NAMES.crossref, signal);
    if (body === undefined) return undefined;
    const paper = this.parse(ORIGIN_NAMES.crossref, () => parseCrossrefWork(body));
    return { ...paper, doi: paper.doi ?? doi, url: redact(url) };
  }

  /**
   * The paper an identifier names. Throws FetchFailure: `not-found` when no service knows it,
   * otherwise the first transport or format failure met (later services are still tried).
   */
  async resolve(id: Identifier, signal?: AbortSignal): Promise<Paper> {
    const label = identifierLabel(id);
    const failures: FetchFailure[] = [];
    const attempt = async <T>(fn: () => Promise<T | undefined>): Promise<T | undefined> => {
      try {
        return await fn();
      } catch (error) {
        if (error instanceof FetchFailure) {
          if (error.kind === 'cancelled') throw error;
          failures.push(error);
          return undefined;
        }
        throw error;
      }
    };
    const fail = (services: string): never => {
      const first = failures[0];
      if (first) throw new FetchFailure(first.kind, `${label}: ${first.message}`);
      throw new FetchFailure('not-found', `${label}: not found in ${services}`);
    };
    if (id.pmid && !id.doi) {
      const paper = await attempt(() => this.efetch(id.pmid!, signal));
      return paper ?? fail('PubMed');
    }
    const doi = id.doi!;
    const pmid = id.pmid ?? (await attempt(() => this.pmidForDoi(doi, signal)));
    if (pmid) {
      const paper = await attempt(() => this.efetch(pmid, signal));
      if (paper) return { ...paper, doi: paper.doi ?? doi };
    }
    const epmc = await attempt(() => this.europePmc(doi, signal));
    if (epmc && epmc.abstract.length) return epmc;
    const cr = await attempt(() => this.crossref(doi, signal));
    if (epmc) return cr?.abstract.length ? { ...epmc, abstract: cr.abstract } : epmc;
    return cr ?? fail('PubMed, Europe PMC or Crossref');
  }
}

/** The API key must not end up in a note the user may commit. */
function redact(url: string): string {
  return url.replace(/[?&](?:api_key|email|mailto|tool)=[^&]*/g, '').replace(/\?$/, '');
}
