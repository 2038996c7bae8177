/**
 * What `dojo-guard demo` prints once the stack is up: tokens per role and ready-to-paste client
 * configs (Claude Desktop via mcp-remote, MCP Inspector CLI, VS Code).
 */
import { DEMO_DECOY_FINDING, DEMO_ROLES, demoToken } from './tokens.js';

/** Client versions the printed commands pin (checked with `npm view <pkg> version`). */
export const INSPECTOR_VERSION = '2.12.0';
export const MCP_REMOTE_VERSION = '0.15.1';

/**
 * The banner text for a proxy URL.
 * @example demoBanner(proxyUrl, { file: '/tmp/demo/audit.jsonl', hmacKey, cli: 'dojo-guard' }, { server, sandbox })
 */
export function demoBanner(
  url: string,
  audit: { file: string; hmacKey: string; cli: string },
  upstreams: { server: string; sandbox: string },
): string {
  const token = demoToken('reader');
  const claude = {
    mcpServers: {
      'dojo-guard-demo': {
        command: 'npx',
        args: ['-y', `mcp-remote@${MCP_REMOTE_VERSION}`, url, '--header', 'Authorization:${AUTH}'],
        env: { AUTH: `Bearer ${token}` },
      },
    },
  };
  const vscode = {
    servers: {
      'dojo-guard-demo': { type: 'http', url, headers: { Authorization: `Bearer ${token}` } },
    },
  };
  return [
    '',
    '=== dojo-guard demo (loopback only) ===',
    `MCP endpoint (through the guard): ${url}`,
    `  in front of dojo-guard server ${upstreams.server}`,
    `  talking to the sandbox DefectDojo ${upstreams.sandbox} (its admin token stays inside the demo)`,
    '',
    'Bearer tokens, one per role. DEMO ONLY: they are public; never deploy policies/demo.yaml.',
    ...DEMO_ROLES.map((r) => `  ${r.padEnd(8)} ${demoToken(r)}`),
    '',
    'MCP Inspector CLI:',
    `  npx -y @modelcontextprotocol/inspector@${INSPECTOR_VERSION} --cli ${url} --transport http \\`,
    `    --header "Authorization: Bearer ${token}" --method tools/list`,
    '',
    'Claude Desktop (claude_desktop_config.json), via mcp-remote:',
    indent(JSON.stringify(claude, null, 2)),
    '',
    'VS Code (.vscode/mcp.json):',
    indent(JSON.stringify(vscode, null, 2)),
    '',
    `Try: get_finding_by_id ${DEMO_DECOY_FINDING} as reader (a tripwire), or close_finding as reader.`,
    `Audit trail (HMAC-chained): ${audit.file}`,
    '  verify it (while the demo runs; its temp dir is removed when the demo stops):',
    `  AUDIT_HMAC_KEY=${audit.hmacKey} ${audit.cli} audit verify ${audit.file}`,
    'Decisions, one per line (time  principal(role)  method tool  outcome code):',
    '',
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
