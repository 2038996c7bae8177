/**
 * Policy reload (STYLE.md §4, OPA `reconfigure`): compile the new policy completely; if anything
 * fails, keep serving the old one and record `policy_reload_failed`; otherwise swap one reference.
 * Requests in flight keep the snapshot they started with, because they hold the old object.
 */
import type { CompiledPolicy } from './compiled.js';
import { loadPolicy, PolicyLoadError, type LoadOptions } from './load.js';

export interface PolicyHolder {
  /** The policy to use for a new request (take it once per request and keep it). */
  current(): CompiledPolicy;
  /** Re-reads the files; true when a new policy is now current. Never throws. */
  reload(): Promise<{ ok: boolean; revision: string; issues: string[]; warnings: string[] }>;
}

/**
 * @example const holder = createPolicyHolder(initial, paths, opts); process.on('SIGHUP', () => void holder.reload());
 */
export function createPolicyHolder(
  initial: CompiledPolicy,
  paths: string[],
  opts: LoadOptions,
): PolicyHolder {
  let live = initial;
  let pending: Promise<Awaited<ReturnType<PolicyHolder['reload']>>> | undefined;
  const doReload = async () => {
    try {
      const { policy, warnings } = await loadPolicy(paths, opts);
      const changed = policy.revision !== live.revision;
      live = policy;
      opts.deps.recorder.setPolicyRevision(policy.revision);
      opts.deps.recorder.recordEvent({
        type: 'policy_loaded',
        severity: 'info',
        detail: { revision: policy.revision, files: paths, changed, warnings: warnings.length },
      });
      return { ok: true, revision: policy.revision, issues: [], warnings };
    } catch (err) {
      const issues =
        err instanceof PolicyLoadError
          ? err.issues
          : ['unexpected error while compiling the policy'];
      opts.deps.recorder.recordEvent({
        type: 'policy_reload_failed',
        severity: 'warning',
        detail: { files: paths, issues: issues.length, kept: live.revision },
      });
      return { ok: false, revision: live.revision, issues, warnings: [] };
    }
  };
  return {
    current: () => live,
    reload: () => {
      // Coalesce concurrent reloads (e.g. several SIGHUPs): one compile at a time.
      pending ??= doReload().finally(() => (pending = undefined));
      return pending;
    },
  };
}
