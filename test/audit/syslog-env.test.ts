/**
 * A syslog sink configured from the environment (the shipped policies' AUDIT_SYSLOG_HOST): an
 * empty host drops the entry, so it counts as no sink; a port may arrive as a digit string.
 */
import { describe, expect, it } from 'vitest';
import { AuditPolicySchema } from '../../src/audit/schema.js';
import { auditSinkConfigured } from '../../src/audit/sinks-configured.js';

const parse = (syslog: unknown) => AuditPolicySchema.safeParse({ syslog: [syslog] });

describe('audit.syslog from ${env:…}', () => {
  it('drops an entry whose host is empty: no sink, not a sink to nowhere', () => {
    const r = parse({ host: '', transport: 'tls', port: '' });
    expect(r.success).toBe(true);
    expect(r.data!.syslog).toEqual([]);
    expect(auditSinkConfigured(r.data, {})).toBe(false);
  });

  it('keeps an entry with a host; an empty port means the transport default', () => {
    const r = parse({ host: 'syslog', transport: 'tcp', port: '' });
    expect(r.data!.syslog).toMatchObject([{ host: 'syslog', transport: 'tcp' }]);
    expect(r.data!.syslog[0]!.port).toBeUndefined();
    expect(auditSinkConfigured(r.data, {})).toBe(true);
  });

  it('accepts digits for the port and refuses anything else', () => {
    expect(parse({ host: 'h', port: '1514' }).data!.syslog[0]!.port).toBe(1514);
    expect(parse({ host: 'h', port: 514 }).data!.syslog[0]!.port).toBe(514);
    for (const bad of ['0x10', ' 514', '514 ', '1e3', '-1', '70000', '0', '٥١٤', 'tcp'])
      expect(parse({ host: 'h', port: bad }).success, bad).toBe(false);
  });

  it('still refuses an unknown transport or key', () => {
    expect(parse({ host: 'h', transport: 'TCP' }).success).toBe(false);
    expect(parse({ host: 'h', hots: 'x' }).success).toBe(false);
  });
});
