/**
 * The proxy's side of an in-band confirmation (src/core/elicit.ts; the guard is
 * src/guards/approval/elicit.ts): the POST's response becomes an event stream, the proxy sends its
 * own `elicitation/create` request on it, and the client's answer — a POST carrying the JSON-RPC
 * response — is taken here and never forwarded upstream.
 *
 * - **Who can be asked**: a tools/call in a session whose client declared form elicitation at
 *   initialize (remembered in sessions.ts) and whose `Accept` allows `text/event-stream`.
 * - **Id namespace**: `dojo-guard-elicit-<128 random bits>`. The client answers server requests
 *   by the server's id, so a response POSTed with such an id is the proxy's, always: matched to a
 *   waiting call of the same session and principal, or refused (`elicitation_answer_unknown`).
 *   An upstream request that uses the prefix is refused too (exchange.ts), so its answer cannot
 *   be taken for ours.
 * - **Waiting** ends with the answer, the timeout, the client leaving or cancelling the call
 *   (`notifications/cancelled`, still forwarded: the upstream ignores an id it never saw). Keep-alive
 *   comments hold the quiet stream open meanwhile.
 * - Per process: the answer must reach the replica holding the stream (the correlation table
 *   asks the same of upstream responses, src/proxy/README.md).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage as Request } from 'node:http';
import type { ClientChannel, ElicitAnswer, ElicitPrompt } from '../core/elicit.js';
import { ELICIT_ID_PREFIX } from './elicitation-table.js';
import type { ClassifiedRequest } from '../core/jsonrpc.js';
import { logCorrelation, logger } from '../shared/logger.js';
import type { Exchange } from './exchange.js';
import { DECISION_HEADER } from './http-checks.js';
import { idKey } from './jsonrpc.js';
import { formatEvent, isOpenEventStream, openEventStream } from './sse-event.js';

const KEEPALIVE_MS = 15_000;

/**
 * True when initialize `params` declare form-mode elicitation: `elicitation: {}` (form only, the
 * 2025-06-18 shape) or an object naming `form` (2025-11-25; `{url: {}}` alone is URL mode only).
 */
export function declaresFormElicitation(params: unknown): boolean {
  const caps = (params as { capabilities?: unknown } | undefined)?.capabilities;
  const e = (caps as { elicitation?: unknown } | undefined)?.elicitation;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
  const keys = Object.keys(e);
  return !keys.includes('url') || keys.includes('form');
}

/** True when an `Accept` header allows `text/event-stream` (q > 0). */
export function acceptsEventStream(accept: string | string[] | undefined): boolean {
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (!header) return false;
  return header.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (type !== 'text/event-stream' && type !== 'text/*' && type !== '*/*') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * The client channel of a request, or undefined when its client cannot be asked in band (see
 * the file header). Asks at most once.
 */
export function clientChannelFor(
  ex: Exchange,
  req: Request,
  parsed: ClassifiedRequest,
): ClientChannel | undefined {
  const sessionId = ex.sessionId;
  if (parsed.kind !== 'request' || parsed.method !== 'tools/call' || sessionId === undefined) {
    return undefined;
  }
  if (!ex.rt.sessions.canElicit(sessionId) || !acceptsEventStream(req.headers.accept)) {
    return undefined;
  }
  let asked = false;
  return {
    elicit: async (prompt) => {
      if (asked) return { action: 'cancel', reason: 'asked twice' };
      asked = true;
      return ask(ex, sessionId, idKey(parsed.id!), prompt);
    },
  };
}

/** Opens the event stream, writes the request, waits for the answer. */
async function ask(
  ex: Exchange,
  sessionId: string,
  callKey: string,
  prompt: ElicitPrompt,
): Promise<ElicitAnswer> {
  const { res } = ex;
  if (res.destroyed || res.writableEnded) return { action: 'cancel', reason: 'client gone' };
  if (!isOpenEventStream(res)) openEventStream(res, { [DECISION_HEADER]: ex.decisionId });
  const id = `${ELICIT_ID_PREFIX}${randomBytes(16).toString('base64url')}`;
  const table = ex.rt.elicitations;
  const answer = table.wait(
    id,
    { sessionId, principalId: ex.principal.id, callKey },
    prompt.timeoutMs,
  );
  const gone = (): void => table.cancel(id, 'client gone');
  res.once('close', gone);
  const keepAlive = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepAlive.unref();
  const request = {
    jsonrpc: '2.0',
    id,
    method: 'elicitation/create',
    params: { message: prompt.message, requestedSchema: prompt.requestedSchema },
  };
  res.write(formatEvent({ event: 'message', data: JSON.stringify(request) }));
  try {
    const a = await answer;
    logger.info('in-band confirmation answered', {
      action: a.action,
      ...logCorrelation(ex),
    });
    return a;
  } finally {
    clearInterval(keepAlive);
    res.off('close', gone);
  }
}
