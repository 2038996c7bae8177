import { describe, expect, it } from 'vitest';
import { PolicySchema } from '../../src/policy/schema.js';
import { ContentPolicySchema } from '../../src/guards/content/schema.js';
import {
  createSecretArgsGuardFromPolicy,
  createSecretRedactGuardFromPolicy,
  createUntrustedWrapGuardFromPolicy,
} from '../../src/guards/content/factories.js';
import { contentWarnings } from '../../src/guards/content/warnings.js';
import { protectionWarnings } from '../../src/policy/protections.js';

const policy = (content?: unknown) =>
  PolicySchema.parse({ version: 1, ...(content === undefined ? {} : { content }) });

describe('content policy section', () => {
  it('absent section: redaction, wrapping and argument rejection all on (secure defaults)', () => {
    for (const p of [policy(), policy({}), policy({ wrap: {}, redact: {} })]) {
      expect(createSecretRedactGuardFromPolicy(p.content)?.name).toBe('secret-redact');
      expect(createUntrustedWrapGuardFromPolicy(p.content)?.name).toBe('untrusted-wrap');
      expect(createSecretArgsGuardFromPolicy(p.content)?.name).toBe('secret-args');
      expect(protectionWarnings(p).join('\n')).not.toMatch(/content\./);
    }
  });

  it('each content protection is off only through an explicit line, which is a load warning', () => {
    const p = policy({
      wrap: { enabled: false },
      redact: { enabled: false },
      reject_secrets_in_arguments: false,
    });
    expect(createUntrustedWrapGuardFromPolicy(p.content)).toBeUndefined();
    expect(createSecretRedactGuardFromPolicy(p.content)).toBeUndefined();
    expect(createSecretArgsGuardFromPolicy(p.content)).toBeUndefined();
    const w = protectionWarnings(p).join('\n');
    expect(w).toMatch(/content\.wrap\.enabled: protection off/);
    expect(w).toMatch(/content\.redact\.enabled: protection off .*in clear/);
    expect(w).toMatch(/content\.reject_secrets_in_arguments: protection off/);
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
    const g = createUntrustedWrapGuardFromPolicy(p.content);
    expect(g).toMatchObject({ name: 'untrusted-wrap', mode: 'enforce', transform: true });
    expect(contentWarnings(p.content)).toEqual([]);
  });

  it('a shadowed transform and the obsolete keys are load warnings', () => {
    const p = policy({
      wrap: { mode: 'shadow', use_defaults: false, tools: { x: ['a'] } },
      redact: { mode: 'shadow' },
    });
    const w = [...contentWarnings(p.content), ...protectionWarnings(p)].join('\n');
    expect(w).toMatch(/content\.wrap\.mode: protection off/);
    expect(w).toMatch(/content\.redact\.mode: protection off .*in clear/);
    expect(w).toMatch(/content\.wrap\.use_defaults: obsolete/);
    expect(w).toMatch(/content\.wrap\.tools: obsolete/);
    expect(createSecretRedactGuardFromPolicy(p.content)).toMatchObject({
      mode: 'shadow',
      transform: true,
    });
  });

  it('redaction is only off when explicitly disabled', () => {
    expect(
      createSecretRedactGuardFromPolicy(policy({ redact: { enabled: false } }).content),
    ).toBeUndefined();
    expect(createSecretRedactGuardFromPolicy(policy({ redact: {} }).content)).toBeDefined();
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
    expect(() => createSecretRedactGuardFromPolicy(p.content)).toThrow();
  });
});
