/**
 * The proxy's own tools/list against the upstream (src/guards/tool-catalog/definitions.ts calls it when a
 * tool is called before the proxy saw its definition). It runs in a session of its own
 * (initialize, notifications/initialized, tools/list pages, DELETE), with the policy's upstream
 * headers only: no client header, token or session is involved. Answers may be JSON or SSE; every
 * body is capped and parsed with the upstream parser (duplicate keys and deep nesting refused).
 */
import { createParser } from 'eventsource-parser';
import type { CompiledUpstream } from '../policy/compiled.js';
import { packageVersion } from '../shared/version.js';
import { parseUpstreamJson } from './upstream-json.js';
import { discardBody, UpstreamClient } from './upstream.js';
import { mediaType } from './relay.js';

const PROTOCOL_VERSION = '2025-06-18';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_PAGES = 50;
const MAX_DEPTH = 64;
/** Whole fetch budget (capped by the policy's upstream timeout). */
const BUDGET_MS = 20_000;

type Message = Record<string, unknown>;

async function readBody(body: AsyncIterable<Buffer>, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    signal.throwIfAborted();
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('tools/list answer too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON-RPC response with `id` in a JSON or SSE body. */
function responseIn(text: string, sse: boolean, id: string): Message {
  const candidates: unknown[] = [];
  if (sse) {
    const parser = createParser({
      onEvent: (ev) => {
        if (ev.data.trim() !== '') candidates.push(parseUpstreamJson(ev.data, MAX_DEPTH));
      },
    });
    parser.feed(text);
  } else candidates.push(parseUpstreamJson(text, MAX_DEPTH));
  for (const c of candidates.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
    if (c !== null && typeof c === 'object' && (c as Message).id === id) {
      const m = c as Message;
      if (m.error !== undefined) throw new Error('upstream answered with a JSON-RPC error');
      return m;
    }
  }
  throw new Error('no answer to the request in the upstream body');
}

/**
 * Returns a function that fetches every page of the upstream's tools/list.
 * @example const tools = await createUpstreamToolLister(policy.upstream)();
 */
export function createUpstreamToolLister(cfg: CompiledUpstream): () => Promise<unknown[]> {
  return async function listUpstreamTools(): Promise<unknown[]> {
    const client = new UpstreamClient(cfg);
    const signal = AbortSignal.timeout(Math.min(cfg.timeoutMs, BUDGET_MS));
    let session: string | undefined;
    let seq = 0;
    const headers = (): Record<string, string> => {
      const h: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': PROTOCOL_VERSION,
      };
      for (const [k, v] of Object.entries(cfg.headers)) h[k.toLowerCase()] = v;
      if (session !== undefined) h['mcp-session-id'] = session;
      return h;
    };
    const send = async (method: string, params?: Message): Promise<Message | undefined> => {
      const id = method.startsWith('notifications/') ? undefined : `dojo-guard-${++seq}`;
      const res = await client.send({
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({ jsonrpc: '2.0', ...(id && { id }), method, params }),
        signal,
      });
      if (res.statusCode >= 300) {
        discardBody(res.body);
        throw new Error(`${method}: upstream HTTP ${res.statusCode}`);
      }
      const sid = res.headers['mcp-session-id'];
      if (typeof sid === 'string' && session === undefined) session = sid;
      if (id === undefined) {
        discardBody(res.body);
        return undefined;
      }
      const sse = mediaType(res.headers['content-type']) === 'text/event-stream';
      return responseIn(await readBody(res.body, signal), sse, id);
    };
    try {
      await send('initialize', {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'dojo-guard-tool-list', version: packageVersion() },
      });
      await send('notifications/initialized');
      const tools: unknown[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const m = await send('tools/list', cursor === undefined ? {} : { cursor });
        const result = m?.result as Message | undefined;
        if (!result || !Array.isArray(result.tools)) throw new Error('tools/list: no tools array');
        tools.push(...(result.tools as unknown[]));
        if (typeof result.nextCursor !== 'string') return tools;
        cursor = result.nextCursor;
      }
      throw new Error('tools/list: too many pages');
    } finally {
      if (session !== undefined) {
        const h = headers();
        await client
          .send({ method: 'DELETE', headers: h, signal: AbortSignal.timeout(2000) })
          .then((r) => discardBody(r.body))
          .catch(() => undefined);
      }
      await client.close();
    }
  };
}
