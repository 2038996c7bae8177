/**
 * SSE event text, and the POST response the proxy itself turned into an event stream before any
 * upstream answer (an in-band confirmation, src/proxy/elicitation.ts): what is written on it
 * afterwards — the relayed answer or a denial — must be events too.
 */
import type { ServerResponse as Response } from 'node:http';

/**
 * Serializes one event. Our own JSON never contains raw newlines; upstream data forwarded
 * verbatim may (multi-line `data:`), so each line gets its own `data:` field.
 */
export function formatEvent(fields: {
  id?: string;
  event?: string;
  retry?: number;
  data: string;
}): string {
  let out = '';
  if (fields.id !== undefined) out += `id: ${fields.id}\n`;
  if (fields.event !== undefined) out += `event: ${fields.event}\n`;
  if (fields.retry !== undefined) out += `retry: ${fields.retry}\n`;
  for (const line of fields.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** True once `res` went out as `text/event-stream` (its status and headers are spent). */
export function isOpenEventStream(res: Response): boolean {
  return res.headersSent && res.getHeader('content-type') === 'text/event-stream';
}

/**
 * Ends an already-open response with one last JSON-RPC message: as an event on an event stream,
 * else (nothing else can be written once headers are out) by just ending it.
 */
export function endWithMessage(res: Response, json: string): void {
  if (res.writableEnded) return;
  if (isOpenEventStream(res)) res.end(formatEvent({ event: 'message', data: json }));
  else res.end();
}

/** Sends a 200 `text/event-stream` head now, with `headers` (the decision id), unbuffered. */
export function openEventStream(res: Response, headers: Record<string, string>): void {
  res.statusCode = 200;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('content-type', 'text/event-stream');
  res.setHeader('cache-control', 'no-cache, no-transform');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
}
