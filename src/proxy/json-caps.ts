/**
 * Caps on how many members, elements and values one client message may hold (`server.caps`
 * `max_json_members`, `max_json_elements`, `max_json_values`). Size and depth caps alone let a
 * 1.4 MB body carry 100k argument keys: every later stage (guards, audit masking, digests,
 * re-serialization) is linear in the number of values, so the count is the work budget of a
 * request. The strict parser enforces it while reading (src/proxy/strict-json.ts), before any
 * other stage runs; `npm run bench:abuse` measures what a request at the caps costs.
 */
import type { CompiledPolicy } from '../policy/compiled.js';

/** Count caps for one client message, resolved from a policy. */
export interface JsonCaps {
  /** Most members in one object. */
  maxMembers: number;
  /** Most elements in one array. */
  maxElements: number;
  /** Most values (scalars, objects, arrays) in the whole message. */
  maxValues: number;
}

/** Defaults (mirror src/policy/schema-server.ts). */
export const DEFAULT_JSON_CAPS: Readonly<JsonCaps> = Object.freeze({
  maxMembers: 1000,
  maxElements: 10_000,
  maxValues: 20_000,
});

/**
 * The count caps of a policy, read from the validated source (defaults applied by zod); a
 * hand-built CompiledPolicy without them gets the same defaults.
 * @example jsonCaps(policy).maxMembers // 1000
 */
export function jsonCaps(policy: CompiledPolicy): JsonCaps {
  const caps = (policy.source as Partial<CompiledPolicy['source']> | undefined)?.server?.caps;
  return {
    maxMembers: caps?.max_json_members ?? DEFAULT_JSON_CAPS.maxMembers,
    maxElements: caps?.max_json_elements ?? DEFAULT_JSON_CAPS.maxElements,
    maxValues: caps?.max_json_values ?? DEFAULT_JSON_CAPS.maxValues,
  };
}
