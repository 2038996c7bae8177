/**
 * Fixed-response upstream MCP server for the benchmark: answers from canned fixtures captured
 * from the real `dojo-guard server` + sandbox, so the bench measures the proxy, not DefectDojo.
 * Run as its own process: `node dist/bench/upstream.js --port 0 --fixtures FILE`.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { announceListening } from '../shared/logger.js';
import { arg } from './argv.js';

export interface BenchFixtures {
  tools: unknown[];
  /**
   * tools/call results keyed by tool name; `*` is the fallback. `get_finding_by_id:<id>` answers
   * that finding (the guard's fact lookups), `get_findings:scoped` a call with `product_id`.
   */
  results: Record<string, unknown>;
}

const fixtures = JSON.parse(readFileSync(arg('--fixtures', ''), 'utf8')) as BenchFixtures;
const SSE_EVENTS = 10;

const server = http.createServer((req, res) => {
  if (req.method === 'DELETE') return void res.writeHead(200).end();
  if (req.method !== 'POST') return void res.writeHead(405).end();
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const msg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      id?: string | number;
      method: string;
      params?: {
        name?: string;
        arguments?: Record<string, unknown>;
        protocolVersion?: string;
        _meta?: { progressToken?: unknown };
      };
    };
    if (msg.id === undefined) return void res.writeHead(202).end();
    const reply = (result: unknown, headers: Record<string, string> = {}): void => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: msg.id, result });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        ...headers,
      });
      res.end(body);
    };
    switch (msg.method) {
      case 'initialize':
        return reply(
          {
            protocolVersion: msg.params?.protocolVersion ?? '2025-06-18',
            capabilities: { tools: {}, prompts: {}, resources: {} },
            serverInfo: { name: 'bench-upstream', version: '1.0.0' },
          },
          { 'mcp-session-id': randomUUID() },
        );
      case 'tools/list':
        return reply({ tools: fixtures.tools });
      case 'tools/call': {
        const name = msg.params?.name ?? '';
        const a = msg.params?.arguments ?? {};
        const keyed =
          name === 'get_finding_by_id'
            ? `${name}:${String(a.finding_id)}`
            : a.product_id !== undefined
              ? `${name}:scoped`
              : name;
        const result = fixtures.results[keyed] ?? fixtures.results[name] ?? fixtures.results['*'];
        const token = msg.params?._meta?.progressToken;
        if (token === undefined) return reply(result);
        // Progress requested: stream SSE progress events, then the result, one event per write.
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        let i = 0;
        const tick = (): void => {
          if (i < SSE_EVENTS) {
            const n = {
              jsonrpc: '2.0',
              method: 'notifications/progress',
              params: { progressToken: token, progress: ++i, total: SSE_EVENTS },
            };
            res.write(`event: message\ndata: ${JSON.stringify(n)}\n\n`);
            setImmediate(tick);
          } else {
            res.end(
              `event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: msg.id, result })}\n\n`,
            );
          }
        };
        return tick();
      }
      default:
        return reply({});
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(arg('--port', '0')), '127.0.0.1', () => {
  const a = server.address();
  announceListening(
    'bench-upstream',
    `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/mcp`,
  );
});
process.on('SIGTERM', () => process.exit(0));
