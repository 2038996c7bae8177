/**
 * Hot reload of the proxy's policy, on SIGHUP and on file change (STYLE.md §4, OPA `reconfigure`).
 *
 * - The new policy is loaded, validated and compiled completely by `load()`; only then is the one
 *   live reference swapped (`swap`). Requests in flight keep the snapshot they took.
 * - A broken file keeps the old policy: the error is logged, `policy_reload_failed` is audited and
 *   `dojo_guard_policy_reloads_total{result="failure"}` is bumped and
 *   `dojo_guard_policy_last_reload_successful` is 0 until a reload succeeds.
 * - File watching watches each policy file's *directory*: editors save by writing a temp file and
 *   renaming it over the original (a watch on the old inode would go silent), and Kubernetes swaps
 *   a `..data` symlink. Events are debounced; a reload only happens when the bytes changed.
 * - One reload at a time; a trigger during a reload schedules one more afterwards (never lost).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditRecorder } from '../core/recorder.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { PolicyLoadError } from '../policy/load.js';
import { logger } from '../shared/logger.js';
import { notePolicyLoaded, noteReload } from './metrics-runtime.js';

export type ReloadTrigger = 'sighup' | 'file';

export interface ReloadResult {
  ok: boolean;
  /** True when a new policy is now current. */
  swapped: boolean;
  revision: string;
  issues: string[];
}

export interface PolicyReloaderOptions {
  files: readonly string[];
  /** Loads and compiles the policy completely (throws PolicyLoadError on a bad policy). */
  load: () => Promise<{ policy: CompiledPolicy; warnings: string[] }>;
  current: () => CompiledPolicy;
  /** Makes `next` the live policy (one reference assignment). */
  swap: (next: CompiledPolicy) => void;
  recorder: AuditRecorder;
  /** Quiet time after the last file event before reloading (default 250 ms). */
  debounceMs?: number;
}

export interface PolicyReloader {
  reload(trigger: ReloadTrigger): Promise<ReloadResult>;
  /** Starts watching the policy files' directories. */
  watch(): void;
  close(): void;
}

/** Hash of the policy files' bytes, or undefined while one is missing (mid-rename). */
function filesDigest(files: readonly string[]): string | undefined {
  const h = createHash('sha256');
  try {
    for (const f of files) h.update(fs.readFileSync(f)).update('\0');
  } catch {
    return undefined;
  }
  return h.digest('hex');
}

/** @example const r = createPolicyReloader({...}); r.watch(); process.on('SIGHUP', () => void r.reload('sighup')); */
export function createPolicyReloader(opts: PolicyReloaderOptions): PolicyReloader {
  const debounceMs = opts.debounceMs ?? 250;
  let lastDigest = filesDigest(opts.files);
  let running: Promise<ReloadResult> | undefined;
  let again: ReloadTrigger | undefined;
  let timer: NodeJS.Timeout | undefined;
  let missingRetries = 0;
  let closed = false;
  const watchers: fs.FSWatcher[] = [];

  const attempt = async (trigger: ReloadTrigger): Promise<ReloadResult> => {
    const digest = filesDigest(opts.files);
    const kept = opts.current().revision;
    if (trigger === 'file' && digest !== undefined && digest === lastDigest) {
      return { ok: true, swapped: false, revision: kept, issues: [] };
    }
    try {
      const { policy, warnings } = await opts.load();
      for (const w of warnings) logger.warn('policy warning', { warning: w });
      opts.swap(policy);
      lastDigest = digest;
      opts.recorder.setPolicyRevision(policy.revision);
      opts.recorder.recordEvent({
        type: 'policy_loaded',
        severity: 'info',
        detail: {
          revision: policy.revision,
          reload: true,
          trigger,
          previous: kept,
          ...(policy.candidate && { candidateRevision: policy.candidate.revision }),
        },
      });
      noteReload('success', trigger);
      notePolicyLoaded();
      logger.info('policy reloaded', { revision: policy.revision, trigger });
      return { ok: true, swapped: true, revision: policy.revision, issues: [] };
    } catch (err) {
      // Remember the broken bytes: the same broken file is not re-reported on every event.
      lastDigest = digest;
      const issues =
        err instanceof PolicyLoadError ? err.issues : ['unexpected error while loading the policy'];
      for (const i of issues) logger.error('policy reload failed', { issue: i, trigger });
      opts.recorder.recordEvent({
        type: 'policy_reload_failed',
        severity: 'warning',
        detail: { issues: issues.length, keptRevision: kept, trigger },
      });
      noteReload('failure', trigger);
      return { ok: false, swapped: false, revision: kept, issues };
    }
  };

  const reload = (trigger: ReloadTrigger): Promise<ReloadResult> => {
    if (running) {
      // Coalesce: one more run after the current one, with the strongest trigger.
      if (again !== 'sighup') again = trigger;
      return running;
    }
    running = attempt(trigger).finally(() => {
      running = undefined;
      const next = again;
      again = undefined;
      if (next && !closed) void reload(next);
    });
    return running;
  };

  const schedule = (): void => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      // A file briefly missing is an editor or a ConfigMap swap in progress: wait a little.
      if (filesDigest(opts.files) === undefined && missingRetries++ < 8) return schedule();
      missingRetries = 0;
      void reload('file');
    }, debounceMs);
    timer.unref();
  };

  return {
    reload,
    watch: () => {
      const dirs = new Set(opts.files.map((f) => path.dirname(path.resolve(f))));
      for (const dir of dirs) {
        try {
          const w = fs.watch(dir, { persistent: false }, () => schedule());
          w.on('error', (err) => logger.warn('policy watch error', { dir, error: err.name }));
          watchers.push(w);
        } catch (err) {
          logger.warn('cannot watch policy directory; SIGHUP still reloads', {
            dir,
            error: err instanceof Error ? err.name : 'unknown',
          });
        }
      }
    },
    close: () => {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
