/**
 * Cost of the response-phase content guards on the issue-8 benchmark shape: a 100-finding
 * (~170 KB) get_findings result, JSON text + structuredContent. Prints min/p50/p99 per guard;
 * only the best run is asserted (CI cores are shared, see below).
 */
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/core/guard.js';
import type { JsonRpcMessage } from '../../src/core/jsonrpc.js';
import { WrapPolicySchema } from '../../src/guards/content/schema.js';
import { createUntrustedWrapGuard } from '../../src/guards/content/untrusted-wrap.js';
import { createSecretRedactGuard } from '../../src/guards/content/secret-redact.js';
import { findingsPage, responseCtx, toolResult } from './fixtures.js';

interface Figures {
  min: number;
  p50: number;
  p99: number;
}

function percentiles(samples: number[]): Figures {
  const s = [...samples].sort((a, b) => a - b);
  return { min: s[0]!, p50: s[Math.floor(s.length * 0.5)]!, p99: s[Math.floor(s.length * 0.99)]! };
}

function measure(fn: () => Verdict, runs = 200): Figures {
  for (let i = 0; i < 30; i++) fn(); // JIT warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

describe('content guard cost on a 100-finding get_findings', () => {
  const msg: JsonRpcMessage = toolResult(findingsPage(100));
  const bytes = JSON.stringify(msg).length;
  const ctx = responseCtx('tools/call', 'get_findings');
  const wrap = createUntrustedWrapGuard(WrapPolicySchema.parse({}))!;
  const redact = createSecretRedactGuard(undefined)!;

  it('stays within budget for wrapping and redaction (figures printed)', () => {
    expect(bytes).toBeGreaterThan(150_000);
    const w = measure(() => wrap.onResponse!(ctx, msg) as Verdict);
    const r = measure(() => redact.onResponse!(ctx, msg) as Verdict);
    const both = measure(() => {
      const v = redact.onResponse!(ctx, msg) as Verdict;
      return wrap.onResponse!(ctx, v.kind === 'rewrite' ? v.message : msg) as Verdict;
    });
    // The machine's speed, measured the same way: a JSON.stringify and JSON.parse of the page.
    const reparse = measure(() => {
      JSON.parse(JSON.stringify(msg));
      return { kind: 'continue' } as Verdict;
    });
    const f = (x: Figures): string =>
      `min ${x.min.toFixed(2)} ms, p50 ${x.p50.toFixed(2)} ms, p99 ${x.p99.toFixed(2)} ms`;
    console.log(
      `[content perf] message ${(bytes / 1024).toFixed(0)} KB\n` +
        `  untrusted-wrap  ${f(w)}\n  secret-redact   ${f(r)}\n  both            ${f(both)}\n` +
        `  re-parse        ${f(reparse)}`,
    );
    // p50/p99 on a shared 2-core CI box are scheduling noise while e2e suites run beside this
    // one (load 15+ measured), so the asserted bound is the best run: the algorithmic cost. A
    // full re-parse or a walk of every field would show here. Issue 8's benchmark owns p99.
    // The bounds are in milliseconds on a machine that re-parses the page in 0.6 ms or less,
    // and in re-parses on a slower one (a machine measured at 1.0-1.2 ms per re-parse ran
    // redaction at 3.6-4.2 ms, with the same code that ran it under 3 ms on a faster one).
    const bound = (ms: number, reparses: number): number => Math.max(ms, reparses * reparse.min);
    expect(w.min).toBeLessThan(bound(3, 3));
    expect(r.min).toBeLessThan(bound(3, 5));
    expect(both.min).toBeLessThan(bound(5, 7));
  });
});
