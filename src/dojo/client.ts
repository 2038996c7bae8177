/**
 * DefectDojo REST API v2 client: `Authorization: Token`, separate read/write keys, connect and
 * total timeouts, bounded retries with backoff for GETs only, a keep-alive undici Agent, a byte
 * cap on responses, no redirects followed (a redirect could carry the token to another host),
 * and every failure mapped to a DojoApiError with a safe message.
 */
import { rootCertificates } from 'node:tls';
import { Agent, fetch, type FormData } from 'undici';
import { logger } from '../shared/logger.js';
import type { DojoClientConfig } from './config.js';
import { errorFromStatus, errorFromTransport } from './error-mapping.js';
import { DojoApiError, DojoBadResponseError, DojoCredentialMissingError } from './errors.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A request body: JSON-serialisable value, or multipart form (import/reimport). */
export type DojoBody = { json: unknown } | { form: FormData };

/** Shared transport: one keep-alive connection pool per process (and per CA setting). */
export function createDojoAgent(cfg: Pick<DojoClientConfig, 'connectTimeoutMs' | 'caPem'>): Agent {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connections: 32,
    // A custom `ca` replaces Node's roots; keep them, so DEFECTDOJO_CA_FILE only adds trust.
    connect: {
      timeout: cfg.connectTimeoutMs,
      ...(cfg.caPem ? { ca: [...rootCertificates, cfg.caPem] } : {}),
    },
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One DefectDojo instance with its credentials.
 * @example
 * const client = new DojoClient(cfg, createDojoAgent(cfg));
 * const page = await client.get('findings/', new URLSearchParams({ limit: '5' }));
 */
export class DojoClient {
  constructor(
    private readonly cfg: DojoClientConfig,
    private readonly agent: Agent,
  ) {}

  /** The same DefectDojo settings and pool, other base URL and token (Pro-compat per-call use). */
  withCredentials(baseUrl: string, token: string): DojoClient {
    return new DojoClient({ ...this.cfg, baseUrl, readKey: token, writeKey: token }, this.agent);
  }

  /** Whether a write key is configured (write tools fail closed without one). */
  get canWrite(): boolean {
    return this.cfg.writeKey !== undefined;
  }

  /** GET `<base>/api/v2/<path>` with optional query; retried on transient failures. */
  get<T = unknown>(path: string, query?: URLSearchParams): Promise<T> {
    return this.request<T>('GET', path, query);
  }

  /** POST a JSON or multipart body. Never retried: DefectDojo POSTs are not idempotent. */
  post<T = unknown>(path: string, body: DojoBody): Promise<T> {
    return this.request<T>('POST', path, undefined, body);
  }

  /** PATCH a JSON body. */
  patch<T = unknown>(path: string, json: unknown): Promise<T> {
    return this.request<T>('PATCH', path, undefined, { json });
  }

  /** PUT a JSON body. */
  put<T = unknown>(path: string, json: unknown): Promise<T> {
    return this.request<T>('PUT', path, undefined, { json });
  }

  private url(path: string, query?: URLSearchParams): URL {
    if (!/^[a-z0-9_\-/]+\/$/.test(path)) throw new Error(`bad DefectDojo API path: ${path}`);
    const url = new URL(`api/v2/${path}`, this.cfg.baseUrl);
    if (query) url.search = query.toString();
    return url;
  }

  private async request<T>(
    method: Method,
    path: string,
    query?: URLSearchParams,
    body?: DojoBody,
  ): Promise<T> {
    const key = method === 'GET' ? this.cfg.readKey : this.cfg.writeKey;
    if (!key) {
      throw new DojoCredentialMissingError(
        method === 'GET'
          ? 'No DefectDojo read key is configured (DEFECTDOJO_API_KEY or DEFECTDOJO_READ_API_KEY)'
          : 'No DefectDojo write key is configured (DEFECTDOJO_API_KEY or DEFECTDOJO_WRITE_API_KEY)',
      );
    }
    if (!this.cfg.baseUrl) throw new DojoCredentialMissingError('No DefectDojo URL is configured');
    const url = this.url(path, query);
    const attempts = method === 'GET' ? this.cfg.maxRetries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        const result = await this.once<T>(method, url, path, key, body);
        logger.debug('dojo call', { method, path, attempt, ms: Date.now() - started });
        return result;
      } catch (err) {
        const e = err instanceof DojoApiError ? err : errorFromTransport(err, false);
        logger.debug('dojo call failed', { method, path, attempt, code: e.code, status: e.status });
        if (!e.retryable || attempt >= attempts) throw e;
        // Exponential backoff with jitter, capped, so retries neither hammer nor stall.
        await sleep(Math.min(2_000, 200 * 2 ** (attempt - 1)) + Math.floor(Math.random() * 100));
      }
    }
  }

  private async once<T>(
    method: Method,
    url: URL,
    path: string,
    key: string,
    body?: DojoBody,
  ): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Token ${key}`,
      accept: 'application/json',
    };
    let payload: string | FormData | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) payload = body.form;
    const signal = AbortSignal.timeout(this.cfg.timeoutMs);
    let res: Awaited<ReturnType<typeof fetch>>;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: payload,
        redirect: 'manual',
        signal,
        dispatcher: this.agent,
      });
    } catch (err) {
      throw errorFromTransport(err, signal.aborted);
    }
    let text: string;
    try {
      text = await this.readCapped(res);
    } catch (err) {
      if (err instanceof DojoApiError) throw err;
      throw errorFromTransport(err, signal.aborted);
    }
    const parsed = parseJson(text, res.headers.get('content-type'));
    if (res.status < 200 || res.status >= 300) throw errorFromStatus(res.status, path, parsed);
    if (res.status === 204 || text === '') return null as T;
    if (parsed === undefined)
      throw new DojoBadResponseError('DefectDojo answered with non-JSON content');
    return parsed as T;
  }

  private async readCapped(res: Awaited<ReturnType<typeof fetch>>): Promise<string> {
    if (!res.body) return '';
    const max = this.cfg.maxResponseBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Uint8Array).byteLength;
      if (size > max) {
        await res.body.cancel().catch(() => undefined);
        throw new DojoBadResponseError(
          'DefectDojo response exceeds DEFECTDOJO_MAX_RESPONSE_BYTES; request fewer objects',
        );
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

function parseJson(text: string, contentType: string | null): unknown {
  if (!text || !/json/i.test(contentType ?? '')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
