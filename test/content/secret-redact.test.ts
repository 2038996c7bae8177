import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/core/guard.js';
import type { JsonRpcMessage } from '../../src/core/jsonrpc.js';
import { RedactPolicySchema } from '../../src/guards/content/schema.js';
import { createSecretRedactGuard } from '../../src/guards/content/secret-redact.js';
import { createSecretScanner } from '../../src/guards/content/secret-scanner.js';
import { SECRET_CATALOG } from '../../src/guards/content/secret-catalog.js';
import { SHARED } from '../helpers/paths.js';
import { responseCtx, toolResult } from './fixtures.js';
import { SECRET_SAMPLES } from './secret-samples.js';

interface GitleaksEntry {
  Description: string;
  Match: string;
  Secret: string;
  File: string;
  RuleID: string;
}
const GITLEAKS = JSON.parse(
  readFileSync(path.join(SHARED, 'defectdojo/samples/gitleaks_gitleaks8_many.json'), 'utf8'),
) as GitleaksEntry[];

const guard = createSecretRedactGuard(undefined)!;
const run = (msg: JsonRpcMessage, method = 'tools/call'): Verdict =>
  guard.onResponse!(responseCtx(method, 'get_findings'), msg) as Verdict;

function rewrite(v: Verdict): Extract<Verdict, { kind: 'rewrite' }> {
  if (v.kind !== 'rewrite') throw new Error(`expected rewrite, got ${v.kind}`);
  return v;
}

