/**
 * A misbehaving MCP upstream for fault tests: a bare node:http server (no SDK, so it can break the
 * protocol on purpose) that speaks just enough Streamable HTTP to pass `initialize` and
 * `tools/list`, then answers each `tools/call` the way its tool name says. The misbehaviour is
 * picked by the client through the tool name, so one upstream serves every case of a test file:
 *
 * | tool               | what the upstream does                                                  |
 * | ------------------ | ----------------------------------------------------------------------- |
 * | `echo`             | answers `{content:[{type:'text',text}]}` (SSE, or JSON with `json:true`) |
 * | `slow`             | like `echo`, after `args.ms` (SSE headers sent at once, as SDK servers do) |
 * | `stall_headers`    | never sends response headers                                            |
 * | `stall_sse`        | sends SSE headers (and a priming comment), then nothing, forever        |
 * | `trickle_sse`      | sends a progress notification every `args.every_ms` (default 200), forever |
 * | `cut_mid_event`    | sends half an event (`data: {"jsonrpc":"2.0","id":…`), then resets       |
 * | `end_sse_unanswered` | sends one notification, then ends the SSE stream cleanly, no answer   |
 * | `empty_json_200`   | 200 `application/json` with an empty body                               |
 * | `empty_202`        | 202 with no body (to a request)                                         |
 * | `empty_502`        | 502 with an empty body                                                  |
 * | `text_500`         | 500 `text/plain` body                                                   |
 * | `wrong_id_json`    | 200 JSON answering another id                                           |
 * | `answer_then_cut`  | sends the answer as an SSE event, then resets the connection (no end)  |
 * | `answer_json_500`  | 500 `application/json` whose body is a JSON-RPC *result* for the id     |
 * | `finding`          | answers `findingRecord(args.finding_id)` as JSON text (a `get_finding_by_id`) |
 * | `elicit_then_echo` | sends `elicitation/create` with id `args.elicit_id`, then answers like `echo` |
 * | `update_*`         | like `echo` (mutating by name, with destructive annotations)            |
 *
 * Every request is recorded in `seen`; `open()` counts live sockets so tests can prove the proxy
 * closed its upstream connection. Extra tools are added with `tools` (name → behaviour); a tool's
 * advertised `inputSchema` (default: `text`, `ms`, `every_ms`) is replaced with `schemas`, so a test
 * can declare the arguments it calls the tool with (argument validation checks them against the
 * advertised schema: src/guards/arguments/argument-validation.ts).
 * @example const up = await startFakeUpstream(); … await up.close();
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { findingRecord } from './finding.js';

/** The built-in behaviours (see the table above). */
export type FakeBehaviour =
  | 'echo'
  | 'slow'
  | 'stall_headers'
  | 'stall_sse'
  | 'trickle_sse'
  | 'cut_mid_event'
  | 'end_sse_unanswered'
  | 'empty_json_200'
  | 'empty_202'
  | 'empty_502'
  | 'text_500'
  | 'wrong_id_json'
  | 'answer_then_cut'
  | 'answer_json_500'
  | 'elicit_then_echo'
  | 'finding';

export const FAKE_BEHAVIOURS: readonly FakeBehaviour[] = [
  'echo',
  'slow',
  'stall_headers',
  'stall_sse',
  'trickle_sse',
  'cut_mid_event',
  'end_sse_unanswered',
  'empty_json_200',
  'empty_202',
  'empty_502',
  'text_500',
  'wrong_id_json',
  'answer_then_cut',
  'answer_json_500',
  'elicit_then_echo',
  'finding',
];

export interface FakeUpstreamOptions {
  /** Answer `echo`/`slow` as application/json instead of SSE. */
  json?: boolean;
  /** Extra tools: name → behaviour (e.g. `{ import_scan: 'slow' }`). */
  tools?: Record<string, FakeBehaviour>;
  /** Advertised `inputSchema` by tool name, replacing the default one. */
  schemas?: Record<string, Record<string, unknown>>;
}

export interface FakeSeen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** Set when the upstream saw the client side of this request's connection close. */
  closedAt?: number;
}

export interface FakeUpstream {
  url: string;
  seen: FakeSeen[];
  /** tools/call requests received, by tool name. */
  calls(tool: string): FakeSeen[];
  /** Sockets currently open to the upstream. */
  open(): number;
  close(): Promise<void>;
}

type Rpc = { jsonrpc: '2.0'; id?: string | number; method?: string; params?: any };

const sseHead = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
const event = (msg: unknown): string => `event: message\ndata: ${JSON.stringify(msg)}\n\n`;
const text = (id: Rpc['id'], t: string) => ({
  jsonrpc: '2.0',
  id,
  result: { content: [{ type: 'text', text: t }] },
});

function toolList(
  extra: Record<string, FakeBehaviour>,
  schemas: Record<string, Record<string, unknown>>,
) {
  const names = [...FAKE_BEHAVIOURS, 'update_thing', ...Object.keys(extra)];
  return [...new Set(names)].map((name) => ({
    name,
    description: `fake upstream: ${name}`,
    inputSchema: schemas[name] ?? {
      type: 'object',
      properties: {
        text: { type: 'string' },
        ms: { type: 'number' },
        every_ms: { type: 'number' },
      },
    },
    annotations: name.startsWith('update_')
      ? { readOnlyHint: false, destructiveHint: true }
      : { readOnlyHint: true },
  }));
}

function behaviourOf(tool: string, extra: Record<string, FakeBehaviour>): FakeBehaviour {
  if (extra[tool]) return extra[tool];
  if ((FAKE_BEHAVIOURS as readonly string[]).includes(tool)) return tool as FakeBehaviour;
  return 'echo';
}

