/**
 * Which tools count as mutating (changing DefectDojo): the one decision behind fail-closed
 * audit/state checks, mutation rate limits, read-before-mutation linkage and injection scanning.
 *
 * Order (the first step that answers decides):
 * 1. a name pattern of `tools.classes.mutating` (most specific wins, src/core/match.ts):
 *    a plain pattern makes the tool mutating, a `!pattern` makes it a read;
 * 2. an entry of `tools.class_annotations.mutating` whose hints all equal the hints the upstream
 *    advertised for the tool (an absent hint matches nothing): mutating;
 * 3. with `tools.read_only_hint: trust` (default), a tool the upstream advertises with
 *    `readOnlyHint: true` is a read; everything else is mutating, including a tool whose
 *    definition the proxy has not seen. So a tool that a role is later granted is protected as a
 *    write until the upstream says it only reads, or the policy says otherwise by name.
 */
import type { PolicyFile } from './schema.js';
import { compilePatternSet } from '../core/match.js';

/** Default `mutating` class when the policy names none (the write tools of dojo-guard server). */
export const DEFAULT_MUTATING = Object.freeze([
  'create_*',
  'update_*',
  'close_*',
  'reopen_*',
  'add_*',
  'remove_*',
  'delete_*',
  'import_*',
  'reimport_*',
]);

export type ToolAnnotations = Readonly<Record<string, unknown>>;
/** The advertised annotations of a tool, `{}` when it has none, undefined when not yet seen. */
export type AnnotationLookup = (toolName: string) => ToolAnnotations | undefined;

/**
 * Compiles the classification; `annotationsOf` is read at call time (the catalog fills later).
 * @example compileMutatingClassifier(policy.tools, () => ({ readOnlyHint: true }))('get_x') // false
 */
export function compileMutatingClassifier(
  tools: PolicyFile['tools'],
  annotationsOf: AnnotationLookup,
): (toolName: string) => boolean {
  const names = compilePatternSet(tools.classes.mutating ?? DEFAULT_MUTATING);
  const matchers = (tools.class_annotations.mutating ?? []).map((m) => Object.entries(m));
  const trustReadOnly = tools.read_only_hint === 'trust';
  return function isMutatingTool(name: string): boolean {
    const byName = names.resolve(name);
    if (byName) return !byName.deny;
    const hints = annotationsOf(name);
    if (hints === undefined) return true; // not seen: fail closed
    if (matchers.some((m) => m.every(([k, v]) => hints[k] === v))) return true;
    return !(trustReadOnly && hints.readOnlyHint === true);
  };
}
