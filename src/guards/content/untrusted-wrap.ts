/**
 * `untrusted-wrap` guard: marks the untrusted fields of tool results (issue 4, read side;
 * injection-filtering.md §4). Envelope style wraps each configured field as
 * `{"value": …, "_warning": "untrusted-content: …"}` in `structuredContent` and in JSON text
 * blocks, and rewrites `outputSchema` in `tools/list` to match (trap 32). Spotlight style encloses
 * string fields and plain-text blocks in a random per-response boundary.
 *
 * Performance (issue 8 budget: ≤3 ms p99 on a 170 KB get_findings): only the configured paths are
 * walked (tries built at factory time), each text block is parsed once, and an unchanged message
 * is answered with `continue` so the proxy never re-serialises it.
 */
import { createHash } from 'node:crypto';
import type { Guard, JsonRpcMessage, ResponseContext, Verdict } from '../guard.js';
import { CONTINUE } from '../guard.js';
import { isEnvelope, warningText, wrapValue } from './envelope.js';
import { transformAtPaths, type FieldTransform, type PathTrie } from './json-path.js';
import { rewriteOutputSchema } from './output-schema.js';
import type { WrapPolicy } from './schema.js';
import { newBoundary, spotlight } from './spotlight.js';
import { compactJson, mirroredBy, mirrorsJson, withoutText } from './compact-json.js';
import { createToolPathResolver } from './tool-paths.js';
import { TextMemo } from '../../shared/memo.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Rewritten output schemas remembered per guard (cleared whole when full). */
const MAX_CACHED_SCHEMAS = 1024;

