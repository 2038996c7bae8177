/**
 * `dojo-guard policy explain` on policies/dojo-server.yaml: role inheritance, matching patterns,
 * argument rules with their conditions, and the verdict. Each verdict is cross-checked against the
 * real proxy's answer for the same role, tool and arguments (explain must not drift from
 * enforcement), including adversarial names (case, look-alikes, prototype keys).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type Running } from '../helpers/process.js';
import { startDojoUpstream } from '../helpers/dojo-upstream.js';
import { roleEnv, roleToken } from '../rbac/roles.js';
import { call, connect } from '../helpers/mcp-client.js';
import { explainPolicy } from '../../src/policy/explain.js';
import { readPolicySource } from '../../src/policy/load.js';

const POLICY = 'policies/dojo-server.yaml';

interface Explained {
  verdict: 'allow' | 'deny';
  code?: string;
  mutating: boolean;
  rbac: {
    roleKnown: boolean;
    decision: { allow: boolean };
    inheritance: string[];
    matchingPatterns: { role: string; pattern: string }[];
    decidingPattern?: string;
    rules: {
      id: string;
      outcome: string;
      permissionHeld?: boolean;
      conditions: { holds: boolean }[];
    }[];
  };
  injection: { enabled: boolean; scanned: boolean; exemptArguments: string[] };
}

const source = (
  await readPolicySource([POLICY], process.env, {
    envPlaceholder: 'https://env-placeholder.invalid',
  })
).source;

/** In-process (the pure function behind the CLI); the CLI surface is tested below. */
async function explain(
  role: string,
  tool: string,
  args: Record<string, unknown> = {},
  read: number[] = [],
): Promise<Explained> {
  return explainPolicy(source, { role, tool, args, read }) as unknown as Explained;
}

async function explainCli(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli(['policy', 'explain', '--policy', POLICY, ...args]);
}

/**
 * [role, tool, args, verdict, findings the session reads first]. The shipped read-before-suppress
 * rule (audit.findings.require_read_when) depends on the session's read set: the proxy session
 * reads those findings first, and explain is given the same ids (`--read`).
 */
const CASES: [string, string, Record<string, unknown>, 'allow' | string, number[]?][] = [
  ['reader', 'get_findings', {}, 'allow'],
  ['reader', 'close_finding', { finding_id: 1 }, 'unknown_tool'],
  ['writer', 'close_finding', { finding_id: 1, reason: 'fixed' }, 'allow'],
  ['writer', 'close_finding', { finding_id: 1, reason: 'false_positive' }, 'rbac_denied'],
  ['admin', 'close_finding', { finding_id: 1, reason: 'false_positive' }, 'allow', [1]],
  ['scanner', 'import_scan', { scan_type: 'ZAP Scan' }, 'allow'],
  ['scanner', 'import_scan', { scan_type: 'ZAP Scan', close_old_findings: true }, 'rbac_denied'],
  // Wrong JSON type counts as matching (fail closed), so the string "true" is denied too.
  ['scanner', 'import_scan', { close_old_findings: 'true' }, 'rbac_denied'],
  ['writer', 'reimport_scan', { do_not_reactivate: false }, 'allow'],
  ['scanner', 'reimport_scan', { do_not_reactivate: false }, 'rbac_denied'],
  ['admin', 'Close_Finding', {}, 'unknown_tool'],
  ['admin', 'close_\u0066inding\u200b', {}, 'unknown_tool'],
  ['admin', 'close_finding ', {}, 'unknown_tool'],
];

