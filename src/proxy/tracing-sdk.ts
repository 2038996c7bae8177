/**
 * The OpenTelemetry side of request tracing, imported only when tracing is configured
 * (src/cli/proxy.ts). OTLP over HTTP with JSON bodies, batched; W3C trace context in and out.
 *
 * Sampling is decided when the request span ends, not when it starts, so that denials and errors
 * are always exported (a head sampler cannot know the outcome). Spans are recorded for every
 * request; `DecisionSampler` holds a request's finished child spans until its request span ends,
 * then hands them all to the batch exporter or drops them. Kept: the client's sampled flag (when
 * `parent_based`), else a trace-id ratio (the SDK's TraceIdRatioBasedSampler, so every hop of a
 * trace agrees), and always a denial or an error. The `traceparent` sent upstream carries the
 * head decision, which is final for every request that reaches the upstream allowed.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { RequestTrace, RequestTracer, TraceAttributes, TraceChild } from './tracing.js';

export interface TracingSettings {
  endpoint: string;
  headers: Record<string, string>;
  sampleRatio: number;
  parentBased: boolean;
  serviceName: string;
  serviceVersion: string;
}

/** Upper bound on requests remembered while their children wait or trail (memory cap). */
const MAX_PENDING = 10_000;

/** Map.set that evicts the oldest entry past MAX_PENDING. */
function setCapped<V>(m: Map<string, V>, k: string, v: V): void {
  if (m.size >= MAX_PENDING) {
    const oldest = m.keys().next().value;
    if (oldest !== undefined) m.delete(oldest);
  }
  m.set(k, v);
}

/** Holds each request's children until the request span ends, then exports or drops them all. */
class DecisionSampler implements SpanProcessor {
  private readonly pending = new Map<string, ReadableSpan[]>();
  /** Request spans about to end → export or not (set by RequestTrace.end just before). */
  private readonly decided = new Map<string, boolean>();
  /** Ended request spans → their decision, for children that end later (audit sealing). */
  private readonly settled = new Map<string, boolean>();

  decide(requestSpanId: string, keep: boolean): void {
    this.decided.set(requestSpanId, keep);
  }

  constructor(private readonly inner: SpanProcessor) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const id = span.spanContext().spanId;
    const keep = this.decided.get(id);
    if (keep !== undefined) {
      this.decided.delete(id);
      setCapped(this.settled, id, keep);
      const children = this.pending.get(id) ?? [];
      this.pending.delete(id);
      if (keep === true) for (const s of [...children, span]) this.inner.onEnd(s);
      return;
    }
    const parent = span.parentSpanContext?.spanId;
    if (parent === undefined) return;
    const late = this.settled.get(parent);
    if (late !== undefined) {
      if (late) this.inner.onEnd(span);
      return;
    }
    let list = this.pending.get(parent);
    if (!list) setCapped(this.pending, parent, (list = []));
    list.push(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    this.pending.clear();
    this.decided.clear();
    this.settled.clear();
    return this.inner.shutdown();
  }
}

const headerGetter = {
  keys: (h: Readonly<Record<string, string | string[] | undefined>>) => Object.keys(h),
  get: (h: Readonly<Record<string, string | string[] | undefined>>, k: string) => h[k],
};

function clean(attrs: TraceAttributes | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (attrs) for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Starts the SDK and returns the tracer the proxy installs.
 * @example installTracer(startTracing({ endpoint, headers: {}, sampleRatio: 1, ... }));
 */
export function startTracing(s: TracingSettings): RequestTracer {
  const exporter = new OTLPTraceExporter({ url: s.endpoint, headers: s.headers });
  // Batch size and delay come from the standard OTEL_BSP_* variables (SDK defaults otherwise).
  const batch = new BatchSpanProcessor(exporter);
  const sampler = new DecisionSampler(batch);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': s.serviceName,
      'service.version': s.serviceVersion,
    }),
    // Record everything; DecisionSampler decides what is exported (see the header).
    sampler: new AlwaysOnSampler(),
    spanProcessors: [sampler],
  });
  const tracer = provider.getTracer('dojo-guard');
  const propagator = new W3CTraceContextPropagator();
  const ratio = new TraceIdRatioBasedSampler(s.sampleRatio);

  const headSampled = (traceId: string, parent: SpanContext | undefined): boolean => {
    if (parent && s.parentBased) return (parent.traceFlags & TraceFlags.SAMPLED) !== 0;
    const r = ratio.shouldSample(ROOT_CONTEXT, traceId);
    return r.decision === SamplingDecision.RECORD_AND_SAMPLED;
  };

  return {
    start(headers): RequestTrace {
      const extracted = propagator.extract(ROOT_CONTEXT, headers, headerGetter);
      const parent = trace.getSpanContext(extracted);
      const root: Span = tracer.startSpan(
        'mcp request',
        { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'jsonrpc' } },
        extracted,
      );
      const rootCtx: Context = trace.setSpan(extracted, root);
      const traceId = root.spanContext().traceId;
      const sampled = headSampled(traceId, parent);
      let outcome: { outcome: string; code?: string } | undefined;
      const childOf = (span: Span): TraceChild => ({
        end(attrs, error) {
          span.setAttributes(clean(attrs));
          if (error) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      });
      const spans = new WeakMap<TraceChild, Span>();
      return {
        traceId,
        set(attrs, name) {
          root.setAttributes(clean(attrs));
          if (name) root.updateName(name);
        },
        stage(name, startedAt, endedAt, attrs) {
          const span = tracer.startSpan(
            name,
            { startTime: startedAt, attributes: clean(attrs) },
            rootCtx,
          );
          span.end(endedAt);
        },
        child(name, attrs, kind) {
          const span = tracer.startSpan(
            name,
            {
              kind: kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL,
              attributes: clean(attrs),
            },
            rootCtx,
          );
          const c = childOf(span);
          spans.set(c, span);
          return c;
        },
        inject(headers, parentChild) {
          const span = spans.get(parentChild);
          if (!span) return;
          // The upstream learns the head decision, not the recording flag of our own spans.
          const sc = span.spanContext();
          const flags = sampled ? TraceFlags.SAMPLED : TraceFlags.NONE;
          const ctx = trace.setSpanContext(extracted, { ...sc, traceFlags: flags });
          propagator.inject(ctx, headers, {
            set: (h: Record<string, string>, k: string, v: string) => (h[k] = v),
          });
        },
        outcome(o, code) {
          outcome ??= { outcome: o, code };
        },
        end(httpStatus) {
          const o = outcome ?? { outcome: httpStatus >= 400 ? 'denied' : 'allowed' };
          const attrs: Record<string, string | number | boolean> = {
            'dojo_guard.outcome': o.outcome,
            'http.response.status_code': httpStatus,
          };
          if (o.code) attrs['error.type'] = o.code;
          if (o.outcome === 'error' || httpStatus >= 500)
            root.setStatus({ code: SpanStatusCode.ERROR });
          root.setAttributes(attrs);
          sampler.decide(root.spanContext().spanId, sampled || o.outcome !== 'allowed');
          root.end();
        },
      };
    },
    async shutdown() {
      await provider.forceFlush().catch(() => undefined);
      await provider.shutdown().catch(() => undefined);
    },
  };
}