/** Freezes a JSON value in depth (cached schemas are shared between responses). */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Parses a text block that holds JSON (object or array), or returns undefined. */
function parseJsonText(text: string, maxBytes: number): unknown {
  if (text.length > maxBytes) return undefined;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Re-serialises with the indentation the upstream used (compact or N spaces). */
function stringifyLike(original: string, value: unknown): string {
  const m = /^\s*[[{]\r?\n( +|\t)/.exec(original);
  return JSON.stringify(value, null, m ? m[1] : undefined);
}

/**
 * Builds the guard from `content.wrap`, or undefined when wrapping is not configured.
 * @example createUntrustedWrapGuard(WrapPolicySchema.parse({}))
 */
export function createUntrustedWrapGuard(policy: WrapPolicy | undefined): Guard | undefined {
  if (!policy) return undefined;
  const resolver = createToolPathResolver(policy.tools, policy.use_defaults);
  const warning = warningText(policy.warning);
  const envelope = policy.style === 'envelope';
  const maxText = policy.max_text_bytes;

  /** Rewrites one text-bearing object's `text` (content block or resource contents). */
  function rewriteText(
    block: Obj,
    trie: PathTrie | undefined,
    fn: FieldTransform,
    boundary: string,
  ): Obj {
    const text = block['text'];
    if (typeof text !== 'string') return block;
    const parsed = parseJsonText(text, maxText);
    if (parsed !== undefined) {
      if (!trie) return block; // JSON with no configured field: nothing is marked as untrusted
      const next = transformAtPaths(parsed, trie, fn);
      return next === parsed ? block : { ...block, text: stringifyLike(text, next) };
    }
    // Plain text (or JSON too large to parse): only spotlight can mark it without breaking it.
    return envelope ? block : { ...block, text: spotlight(text, boundary, warning) };
  }

  function rewriteToolResult(
    result: Obj,
    trie: PathTrie | undefined,
    fn: FieldTransform,
    boundary: string,
  ): Obj {
    let out: Obj | undefined;
    const sc = result['structuredContent'];
    let scNext: unknown = sc;
    if (trie && isObj(sc)) {
      scNext = transformAtPaths(sc, trie, fn);
      if (scNext !== sc) (out ??= { ...result })['structuredContent'] = scNext;
    }
    // Fast path: the usual text block is the compact JSON of structuredContent (SDK servers do
    // `JSON.stringify(data)`). Comparing strings is cheaper than parsing and walking it again.
    // A block secret-redact refilled from structuredContent is known to mirror it: checked
    // first, so its lazy text is never materialised.
    const duplicatesSc = (b: Obj): boolean =>
      trie !== undefined &&
      isObj(sc) &&
      (mirroredBy(b) === sc || (typeof b['text'] === 'string' && mirrorsJson(b['text'], sc)));
    const content = result['content'];
    if (Array.isArray(content)) {
      let blocks: unknown[] | undefined;
      content.forEach((b: unknown, i) => {
        if (!isObj(b)) return;
        let next: Obj = b;
        if (b['type'] === 'text' && duplicatesSc(b)) {
          if (scNext !== sc) next = { ...withoutText(b), text: compactJson(scNext as Obj) };
        } else if (b['type'] === 'text') next = rewriteText(b, trie, fn, boundary);
        else if (b['type'] === 'resource' && isObj(b['resource'])) {
          const r = rewriteText(b['resource'], trie, fn, boundary);
          if (r !== b['resource']) next = { ...b, resource: r };
        }
        if (next !== b) (blocks ??= content.slice())[i] = next;
      });
      if (blocks) (out ??= { ...result })['content'] = blocks;
    }
    return out ?? result;
  }

  // Rewritten output schemas by (tool, schema JSON digest): an upstream lists the same tools on
  // every tools/list, so each schema is rewritten once. Cached schemas are frozen (shared).
  const schemaCache = new Map<string, Obj | null>();

  function rewrittenSchema(name: string, original: Obj, trie: PathTrie): Obj | null {
    const json = JSON.stringify(original);
    const key = createHash('sha256').update(name).update('\u0000').update(json).digest('base64');
    let hit = schemaCache.get(key);
    if (hit === undefined) {
      const schema = rewriteOutputSchema(original, trie, policy!.style);
      hit = JSON.stringify(schema) === json ? null : deepFreeze(schema);
      if (schemaCache.size >= MAX_CACHED_SCHEMAS) schemaCache.clear();
      schemaCache.set(key, hit);
    }
    return hit;
  }

  // Rewritten lists by the exact JSON of the upstream's list (null: nothing to rewrite). The
  // rewritten arrays are frozen: later responses share them.
  const lists = new TextMemo<readonly unknown[] | null>();

  function rewriteToolsList(result: Obj): Obj {
    const tools = result['tools'];
    if (!Array.isArray(tools)) return result;
    const json = compactJson(tools);
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
      const trie = resolver.forTool(t['name']);
      if (!trie) return;
      const schema = rewrittenSchema(t['name'], t['outputSchema'], trie);
      if (schema === null) return;
      (changed ??= tools.slice())[i] = Object.freeze({ ...t, outputSchema: schema });
    });
    return changed ?? null;
  }

  function untrustedWrapOnResponse(ctx: ResponseContext, message: JsonRpcMessage): Verdict {
    const result = message['result'];
    if (!isObj(result)) return CONTINUE;
    const method = ctx.answeredMethod ?? ctx.request.method;
    let next: Obj = result;
    let count = 0;
    if (method === 'tools/list') {
      next = rewriteToolsList(result);
    } else if (method === 'tools/call') {
      const trie = resolver.forTool(ctx.request.toolName);
      if (!trie && envelope) return CONTINUE;
      const boundary = envelope ? '' : newBoundary();
      const fn: FieldTransform = envelope
        ? (v) => {
            if (isEnvelope(v)) return v;
            count++;
            return wrapValue(v, warning);
          }
        : (v) => spotlightField(v, boundary, () => count++);
      next = rewriteToolResult(result, trie, fn, boundary);
    } else if (method === 'resources/read' && !envelope && Array.isArray(result['contents'])) {
      const boundary = newBoundary();
      const contents = result['contents'].map((c: unknown) =>
        isObj(c) ? rewriteText(c, undefined, (v) => v, boundary) : c,
      );
      if (contents.some((c, i) => c !== (result['contents'] as unknown[])[i]))
        next = { ...result, contents };
    }
    if (next === result) return CONTINUE;
    return {
      kind: 'rewrite',
      message: { ...message, result: next },
      note:
        method === 'tools/list'
          ? 'outputSchema rewritten for wrapped fields'
          : `wrapped ${count} field(s)`,
      annotations: { style: policy!.style, wrapped: count },
    };
  }

  return { name: 'untrusted-wrap', mode: 'enforce', onResponse: untrustedWrapOnResponse };
}

/** Spotlights a string field, or each string of a list field (keeps the JSON types intact). */
function spotlightField(v: unknown, boundary: string, counted: () => void): unknown {
  if (typeof v === 'string') {
    counted();
    return spotlight(v, boundary);
  }
  if (Array.isArray(v) && v.some((e) => typeof e === 'string')) {
    counted();
    return v.map((e: unknown) => (typeof e === 'string' ? spotlight(e, boundary) : e));
  }
  return v;
}
