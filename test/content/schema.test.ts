import { describe, expect, it } from 'vitest';
import { PolicySchema } from '../../src/policy/schema.js';
import { ContentPolicySchema } from '../../src/guards/content/schema.js';
import {
  createSecretArgsGuardFromPolicy,
  createSecretRedactGuardFromPolicy,
  createUntrustedWrapGuardFromPolicy,
} from '../../src/guards/content/factories.js';
import { DEFAULT_UNTRUSTED_PATHS } from '../../src/guards/content/tool-paths.js';

const policy = (content?: unknown) =>
  PolicySchema.parse({ version: 1, ...(content === undefined ? {} : { content }) });

describe('content policy section', () => {
  it('absent section: redaction on, no wrapping, no argument rejection', () => {
    const p = policy();
    expect(createSecretRedactGuardFromPolicy(p)?.name).toBe('secret-redact');
    expect(createUntrustedWrapGuardFromPolicy(p)).toBeUndefined();
    expect(createSecretArgsGuardFromPolicy(p)).toBeUndefined();
  });

  it('wrap: {} turns on envelope wrapping of the default DefectDojo fields', () => {
    const p = policy({ wrap: {} });
    expect(p.content?.wrap).toMatchObject({ style: 'envelope', use_defaults: true, tools: {} });
    expect(createUntrustedWrapGuardFromPolicy(p)?.name).toBe('untrusted-wrap');
    for (const path of [
      'results[].title',
      'results[].notes[].entry',
      'result.description',
      'tags',
    ]) {
      expect(DEFAULT_UNTRUSTED_PATHS).toContain(path);
    }
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
