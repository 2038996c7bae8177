/**
 * The admission guards (src/guards/system/stream-limits.ts, notification-limit.ts) through the
 * proxy's real runner and port (src/proxy/pipeline.ts runAdmission, runtime-limits.ts): each
 * refusal is the guard's verdict with its denial code, counted per guard in
 * dojo_guard_guard_verdicts_total; a stream slot is held until the response closes; a dropped
 * notification is never audited.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ClassifiedRequest } from '../../src/core/jsonrpc.js';
import type { Principal } from '../../src/core/principal.js';
import { SERVER_LIMIT_DEFAULTS } from '../../src/policy/compile-server-limits.js';

const DEFAULT_HARDENING_CAPS = SERVER_LIMIT_DEFAULTS.transportCaps;
import { classifyMessage } from '../../src/proxy/jsonrpc.js';
import { runAdmission } from '../../src/proxy/pipeline.js';
import { admissionPort } from '../../src/proxy/runtime-limits.js';
import { metricsRegistry } from '../../src/shared/metrics.js';

const alice: Principal = { id: 'alice', role: 'reader', authMethod: 'static_token' };
const bob: Principal = { id: 'bob', role: 'reader', authMethod: 'static_token' };

function response(): ServerResponse {
  return new ServerResponse(new IncomingMessage(new Socket()));
}

async function metric(name: string, match: Record<string, string>): Promise<number> {
  const m = (await metricsRegistry.getSingleMetric(name)!.get()).values;
  return m
    .filter((v) => Object.entries(match).every(([k, x]) => v.labels[k] === x))
    .reduce((n, v) => n + v.value, 0);
}

function admit(
  rt: object,
  principal: Principal,
  message: ClassifiedRequest | undefined,
  caps: Partial<typeof DEFAULT_HARDENING_CAPS> = {},
  session: string | null = 's1',
  res: ServerResponse = response(),
) {
  const sessionId = session ?? undefined;
  const port = admissionPort(rt, { principal, sessionId }, res);
  const out = runAdmission({
    principal,
    message,
    caps: { ...DEFAULT_HARDENING_CAPS, ...caps },
    port,
  });
  return { out, res, port };
}

const request = (id: number) => classifyMessage({ jsonrpc: '2.0', id, method: 'ping' });
const note = classifyMessage({ jsonrpc: '2.0', method: 'notifications/progress', params: {} });

describe('stream-limits admission guard', () => {
  it('refuses the request over the SSE cap with its verdict, and frees a slot on close', async () => {
    const rt = {};
    const caps = { maxSseStreamsPerPrincipal: 2 };
    const held = [admit(rt, alice, request(1), caps), admit(rt, alice, request(2), caps)];
    expect(held.map((h) => h.out.kind)).toEqual(['admit', 'admit']);
    const over = admit(rt, alice, request(3), caps);
    expect(over.out).toEqual({
      kind: 'deny',
      guard: 'stream-limits',
      audited: true,
      verdict: {
        kind: 'deny',
        code: 'too_many_streams',
        reason: 'stream cap sse_per_principal',
        data: { cap: 'sse_per_principal', retryAfterMs: 5000 },
      },
    });
    // Another principal has its own count; a refused exchange took no slot.
    expect(admit(rt, bob, request(1), caps).out.kind).toBe('admit');
    held[0]!.res.emit('close');
    expect(admit(rt, alice, request(4), caps).out.kind).toBe('admit');
    expect(admit(rt, alice, request(5), caps).out.kind).toBe('deny');
  });

  it('caps GET streams per principal, then in total; release gives the slot back once', () => {
    const rt = {};
    const caps = { maxGetStreamsPerPrincipal: 1, maxGetStreams: 2 };
    const a = admit(rt, alice, undefined, caps);
    expect(a.out.kind).toBe('admit');
    const a2 = admit(rt, alice, undefined, caps);
    expect(a2.out.kind === 'deny' && a2.out.verdict.data).toMatchObject({ cap: 'per_principal' });
    expect(admit(rt, bob, undefined, caps).out.kind).toBe('admit');
    const carol = { ...alice, id: 'carol' };
    const c = admit(rt, carol, undefined, caps);
    expect(c.out.kind === 'deny' && c.out.verdict.data).toMatchObject({ cap: 'total' });
    a.port.release();
    a.port.release(); // idempotent: one slot back, not two
    expect(admit(rt, carol, undefined, caps).out.kind).toBe('admit');
    expect(admit(rt, alice, undefined, caps).out.kind).toBe('deny');
  });

  it('leaves notifications and client responses alone', () => {
    const rt = {};
    const caps = { maxSseStreamsPerPrincipal: 0 };
    expect(admit(rt, alice, note, caps).out.kind).toBe('admit');
    const answer = classifyMessage({ jsonrpc: '2.0', id: 9, result: {} });
    expect(admit(rt, alice, answer, caps).out.kind).toBe('admit');
  });
});

describe('notification-limit admission guard', () => {
  it('drops notifications over the per-session cap: unaudited, counted per guard and method', async () => {
    const rt = {};
    const caps = { clientNotificationsPerMinute: 3 };
    const verdicts = () =>
      metric('dojo_guard_guard_verdicts_total', {
        guard: 'notification-limit',
        code: 'too_many_notifications',
        outcome: 'deny',
      });
    const dropped = () =>
      metric('dojo_guard_client_notifications_dropped_total', {
        method: 'notifications/progress',
      });
    const [v0, d0] = [await verdicts(), await dropped()];
    const outs = Array.from({ length: 5 }, () => admit(rt, alice, note, caps, 'flood').out);
    expect(outs.slice(0, 3).map((o) => o.kind)).toEqual(['admit', 'admit', 'admit']);
    for (const o of outs.slice(3)) {
      expect(o).toMatchObject({
        kind: 'deny',
        guard: 'notification-limit',
        audited: false,
        verdict: { code: 'too_many_notifications' },
      });
    }
    expect((await verdicts()) - v0).toBe(2);
    expect((await dropped()) - d0).toBe(2);
    // Each session has its own window; requests are not notifications.
    expect(admit(rt, alice, note, caps, 'other').out.kind).toBe('admit');
    expect(admit(rt, alice, request(1), caps, 'flood').out.kind).toBe('admit');
  });

  it('counts per principal before a session exists', () => {
    const rt = {};
    const caps = { clientNotificationsPerMinute: 1 };
    expect(admit(rt, alice, note, caps, null).out.kind).toBe('admit');
    expect(admit(rt, alice, note, caps, null).out.kind).toBe('deny');
    expect(admit(rt, bob, note, caps, null).out.kind).toBe('admit');
  });
});
