/**
 * Client-certificate mapping (src/guards/authn/cert.ts) and the SAN parser it relies on
 * (src/proxy/client-cert.ts), adversarially: quoting, look-alike names, wildcards, several CNs,
 * ambiguous mappings, fingerprint spellings.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildClientCertTable, type ClientCertificateFacts } from '../../src/guards/authn/cert.js';
import { parseSubjectAltName, verifiedClientCertificate } from '../../src/proxy/client-cert.js';
import { ClientCertificateSchema } from '../../src/guards/authn/schema.js';

const der = Buffer.from('certificate bytes');
const fp = createHash('sha256').update(der).digest();
const fpColons = [...fp].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');

const facts = (o: Partial<ClientCertificateFacts> = {}): ClientCertificateFacts => ({
  sha256: fp,
  subjectCn: [],
  sanDns: [],
  sanUri: [],
  sanEmail: [],
  ...o,
});

const table = (rows: Record<string, string>[]) =>
  buildClientCertTable(
    rows.map((r) => ClientCertificateSchema.parse(r)),
    new Set(['reader', 'writer']),
  );

describe('parseSubjectAltName', () => {
  it('splits the types Node writes', () => {
    expect(
      parseSubjectAltName('DNS:a.corp, URI:spiffe://corp/x, email:a@b.c, IP Address:1.2.3.4'),
    ).toEqual([
      ['DNS', 'a.corp'],
      ['URI', 'spiffe://corp/x'],
      ['email', 'a@b.c'],
      ['IP Address', '1.2.3.4'],
    ]);
  });

  it('reads JSON-quoted values, so a comma inside a value cannot forge a second entry', () => {
    expect(parseSubjectAltName('URI:"spiffe://corp/x, URI:spiffe://corp/admin", DNS:b')).toEqual([
      ['URI', 'spiffe://corp/x, URI:spiffe://corp/admin'],
      ['DNS', 'b'],
    ]);
    expect(parseSubjectAltName('DNS:"a\\"b", DNS:c')).toEqual([
      ['DNS', 'a"b'],
      ['DNS', 'c'],
    ]);
  });

  it('trusts nothing of a string with a broken quoted value', () => {
    expect(parseSubjectAltName('DNS:"\\x", DNS:c')).toEqual([]);
  });
});

describe('client certificate table', () => {
  it('matches by fingerprint in either spelling, case-insensitively', () => {
    for (const sha256 of [fpColons, fpColons.toLowerCase().replace(/:/g, '')]) {
      const r = table([{ id: 'ops', role: 'writer', sha256 }]).table.lookup(facts());
      expect(r).toEqual({
        ok: true,
        principal: { id: 'ops', role: 'writer', authMethod: 'client_certificate' },
      });
    }
    const other = Buffer.from(fp);
    other[31] = other[31]! ^ 1;
    expect(
      table([{ id: 'ops', role: 'writer', sha256: fpColons }]).table.lookup(
        facts({ sha256: other }),
      ).ok,
    ).toBe(false);
  });

  it('matches SANs exactly: no wildcard expansion, no prefix, no Unicode look-alike', () => {
    const t = table([
      { id: 'a', role: 'reader', san_dns: 'agent.corp' },
      { id: 'u', role: 'reader', san_uri: 'spiffe://corp/agent' },
    ]).table;
    expect(t.lookup(facts({ sanDns: ['AGENT.corp'] })).ok).toBe(true);
    expect(t.lookup(facts({ sanDns: ['*.corp'] })).ok).toBe(false);
    expect(t.lookup(facts({ sanDns: ['agent.corp.evil'] })).ok).toBe(false);
    expect(t.lookup(facts({ sanDns: ['аgent.corp'] })).ok).toBe(false); // Cyrillic а
    expect(t.lookup(facts({ sanUri: ['spiffe://corp/agent/../admin'] })).ok).toBe(false);
    expect(t.lookup(facts({ sanUri: ['SPIFFE://corp/agent'] })).ok).toBe(false);
    expect(t.lookup(facts({ sanUri: ['spiffe://corp/agent'] })).ok).toBe(true);
  });

  it('never matches a subject CN when the certificate carries several', () => {
    const t = table([{ id: 'c', role: 'reader', subject_cn: 'agent' }]).table;
    expect(t.lookup(facts({ subjectCn: ['agent'] })).ok).toBe(true);
    expect(t.lookup(facts({ subjectCn: ['agent', 'admin'] })).ok).toBe(false);
    expect(t.lookup(facts({ subjectCn: ['Agent'] })).ok).toBe(false);
  });

  it('refuses a certificate that matches entries of different principals', () => {
    const t = table([
      { id: 'a', role: 'reader', san_dns: 'agent.corp' },
      { id: 'b', role: 'writer', sha256: fpColons },
    ]).table;
    expect(t.lookup(facts({ sanDns: ['agent.corp'] }))).toEqual({
      ok: false,
      reason: 'certificate matches several principals',
    });
    // Two entries for the same principal are not ambiguous.
    const same = table([
      { id: 'a', role: 'reader', san_dns: 'agent.corp' },
      { id: 'a', role: 'reader', sha256: fpColons },
    ]).table;
    expect(same.lookup(facts({ sanDns: ['agent.corp'] })).ok).toBe(true);
  });

  it('reports unknown roles and rejects entries with zero or two selectors', () => {
    expect(table([{ id: 'x', role: 'admin', subject_cn: 'x' }]).errors).toEqual([
      'auth.client_certificates.0.role: unknown role admin',
    ]);
    expect(ClientCertificateSchema.safeParse({ id: 'x', role: 'reader' }).success).toBe(false);
    expect(
      ClientCertificateSchema.safeParse({ id: 'x', role: 'reader', subject_cn: 'x', san_dns: 'x' })
        .success,
    ).toBe(false);
    expect(
      ClientCertificateSchema.safeParse({ id: 'x', role: 'reader', sha256: 'abc' }).success,
    ).toBe(false);
  });
});

describe('verifiedClientCertificate', () => {
  const peer = {
    raw: der,
    subject: { CN: 'agent' },
    subjectaltname: 'URI:spiffe://corp/agent',
  };
  it('reads the certificate only when the TLS layer verified it', () => {
    const sock = (authorized: boolean) => ({
      encrypted: true,
      authorized,
      getPeerCertificate: () => peer,
    });
    expect(verifiedClientCertificate(sock(false))).toBeUndefined();
    expect(verifiedClientCertificate({ remoteAddress: '127.0.0.1' })).toBeUndefined();
    expect(verifiedClientCertificate(sock(true))).toMatchObject({
      sha256: fp,
      subjectCn: ['agent'],
      sanUri: ['spiffe://corp/agent'],
    });
  });
});
