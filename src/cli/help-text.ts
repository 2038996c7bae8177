/**
 * The "Environment" and "Examples" sections of `dojo-guard <command> --help`. Containers configure
 * through the environment, so every variable a command reads is listed in its help (and in the
 * README's tables); test/cli/help.e2e.test.ts finds the variables the sources read and fails when one
 * is missing here. `dojo-guard server` lists its own from src/dojo/config.ts (DOJO_ENV_HELP).
 */
import type { Command } from 'commander';

type Rows = readonly (readonly [string, string])[];

/** Variables read by `dojo-guard proxy` (directly, or through the shipped policies' `${env:…}`). */
export const PROXY_ENV: Rows = [
  ['DOJO_GUARD_POLICY', 'policy file(s), comma-separated, when --policy is not given'],
  ['DOJO_GUARD_UPSTREAM', 'upstream MCP endpoint when --upstream is not given'],
  [
    'DOJO_GUARD_CANDIDATE',
    'candidate policy file(s), comma-separated, when --candidate is not given',
  ],
  ['DOJO_GUARD_ALLOWED_HOSTS', 'Host names added to server.allowed_hosts (comma-separated)'],
  ['DOJO_GUARD_V8_OPTIMIZE_FOR_SIZE', '1: V8 --optimize-for-size (less memory, ~2x CPU)'],
  ['AUDIT_HMAC_KEY', 'audit chain key (64 hex digits); required on a non-loopback bind'],
  ['AUDIT_LOG_FILE', 'audit file sink path (shipped policies; overrides their default)'],
  ['AUDIT_SYSLOG_HOST', 'syslog collector for the audit trail (shipped server policy)'],
  ['AUDIT_SYSLOG_TRANSPORT', 'tls (default) | tcp | udp, with AUDIT_SYSLOG_HOST'],
  ['AUDIT_SYSLOG_PORT', 'syslog port (default 6514 for tls, 514 otherwise)'],
  ['REDIS_URL', 'redis:// or rediss:// state store (shipped policies); unset: memory'],
  ['REDIS_KEY_PREFIX', 'Redis key prefix (shipped policies; default dojo-guard:)'],
  ['MCP_ROLE_<NAME>', '<token>:<role> token bindings (auth.env_bindings)'],
  ['DEFECTDOJO_URL', "Pro's base URL (policies/defectdojo-pro.yaml)"],
  ['DEFECTDOJO_API_KEY', "Pro's API key, injected upstream (policies/defectdojo-pro.yaml)"],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTLP/HTTP base URL: turns tracing on'],
  ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTLP/HTTP traces URL (wins over the base URL)'],
  ['OTEL_SERVICE_NAME', 'service.name of the spans (default dojo-guard)'],
  ['OTEL_SDK_DISABLED', 'true: tracing off whatever the policy says'],
  ['LOG_LEVEL', 'stderr log level (default info)'],
];

export const PROXY_EXAMPLES: readonly string[] = [
  'dojo-guard proxy --policy policies/dojo-server.yaml --upstream http://127.0.0.1:8000/mcp',
  'DOJO_GUARD_UPSTREAM=http://server:3000/mcp DOJO_GUARD_ALLOWED_HOSTS=guard.internal \\\n' +
    '    AUDIT_HMAC_KEY=$(openssl rand -hex 32) dojo-guard proxy --host 0.0.0.0 --port 8080',
  'DEFECTDOJO_URL=https://dojo.example DEFECTDOJO_API_KEY=… \\\n' +
    '    dojo-guard proxy --policy policies/defectdojo-pro.yaml --upstream https://dojo.example/mcp',
];

/** Variables read by `dojo-guard approvals` (src/cli/approvals.ts), not by the proxy. */
export const APPROVALS_ENV: Rows = [
  ['DOJO_GUARD_URL', "the guard's URL when --url is not given"],
  ['DOJO_GUARD_TOKEN', "the approver's bearer token when --token-file is not given"],
];

export const APPROVALS_EXAMPLES: readonly string[] = [
  'DOJO_GUARD_URL=http://127.0.0.1:8080 DOJO_GUARD_TOKEN=… dojo-guard approvals list',
  'dojo-guard approvals approve <id> --url http://127.0.0.1:8080 --token-file ~/.guard-token \\\n' +
    "    --reason 'checked with the finding owner'",
];

/** Variables read by `dojo-guard undo` (src/cli/undo.ts), not by the proxy. */
export const UNDO_ENV: Rows = [
  [
    'DOJO_GUARD_UNDO_TOKEN',
    "the undo principal's bearer token (--token-env names another variable)",
  ],
];

export const UNDO_EXAMPLES: readonly string[] = [
  'DOJO_GUARD_UNDO_TOKEN=… dojo-guard undo --audit audit.jsonl --url http://127.0.0.1:8080/mcp \\\n' +
    '    --session <id>',
];

/** Text of one help section: a title line, then indented rows. */
function section(title: string, lines: readonly string[]): string {
  return `\n${title}:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** Appends "Environment" (when given) and "Examples" sections to a command's help. */
export function addEnvAndExamples(cmd: Command, env: Rows, examples: readonly string[]): void {
  const width = Math.max(0, ...env.map(([name]) => name.length));
  const rows = env.map(([name, text]) => `${name.padEnd(width)}  ${text}`);
  cmd.addHelpText(
    'after',
    (env.length ? section('Environment', rows) : '') + section('Examples', examples),
  );
}