/** Starts the fake upstream on 127.0.0.1, port 0. */
export async function startFakeUpstream(opts: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const seen: FakeSeen[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const extra = opts.tools ?? {};
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const answer = (res: http.ServerResponse, msg: unknown, sse: boolean, sid?: string): void => {
    const h: Record<string, string> = sid ? { 'mcp-session-id': sid } : {};
    if (sse) {
      res.writeHead(200, { ...sseHead, ...h });
      res.end(event(msg));
    } else {
      res.writeHead(200, { 'content-type': 'application/json', ...h });
      res.end(JSON.stringify(msg));
    }
  };

  const callTool = (rpc: Rpc, res: http.ServerResponse, rec: FakeSeen): void => {
    const name = String(rpc.params?.name ?? '');
    const args = (rpc.params?.arguments ?? {}) as Record<string, unknown>;
    const id = rpc.id;
    const sse = !opts.json;
    switch (behaviourOf(name, extra)) {
      case 'echo':
        return answer(res, text(id, String(args.text ?? 'ok')), sse);
      case 'slow': {
        const ms = Number(args.ms ?? 1000);
        if (sse) {
          res.writeHead(200, sseHead);
          res.flushHeaders();
          return later(ms, () => !res.destroyed && res.end(event(text(id, `slept ${ms}`))));
        }
        return later(ms, () => !res.destroyed && answer(res, text(id, `slept ${ms}`), false));
      }
      case 'stall_headers':
        return;
      case 'stall_sse':
        res.writeHead(200, sseHead);
        res.write(': stalled\n\n');
        return;
      case 'trickle_sse': {
        const every = Number(args.every_ms ?? 200);
        res.writeHead(200, sseHead);
        let n = 0;
        const tick = (): void => {
          if (res.destroyed || rec.closedAt) return;
          n++;
          res.write(
            event({
              jsonrpc: '2.0',
              method: 'notifications/message',
              params: { level: 'info', data: `tick ${n}` },
            }),
          );
          later(every, tick);
        };
        return later(every, tick);
      }
      case 'cut_mid_event':
        res.writeHead(200, sseHead);
        res.write(`event: message\ndata: {"jsonrpc":"2.0","id":${JSON.stringify(id)},"resu`);
        // Let the half event leave, then reset the connection (no chunked terminator).
        return later(50, () => res.socket?.destroy());
      case 'end_sse_unanswered':
        res.writeHead(200, sseHead);
        res.end(
          event({
            jsonrpc: '2.0',
            method: 'notifications/message',
            params: { level: 'info', data: 'bye' },
          }),
        );
        return;
      case 'empty_json_200':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end();
      case 'empty_202':
        res.writeHead(202);
        return void res.end();
      case 'empty_502':
        res.writeHead(502);
        return void res.end();
      case 'text_500':
        res.writeHead(500, { 'content-type': 'text/plain' });
        return void res.end('internal error');
      case 'wrong_id_json':
        return answer(res, text(`other-${String(id)}`, 'not yours'), false);
      case 'answer_then_cut':
        res.writeHead(200, sseHead);
        res.write(event(text(id, 'answered, then cut')));
        // Let the answer leave, then reset the connection (no chunked terminator).
        return later(50, () => res.socket?.destroy());
      case 'answer_json_500':
        res.writeHead(500, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(text(id, 'a result with a 500')));
      case 'finding':
        return answer(res, text(id, JSON.stringify(findingRecord(Number(args.finding_id)))), sse);
      case 'elicit_then_echo':
        res.writeHead(200, sseHead);
        res.write(
          event({
            jsonrpc: '2.0',
            id: String(args.elicit_id ?? 'upstream-elicit-1'),
            method: 'elicitation/create',
            params: {
              message: 'from the upstream',
              requestedSchema: { type: 'object', properties: {} },
            },
          }),
        );
        return void res.end(event(text(id, 'asked')));
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: any;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      const rec: FakeSeen = { method: req.method ?? '', headers: req.headers, body };
      seen.push(rec);
      res.on('close', () => (rec.closedAt = Date.now()));
      if (req.method === 'GET') {
        // No server stream: the spec's answer for an upstream that offers none.
        res.writeHead(405, { allow: 'POST, DELETE' });
        return void res.end();
      }
      if (req.method === 'DELETE' || req.method === 'HEAD') {
        res.writeHead(200);
        return void res.end();
      }
      const rpc = body as Rpc | undefined;
      if (!rpc || typeof rpc !== 'object' || typeof rpc.method !== 'string') {
        // A client response (to a server request we never send) or junk.
        res.writeHead(202);
        return void res.end();
      }
      if (rpc.id === undefined) {
        res.writeHead(202);
        return void res.end();
      }
      switch (rpc.method) {
        case 'initialize':
          return answer(
            res,
            {
              jsonrpc: '2.0',
              id: rpc.id,
              result: {
                protocolVersion: rpc.params?.protocolVersion ?? '2025-06-18',
                capabilities: { tools: {} },
                serverInfo: { name: 'fake-upstream', version: '1.0.0' },
              },
            },
            !opts.json,
            randomUUID(),
          );
        case 'tools/list':
          return answer(
            res,
            { jsonrpc: '2.0', id: rpc.id, result: { tools: toolList(extra, opts.schemas ?? {}) } },
            !opts.json,
          );
        case 'ping':
          return answer(res, { jsonrpc: '2.0', id: rpc.id, result: {} }, !opts.json);
        case 'tools/call':
          return callTool(rpc, res, rec);
        default:
          return answer(
            res,
            { jsonrpc: '2.0', id: rpc.id, error: { code: -32601, message: 'Method not found' } },
            !opts.json,
          );
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    seen,
    calls: (tool) =>
      seen.filter((s) => s.body?.method === 'tools/call' && s.body?.params?.name === tool),
    open: () => sockets.size,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
