/**
 * An independent statement of what policies/dojo-server.yaml allows (not using src/): the test
 * oracle for the adversarial suite. Returns true when `role` may have `tools/call` of `name` with
 * `args` reach the upstream.
 */
import { ROLE_TOOLS } from './roles.js';

const own = (o: Record<string, unknown> | undefined, k: string) =>
  !!o && Object.prototype.hasOwnProperty.call(o, k);
const rank: Record<string, number> = { reader: 0, scanner: 1, writer: 2, admin: 3 };

export function mayReachUpstream(
  role: string,
  name: unknown,
  args: Record<string, unknown> | undefined,
  params?: Record<string, unknown>,
): boolean {
  if (typeof name !== 'string' || !ROLE_TOOLS[role]?.has(name)) return false;
  if (params && own(params, 'task')) return false;
  const r = rank[role]!;
  if (name === 'close_finding' && own(args, 'reason')) {
    const reason = args!.reason;
    const suppress =
      typeof reason !== 'string' ||
      ['false_positive', 'out_of_scope', 'duplicate', 'risk_accepted'].includes(reason);
    if (suppress && r < 3) return false;
  }
  if (name === 'import_scan' || name === 'reimport_scan') {
    if (own(args, 'close_old_findings') && args!.close_old_findings !== false && r < 2)
      return false;
    if (own(args, 'auto_create_context') && args!.auto_create_context !== false && r < 3)
      return false;
    if (own(args, 'push_to_jira') && r < 2) return false;
    if (
      name === 'reimport_scan' &&
      own(args, 'do_not_reactivate') &&
      args!.do_not_reactivate !== true &&
      r < 2
    )
      return false;
  }
  return true;
}