describe('secret catalog', () => {
  const scanner = createSecretScanner();

  it('has a sample for every catalog kind', () => {
    const covered = new Set(SECRET_SAMPLES.map((s) => s.kind));
    expect(SECRET_CATALOG.map((p) => p.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(SECRET_SAMPLES.map((s) => [s.kind, s] as const))('redacts %s', (kind, s) => {
    const out = scanner.redactString(s.text);
    expect(out).toContain(`[REDACTED:${kind}]`);
    expect(out).not.toContain(s.secret);
    expect(scanner.findKind(s.text)).toBe(kind);
  });

  it('keeps the key of an assignment and surrounding prose', () => {
    expect(scanner.redactString('set password = s3cr3tPa55w0rd then restart')).toBe(
      'set password = [REDACTED:generic_assignment] then restart',
    );
    expect(
      scanner.redactString('-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY----- ok'),
    ).toBe('[REDACTED:pem_private_key] ok');
  });

  it.each([
    'Operating system: Linux; password policy requires 12 characters',
    'password: <your-password-here>',
    'api_key=${API_KEY}',
    'token = YOUR_TOKEN_HERE',
    'secret: ********',
    'password=[REDACTED:generic_assignment]',
    'AKIA is the prefix of AWS access key ids',
    'the token endpoint returned 401',
    'use sk_live_ keys only on the server',
    'JWT header eyJhbGciOi (truncated)',
  ])('leaves hard negative %j alone', (text) => {
    expect(scanner.redactString(text)).toBe(text);
  });

  it('matches case variants of assignment keys but not of case-sensitive token prefixes', () => {
    expect(scanner.redactString('PaSsWoRd=Zx9vQ2mL8kP4')).toBe(
      'PaSsWoRd=[REDACTED:generic_assignment]',
    );
    expect(scanner.redactString('AkIa' + 'Z7XQ2MPLK4W9RT3B')).toBe('AkIa' + 'Z7XQ2MPLK4W9RT3B');
  });

  it('redacts structured fields named like credentials, whatever their value looks like', () => {
    const report = { counts: new Map<string, number>(), paths: [] as string[] };
    const out = scanner.redactValue(
      {
        user: 'bob',
        password: 'pw',
        'x-api-key': 'abc',
        tokens: 5,
        notes: 'fine',
        next_token: 'c2',
      },
      report,
      'result',
      { left: 1e6 },
    );
    expect(out).toEqual({
      user: 'bob',
      password: '[REDACTED:secret_field]',
      'x-api-key': '[REDACTED:secret_field]',
      tokens: 5,
      notes: 'fine',
      next_token: 'c2', // a pagination cursor, not a credential
    });
    expect(report.paths).toEqual(['result.password', 'result.x-api-key']);
  });

  it.each(SECRET_CATALOG.map((p) => [p.id] as const))(
    'scans 1 MB of near-misses for %s in linear time',
    (id) => {
      const sample = SECRET_SAMPLES.find((s) => s.kind === id)!.text;
      // Near-miss: the sample with its last character cut, repeated without separators, plus
      // runs of the pattern's own body characters.
      const unit = sample.slice(0, -1);
      const inputs = [
        unit.repeat(Math.ceil(1e6 / unit.length)),
        'eyJ-'.repeat(250_000),
        'a'.repeat(1e6),
      ];
      const scanner1 = createSecretScanner();
      for (const input of inputs) {
        // CPU time, not wall time: on a loaded 2-core CI box wall time measures the neighbours.
        const c0 = process.cpuUsage();
        scanner1.redactString(input);
        const c = process.cpuUsage(c0);
        expect((c.user + c.system) / 1000).toBeLessThan(1000);
      }
    },
  );

  it('compiles policy patterns with RE2 and rejects invalid ones', () => {
    const s = createSecretScanner([
      { id: 'dojo_key', pattern: 'DOJO-[0-9a-f]{8}', case_insensitive: true },
    ]);
    expect(s.redactString('key dojo-deadbeef here')).toBe('key [REDACTED:dojo_key] here');
    expect(() =>
      createSecretScanner([{ id: 'bad', pattern: '(a', case_insensitive: false }]),
    ).toThrow();
    // RE2 has no backreferences: a pattern that would need backtracking is refused at load.
    expect(() =>
      createSecretScanner([{ id: 'br', pattern: '(a)\\1', case_insensitive: false }]),
    ).toThrow();
  });
});

describe('secret-redact guard', () => {
  it('redacts every gitleaks secret from a findings result (text JSON and structuredContent)', () => {
    const findings = GITLEAKS.map((g, i) => ({
      id: i + 1,
      title: `Hard coded ${g.Description} found in ${g.File}`,
      description: `**Secret:** ${g.Secret}\n**Match:** ${g.Match}\n**Rule Id:** ${g.RuleID}`,
      file_path: g.File,
    }));
    const v = rewrite(run(toolResult({ count: findings.length, results: findings })));
    const result = v.message['result'] as {
      content: { text: string }[];
      structuredContent: unknown;
    };
    const out = JSON.stringify(v.message);
    for (const g of GITLEAKS) expect(out, g.RuleID).not.toContain(g.Secret);
    expect(JSON.parse(result.content[0]!.text)).toEqual(result.structuredContent);
    const annotations = JSON.stringify(v.annotations);
    for (const g of GITLEAKS) expect(annotations).not.toContain(g.Secret);
    expect(v.annotations!['redacted']).toMatchObject({
      generic_assignment: expect.any(Number),
      pem_private_key: expect.any(Number),
    });
    expect(v.annotations!['redactedPaths']).toContain(
      'result.structuredContent.results[0].description',
    );
  });

  it('keeps the JSON text block equal to structuredContent when both are redacted', () => {
    const doc = {
      results: [
        { title: 'Weak password policy', description: 'The password reset token never expires.' },
        {
          title: 'Leaked key',
          description: 'config: api_key = Zx9vQ2mL8kP4abcd',
          credential: 's3cr3t-v4lue',
        },
      ],
    };
    const msg = toolResult(doc);
    const v = rewrite(run(msg));
    const result = v.message['result'] as {
      content: { text: string }[];
      structuredContent: { results: Record<string, string>[] };
    };
    expect(JSON.parse(result.content[0]!.text)).toEqual(result.structuredContent);
    expect(result.structuredContent.results[0]).toEqual(doc.results[0]);
    expect(result.structuredContent.results[1]!['credential']).toBe('[REDACTED:secret_field]');
    expect(result.content[0]!.text).not.toContain('Zx9vQ2mL8kP4abcd');
    expect(v.annotations!['redactedPaths']).toContain('result.content[0].text');
    // prose that only mentions passwords and tokens passes untouched (no rewrite)
    expect(run(toolResult({ results: [doc.results[0]] })).kind).toBe('continue');
  });

  it('redacts the raw gitleaks report when a tool returns it as text (keys and values)', () => {
    const raw = readFileSync(
      path.join(SHARED, 'defectdojo/samples/gitleaks_gitleaks8_many.json'),
      'utf8',
    );
    const v = rewrite(
      run({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: raw }] } }),
    );
    const text = (v.message['result'] as { content: { text: string }[] }).content[0]!.text;
    for (const g of GITLEAKS) expect(text).not.toContain(g.Secret);
    expect(JSON.parse(text)).toHaveLength(GITLEAKS.length); // still valid JSON
  });

  it('keeps JSON text valid when a PEM key with escaped newlines is redacted', () => {
    const pem = SECRET_SAMPLES.find((s) => s.kind === 'pem_private_key')!;
    const doc = { description: pem.text, quote: 'a "quoted" \\ value' };
    const v = rewrite(run(toolResult(doc)));
    const text = (v.message['result'] as { content: { text: string }[] }).content[0]!.text;
    expect(JSON.parse(text)).toEqual({
      description: 'found:\n[REDACTED:pem_private_key]\nin conf/rsa.pk',
      quote: doc.quote,
    });
  });

  it('covers resources/read, notifications and error data (every path to the data)', () => {
    const key = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const msgs: JsonRpcMessage[] = [
      { jsonrpc: '2.0', id: 1, result: { contents: [{ uri: 'r://x', text: `k ${key}` }] } },
      {
        jsonrpc: '2.0',
        method: 'notifications/message',
        params: { level: 'info', data: `k ${key}` },
      },
      {
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32603, message: `bad ${key}`, data: { detail: key } },
      },
    ];
    for (const m of msgs)
      expect(JSON.stringify(rewrite(run(m, 'resources/read')).message)).not.toContain(key);
  });

  it('answers continue for clean messages and is idempotent on its own output', () => {
    expect(
      run(toolResult({ title: 'SQL injection', description: 'password policy is weak' })).kind,
    ).toBe('continue');
    const once = rewrite(run(toolResult({ d: 'password=Zx9vQ2mL8kP4' })));
    expect(run(once.message).kind).toBe('continue');
  });

  it('does not touch base64 image data or resource blobs', () => {
    const blob = Buffer.from('password=Zx9vQ2mL8kP4 ' + 'x'.repeat(50)).toString('base64');
    const msg: JsonRpcMessage = {
      jsonrpc: '2.0',
      id: 1,
      result: {
        content: [
          { type: 'image', data: 'eyJhbGciOiJIUzI1NiJ9', mimeType: 'image/png' },
          { type: 'resource', resource: { uri: 'r://b', blob } },
        ],
      },
    };
    expect(run(msg).kind).toBe('continue');
  });

  it('fails closed with response_too_large when the scan budget is exceeded', () => {
    const small = createSecretRedactGuard(RedactPolicySchema.parse({ max_scan_bytes: 1024 }))!;
    const v = small.onResponse!(
      responseCtx('tools/call', 't'),
      toolResult({ d: 'x'.repeat(2000) }),
    ) as Verdict;
    expect(v).toMatchObject({ kind: 'deny', code: 'response_too_large' });
  });

  it('is not built when disabled', () => {
    expect(createSecretRedactGuard(RedactPolicySchema.parse({ enabled: false }))).toBeUndefined();
  });
});
