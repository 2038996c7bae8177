import { describe, expect, it } from 'vitest';
import { interpolateEnv } from '../../src/policy/env.js';
import { MINIMAL, load, loadIssues } from './helpers.js';

describe('interpolateEnv', () => {
  it('replaces ${env:NAME} inside strings and records the use with its path', () => {
    const r = interpolateEnv({ a: { b: ['Token ${env:K}'] } }, { K: 's3cret' });
    expect(r.value).toEqual({ a: { b: ['Token s3cret'] } });
    expect(r.uses).toEqual([{ path: 'a.b.0', name: 'K', value: 's3cret' }]);
    expect(r.issues).toEqual([]);
  });

  it('reports an unset variable by name and path, never a value', () => {
    const r = interpolateEnv({ x: '${env:MISSING}' }, { OTHER: 'v' });
    expect(r.issues).toEqual([{ path: 'x', message: 'environment variable MISSING is not set' }]);
  });

  it('accepts an empty variable but a fallback replaces unset and empty', () => {
    expect(interpolateEnv('${env:E}', { E: '' }).value).toBe('');
    expect(interpolateEnv('${env:E:-dflt}', { E: '' }).value).toBe('dflt');
    expect(interpolateEnv('${env:U:-}', {}).value).toBe('');
    expect(interpolateEnv('${env:U:-x}', { U: 'set' }).value).toBe('set');
  });

  it('keeps $${ as a literal and rejects malformed references', () => {
    expect(interpolateEnv('$${env:K}', { K: 'v' }).value).toBe('${env:K}');
    expect(interpolateEnv('${ENV:K}', { K: 'v' }).issues).toHaveLength(1);
    expect(interpolateEnv('${env:K', { K: 'v' }).issues).toHaveLength(1);
  });

  it('does not read inherited properties of the env object', () => {
    expect(interpolateEnv('${env:constructor}', {}).issues).toHaveLength(1);
  });

  it('substitutes a value only once (no recursive expansion of ${ in values)', () => {
    expect(interpolateEnv('${env:A}', { A: '${env:B}', B: 'no' }).value).toBe('${env:B}');
  });

  it('leaves non-strings alone', () => {
    expect(interpolateEnv({ n: 1, b: true, z: null }, {}).value).toEqual({
      n: 1,
      b: true,
      z: null,
    });
  });
});

describe('env in policies', () => {
  const withHeader = MINIMAL.replace(
    'upstream:\n  url: http://127.0.0.1:9/mcp',
    'upstream:\n  url: http://127.0.0.1:9/mcp\n  headers:\n    Authorization: Token ${env:DD_KEY}\n' +
      '  inject_arguments:\n    - tools: ["*"]\n      arguments:\n        token: ${env:DD_KEY}\n        url: ${env:DD_URL}',
  );

  it('resolves header and argument secrets and lists them for redaction (url excluded)', async () => {
    const { policy } = await load([withHeader], {
      DD_KEY: 'k-0123456789',
      DD_URL: 'https://dojo.example',
    });
    expect(policy.upstream.headers.Authorization).toBe('Token k-0123456789');
    expect(policy.upstream.injectArguments('get_findings')).toEqual({
      token: 'k-0123456789',
      url: 'https://dojo.example',
    });
    expect(policy.upstream.secrets).toEqual(['k-0123456789']);
  });

  it('fails with file and path when a secret variable is unset, without echoing other values', async () => {
    const issues = await loadIssues([withHeader], { DD_URL: 'https://dojo.example' });
    const text = issues.join('\n');
    expect(text).toMatch(
      /p\d+\.yaml: upstream\.headers\.Authorization: environment variable DD_KEY is not set/,
    );
    expect(text).not.toContain('dojo.example');
  });
});
