/**
 * An MCP session the proxy opens upstream for itself (its own tools/list, finding fact lookups):
 * initialize, notifications/initialized, requests, DELETE. Only the policy's upstream headers are
 * sent: no client header, token or session is involved. Answers may be JSON or SSE; every body is
 * capped and parsed with the upstream parser (duplicate keys and deep nesting refused).
 */
import { createParser } from 'eventsource-parser';
import type { CompiledUpstream } from '../policy/compiled.js';
import { packageVersion } from '../shared/version.js';
import { parseUpstreamJson } from './upstream-json.js';
import { discardBody, UpstreamClient } from './upstream.js';
import { mediaType } from './relay.js';

const PROTOCOL_VERSION = '2025-06-18';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_DEPTH = 64;

export type Message = Record<string, unknown>;

/** The upstream lost the session (404): the caller may open a new one and retry. */
export class SessionGoneError extends Error {}

async function readBody(body: AsyncIterable<Buffer>, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    signal.throwIfAborted();
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('upstream answer too large');
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
 * One internal upstream session. `open` initializes it; `request` sends one JSON-RPC request and
 * returns its response (rejects on HTTP ≥ 300, JSON-RPC errors and malformed bodies).
 * @example const s = new InternalSession(cfg, 'dojo-guard-tool-list'); await s.open(signal);
 */
export class InternalSession {
  private readonly client: UpstreamClient;
  private session: string | undefined;
  private seq = 0;

  constructor(
    private readonly cfg: CompiledUpstream,
    private readonly clientName: string,
  ) {
    this.client = new UpstreamClient(cfg);
  }

  get isOpen(): boolean {
    return this.session !== undefined;
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL_VERSION,
    };
    for (const [k, v] of Object.entries(this.cfg.headers)) h[k.toLowerCase()] = v;
    if (this.session !== undefined) h['mcp-session-id'] = this.session;
    return h;
  }

  private async send(
    method: string,
    params: Message | undefined,
    signal: AbortSignal,
  ): Promise<Message | undefined> {
    const id = method.startsWith('notifications/') ? undefined : `dojo-guard-${++this.seq}`;
    const res = await this.client.send({
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ jsonrpc: '2.0', ...(id && { id }), method, params }),
      signal,
    });
    if (res.statusCode === 404 && this.session !== undefined) {
      discardBody(res.body);
      this.session = undefined;
      throw new SessionGoneError(`${method}: upstream session gone`);
    }
    if (res.statusCode >= 300) {
      discardBody(res.body);
      throw new Error(`${method}: upstream HTTP ${res.statusCode}`);
    }
    const sid = res.headers['mcp-session-id'];
    if (typeof sid === 'string' && this.session === undefined) this.session = sid;
    if (id === undefined) {
      discardBody(res.body);
      return undefined;
    }
    const sse = mediaType(res.headers['content-type']) === 'text/event-stream';
    return responseIn(await readBody(res.body, signal), sse, id);
  }

  /** initialize + notifications/initialized. */
  async open(signal: AbortSignal): Promise<void> {
    this.session = undefined;
    await this.send(
      'initialize',
      {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: this.clientName, version: packageVersion() },
      },
      signal,
    );
    await this.send('notifications/initialized', undefined, signal);
  }

  /** One request on the open session; its JSON-RPC response. */
  async request(method: string, params: Message, signal: AbortSignal): Promise<Message> {
    const m = await this.send(method, params, signal);
    if (!m) throw new Error(`${method}: no answer`);
    return m;
  }

  /** DELETE the session (best effort) and release the connection pool. */
  async close(): Promise<void> {
    if (this.session !== undefined) {
      const h = this.headers();
      this.session = undefined;
      await this.client
        .send({ method: 'DELETE', headers: h, signal: AbortSignal.timeout(2000) })
        .then((r) => discardBody(r.body))
        .catch(() => undefined);
    }
    await this.client.close();
  }
}
