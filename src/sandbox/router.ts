/**
 * A small router with DefectDojo/DRF's dispatch order: unknown route -> Django HTML 404; then
 * authentication (403); then method (405); then the handler. Paths must end in `/`; a GET
 * without the slash is redirected (APPEND_SLASH), anything else without it is a 404.
 */
import type { SandboxDb } from './db.js';
import { authenticate } from './auth.js';
import { DojoHttpError, methodNotAllowed, routeNotFound } from './errors.js';
import type { UserRow } from './model.js';

/** Everything a handler sees for one request. */
export interface Ctx {
  db: SandboxDb;
  user: UserRow;
  method: string;
  query: URLSearchParams;
  /** Absolute URL of the request path, without query string (for pagination links). */
  selfUrl: string;
  /** The parsed body: JSON (parse errors throw when read), form fields, or multipart parts. */
  body: () => unknown;
  contentType: string;
  rawBody: Buffer;
  now: Date;
}

/** A successful answer. */
export interface Reply {
  status: number;
  body?: unknown;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;
export type DetailHandler = (ctx: Ctx, id: number) => Reply | Promise<Reply>;
export type Methods<H> = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', H>>;

/** One DRF viewset (or a plain APIView when only `root` is set). */
export interface Resource {
  /** Path segment after /api/v2/. */
  path: string;
  /** The route exists only in this DefectDojo version (RBAC endpoints: 2.58). */
  onlyIn?: '2.58' | '3';
  root?: Methods<Handler>;
  detail?: Methods<DetailHandler>;
  /** `/{id}/<name>/` routes. */
  detailActions?: Record<string, Methods<DetailHandler>>;
}

export interface RouterRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  build: (user: UserRow) => Ctx;
}

/** The routing result: a reply, or a redirect for a missing trailing slash. */
export type Routed = Reply | { redirect: string };

/** Resolves and runs one request; throws DojoHttpError for every error answer. */
export async function route(
  db: SandboxDb,
  resources: readonly Resource[],
  req: RouterRequest,
): Promise<Routed> {
  const m = /^\/api\/v2\/(.*)$/.exec(req.path);
  if (!m) throw routeNotFound(req.path);
  const rest = m[1]!;
  const slash = rest.endsWith('/');
  const segs = rest.split('/').filter((s, i, all) => !(i === all.length - 1 && s === ''));
  const res = resources.find((r) => r.path === segs[0] && (!r.onlyIn || r.onlyIn === db.version));
  if (!res || segs.some((s) => s === '')) throw routeNotFound(req.path);
  let methods: Methods<Handler> | undefined;
  let detail: Methods<DetailHandler> | undefined;
  if (segs.length === 1) methods = res.root;
  else if (segs.length === 2) detail = res.detail;
  else if (segs.length === 3) detail = res.detailActions?.[segs[2]!];
  if (!methods && !detail) throw routeNotFound(req.path);
  if (!slash) {
    if (req.method === 'GET') return { redirect: `${req.path}/` };
    throw routeNotFound(req.path);
  }
  const user = authenticate(req.authorization, db);
  const ctx = req.build(user);
  const verb = req.method as keyof Methods<Handler>;
  if (methods) {
    const h = methods[verb];
    if (!h) throw methodNotAllowed(req.method);
    return h(ctx);
  }
  const h = detail![verb];
  if (!h) throw methodNotAllowed(req.method);
  const raw = segs[1]!;
  // DRF's lookup regex accepts any segment; a non-integer fails in get_object with "Not found.".
  if (!/^\d+$/.test(raw)) throw new DojoHttpError(404, { detail: 'Not found.' });
  return h(ctx, Number.parseInt(raw, 10));
}
