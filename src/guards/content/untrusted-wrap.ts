/**
 * `untrusted-wrap` guard: marks untrusted text in tool results and prompts/get results
 * (injection-filtering.md §4). Coverage by construction: every string leaf is wrapped, except
 * strings safe by construction (the tool's advertised outputSchema, else the built-in list) and
 * the policy's explicit, audited exemptions; the verdict annotation counts both and names every
 * exemption that applied (wrap-leaves.ts).
 *
 * Envelope style: a JSON string leaf becomes `{"value": …, "_warning": "untrusted-content: …"}`;
 * text the protocol requires to stay a string (plain-text blocks, prompt messages and
 * descriptions) becomes the JSON text of its envelope; `outputSchema` in tools/list is rewritten to
 * accept the envelopes (output-schema.ts). Spotlight style encloses each untrusted string in a
 * random per-response boundary instead.
 *
 * The outputSchema used for a result is the one the upstream advertised in tools/list (kept by the
 * tool catalog, before any rewrite); a tool the proxy has not seen listed is treated as having
 * none (silent: the built-in list decides).
 */
import { createHash } from 'node:crypto';
import type { Guard, ResponseContext, Verdict } from '../../core/guard.js';
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import { viewOf, type ResponseView } from '../../core/response-view.js';
import { CONTINUE } from '../../core/guard.js';
import { sharedToolCatalog, type ToolCatalog } from '../tool-catalog/catalog.js';
import { warningText, wrapValue } from './envelope.js';
import { createExemptionResolver } from './exemptions.js';
import type { PathTrie } from './json-path.js';
import { rewriteOutputSchema } from './output-schema.js';
import type { WrapPolicy } from './schema.js';
import { schemaView, SILENT_VIEW, type SchemaView } from './schema-view.js';
import { newBoundary, spotlight } from './spotlight.js';
import { mirroredBy, withoutText } from './compact-json.js';
import {
  newWrapStats,
  stepTries,
  terminalLabels,
  wrapLeaves,
  type LeafPolicy,
  type WrapStats,
} from './wrap-leaves.js';
import { TextMemo } from '../../shared/memo.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Rewritten output schemas and compiled views remembered per guard (cleared whole when full). */
const MAX_CACHED_SCHEMAS = 1024;

