/**
 * A tiny scripted HTTP server for client unit tests: each test sets how a path answers and reads
 * back what the client sent. Not a DefectDojo stand-in (that is `dojo-guard sandbox`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Reply = {
  status?: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  delayMs?: number;
  headers?: Record<string, string>;
};

export interface FakeDojo {
  url: string;
  seen: Seen[];
  /** Route handler: path (without query) → reply or list of replies consumed in order. */
  on: (method: string, path: string, reply: Reply | Reply[]) => void;
  close: () => Promise<void>;
}

/** Starts the scripted server on 127.0.0.1:0. */
export async function startFakeDojo(): Promise<FakeDojo> {
  const routes = new Map<string, Reply[]>();
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('latin1')));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const path = req.url!.split('?')[0]!;
      const list = routes.get(`${req.method} ${path}`);
      const reply =
        list && list.length > 1
          ? list.shift()!
          : (list?.[0] ?? {
              status: 404,
              text: '<html>Not Found</html>',
              contentType: 'text/html',
            });
      const send = (): void => {
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        const headers = { ...reply.headers };
        if (reply.json !== undefined) {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(reply.json));
        } else {
          res.writeHead(status, { 'content-type': reply.contentType ?? 'text/plain', ...headers });
          res.end(reply.text ?? '');
        }
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    seen,
    on: (method, path, reply) =>
      routes.set(`${method} ${path}`, Array.isArray(reply) ? [...reply] : [reply]),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
