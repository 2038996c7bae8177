/**
 * Whether an `audit` section sends records anywhere. The proxy refuses to start when it does not,
 * unless the policy says `audit.allow_no_sink: true` (src/audit/index.ts).
 */
import type { AuditPolicy } from './schema.js';

/** The audit file path in effect: `audit.file.path`, else AUDIT_LOG_FILE, else none (''). */
export function auditFilePath(section: AuditPolicy | undefined, env: NodeJS.ProcessEnv): string {
  return section?.file?.path || env.AUDIT_LOG_FILE || '';
}

/**
 * @example auditSinkConfigured(undefined, { AUDIT_LOG_FILE: '/var/log/a.jsonl' }) // true
 */
export function auditSinkConfigured(
  section: AuditPolicy | undefined,
  env: NodeJS.ProcessEnv,
): boolean {
  if (auditFilePath(section, env) !== '') return true;
  return (section?.syslog.length ?? 0) > 0 || (section?.https.length ?? 0) > 0;
}
