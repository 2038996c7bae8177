/**
 * The shipped policies keep every protection on (src/policy/protections.ts lists them): a
 * protection a shipped file switches off, or leaves unconfigured, must sit on a line carrying an
 * explicit `# opt-out: <reason>` comment (that line or the one above it). Read as a user deploys
 * them: REDIS_URL set, AUDIT_LOG_FILE unset (the documented default path applies).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { readPolicySource } from '../../src/policy/load.js';
import { disabledProtections } from '../../src/policy/protections.js';
import { REPO_ROOT } from '../helpers/paths.js';

const SHIPPED = ['policies/dojo-server.yaml', 'policies/defectdojo-pro.yaml', 'policies/demo.yaml'];
const ENV = { REDIS_URL: 'redis://127.0.0.1:6379' };

/** 1-based line of the key at `dotted` in the YAML text, or undefined when the key is absent. */
function keyLine(text: string, dotted: string): number | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  let node: Node | null | undefined = doc.contents as Node | null;
  let line: number | undefined;
  for (const seg of dotted.split('.')) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
    if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
    line = lc.linePos(pair.key.range[0]).line;
    node = pair.value as Node | null;
  }
  return line;
}

/** Protections switched off without an opt-out comment, as `path: problem`. */
async function unexplainedOptOuts(file: string): Promise<string[]> {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const { source } = await readPolicySource([file], ENV, {
    envPlaceholder: 'https://env-placeholder.invalid',
  });
  return disabledProtections(source, ENV).flatMap((p) => {
    const line = keyLine(text, p.path);
    if (line === undefined) return [`${p.path}: ${p.id} is off and the key is absent`];
    const near = [lines[line - 1], lines[line - 2]].filter((l): l is string => l !== undefined);
    return near.some((l) => /#\s*opt-out:\s*\S/.test(l))
      ? []
      : [`${p.path}: ${p.id} is off without a "# opt-out: <reason>" comment (line ${line})`];
  });
}

describe('shipped policies: every protection on, or an explicit commented opt-out', () => {
  for (const rel of SHIPPED) {
    it(`${rel}`, async () => {
      expect(await unexplainedOptOuts(path.join(REPO_ROOT, rel))).toEqual([]);
    });
  }

  it('dojo-server.yaml and defectdojo-pro.yaml opt out of nothing', async () => {
    for (const rel of SHIPPED.slice(0, 2)) {
      const { source } = await readPolicySource([path.join(REPO_ROOT, rel)], ENV, {
        envPlaceholder: 'https://env-placeholder.invalid',
      });
      expect(disabledProtections(source, ENV), rel).toEqual([]);
      expect(source.audit?.file?.path, rel).toBe('/var/lib/dojo-guard/audit.jsonl');
      expect(source.state?.redis?.url, rel).toBe(ENV.REDIS_URL);
    }
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-guard-protections-'));
  const base = readFileSync(path.join(REPO_ROOT, 'policies/dojo-server.yaml'), 'utf8');
  const variant = (name: string, text: string): string => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it.each([
    [
      'blast radius removed',
      / {2}blast_radius:\n(?: {4}.*\n)+/,
      '',
      /rate_limits\.blast_radius: blast_radius is off and the key is absent/,
    ],
    [
      'wrapping switched off',
      / {2}wrap:\n {4}style: envelope\n/,
      '  wrap:\n    enabled: false\n    style: envelope\n',
      /content\.wrap\.enabled: wrap is off without/,
    ],
    [
      'limits emptied',
      / {2}limits:\n(?: {4}.*\n)+/,
      '  limits: []\n',
      /rate_limits\.limits: mutation_limit is off without/,
    ],
    [
      'require-read removed',
      / {2}findings:\n(?: {4}.*\n)+/,
      '',
      /audit: require_read is off without/,
    ],
    [
      'argument validation switched off',
      /\narguments:\n {2}unknown_arguments: deny\n/,
      '\narguments:\n  enabled: false\n  unknown_arguments: deny\n',
      /arguments\.enabled: arguments is off without/,
    ],
    [
      'argument validation in shadow',
      /\narguments:\n {2}unknown_arguments: deny\n/,
      '\narguments:\n  mode: shadow\n  unknown_arguments: deny\n',
      /arguments\.mode: arguments is off without/,
    ],
    [
      'state removed',
      /\nstate:\n(?: {2}.*\n)+/,
      '\n',
      /state: shared_state is off and the key is absent/,
    ],
  ])('fails when a shipped policy has %s', async (name, from, to, want) => {
    const text = base.replace(from, to);
    expect(text).not.toBe(base);
    const problems = (await unexplainedOptOuts(variant(`${name}.yaml`, text))).join('\n');
    expect(problems).toMatch(want);
  });

  it('content: {} keeps every content protection on (secure defaults)', async () => {
    const text = base.replace(/\ncontent:\n(?: {2}.*\n|\s*#.*\n)+/, '\ncontent: {}\n');
    expect(text).not.toBe(base);
    expect(await unexplainedOptOuts(variant('content-empty.yaml', text))).toEqual([]);
  });

  it('an absent arguments section keeps argument validation on (secure default)', async () => {
    const text = base.replace(/\narguments:\n {2}unknown_arguments: deny\n/, '\n');
    expect(text).not.toBe(base);
    const file = variant('arguments-absent.yaml', text);
    expect(await unexplainedOptOuts(file)).toEqual([]);
    const { source } = await readPolicySource([file], ENV, {
      envPlaceholder: 'https://env-placeholder.invalid',
    });
    expect(source.arguments).toMatchObject({ enabled: true, unknown_arguments: 'deny' });
  });

  it('accepts a switched-off protection that carries an opt-out comment', async () => {
    const text = base.replace(
      / {2}wrap:\n {4}style: envelope\n/,
      '  wrap:\n    enabled: false # opt-out: the client renders no model context\n    style: envelope\n',
    );
    expect(await unexplainedOptOuts(variant('commented.yaml', text))).toEqual([]);
  });
});
