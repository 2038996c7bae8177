/**
 * Clients for the TLS suites: the MCP SDK client over https with an optional client certificate
 * (undici dispatcher), raw TLS handshakes with chosen versions and ciphers, and raw HTTP/1.1 on one
 * kept-open TLS connection.
 */
import https from 'node:https';
import tls from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Issued } from '../helpers/certs.js';

export interface TlsClientOptions {
  /** CA that signed the listener's certificate. */
  ca: string;
  /** Client certificate and key to present. */
  identity?: Issued;
  token?: string;
}

/** Connects the SDK client to `url` over https. */
export async function connectSdk(url: string, o: TlsClientOptions): Promise<Client> {
  const dispatcher = new Agent({
    connect: { ca: o.ca, ...(o.identity && { cert: o.identity.cert, key: o.identity.key }) },
  });
  const client = new Client({ name: 'tls-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      ...(o.token && { requestInit: { headers: { authorization: `Bearer ${o.token}` } } }),
      fetch: ((u: string | URL, init?: RequestInit) =>
        undiciFetch(u, { ...(init as object), dispatcher })) as unknown as typeof fetch,
    }),
  );
  return client;
}

/** One POST of an `initialize` over https; the status, or the error code when TLS failed. */
export function postInitialize(
  url: string,
  o: TlsClientOptions & { host?: string },
): Promise<{ status: number; body: string } | { error: string }> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        ca: o.ca,
        // The listener's certificate names localhost; a test's Host header must not change that.
        servername: 'localhost',
        ...(o.identity && { cert: o.identity.cert, key: o.identity.key }),
        agent: false,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(o.host && { host: o.host }),
          ...(o.token && { authorization: `Bearer ${o.token}` }),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'tls-e2e', version: '1.0.0' },
        },
      }),
    );
  });
}

/** A completed TLS handshake (socket kept open) or the handshake's error. */
export function handshake(
  port: number,
  opts: tls.ConnectionOptions,
): Promise<{ socket: tls.TLSSocket } | { error: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ...opts });
    socket.once('secureConnect', () => resolve({ socket }));
    socket.once('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
  });
}

/** Sends `GET path` on an open TLS socket and returns the status line of the answer. */
export function getOnSocket(socket: tls.TLSSocket, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString();
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/content-length: *(\d+)/i.exec(buf)?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      socket.off('data', onData);
      resolve(buf.split('\r\n')[0]!);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    // The server closes idle keep-alive connections after 5 s: say so instead of hanging.
    socket.once('end', () => reject(new Error(`connection ended before an answer: ${buf}`)));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  });
}
