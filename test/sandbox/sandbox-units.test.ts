/**
 * Unit tests of the sandbox's pure pieces with adversarial inputs: title-casing, the multipart
 * parser, pagination links, Python reprs in error bodies, token parsing, and seed determinism.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { titlecase } from '../../src/sandbox/titlecase.js';
import { parseMultipart, isFile } from '../../src/sandbox/multipart.js';
import { paginate, pageParams } from '../../src/sandbox/pagination.js';
import type { DojoHttpError } from '../../src/sandbox/errors.js';
import { errorDictRepr, pyRepr } from '../../src/sandbox/errors.js';
import { authenticate } from '../../src/sandbox/auth.js';
import { seedDatabase } from '../../src/sandbox/seed.js';
import { sandboxToken } from '../../src/sandbox/users.js';
import { scanTypesFor } from '../../src/dojo/scan-types.js';
import { normalizeTags } from '../../src/sandbox/fields.js';

describe('titlecase', () => {
  it.each([
    ['sql injection', 'SQL Injection'],
    ['cross-site scripting in the search box', 'Cross-Site Scripting in the Search Box'],
    ['the end of the road', 'The End of the Road'],
    ['use of iPhone api', 'Use of iPhone API'],
    ['lodash: prototype pollution', 'Lodash: Prototype Pollution'],
    ['Hard coded AWS found in /conf/aws.tf', 'Hard Coded AWS Found in /conf/aws.tf'],
    ['  leading  spaces ', '  Leading  Spaces '],
    ['CVE-2021-44228 log4j-core 2.14.1', 'CVE-2021-44228 Log4j-Core 2.14.1'],
  ])('%s -> %s', (input, want) => {
    expect(titlecase(input)).toBe(want);
  });

  it('is idempotent and never changes the letters, only their case', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const once = titlecase(s);
        expect(titlecase(once)).toBe(once);
        expect(once.toLowerCase()).toBe(s.toLowerCase());
      }),
    );
  });
});

describe('multipart parser', () => {
  const body = (parts: string[], boundary = 'XyZ'): Buffer =>
    Buffer.from(
      parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`,
      'binary',
    );

  it('reads text fields, repeated fields and a binary file intact', () => {
    const bin = Buffer.from([0, 1, 2, 0x0d, 0x0a, 0x2d, 0x2d, 255]);
    const raw = Buffer.concat([
      body([
        'Content-Disposition: form-data; name="scan_type"\r\n\r\nTrivy Scan',
        'Content-Disposition: form-data; name="tags"\r\n\r\na',
        'Content-Disposition: form-data; name="tags"\r\n\r\nb',
      ]).subarray(0, -9),
      Buffer.from(
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="r.bin"\r\nContent-Type: application/octet-stream\r\n\r\n',
        'binary',
      ),
      bin,
      Buffer.from('\r\n--XyZ--\r\n', 'binary'),
    ]);
    const out = parseMultipart('multipart/form-data; boundary=XyZ', raw)!;
    expect(out.scan_type).toBe('Trivy Scan');
    expect(out.tags).toEqual(['a', 'b']);
    expect(isFile(out.file)).toBe(true);
    expect((out.file as any).data.equals(bin)).toBe(true);
    expect((out.file as any).filename).toBe('r.bin');
  });

  it('handles a quoted boundary and returns null without one', () => {
    const raw = body(['Content-Disposition: form-data; name="a"\r\n\r\n1'], 'q b');
    expect(parseMultipart('multipart/form-data; boundary="q b"', raw)).toEqual({ a: '1' });
    expect(parseMultipart('multipart/form-data', raw)).toBeNull();
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const raw = Buffer.concat([
          Buffer.from('--b\r\n'),
          Buffer.from(bytes),
          Buffer.from('\r\n--b--'),
        ]);
        expect(() => parseMultipart('multipart/form-data; boundary=b', raw)).not.toThrow();
      }),
    );
  });
});

describe('pagination', () => {
  it('encodes like Python urlencode (spaces as +, sorted keys, reserved chars escaped)', () => {
    const q = new URLSearchParams('title=a b&product_name=A&B=1&offset=0&limit=2');
    const body = paginate([1, 2, 3, 4, 5], q, 'http://h/api/v2/findings/', (x) => x, false);
    expect(body.next).toBe(
      'http://h/api/v2/findings/?B=1&limit=2&offset=2&product_name=A&title=a+b',
    );
    expect(body.previous).toBeNull();
  });

  it('parses limit/offset with DRF fallbacks', () => {
    expect(pageParams(new URLSearchParams('limit=-1&offset=-5'))).toEqual({ limit: 25, offset: 0 });
    expect(pageParams(new URLSearchParams('limit=1e3&offset=x'))).toEqual({ limit: 25, offset: 0 });
    expect(pageParams(new URLSearchParams('limit=7&offset=3'))).toEqual({ limit: 7, offset: 3 });
  });

  it('covers every item exactly once when following next links', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 40 }), (n, limit) => {
        const items = Array.from({ length: n }, (_, i) => i);
        const seen: number[] = [];
        let q: URLSearchParams | null = new URLSearchParams(`limit=${limit}`);
        while (q) {
          const page: Record<string, unknown> = paginate(items, q, 'http://h/x/', (x) => x, false);
          seen.push(...(page.results as number[]));
          q = page.next ? new URL(page.next as string).searchParams : null;
        }
        expect(seen).toEqual(items);
      }),
    );
  });
});

describe('python reprs in error bodies', () => {
  it('quotes like Python', () => {
    expect(pyRepr('abc')).toBe("'abc'");
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr(`both ' and "`)).toBe(`'both \\' and "'`);
    expect(pyRepr('a\nb')).toBe("'a\\nb'");
    expect(errorDictRepr({ x: [{ message: 'm', code: 'c' }] })).toBe(
      "{'x': [ErrorDetail(string='m', code='c')]}",
    );
  });
});

describe('authentication parsing', () => {
  const db = seedDatabase({
    version: '2.58',
    now: () => new Date('2026-01-15T12:00:00Z'),
    findings: 50,
  });
  const detail = (h: string | undefined): unknown => {
    try {
      return authenticate(h, db).username;
    } catch (e) {
      return (e as DojoHttpError).body;
    }
  };
  it('accepts Token in any case and any whitespace around the key', () => {
    expect(detail(`token ${sandboxToken('reader')}`)).toBe('reader');
    expect(detail(`TOKEN\t${sandboxToken('reader')}  `)).toBe('reader');
  });
  it('rejects look-alike keys and schemes', () => {
    const t = sandboxToken('reader');
    for (const h of [
      `Token ${t.slice(0, -1)}`,
      `Token ${t} `.replace(' ', '  ') + 'x',
      `Bearer ${t}`,
      `Token${t}`,
      `Token ${t}\u200b`,
      `Token ${t.replace('e', 'е')}`,
    ]) {
      expect(detail(h)).not.toBe('reader');
    }
  });
});

describe('seed', () => {
  it('is deterministic apart from dates and large enough to page', () => {
    const a = seedDatabase({ version: '2.58', now: () => new Date('2026-01-15T12:00:00Z') });
    const b = seedDatabase({ version: '3', now: () => new Date('2026-06-01T00:00:00Z') });
    expect(a.findings.rows.size).toBeGreaterThanOrEqual(500);
    expect(a.products.rows.size).toBeGreaterThanOrEqual(5);
    const strip = (f: any) => ({
      id: f.id,
      title: f.title,
      severity: f.severity,
      description: f.description,
      test: f.test,
    });
    expect(a.findings.all().map(strip)).toEqual(b.findings.all().map(strip));
    const sevs = new Set(a.findings.all().map((f) => f.severity));
    expect(sevs.size).toBe(5);
  });

  it('embeds 271 scan types (225 in 2.58)', () => {
    expect(scanTypesFor('3').size).toBe(271);
    expect(scanTypesFor('2.58').size).toBe(225);
  });

  it('normalizes tags to lower case without spaces, commas or quotes', () => {
    expect(normalizeTags(['A B', 'c,"d"', 'a'])).toEqual(['a', 'b', 'c', 'd']);
  });
});
