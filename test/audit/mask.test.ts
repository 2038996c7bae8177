import { describe, expect, it } from 'vitest';
import { maskArguments, MASK } from '../../src/guards/content/mask.js';
import { decisionBody } from '../../src/audit/build.js';
import { decision } from './helpers.js';

const opts = { fields: ['Description', 'entry'], maxChars: 64 };

describe('argument masking', () => {
  it('masks secret-named keys in any spelling and configured fields', () => {
    const r = maskArguments(
      {
        token: 'a',
        API_Key: 'b',
        'client-secret': 'c',
        Authorization: 'd',
        'pass\u200bword': 'e',
        upstreamToken: 'f',
        nested: { deep: [{ password: 'g' }] },
        description: 'free text',
        ENTRY: 'note',
        title: 'ok',
      },
      opts,
    );
    expect(r.value).toMatchObject({
      token: MASK,
      API_Key: MASK,
      'client-secret': MASK,
      Authorization: MASK,
      'pass\u200bword': MASK,
      upstreamToken: MASK,
      nested: { deep: [{ password: MASK }] },
      description: MASK,
      ENTRY: MASK,
      title: 'ok',
    });
    expect(r.paths).toContain('nested.deep[0].password');
  });

  it('masks credential-shaped values anywhere and shortens long strings', () => {
    const r = maskArguments(
      {
        note: 'use Bearer abcdefghijklmnopqrstuvwxyz012345',
        jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4eHh4eHgifQ.c2lnbmF0dXJlc2ln',
        aws: 'AKIAABCDEFGHIJKLMNOP',
        pem: '-----BEGIN RSA PRIVATE KEY-----\nMII...',
        long: 'x'.repeat(500),
      },
      opts,
    );
    expect(r.value.note).toBe(MASK);
    expect(r.value.jwt).toBe(MASK);
    expect(r.value.aws).toBe(MASK);
    expect(r.value.pem).toBe(MASK);
    expect(String(r.value.long)).toMatch(/…\[500 chars\]$/);
  });

  it('scans only what a long string keeps (plus a margin), and never writes a secret', () => {
    const aws = ' AKIAABCDEFGHIJKLMNOP ';
    const filler = 'review note. '.repeat(300_000); // 3.9 MB
    const r = maskArguments(
      { head: aws + filler, edge: 'x'.repeat(60) + aws + filler, tail: filler + aws },
      opts,
    );
    expect(r.value.head).toBe(MASK);
    expect(r.value.edge).toBe(MASK); // starts inside the kept 64 chars, ends past them
    expect(String(r.value.tail)).toMatch(/^review note\. .*…\[\d+ chars\]$/);
    expect(JSON.stringify(r.value)).not.toContain('AKIA');
    expect(r.paths.sort()).toEqual(['edge', 'head', 'tail']);
  });

  it('digests the raw arguments but writes only the masked copy; client claims are untrusted', () => {
    const b = decisionBody(
      decision(1, {
        arguments: { token: 'supersecret-value' },
        claimed: { userAgent: 'x', clientId: 'Bearer abcdefghijklmnopqrstuvwxyz' },
      }),
      'rev',
      opts,
    );
    expect(JSON.stringify(b)).not.toContain('supersecret-value');
    expect(JSON.stringify(b)).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(b.argumentsDigest).toMatch(/^sha256:/);
    expect(b.untrusted).toEqual({ userAgent: 'x', clientId: MASK });
    expect(b.principal).toEqual({ id: 'alice', role: 'triager', authMethod: 'static_token' });
  });
});
