/**
 * The "bare proxy" of the benchmark: the physical limit of any JSON-aware MCP proxy. It parses
 * each JSON-RPC request body, re-serialises it and forwards it over a keep-alive pool; responses
 * stream back untouched. No auth, no policy, no audit.
 * `node dist/bench/bare-proxy.js --port 0 --upstream URL`
 */
import http from 'node:http';
import { Pool } from 'undici';
import { announceListening } from '../shared/logger.js';
import { arg } from './argv.js';

const upstream = new URL(arg('--upstream', ''));
const pool = new Pool(upstream.origin, { connections: 128, pipelining: 1 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

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
    if (chunks.length) body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')));
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
      for await (const chunk of r.body) res.write(chunk);
      res.end();
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
