/**
 * Test helpers for the sandbox suites: the documented tokens (hard-coded on purpose: the tests
 * fail if the deterministic tokens ever change) and a small fetch wrapper.
 */
export const TOKENS = {
  admin: 'e3313d9e6472a4842df27e4cac47eb30aa9fcc96',
  maintainer: '13e223616ee6176e8fc30186db3dd992c4bb8db2',
  writer: 'e9d81a2757b8df67923819352b04906ecf0669d8',
  reader: 'e225dac2184b192096992d6ef58ac0005f80dbd2',
  importer: 'f3c88f4bac0fda7c219371feb87d5cb9b2c68c19',
  owner: 'a4f4760f75f25eb363d275690bf107c9912c1385',
  inactive: '88677dfdca71eeb9cbaa5a654835aebafe8c8fe4',
} as const;

export interface ApiResponse {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** Calls the sandbox; `body` objects are sent as JSON unless a FormData/string is given. */
export async function api(
  base: string,
  path: string,
  opts: {
    token?: string | null;
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== null) headers.authorization = `Token ${opts.token ?? TOKENS.admin}`;
  let body: RequestInit['body'];
  if (opts.body instanceof FormData || typeof opts.body === 'string') body = opts.body;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body,
    redirect: 'manual',
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** Every item of a list endpoint, following `next` links (proves pagination pages). */
export async function allPages(base: string, path: string, token?: string): Promise<any[]> {
  const out: any[] = [];
  let url: string | null = `${base}${path}`;
  while (url) {
    const r = await api('', url, { token });
    if (r.status !== 200) throw new Error(`${url}: ${r.status} ${r.text}`);
    out.push(...r.body.results);
    url = r.body.next;
  }
  return out;
}
