/**
 * The sandbox DefectDojo HTTP server: an express app around the router. Reads each body once with
 * a byte cap, applies the optional fixed latency, renders DojoHttpError bodies, and never logs the
 * Authorization header.
 */
import express from 'express';
import type { Request, Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '../shared/logger.js';
import type { SandboxDb } from './db.js';
import { DojoHttpError, internalError } from './errors.js';
import type { DojoVersion } from './model.js';
import { parseMultipart } from './multipart.js';
import { route, type Ctx, type Resource } from './router.js';
import { findingsResource } from './routes/findings.js';
import { productResources } from './routes/products.js';
import { engagementResources } from './routes/engagements.js';
import { configResources } from './routes/config.js';
import { importResources } from './routes/import.js';
import { seedDatabase } from './seed.js';

/** Options of `startSandbox` (and of `dojo-guard sandbox`). */
export interface SandboxOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  version?: DojoVersion;
  /** Fixed delay added to every response, for timeout tests and benchmarks. */
  latencyMs?: number;
  /** Replaces the admin's deterministic token. */
  adminToken?: string;
  /** Clock; the data set's dates are relative to its value at start. */
  now?: () => Date;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** Base URL without path, e.g. `http://127.0.0.1:41234`; the API is at `/api/v2/`. */
  url: string;
  db: SandboxDb;
  close(): Promise<void>;
}

/** Imports may carry report files up to DefectDojo's 100 MB limit (plus multipart overhead). */
const MAX_BODY = 101 * 1024 * 1024;

const RESOURCES: readonly Resource[] = [
  findingsResource,
  ...productResources,
  ...engagementResources,
  ...configResources,
  ...importResources,
];

function readBody(req: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new DojoHttpError(413, { detail: 'Request body too large.' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses the body by content type, lazily (DRF parses when the view first reads request.data). */
function bodyReader(contentType: string, header: string, raw: Buffer): () => unknown {
  let cached: { v: unknown } | undefined;
  return () => {
    if (cached) return cached.v;
    let v: unknown;
    if (raw.length === 0) v = {};
    else if (contentType === 'application/json') {
      try {
        v = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new DojoHttpError(400, { message: 'JSON request content is malformed' });
      }
    } else if (contentType === 'application/x-www-form-urlencoded') {
      v = formObject(new URLSearchParams(raw.toString('utf8')));
    } else if (contentType === 'multipart/form-data') {
      const parts = parseMultipart(header, raw);
      if (!parts)
        throw new DojoHttpError(400, {
          detail: 'Multipart form parse error - Invalid boundary in multipart: None',
        });
      v = parts;
    } else {
      throw new DojoHttpError(415, {
        detail: `Unsupported media type "${contentType}" in request.`,
      });
    }
    cached = { v };
    return v;
  };
}

/** Form fields as an object: a repeated key becomes a list (tags may be repeated). */
export function formObject(entries: Iterable<[string, string]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

async function handle(
  db: SandboxDb,
  latencyMs: number,
  req: Request,
  res: Response,
): Promise<void> {
  const started = Date.now();
  let status = 500;
  let payload: string;
  let type = 'application/json';
  const headers: Record<string, string> = {};
  try {
    const raw = await readBody(req);
    const ctHeader = req.headers['content-type'] ?? '';
    const contentType = ctHeader.split(';')[0]!.trim().toLowerCase();
    const url = new URL(req.originalUrl, `http://${req.headers.host ?? '127.0.0.1'}`);
    const result = await route(db, RESOURCES, {
      method: req.method,
      path: url.pathname,
      authorization: req.headers.authorization,
      build: (user): Ctx => ({
        db,
        user,
        method: req.method,
        query: url.searchParams,
        selfUrl: `${url.origin}${url.pathname}`,
        body: bodyReader(contentType, ctHeader, raw),
        contentType,
        rawBody: raw,
        now: db.now(),
      }),
    });
    if ('redirect' in result) {
      status = 301;
      headers.location = `${result.redirect}${url.search}`;
      payload = '';
      type = 'text/html; charset=utf-8';
    } else {
      status = result.status;
      payload = result.body === undefined ? '' : JSON.stringify(result.body);
    }
  } catch (err) {
    const e = err instanceof DojoHttpError ? err : internalError();
    if (!(err instanceof DojoHttpError))
      logger.error('sandbox handler error', {
        path: req.path,
        error: err instanceof Error ? err.message : String(err),
      });
    status = e.status;
    if (e.html !== undefined) {
      payload = e.html;
      type = 'text/html; charset=utf-8';
    } else payload = JSON.stringify(e.body);
  }
  const wait = latencyMs - (Date.now() - started);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  logger.debug('sandbox request', { method: req.method, path: req.path, status });
  res.status(status).set(headers);
  if (payload === '' && (status === 204 || status === 301)) res.end();
  else res.type(type).send(payload);
}

/**
 * Starts a seeded sandbox DefectDojo.
 * @example const sb = await startSandbox({ port: 0 }); await fetch(`${sb.url}/api/v2/findings/`)
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const now = opts.now ?? (() => new Date());
  const db = seedDatabase({ version: opts.version ?? '2.58', now, adminToken: opts.adminToken });
  const latency = Math.max(0, opts.latencyMs ?? 0);
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // Liveness for container HEALTHCHECKs and probes (Dockerfile, examples/): not a DefectDojo path.
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.use((req, res) => {
    void handle(db, latency, req, res);
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    db,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
