/**
 * The "bare proxy" of the benchmark: the physical limit of any JSON-aware MCP proxy. It parses
 * each JSON-RPC request body, re-serialises it and forwards it over a keep-alive pool; responses
 * stream back untouched. No auth, no policy, no audit.
 * With `--transform` it is the **transform floor**: it also parses every upstream JSON message
 * (a whole JSON body, or each SSE event's data) and re-serialises it — the least any guard that
 * must be able to rewrite results pays, still with no policy.
 * `node dist/bench/bare-proxy.js --port 0 --upstream URL [--transform]`
 */
import http from 'node:http';
import { Pool } from 'undici';
import { announceListening } from '../shared/logger.js';
import { arg } from './argv.js';

const upstream = new URL(arg('--upstream', ''));
const TRANSFORM = process.argv.includes('--transform');
const pool = new Pool(upstream.origin, { connections: 128, pipelining: 1 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

const reserialise = (text: string): string => JSON.stringify(JSON.parse(text));

/** Rewrites one SSE event: every `data:` line is one JSON message, parsed and re-serialised. */
function transformEvent(event: string): string {
  const lines = event.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('data:')) lines[i] = `data: ${reserialise(l.slice(5).trimStart())}`;
  }
  return `${lines.join('\n')}\n\n`;
}

async function relay(r: Awaited<ReturnType<Pool['request']>>, res: http.ServerResponse) {
  const type = String(r.headers['content-type'] ?? '');
  if (TRANSFORM && type.startsWith('application/json')) {
    const text = await r.body.text();
    const out = text ? reserialise(text) : text;
    res.end(out);
  } else if (TRANSFORM && type.startsWith('text/event-stream')) {
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of r.body) {
      buf += decoder.decode(chunk as Buffer, { stream: true });
      let end: number;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        res.write(transformEvent(buf.slice(0, end)));
        buf = buf.slice(end + 2);
      }
    }
    res.end();
  } else {
    for await (const chunk of r.body) res.write(chunk);
    res.end();
  }
}

const server = http.createServer((req, res) => {
  if (req.url === '/__cpu') {
    const u = process.cpuUsage();
    return void res.end(
      JSON.stringify({ cpuUs: u.user + u.system, rss: process.memoryUsage().rss }),
    );
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    let body: string | undefined;
    if (chunks.length) body = reserialise(Buffer.concat(chunks).toString('utf8'));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !HOP.has(k)) headers[k] = v;
    }
    try {
      const r = await pool.request({
        path: upstream.pathname,
        method: (req.method ?? 'POST') as 'POST',
        headers,
        body,
      });
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers)) {
        if (typeof v === 'string' && !HOP.has(k)) out[k] = v;
      }
      res.writeHead(r.statusCode, out);
      await relay(r, res);
    } catch {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(arg('--port', '0')), '127.0.0.1', () => {
  const a = server.address();
  announceListening(
    'bench-bare-proxy',
    `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/mcp`,
  );
});
process.on('SIGTERM', () => process.exit(0));
