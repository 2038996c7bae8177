import { describe, expect, it } from 'vitest';
import { PolicySchema } from '../../src/policy/schema.js';
import { ContentPolicySchema } from '../../src/guards/content/schema.js';
import {
  createSecretArgsGuardFromPolicy,
  createSecretRedactGuardFromPolicy,
  createUntrustedWrapGuardFromPolicy,
} from '../../src/guards/content/factories.js';
import { contentWarnings } from '../../src/guards/content/warnings.js';

const policy = (content?: unknown) =>
  PolicySchema.parse({ version: 1, ...(content === undefined ? {} : { content }) });

describe('content policy section', () => {
  it('absent section: redaction on, no wrapping, no argument rejection', () => {
    const p = policy();
    expect(createSecretRedactGuardFromPolicy(p)?.name).toBe('secret-redact');
    expect(createUntrustedWrapGuardFromPolicy(p)).toBeUndefined();
    expect(createSecretArgsGuardFromPolicy(p)).toBeUndefined();
  });

  it('wrap: {} turns on envelope wrapping of every string, with both safe lists and no exemption', () => {
    const p = policy({ wrap: {} });
    expect(p.content?.wrap).toMatchObject({
      style: 'envelope',
      mode: 'enforce',
      schema_safe: true,
      builtin_safe: true,
      exempt: [],
    });
    const g = createUntrustedWrapGuardFromPolicy(p);
    expect(g).toMatchObject({ name: 'untrusted-wrap', mode: 'enforce', transform: true });
    expect(contentWarnings(p)).toEqual([]);
  });

  it('a shadowed transform and the obsolete keys are load warnings', () => {
    const p = policy({
      wrap: { mode: 'shadow', use_defaults: false, tools: { x: ['a'] } },
      redact: { mode: 'shadow' },
    });
    const w = contentWarnings(p).join('\n');
    expect(w).toMatch(/content\.wrap\.mode: shadow/);
    expect(w).toMatch(/content\.redact\.mode: shadow .*IN CLEAR/);
    expect(w).toMatch(/content\.wrap\.use_defaults: obsolete/);
    expect(w).toMatch(/content\.wrap\.tools: obsolete/);
    expect(createSecretRedactGuardFromPolicy(p)).toMatchObject({ mode: 'shadow', transform: true });
  });

  it('redaction is only off when explicitly disabled', () => {
    expect(
      createSecretRedactGuardFromPolicy(policy({ redact: { enabled: false } })),
    ).toBeUndefined();
    expect(createSecretRedactGuardFromPolicy(policy({ redact: {} }))).toBeDefined();
  });

  it.each([
    [{ wrap: { style: 'datamark' } }],
    [{ wrap: { tools: { get_findings: ['results[0].title'] } } }],
    [{ wrap: { warnings: 'x' } }],
    [{ redact: { patterns: [{ id: 'Bad-Id', pattern: 'x' }] } }],
    [{ redact: { max_scan_bytes: 10 } }],
    [{ reject_secrets: true }],
  ])('rejects invalid or misspelled config %j', (content) => {
    expect(ContentPolicySchema.safeParse(content).success).toBe(false);
  });

  it('fails at factory time on a pattern RE2 cannot compile', () => {
    const p = policy({ redact: { patterns: [{ id: 'br', pattern: '(a)\\1' }] } });
    expect(() => createSecretRedactGuardFromPolicy(p)).toThrow();
  });
});
