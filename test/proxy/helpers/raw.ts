/** Raw HTTP helpers for adversarial proxy tests (node:http, so Host can be set freely). */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: () => any;
}

export function raw(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? 'POST', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const POST_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/** The JSON-RPC messages in an SSE or JSON response body. */
export function messagesOf(r: RawResponse): any[] {
  if ((r.headers['content-type'] ?? '').startsWith('application/json')) {
    const v = r.json();
    return Array.isArray(v) ? v : [v];
  }
  return r.text
    .split(/\n\n/)
    .map((block) =>
      block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n'),
    )
    .filter((d) => d.length > 0)
    .map((d) => JSON.parse(d));
}

/** Initializes a session through `url` with `token`; returns the session id. */
export async function openSession(url: string, token: string): Promise<string> {
  const auth = { authorization: `Bearer ${token}` };
  const init = await raw(url, {
    headers: { ...POST_HEADERS, ...auth },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    }),
  });
  if (init.status !== 200) throw new Error(`initialize failed: ${init.status} ${init.text}`);
  const sid = init.headers['mcp-session-id'] as string;
  const done = await raw(url, {
    headers: {
      ...POST_HEADERS,
      ...auth,
      'mcp-session-id': sid,
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  if (done.status !== 202) throw new Error(`initialized failed: ${done.status}`);
  return sid;
}
