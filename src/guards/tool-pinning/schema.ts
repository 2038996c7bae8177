/**
 * The `pinning` policy section: tool-definition pinning. Lives next to its guard
 * (src/guards/tool-pinning/guard.ts); src/policy/schema.ts only references it.
 */
import { z } from 'zod';

const Sha256Hex = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex digits (SHA-256)')
  .transform((s) => s.toLowerCase());

/** Tool-definition pinning (tool poisoning and rug-pull defence). */
export const PinningPolicySchema = z
  .object({
    mode: z
      .enum(['enforce', 'shadow'])
      .optional()
      .describe(
        'Per-guard override of the top-level `mode`. shadow: unapproved tools are reported ' +
          '(audit event) but stay listed and callable.',
      ),
    tools: z
      .record(z.string().min(1), Sha256Hex)
      .default({})
      .describe(
        'Tool name → accepted SHA-256 (hex) of its definition: canonical JSON (RFC 8785) of the ' +
          'whole tool object exactly as the upstream lists it in tools/list. A listed tool whose ' +
          'hash differs is removed from tools/list and its calls are denied ' +
          '(`tool_definition_changed`) until this hash is updated. The `tool_definition_changed` ' +
          'audit event carries the observed hash (`detail.observedSha256`).',
      ),
    on_unknown: z
      .enum(['block', 'allow'])
      .default('block')
      .describe(
        'A tool the upstream lists but `tools` does not pin. block (default): treated like a ' +
          'changed definition. allow: listed and callable; an info-level audit event still ' +
          'reports its hash once per process (use it to collect hashes before enforcing).',
      ),
    scan_descriptions: z
      .boolean()
      .default(true)
      .describe(
        'Scan every `description`/`title` in a tool definition (including its input and output ' +
          'schemas), each alone and all together, with the built-in injection rules and rules ' +
          'for tool poisoning (a client secret file such as `~/.cursor/mcp.json`, a hidden ' +
          '`<IMPORTANT>` tag, a concealment, a tool to use on a trigger, on every finding or ' +
          'with a secret); not with the learned scorer or the rule against asking to use a ' +
          'tool, since a description is written for the model. A poisoned tool is blocked like ' +
          'a changed one. A pinned hash that matches is an explicit approval and skips the scan ' +
          'verdict.',
      ),
  })
  .strict()
  .describe(
    'Tool-definition pinning. Absent section: off. Definitions are checked on every tools/list ' +
      'answer; calls to a tool seen unapproved (or, before any tools/list, an unpinned tool with ' +
      'on_unknown: block) are denied with `tool_definition_changed`.',
  );

export type PinningPolicy = z.infer<typeof PinningPolicySchema>;
