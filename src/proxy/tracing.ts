/**
 * Request tracing, as the proxy sees it. This file is all that loads when tracing is off: one
 * module-level reference that stays undefined, so every call site costs one `?.` check. The
 * OpenTelemetry SDK is imported only when the policy or the environment configures an exporter
 * (src/proxy/tracing-sdk.ts, installed by src/cli/proxy.ts).
 *
 * What a trace holds (src/proxy/README.md, "Tracing"): one SERVER span per MCP request, with
 * children for each guard stage, the upstream call and audit sealing. Attributes are identifiers
 * only (method, tool, principal id, decision id): never arguments, results, headers or tokens.
 */

export type TraceAttributes = Record<string, string | number | boolean | undefined>;

/** A child span in progress. */
export interface TraceChild {
  end(attrs?: TraceAttributes, error?: boolean): void;
}

/** The trace of one MCP request (HTTP POST) through the proxy. */
export interface RequestTrace {
  /** W3C trace id (32 hex digits): in the audit record and the JSON logs. */
  readonly traceId: string;
  /** Adds attributes to the request span; `name` renames it (`tools/call get_findings`). */
  set(attrs: TraceAttributes, name?: string): void;
  /** A stage that already ran: `startedAt`/`endedAt` are performance.now() values. */
  stage(name: string, startedAt: number, endedAt: number, attrs: TraceAttributes): void;
  child(name: string, attrs?: TraceAttributes, kind?: 'client' | 'internal'): TraceChild;
  /** Writes `traceparent` (and the client's `tracestate`) for a request sent inside `parent`. */
  inject(headers: Record<string, string>, parent: TraceChild): void;
  /** The final outcome; the first call wins. Denials and errors are always exported. */
  outcome(outcome: 'allowed' | 'denied' | 'error', code?: string): void;
  /** Ends the request span (and decides, with the outcome, whether the trace is exported). */
  end(httpStatus: number): void;
}

export interface RequestTracer {
  start(headers: Readonly<Record<string, string | string[] | undefined>>): RequestTrace;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

let installed: RequestTracer | undefined;

/** Makes `t` the process's tracer (src/cli/proxy.ts, once, before listening). */
export function installTracer(t: RequestTracer | undefined): void {
  installed = t;
}

/**
 * The trace of a new request, or undefined when tracing is off.
 * @example const trace = startRequestTrace(req.headers); trace?.set({ 'mcp.method.name': m });
 */
export function startRequestTrace(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): RequestTrace | undefined {
  return installed?.start(headers);
}

/** Flushes and stops the installed tracer (proxy shutdown). */
export async function shutdownTracing(): Promise<void> {
  const t = installed;
  installed = undefined;
  await t?.shutdown();
}
