/**
 * What every guard factory is handed besides its own policy section: the shared state, the audit
 * recorder and the upstream's tool definitions. Wired once per policy by
 * src/policy/guard-registry.ts; guards import this file, never the registry.
 */
import type { GuardMode } from '../core/guard.js';
import type { StateStore } from '../core/store.js';
import type { AuditRecorder } from '../core/recorder.js';
import type { ToolDefinitions } from './tool-catalog/definitions.js';
import type { FactSource } from './finding-facts/source.js';

export interface GuardDeps {
  /** The policy-wide `mode`; a section's own `mode` overrides it. */
  mode: GuardMode;
  /**
   * Argument names the proxy injects into tools/call of `tool` (`upstream.inject_arguments`): hidden
   * from the tool's advertised schema and never expected from the client.
   */
  injectedArguments: (tool: string) => readonly string[];
  store: StateStore;
  recorder: AuditRecorder;
  /** True for tools that change DefectDojo (from the policy's tool classes). */
  isMutatingTool: (toolName: string) => boolean;
  /** The upstream's tool definitions (catalog, else the proxy's own tools/list). */
  toolDefinitions?: ToolDefinitions;
  /** Where the finding-facts guard looks findings up (the upstream; policy tests: the case). */
  factSource?: FactSource;
  now: () => number;
}
