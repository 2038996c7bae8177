/**
 * The protections a policy may switch off, and how to tell that it did. Secure by default: an
 * absent section or key gets the protective behaviour (src/policy/schema.ts), so a protection is
 * off only through an explicit line. Every such line is a load warning, logged by the proxy at
 * start and printed by `policy validate`; the shipped policies must mark each one with a
 * `# opt-out: <reason>` comment (test/policy/shipped-protections.test.ts).
 */
import type { PolicyFile } from './schema.js';
import { auditSinkConfigured } from '../audit/sinks-configured.js';

/** One switched-off protection: the dotted path of the line that switches it off, and what is lost. */
export interface DisabledProtection {
  /** Stable id of the protection (README "Security model"). */
  id: string;
  /** Dotted path of the policy line responsible (absent key: its parent). */
  path: string;
  /** What an attacker gains while it is off. */
  effect: string;
}

/**
 * Lists every protection the policy switches off or leaves unconfigured.
 * @example disabledProtections(source).map((p) => p.path) // ['content.wrap.enabled']
 */
export function disabledProtections(
  source: PolicyFile,
  env: NodeJS.ProcessEnv = process.env,
): DisabledProtection[] {
  const out: DisabledProtection[] = [];
  const off = (id: string, path: string, effect: string): void => {
    out.push({ id, path, effect });
  };
  const { injection, content, rate_limits: rl, audit, state } = source;
  if (!injection.enabled)
    off('injection', 'injection.enabled', 'injected instructions in arguments reach DefectDojo');
  else if (injection.mode === 'shadow')
    off('injection', 'injection.mode', 'injected instructions are only audited, not refused');
  if (!content.wrap.enabled)
    off('wrap', 'content.wrap.enabled', 'untrusted result text reaches the model unmarked');
  else if (content.wrap.mode === 'shadow')
    off('wrap', 'content.wrap.mode', 'untrusted result text reaches the model unmarked');
  if (!content.redact.enabled)
    off('redact', 'content.redact.enabled', 'secrets in results reach clients in clear');
  else if (content.redact.mode === 'shadow')
    off('redact', 'content.redact.mode', 'secrets in results reach clients in clear');
  if (!content.reject_secrets_in_arguments)
    off(
      'secret_arguments',
      'content.reject_secrets_in_arguments',
      'credentials in arguments reach DefectDojo and the audit trail',
    );
  if (!source.arguments.enabled)
    off('arguments', 'arguments.enabled', 'undeclared or mistyped arguments reach the upstream');
  else if (source.arguments.mode === 'shadow')
    off('arguments', 'arguments.mode', 'invalid arguments are only audited, not refused');
  if (rl.mode === 'shadow') off('rate_limits', 'rate_limits.mode', 'limits are only audited');
  const limitsMutations = rl.limits.some(
    (l) => !l.match?.classes || l.match.classes.includes('mutating'),
  );
  if (!limitsMutations)
    off('mutation_limit', 'rate_limits.limits', 'mutating calls have no rate limit');
  if (rl.blast_radius.length === 0)
    off('blast_radius', 'rate_limits.blast_radius', 'no cap on findings changed per window');
  const findings = audit?.findings;
  if (!findings?.require_read_for.length && !findings?.require_read_when.length)
    off(
      'require_read',
      findings ? 'audit.findings' : 'audit',
      'findings can be suppressed without being read first',
    );
  const memory = 'in-process memory store: each replica keeps its own counters and read sets';
  if (state?.backend === 'memory') off('shared_state', 'state.backend', memory);
  else if (!state?.redis) off('shared_state', 'state', memory);
  else if (state.backend === undefined && state.redis.url.trim() === '')
    off('shared_state', 'state.redis.url', `empty (REDIS_URL unset?): ${memory}`);
  if (!auditSinkConfigured(audit, env)) {
    if (audit?.allow_no_sink)
      off('audit_sink', 'audit.allow_no_sink', 'decisions are written to no audit sink');
    else
      off(
        'audit_sink',
        'audit',
        'no audit sink: the proxy refuses to start without audit.file, AUDIT_LOG_FILE, syslog or https',
      );
  }
  return out;
}

/**
 * Load warnings for switched-off protections, one line each.
 * @example protectionWarnings(source) // ['content.wrap.enabled: protection off — …']
 */
export function protectionWarnings(source: PolicyFile, env?: NodeJS.ProcessEnv): string[] {
  return disabledProtections(source, env).map(
    (p) => `${p.path}: protection off (${p.id}): ${p.effect}`,
  );
}
