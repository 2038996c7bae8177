import winston from 'winston';

/**
 * Operational logger (not the audit trail). JSON lines on stderr, so stdout stays free for the
 * stdio MCP transport and for machine-readable CLI output.
 *
 * Never pass secrets in `meta`: tokens, API keys and HMAC keys must not reach a log line.
 */
export const logger = winston.createLogger({
  level: process.env.LOG_LEVEL ?? 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  transports: [
    new winston.transports.Console({ stderrLevels: Object.keys(winston.config.npm.levels) }),
  ],
});

/**
 * The correlation fields of a log line about one request: `decisionId` (the audit record's id,
 * also sent to the client as the `mcp-guard-decision-id` header) and `traceId`, which is the
 * field the W3C trace id of the request goes in once the proxy propagates traces (absent until
 * then; JSON output omits an undefined field). Every request-scoped line spreads this object, so
 * the fields are added here, in one place.
 * @example logger.warn('upstream request failed', { ...logCorrelation(ex), error: 'TypeError' })
 */
export function logCorrelation(src: { decisionId: string; traceId?: string }): {
  decisionId: string;
  traceId?: string;
} {
  return src.traceId === undefined
    ? { decisionId: src.decisionId }
    : { decisionId: src.decisionId, traceId: src.traceId };
}

/**
 * Prints the one line that test harnesses and the demo wait for. Always on stdout, always this shape.
 * @example announceListening('proxy', 'http://127.0.0.1:8080/mcp')
 */
export function announceListening(component: string, url: string): void {
  process.stdout.write(`dojo-guard ${component} listening on ${url}\n`);
}
