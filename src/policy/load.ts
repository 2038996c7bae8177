/**
 * Loads policy files: read → parse YAML (strict: no duplicate keys, no aliases, one document) →
 * `${env:…}` interpolation → merge → zod `safeParse` → compile. Every problem is reported with its
 * file and dotted path; any problem is fatal (the proxy must not listen on a half-read policy).
 *
 * Several files: top-level sections are merged; a section (other than `version`) may be defined
 * in only one file, so no file silently overrides another. `version` must agree.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, visit } from 'yaml';
import type { StateStore } from '../core/store.js';
import type { AuditRecorder } from '../core/recorder.js';
import type { CompiledPolicy } from './compiled.js';
import { PolicySchema, type PolicyFile } from './schema.js';
import { interpolateEnv, type EnvUnset, type EnvUse } from './env.js';
import { compilePolicy, PolicyCompileError, type PolicyOverrides } from './compile.js';
import { formatYamlError, formatZodIssues, type ParsedFile } from './issue-location.js';
import type { UpstreamPortsFactory } from './upstream-ports.js';

const MAX_FILE_BYTES = 1024 * 1024;

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  deps: {
    store: StateStore;
    recorder: AuditRecorder;
    now: () => number;
    /** How the policy reaches the upstream (src/policy/upstream-ports.ts); the proxy passes its own. */
    upstreamPorts?: UpstreamPortsFactory;
  };
  /** CLI flags that win over the file (--host, --port, --upstream). */
  overrides?: PolicyOverrides;
  /**
   * Offline validation (`policy validate` without --strict-env): unset `${env:…}` variables get
   * this placeholder and become warnings, and env-borne credentials may be missing.
   */
  envPlaceholder?: string;
}

/** Thrown for any invalid policy; `issues` are `file: dotted.path: message` lines. */
export class PolicyLoadError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid policy:\n  ${issues.join('\n  ')}`);
    this.name = 'PolicyLoadError';
  }
}

/**
 * Reads, validates and merges policy files into a validated PolicyFile (no compilation).
 * @example const { source } = await readPolicySource(['policies/dojo-server.yaml'], process.env);
 */
export async function readPolicySource(
  paths: string[],
  env: NodeJS.ProcessEnv,
  opts: { envPlaceholder?: string } = {},
): Promise<{ source: PolicyFile; revision: string; envUses: EnvUse[]; envUnset: EnvUnset[] }> {
  if (paths.length === 0) throw new PolicyLoadError(['no policy file given']);
  const issues: string[] = [];
  const merged: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  const envUses: EnvUse[] = [];
  const envUnset: EnvUnset[] = [];
  const parsedFiles = new Map<string, ParsedFile>();
  const hash = createHash('sha256');
  for (const file of paths) {
    let text: string;
    try {
      const buf = await readFile(file);
      if (buf.length > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
      text = buf.toString('utf8');
      hash.update(`${buf.length}\n`).update(buf);
    } catch (err) {
      issues.push(`${file}: cannot read: ${(err as Error).message}`);
      continue;
    }
    const lines = new LineCounter();
    const tree = parseYaml(file, text, issues, lines, parsedFiles);
    if (tree === undefined) continue;
    if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
      issues.push(`${file}: (root): expected a mapping of policy sections`);
      continue;
    }
    const interp = interpolateEnv(tree, env, opts.envPlaceholder);
    interp.issues.forEach((i) => issues.push(`${file}: ${i.path}: ${i.message}`));
    envUses.push(...interp.uses);
    envUnset.push(...interp.unset.map((u) => ({ ...u, path: `${file}: ${u.path}` })));
    for (const [key, value] of Object.entries(interp.value as Record<string, unknown>)) {
      const prev = owner.get(key);
      if (prev !== undefined && key !== 'version') {
        issues.push(`${file}: ${key}: section already defined in ${prev}`);
        continue;
      }
      if (prev !== undefined && merged[key] !== value) {
        issues.push(`${file}: version: differs from ${prev}`);
        continue;
      }
      owner.set(key, file);
      merged[key] = value;
    }
  }
  if (issues.length) throw new PolicyLoadError(issues);
  const parsed = PolicySchema.safeParse(merged);
  if (!parsed.success) {
    throw new PolicyLoadError(formatZodIssues(parsed.error.issues, owner, paths, parsedFiles));
  }
  return { source: parsed.data, revision: hash.digest('hex'), envUses, envUnset };
}

function parseYaml(
  file: string,
  text: string,
  issues: string[],
  lines: LineCounter,
  parsedFiles: Map<string, ParsedFile>,
): unknown {
  // Duplicate keys are errors (uniqueKeys); `<<` merge keys are off; aliases are refused outright
  // so no alias expansion ("billion laughs") can happen.
  const doc = parseDocument(text, {
    uniqueKeys: true,
    merge: false,
    strict: true,
    prettyErrors: true,
    lineCounter: lines,
  });
  parsedFiles.set(file, { doc, lines });
  for (const e of [...doc.errors, ...doc.warnings]) issues.push(formatYamlError(file, e));
  if (doc.errors.length) return undefined;
  let aliases = 0;
  visit(doc, {
    Alias() {
      aliases++;
      return visit.BREAK;
    },
  });
  if (aliases) {
    issues.push(`${file}: YAML aliases (*name) are not allowed in policy files`);
    return undefined;
  }
  if (doc.warnings.length) return undefined;
  return doc.toJS({ maxAliasCount: 0 });
}

/**
 * Loads and compiles policy files into the CompiledPolicy the proxy serves with.
 * Throws PolicyLoadError (with every issue) when anything is wrong.
 * @example const { policy, warnings } = await loadPolicy(['p.yaml'], { deps: { store, recorder, now: Date.now } });
 */
export async function loadPolicy(
  paths: string[],
  opts: LoadOptions,
): Promise<{ policy: CompiledPolicy; warnings: string[] }> {
  const env = opts.env ?? process.env;
  const { source, revision, envUses, envUnset } = await readPolicySource(paths, env, {
    envPlaceholder: opts.envPlaceholder,
  });
  const unsetWarnings = envUnset.map(
    (u) => `${u.path}: environment variable ${u.name} is not set (validated with a placeholder)`,
  );
  try {
    const out = compilePolicy({
      source,
      files: paths,
      revision,
      envUses,
      env,
      deps: opts.deps,
      overrides: opts.overrides,
      offline: opts.envPlaceholder !== undefined,
    });
    return { policy: out.policy, warnings: [...unsetWarnings, ...out.warnings] };
  } catch (err) {
    if (err instanceof PolicyCompileError)
      throw new PolicyLoadError(err.issues.map((m) => `${paths.join(', ')}: ${m}`));
    throw err;
  }
}