/** Freezes a JSON value in depth (cached schemas are shared between responses). */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Re-serialises with the indentation the upstream used (compact or N spaces). */
function stringifyLike(original: string, value: unknown): string {
  const m = /^\s*[[{]\r?\n( +|\t)/.exec(original);
  return JSON.stringify(value, null, m ? m[1] : undefined);
}

/** Per-response wrapping state: the leaf policy, the plain-text wrapper and the counters. */
interface Pass {
  /** The message's view: mirror checks, JSON of objects and JSON text parsed once. */
  view: ResponseView;
  leaf: LeafPolicy;
  plain: (text: string) => string;
  stats: WrapStats;
}

/**
 * Builds the guard from `content.wrap`, or undefined when wrapping is not configured.
 * @example createUntrustedWrapGuard(WrapPolicySchema.parse({}))
 */
export function createUntrustedWrapGuard(
  policy: WrapPolicy | undefined,
  catalog: ToolCatalog = sharedToolCatalog,
): Guard | undefined {
  if (!policy || !policy.enabled) return undefined;
  const exemptions = createExemptionResolver(policy.exempt);
  const warning = warningText(policy.warning);
  const envelope = policy.style === 'envelope';
  const maxText = policy.max_text_bytes;

  function newPass(view: ResponseView): Pass {
    const stats = newWrapStats();
    const boundary = envelope ? '' : newBoundary();
    const wrap = envelope
      ? (s: string): unknown => wrapValue(s, warning)
      : (s: string): unknown => spotlight(s, boundary);
    const plain = envelope
      ? (s: string): string => JSON.stringify(wrapValue(s, warning))
      : (s: string): string => spotlight(s, boundary, warning);
    return {
      view,
      leaf: { wrap, schemaSafe: policy!.schema_safe, builtinSafe: policy!.builtin_safe },
      plain: (s) => {
        stats.wrapped++;
        return plain(s);
      },
      stats,
    };
  }

  // Views of advertised output schemas, by schema object (the catalog keeps one per tool).
  const views = new WeakMap<object, SchemaView>();
  function viewFor(tool: string | undefined): SchemaView {
    const schema = tool === undefined ? undefined : catalog.get(tool)?.outputSchema;
    if (!isObj(schema)) return SILENT_VIEW;
    let v = views.get(schema);
    if (!v) views.set(schema, (v = schemaView(schema)));
    return v;
  }

  /**
   * Wraps one text-bearing object's `text` (content block or resource contents). `tries` apply
   * inside JSON text; `textTries` to the text as a whole (prompt messages: `…content.text`).
   */
  function rewriteText(
    block: Obj,
    pass: Pass,
    view: SchemaView,
    tries: PathTrie[] | undefined,
    textTries?: PathTrie[],
  ): Obj {
    const text = block['text'];
    if (typeof text !== 'string') return block;
    const labels = terminalLabels(textTries);
    if (labels) {
      pass.stats.rawExempt++;
      for (const l of labels) pass.stats.exempted.add(l);
      return block;
    }
    const parsed = pass.view.parsedText(text, maxText);
    if (parsed !== undefined) {
      const next = wrapLeaves(parsed, view, tries, pass.leaf, pass.stats);
      return next === parsed ? block : { ...block, text: stringifyLike(text, next) };
    }
    // Plain text (or JSON too large to parse) must stay a string: wrapped whole.
    return { ...withoutText(block), text: pass.plain(text) };
  }

  /**
   * Wraps one content block of a tool result (`tries`: the tool's payload exemptions) or of a
   * prompt message (`blockTries`: exemptions rooted at the block, e.g. `text`).
   */
  function rewriteBlock(
    b: Obj,
    pass: Pass,
    view: SchemaView,
    tries: PathTrie[] | undefined,
    blockTries?: PathTrie[],
  ): Obj {
    if (b['type'] === 'text') {
      const t = stepTries(blockTries, 'text');
      return rewriteText(b, pass, view, tries ?? t, t);
    }
    if (b['type'] === 'resource' && isObj(b['resource'])) {
      const t = stepTries(stepTries(blockTries, 'resource'), 'text');
      const r = rewriteText(b['resource'], pass, view, tries ?? t, t);
      return r === b['resource'] ? b : { ...b, resource: r };
    }
    return b;
  }

  function rewriteToolResult(result: Obj, pass: Pass, tool: string | undefined): Obj {
    const view = viewFor(tool);
    const trie = exemptions.forName('tools', tool);
    const tries = trie ? [trie] : undefined;
    let out: Obj | undefined;
    const sc = result['structuredContent'];
    let scNext: unknown = sc;
    if (isObj(sc)) {
      scNext = wrapLeaves(sc, view, tries, pass.leaf, pass.stats);
      if (scNext !== sc) (out ??= { ...result })['structuredContent'] = scNext;
    }
    // Fast path: the usual text block is the compact JSON of structuredContent (SDK servers do
    // `JSON.stringify(data)`): regenerated from the wrapped structuredContent, not parsed again.
    // A block secret-redact refilled from structuredContent is known to mirror it: checked
    // first, so its lazy text is never materialised.
    const duplicatesSc = (b: Obj): boolean =>
      isObj(sc) &&
      (mirroredBy(b) === sc || (typeof b['text'] === 'string' && pass.view.mirrors(b['text'], sc)));
    const content = result['content'];
    if (Array.isArray(content)) {
      let blocks: unknown[] | undefined;
      content.forEach((b: unknown, i) => {
        if (!isObj(b)) return;
        let next: Obj = b;
        if (b['type'] === 'text' && duplicatesSc(b)) {
          if (scNext !== sc) next = { ...withoutText(b), text: pass.view.jsonOf(scNext as Obj) };
        } else next = rewriteBlock(b, pass, view, tries);
        if (next !== b) (blocks ??= content.slice())[i] = next;
      });
      if (blocks) (out ??= { ...result })['content'] = blocks;
    }
    return out ?? result;
  }

  /** prompts/get: the description and every message's content (exempt paths from the policy). */
  function rewritePromptResult(result: Obj, pass: Pass, prompt: string | undefined): Obj {
    const trie = exemptions.forName('prompts', prompt);
    const root = trie ? [trie] : undefined;
    let out: Obj | undefined;
    const d = result['description'];
    if (typeof d === 'string') {
      const tries = stepTries(root, 'description');
      const next = wrapLeaves(d, SILENT_VIEW, tries, pass.leaf, pass.stats, 'description');
      // The protocol types `description` as a string: an envelope goes in as its JSON text.
      if (next !== d)
        (out ??= { ...result })['description'] = envelope ? JSON.stringify(next) : next;
    }
    const messages = result['messages'];
    if (Array.isArray(messages)) {
      const contentTries = stepTries(stepTries(stepTries(root, 'messages'), undefined), 'content');
      let next: unknown[] | undefined;
      messages.forEach((m: unknown, i) => {
        if (!isObj(m) || !isObj(m['content'])) return;
        const c = rewriteBlock(m['content'], pass, SILENT_VIEW, undefined, contentTries);
        if (c !== m['content']) (next ??= messages.slice())[i] = { ...m, content: c };
      });
      if (next) (out ??= { ...result })['messages'] = next;
    }
    return out ?? result;
  }

  // Rewritten output schemas by (tool, schema JSON digest): an upstream lists the same tools on
  // every tools/list, so each schema is rewritten once. Cached schemas are frozen (shared).
  const schemaCache = new Map<string, Obj | null>();

  function rewrittenSchema(name: string, original: Obj): Obj | null {
    const json = JSON.stringify(original);
    const key = createHash('sha256').update(name).update('\u0000').update(json).digest('base64');
    let hit = schemaCache.get(key);
    if (hit === undefined) {
      const schema = rewriteOutputSchema(original, policy!.style, policy!.schema_safe);
      hit = JSON.stringify(schema) === json ? null : deepFreeze(schema);
      if (schemaCache.size >= MAX_CACHED_SCHEMAS) schemaCache.clear();
      schemaCache.set(key, hit);
    }
    return hit;
  }

  // Rewritten lists by the exact JSON of the upstream's list (null: nothing to rewrite). The
  // rewritten arrays are frozen: later responses share them.
  const lists = new TextMemo<readonly unknown[] | null>();

  function rewriteToolsList(result: Obj, view: ResponseView): Obj {
    const tools = result['tools'];
    if (!Array.isArray(tools)) return result;
    const json = view.jsonOf(tools);
    let rewritten = lists.get(json);
    if (rewritten === undefined) {
      rewritten = rewriteTools(tools);
      lists.set(json, rewritten === null ? null : Object.freeze(rewritten));
    }
    return rewritten ? { ...result, tools: rewritten } : result;
  }

  function rewriteTools(tools: unknown[]): unknown[] | null {
    let changed: unknown[] | undefined;
    tools.forEach((t: unknown, i) => {
      if (!isObj(t) || typeof t['name'] !== 'string' || !isObj(t['outputSchema'])) return;
      const schema = rewrittenSchema(t['name'], t['outputSchema']);
      if (schema === null) return;
      (changed ??= tools.slice())[i] = Object.freeze({ ...t, outputSchema: schema });
    });
    return changed ?? null;
  }

  function untrustedWrapOnResponse(
    ctx: ResponseContext,
    message: JsonRpcMessage,
    given?: ResponseView,
  ): Verdict {
    const result = message['result'];
    if (!isObj(result)) return CONTINUE;
    const view = viewOf(message, given);
    const method = ctx.answeredMethod ?? ctx.request.method;
    if (method === 'tools/list') {
      const next = rewriteToolsList(result, view);
      if (next === result) return CONTINUE;
      return {
        kind: 'rewrite',
        message: { ...message, result: next },
        note: 'outputSchema rewritten for wrapped fields',
        annotations: { style: policy!.style },
      };
    }
    const pass = newPass(view);
    let next: Obj = result;
    if (method === 'tools/call') next = rewriteToolResult(result, pass, ctx.request.toolName);
    else if (method === 'prompts/get')
      next = rewritePromptResult(result, pass, ctx.request.promptName);
    else if (method === 'resources/read' && !envelope && Array.isArray(result['contents'])) {
      const contents = result['contents'].map((c: unknown) =>
        isObj(c) ? rewriteText(c, pass, SILENT_VIEW, undefined) : c,
      );
      if (contents.some((c, i) => c !== (result['contents'] as unknown[])[i]))
        next = { ...result, contents };
    } else return CONTINUE;
    const s = pass.stats;
    const annotations = {
      style: policy!.style,
      wrapped: s.wrapped,
      unwrapped: { schema: s.rawSchema, builtin: s.rawBuiltin, exempt: s.rawExempt },
      ...(s.builtinKeys.size ? { builtinSafeKeys: [...s.builtinKeys] } : {}),
      ...(s.exempted.size ? { exempted: [...s.exempted] } : {}),
    };
    if (next === result) {
      // Nothing changed, but an exemption that let text through is still on the record.
      return s.exempted.size ? { kind: 'continue', annotations } : CONTINUE;
    }
    return {
      kind: 'rewrite',
      message: { ...message, result: next },
      note: `wrapped ${s.wrapped} string(s)`,
      annotations,
    };
  }

  return {
    name: 'untrusted-wrap',
    mode: policy.mode,
    transform: true,
    response: { phase: 'transform', step: 'wrap-untrusted' },
    onResponse: untrustedWrapOnResponse,
  };
}
