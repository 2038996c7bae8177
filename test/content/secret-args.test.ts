import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/core/guard.js';
import { DENIALS } from '../../src/core/denials.js';
import { createSecretArgsGuard } from '../../src/guards/content/secret-args.js';
import { createSecretArgsGuardFromPolicy } from '../../src/guards/content/factories.js';
import { PolicySchema } from '../../src/policy/schema.js';
import { responseCtx } from './fixtures.js';
import { SECRET_SAMPLES } from './secret-samples.js';

const guard = createSecretArgsGuard(true)!;
const call = (args: Record<string, unknown>, method = 'tools/call'): Verdict =>
  guard.onRequest!(responseCtx(method, 'add_finding_note', args)) as Verdict;

describe('secret-args guard', () => {
  it.each(SECRET_SAMPLES.map((s) => [s.kind, s] as const))(
    'denies a %s in an argument, naming the argument without echoing it',
    (_kind, s) => {
      const v = call({ finding_id: 7, entry: `Rotated. Old value: ${s.text}` });
      expect(v).toMatchObject({
        kind: 'deny',
        code: 'secret_in_arguments',
        publicMessage: 'Argument rejected: it contains a credential (argument "entry")',
        data: { argument: 'entry' },
      });
      const pub = JSON.stringify({
        m: (v as { publicMessage: string }).publicMessage,
        d: (v as { data: unknown }).data,
      });
      expect(pub).not.toContain(s.secret);
      expect(DENIALS.secret_in_arguments.http).toBe(200);
    },
  );

  it('names nested paths (arrays, objects) and sanitises hostile key names', () => {
    const key = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    expect(call({ tags: ['ok', `t-${key}`] })).toMatchObject({ data: { argument: 'tags[1]' } });
    expect(call({ fields: { 'x"<b>\n': key } })).toMatchObject({
      data: { argument: 'fields.x??b??' },
    });
  });

  it('sees through invisible characters, fullwidth letters and percent-encoding', () => {
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    const zeroWidth =
      token.slice(0, 6) + '\u200B' + token.slice(6, 20) + '\u2060' + token.slice(20);
    const fullwidth = [...token].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    const encoded = encodeURIComponent('password=Zx9vQ2mL8kP4');
    const malformed = '%E0%A4%A password%3DZx9vQ2mL8kP4';
    for (const entry of [zeroWidth, fullwidth, encoded, malformed]) {
      expect(call({ entry }), entry).toMatchObject({ kind: 'deny', code: 'secret_in_arguments' });
    }
    expect(call({ entry: 'Ｌｏｇｉｎ ｐａｇｅ 100% broken' }).kind).toBe('continue');
  });

  it('denies arguments named like credentials whatever their value', () => {
    expect(call({ password: 'correct horse battery staple' })).toMatchObject({
      code: 'secret_in_arguments',
      data: { argument: 'password' },
    });
    expect(call({ api_key: '<redacted>' }).kind).toBe('continue'); // placeholder
  });

  it('lets ordinary security prose through', () => {
    for (const entry of [
      'Hard-coded password found in config.py; rotate and move it to the vault.',
      'The token endpoint accepts expired JWTs (header eyJhbGciOi...).',
      'AWS access keys start with AKIA; none were found.',
    ]) {
      expect(call({ entry }).kind, entry).toBe('continue');
    }
  });

  it('checks prompts/get arguments, ignores other methods and notifications', () => {
    const key = 'AKIA' + 'Z7XQ2MPLK4W9RT3B';
    expect(call({ product: key }, 'prompts/get').kind).toBe('deny');
    expect(call({ product: key }, 'resources/read').kind).toBe('continue');
  });

  it('is on by default and off only when the policy says false (secure default)', () => {
    expect(createSecretArgsGuard(false)).toBeUndefined();
    for (const on of [{ version: 1 }, { version: 1, content: {} }]) {
      expect(createSecretArgsGuardFromPolicy(PolicySchema.parse(on).content)?.name).toBe(
        'secret-args',
      );
    }
    const off = PolicySchema.parse({ version: 1, content: { reject_secrets_in_arguments: false } });
    expect(createSecretArgsGuardFromPolicy(off.content)).toBeUndefined();
  });

  it('refuses arguments nested deeper than any real tool input (fail closed)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(call({ deep })).toMatchObject({ kind: 'deny', code: 'body_too_large' });
  });
});