describe('policy explain', () => {
  let upstream: Awaited<ReturnType<typeof startDojoUpstream>>;
  let proxy: Running;
  beforeAll(async () => {
    // Every argument name the cases send is declared (argument validation is on in the policy).
    const declared: Record<string, string[]> = {};
    for (const [, tool, args] of CASES) (declared[tool] ??= []).push(...Object.keys(args));
    upstream = await startDojoUpstream(declared);
    proxy = await startCli(
      ['proxy', '--policy', POLICY, '--upstream', upstream.url, '--port', '0'],
      { env: roleEnv() },
    );
  });
  afterAll(async () => {
    await proxy?.stop();
    await upstream?.close().catch(() => undefined);
  });

  it('agrees with the running proxy on every case', async () => {
    const explained = await Promise.all(
      CASES.map(([role, tool, args, , reads]) => explain(role, tool, args, reads)),
    );
    for (const [i, [role, tool, args, want, reads = []]] of CASES.entries()) {
      const e = explained[i]!;
      expect(e.verdict === 'allow' ? 'allow' : e.code, `${role} ${tool}`).toBe(want);
      const client = await connect(proxy, roleToken(role));
      try {
        for (const id of reads) {
          expect(await call(client, 'get_finding_by_id', { finding_id: id })).toBe('ok');
        }
        const got = await call(client, tool, args);
        const denial = /\[(\w+)\]/.exec(got)?.[1];
        const hidden = /Unknown tool/.test(got) ? 'unknown_tool' : undefined;
        const actual = got === 'ok' || got === 'tool_error' ? 'allow' : (denial ?? hidden ?? got);
        expect(actual, `proxy: ${role} ${tool} ${JSON.stringify(args)}`).toBe(want);
      } finally {
        await client.close();
      }
    }
  });

  it('honours the read-before-suppress rule step by step, as the proxy does', async () => {
    const args = { finding_id: 2, reason: 'false_positive' };
    const verdict = async (read: number[], a: Record<string, unknown> = args) => {
      const e = await explain('admin', 'close_finding', a, read);
      expect(e.rbac.decision.allow).toBe(true); // RBAC: admin holds suppress_findings
      return e.verdict === 'allow' ? 'ok' : `[${e.code}]`;
    };
    const client = await connect(proxy, roleToken('admin'));
    try {
      expect(await verdict([])).toBe('[not_read_before_mutation]');
      expect(await call(client, 'close_finding', args)).toMatch(/\[not_read_before_mutation\]/);
      // Reading another finding does not count for this one; reading this one does.
      expect(await verdict([1])).toBe('[not_read_before_mutation]');
      expect(await call(client, 'get_finding_by_id', { finding_id: 1 })).toBe('ok');
      expect(await call(client, 'close_finding', args)).toMatch(/\[not_read_before_mutation\]/);
      expect(await verdict([1, 2])).toBe('ok');
      expect(await call(client, 'get_finding_by_id', { finding_id: 2 })).toBe('ok');
      expect(await call(client, 'close_finding', args)).toBe('ok');
      // A non-suppressing close needs no read; a suppressing one with no target id is refused.
      const fixed = { finding_id: 3, reason: 'fixed' };
      expect(await verdict([], fixed)).toBe('ok');
      expect(await call(client, 'close_finding', fixed)).toBe('ok');
      expect(await verdict([1, 2], { reason: 'duplicate' })).toBe('[not_read_before_mutation]');
      // Split across spellings: a string id list counts every id in it.
      expect(await verdict([2], { finding_id: '2,4', reason: 'duplicate' })).toBe(
        '[not_read_before_mutation]',
      );
    } finally {
      await client.close();
    }
  });

  it('classes tools from the bundled definitions on the CLI (--tools), not as mutating by default', async () => {
    const json = async (extra: string[]) => {
      const r = await explainCli([
        '--role',
        'writer',
        '--tool',
        'get_findings',
        '--json',
        ...extra,
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Explained & { annotated: boolean };
    };
    const bundled = await json([]);
    expect([bundled.mutating, bundled.annotated]).toEqual([false, true]);
    expect((await json(['--tools', 'bundled-pro'])).mutating).toBe(false);
    // A tools/list file that does not mark it read-only (or does not list it): mutating.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-explain-tools-'));
    try {
      const f = path.join(dir, 'tools.json');
      fs.writeFileSync(
        f,
        JSON.stringify({
          tools: [{ name: 'get_findings', inputSchema: { type: 'object' }, annotations: {} }],
        }),
      );
      expect((await json(['--tools', f])).mutating).toBe(true);
      fs.writeFileSync(f, JSON.stringify({ tools: [] }));
      expect((await json(['--tools', f])).mutating).toBe(true);
      fs.writeFileSync(f, '{"not":"a list"}');
      const bad = await explainCli(['--role', 'writer', '--tool', 'get_findings', '--tools', f]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/no "tools" array/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // The read requirement on the CLI: --read, and a malformed id list is refused.
    const args = ['--role', 'admin', '--tool', 'close_finding'];
    const close = ['--args', '{"finding_id":5,"reason":"risk_accepted"}'];
    expect((await explainCli([...args, ...close])).stdout).toContain(
      'verdict: DENY (not_read_before_mutation)',
    );
    expect((await explainCli([...args, ...close, '--read', '4,5'])).stdout).toContain(
      'verdict: ALLOW',
    );
    const badRead = await explainCli([...args, ...close, '--read', '5;rm']);
    expect(badRead.code).toBe(1);
    expect(badRead.stderr).toMatch(/--read: not a finding id/);
    // twelve CLI processes in a row: each starts in 2-5 s on a loaded 2-core machine
  }, 180_000);

  it('shows the inheritance chain and the role that grants the tool', async () => {
    const e = await explain('writer', 'get_findings');
    expect(e.rbac.inheritance).toEqual(['writer', 'scanner', 'reader']);
    expect(e.rbac.matchingPatterns).toEqual([
      { role: 'reader', pattern: 'get_findings', deny: false },
    ]);
    expect(e.rbac.decidingPattern).toBe('get_findings');
    // The shipped policy classes only its writes by name; offline there is no upstream to
    // advertise readOnlyHint, so an unlisted tool is explained as mutating (fail closed) ...
    expect(e.mutating).toBe(true);
    // ... while a listed write is mutating by name.
    expect((await explain('writer', 'close_finding')).mutating).toBe(true);
  });

  it('names the rule, its conditions and the missing permission', async () => {
    const e = await explain('writer', 'close_finding', { reason: 'risk_accepted' });
    const rule = e.rbac.rules.find((r) => r.id === 'suppress-finding')!;
    expect(rule).toMatchObject({ outcome: 'denies', permissionHeld: false });
    expect(rule.conditions).toEqual([expect.objectContaining({ holds: true })]);
    expect(e.mutating).toBe(true);
    expect(e.injection.enabled).toBe(true);
    expect(e.injection.scanned).toBe(true); // every string argument of a mutating tool
    // Defaults count: an absent close_old_findings uses `default: false`, so the rule does not match.
    const imp = await explain('scanner', 'import_scan', {});
    expect(imp.rbac.rules.find((r) => r.id === 'import-closes-old-findings')?.outcome).toBe(
      'not_applicable',
    );
  });

  it('refuses to invent roles: unknown and prototype-named roles are denied', async () => {
    for (const role of ['ghost', 'constructor', '__proto__', 'toString', 'Admin']) {
      const e = await explain(role, 'get_findings');
      expect(e.rbac.roleKnown, role).toBe(false);
      expect(e.rbac.inheritance, role).toEqual([]);
      expect(e.verdict, role).toBe('deny');
    }
  });

  it('prints a readable explanation by default', async () => {
    const [r, j] = await Promise.all([
      explainCli([
        '--role',
        'writer',
        '--tool',
        'close_finding',
        '--args',
        '{"reason":"duplicate"}',
      ]),
      explainCli([
        '--role',
        'writer',
        '--tool',
        'close_finding',
        '--args',
        '{"reason":"duplicate"}',
        '--json',
      ]),
    ]);
    expect(r.code).toBe(0);
    expect(j.code).toBe(0);
    // The CLI classes with the bundled definitions (`annotated`); close_finding is a write by name.
    expect(JSON.parse(j.stdout)).toEqual({
      ...(await explain('writer', 'close_finding', { reason: 'duplicate' })),
      annotated: true,
    });
    expect(r.stdout).toContain('verdict: DENY (rbac_denied)');
    expect(r.stdout).toContain('role chain: writer -> scanner -> reader');
    expect(r.stdout).toContain(
      'rule suppress-finding: require permission suppress_findings -> denies',
    );
    expect(r.stdout).toContain('permission NOT held by writer');
  });

  it('rejects malformed --args and unreadable policies with exit 1', async () => {
    for (const args of ['not json', '[]', 'null', '"x"']) {
      const r = await runCli([
        'policy',
        'explain',
        '--policy',
        POLICY,
        '--role',
        'reader',
        '--tool',
        'x',
        '--args',
        args,
      ]);
      expect(r.code, args).toBe(1);
      expect(r.stderr).toContain('--args must be a JSON object');
    }
    const r = await runCli([
      'policy',
      'explain',
      '--policy',
      'nope.yaml',
      '--role',
      'reader',
      '--tool',
      'x',
    ]);
    expect(r.code).toBe(1);
  });

  it('lists the rate limits, blast radius, scan coverage and exemptions that apply', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-explain-'));
    const file = path.join(dir, 'p.yaml');
    const lines = [
      'version: 1',
      'auth: { allow_anonymous: true }',
      // Offline, only names class a tool: get_* are reads here, close_* writes.
      'tools: { classes: { mutating: [close_*, "!get_*"] } }',
      'rbac:',
      '  roles:',
      '    writer: { tools: [close_finding, get_findings] }',
      'rate_limits:',
      '  limits:',
      '    - { id: writes, match: { classes: [mutating] }, points: 10, duration_seconds: 60 }',
      '    - { id: bot-only, match: { principals: [bot] }, points: 5, duration_seconds: 1 }',
      '    - { id: reads, match: { tools: [get_*] }, points: 100, duration_seconds: 60 }',
      '  blast_radius:',
      '    - { id: closes, max_findings: 50, duration_seconds: 3600 }',
      'injection:',
      '  exempt: [{ id: blob, tools: [close_*], arguments: ["extra[]"], reason: opaque }]',
      'content:',
      '  wrap:',
      '    exempt: [{ id: ids, tools: ["get_*"], paths: ["results[].uid"], reason: scanner ids }]',
      '',
    ];
    fs.writeFileSync(file, lines.join('\n'));
    // The same policy without the classes: the default names (close_* …) leave get_findings
    // unclassified, and explain has no advertised readOnlyHint, so it counts as mutating.
    const unclassifiedFile = path.join(dir, 'unclassified.yaml');
    fs.writeFileSync(unclassifiedFile, lines.filter((l) => !l.startsWith('tools:')).join('\n'));
    try {
      const src = (await readPolicySource([file], process.env)).source;
      const e = explainPolicy(src, {
        role: 'writer',
        tool: 'close_finding',
        args: { finding_id: [1, 2] },
        principal: 'bot',
      });
      expect(e.rateLimits.limits.map((l) => l.id)).toEqual(['writes', 'bot-only']);
      expect(e.rateLimits.blastRadius).toEqual([
        expect.objectContaining({ id: 'closes', maxFindings: 50 }),
      ]);
      expect(e.injection).toMatchObject({ scanned: true, exemptArguments: ['blob:extra[]'] });
      expect(e.wrap.exemptPaths).toEqual([]);
      const read = explainPolicy(src, { role: 'writer', tool: 'get_findings', principal: 'alice' });
      expect(read.rateLimits.limits.map((l) => l.id)).toEqual(['reads']);
      expect(read.rateLimits.blastRadius).toEqual([]);
      expect(read.wrap.exemptPaths).toEqual(['ids:results[].uid']);
      expect(read.injection).toMatchObject({ scanned: false, exemptArguments: [] });
      expect([e.mutating, read.mutating]).toEqual([true, false]);

      const src2 = (await readPolicySource([unclassifiedFile], process.env)).source;
      const read2 = explainPolicy(src2, {
        role: 'writer',
        tool: 'get_findings',
        principal: 'alice',
      });
      expect(read2.mutating).toBe(true);
      expect(read2.rateLimits.limits.map((l) => l.id)).toEqual(['writes', 'reads']);
      expect(read2.rateLimits.blastRadius.map((b) => b.id)).toEqual(['closes']);
      expect(read2.injection).toMatchObject({ scanned: true, exemptArguments: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
