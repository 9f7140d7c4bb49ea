/**
 * The only place Evidence Lens talks to the network: GET requests with Node's built-in fetch,
 * a rate limit per service, a timeout, back-off on HTTP 429/503 honouring Retry-After, and a
 * cancellation signal. It is reached only from an explicit fetch command (CLI `fetch`, the
 * editor command, the code action); analysis never imports it.
 */
import { RateLimiter, sleep } from './limiter';

export type FetchFailureKind = 'not-found' | 'http' | 'malformed' | 'offline' | 'timeout' | 'rate-limited' | 'cancelled' | 'no-abstract';

/** A failure with a kind (for the summary) and a one-line message. */
export class FetchFailure extends Error {
  constructor(readonly kind: FetchFailureKind, message: string) {
    super(message);
  }
}

export interface HttpResponse {
  status: number;
  body: string;
  url: string;
}

export interface HttpOptions {
  /** Per-request timeout in ms (the whole exchange, body included). */
  timeoutMs?: number;
  /** How many times a 429/503 answer is retried. */
  retries?: number;
  /** Longest Retry-After the client waits for; a longer one fails the request. */
  maxRetryAfterMs?: number;
  /** Wait when a 429/503 carries no Retry-After. */
  defaultBackoffMs?: number;
  userAgent?: string;
}

/** Reads Retry-After: delay-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** A GET client; one limiter per service host group, shared by every request to it. */
export class HttpClient {
  constructor(private readonly options: HttpOptions = {}) {}

  /**
   * GETs `url` after taking a slot from `limiter`. Resolves with any HTTP status except 429/503
   * (retried) ; throws FetchFailure for network errors, timeouts, cancellation and exhausted
   * retries. `service` names the service in messages.
   */
  async get(url: string, limiter: RateLimiter, service: string, signal?: AbortSignal): Promise<HttpResponse> {
    const { timeoutMs = 20000, retries = 3, maxRetryAfterMs = 60000, defaultBackoffMs = 2000 } = this.options;
    for (let attempt = 0; ; attempt++) {
      let release: () => void;
      try {
        release = await limiter.take(signal);
      } catch {
        throw new FetchFailure('cancelled', 'cancelled');
      }
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let status: number;
      let body: string;
      let retryAfter: string | null = null;
      try {
        const response = await fetch(url, {
          signal: combined,
          headers: { Accept: 'application/json, application/xml;q=0.9, */*;q=0.5', ...(this.options.userAgent ? { 'User-Agent': this.options.userAgent } : {}) },
          redirect: 'follow',
        });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        body = await response.text();
        release();
      } catch (error) {
        release();
        if (signal?.aborted) throw new FetchFailure('cancelled', 'cancelled');
        if (timeout.aborted) throw new FetchFailure('timeout', `no complete answer from ${service} within ${timeoutMs < 1000 ? (timeoutMs / 1000).toFixed(1) : Math.round(timeoutMs / 1000)} s`);
        const why = describeNetworkError(error);
        if (/terminated|UND_ERR_SOCKET|ECONNRESET|premature|other side closed/i.test(why) || /terminated/i.test(String((error as Error)?.message))) {
          throw new FetchFailure('malformed', `incomplete answer from ${service} (the connection closed mid-body)`);
        }
        throw new FetchFailure('offline', `cannot reach ${service} (${why})`);
      }
      if (status !== 429 && status !== 503) return { status, body, url };
      const wait = retryAfterMs(retryAfter) ?? defaultBackoffMs * 2 ** attempt;
      if (attempt >= retries || wait > maxRetryAfterMs) {
        throw new FetchFailure('rate-limited', `${service} asked to slow down (HTTP ${status}${retryAfter ? `, Retry-After ${retryAfter}` : ''}); try again later`);
      }
      try {
        await sleep(wait, signal);
      } catch {
        throw new FetchFailure('cancelled', 'cancelled');
      }
    }
  }
}
