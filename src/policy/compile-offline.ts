/**
 * Compiling a policy to evaluate requests offline (`policy test`, `policy replay`): no listener,
 * no upstream, in-memory state. Authentication is not what is evaluated there (a case names its
 * role, a replay derives it from the record), so anonymous access is switched on: a policy whose
 * credentials come from the environment then compiles without them.
 */
import type { AuditRecorder } from '../core/recorder.js';
import type { StateStore } from '../core/store.js';
import type { GuardDeps } from '../guards/deps.js';
import type { ToolLister } from '../guards/tool-catalog/definitions.js';
import type { CompiledPolicy } from './compiled.js';
import { compilePolicy } from './compile.js';
import type { readPolicySource } from './load.js';

export interface OfflineInput {
  read: Pick<Awaited<ReturnType<typeof readPolicySource>>, 'source' | 'revision' | 'envUses'>;
  files: string[];
  store: StateStore;
  recorder: AuditRecorder;
  toolLister: ToolLister;
  /** Where finding facts come from (`policy test` gives them per case). */
  factSource?: GuardDeps['factSource'];
}

/**
 * @example const policy = compileOffline({ read, files, store, recorder, toolLister });
 */
export function compileOffline(input: OfflineInput): CompiledPolicy {
  const { source, revision, envUses } = input.read;
  return compilePolicy({
    source: {
      ...source,
      auth: {
        ...source.auth,
        allow_anonymous: true,
        anonymous_role: Object.keys(source.rbac?.roles ?? {})[0] ?? 'offline',
      },
    },
    files: input.files,
    revision,
    envUses,
    env: process.env,
    deps: {
      store: input.store,
      recorder: input.recorder,
      now: Date.now,
      toolLister: input.toolLister,
      ...(input.factSource && { factSource: input.factSource }),
    },
  }).policy;
}
