import { describe, expect, it } from 'vitest';
import { checkKey, loadClientConfig, normaliseBaseUrl } from '../../src/dojo/config.js';
import {
  PRO_STATUSES,
  canonicalSeverity,
  dateFilter,
  encodeQuery,
  findingsQuery,
  statusFilters,
} from '../../src/dojo/encoding.js';
import { DojoRequestError } from '../../src/dojo/errors.js';
import { decodeReport } from '../../src/dojo/tools/scan-import.js';
import { SCAN_TYPES } from '../../src/dojo/scan-types.js';

describe('encoding', () => {
  it('encodes booleans as true/false (never 1/0/True, which some DefectDojo filters ignore)', () => {
    expect(encodeQuery({ active: true, verified: false }).toString()).toBe(
      'active=true&verified=false',
    );
  });

  it('maps every Pro status word to the API.md §3 boolean filters', () => {
    expect(statusFilters(['Any'])).toEqual({});
    expect(statusFilters(['Open'])).toEqual({ active: true });
    expect(statusFilters(['Verified'])).toEqual({ active: true, verified: true });
    expect(statusFilters(['False Positive'])).toEqual({
      active: false,
      duplicate: false,
      false_p: true,
    });
    expect(statusFilters(['Inactive'])).toEqual({
      active: false,
      duplicate: false,
      is_mitigated: false,
      false_p: false,
      out_of_scope: false,
    });
    expect(statusFilters(['Closed'])).toEqual({ is_mitigated: true });
    expect(statusFilters(['Risk Accepted'])).toEqual({ risk_accepted: true });
    expect(statusFilters(['Under Review'])).toEqual({ under_review: true });
    expect(statusFilters(['Out of Scope'])).toEqual({ active: false, out_of_scope: true });
    for (const s of PRO_STATUSES) expect(() => statusFilters([s])).not.toThrow();
  });

  it('ANDs compatible statuses and refuses contradicting ones', () => {
    expect(statusFilters(['Active', 'Verified', 'Any'])).toEqual({ active: true, verified: true });
    expect(() => statusFilters(['Active', 'Inactive'])).toThrow(DojoRequestError);
    expect(() => statusFilters(['Open', 'False Positive'])).toThrow(/contradict/);
  });

  it('turns "0 - Any date" into no filter (date=0 is a 400) and the others into 1..7', () => {
    expect(dateFilter('0 - Any date')).toBeUndefined();
    expect(dateFilter('1 - Today')).toBe('1');
    expect(dateFilter('7 - Past year')).toBe('7');
    const q = findingsQuery({ date: ['0 - Any date'], limit: 10, offset: 0 });
    expect(q.has('date')).toBe(false);
  });

  it('writes severities in DefectDojo case, whatever the input case', () => {
    expect(canonicalSeverity('cRiTiCaL')).toBe('Critical');
    expect(canonicalSeverity(' info ')).toBe('Info');
    expect(canonicalSeverity('Crit')).toBeUndefined();
    // Turkish dotless/dotted i and fullwidth letters must not sneak through case folding.
    expect(canonicalSeverity('\u0130nfo')).toBeUndefined();
    expect(canonicalSeverity('Ｈigh')).toBeUndefined();
    const q = findingsQuery({ severity: ['high', 'HIGH', 'Critical'], limit: 5, offset: 10 });
    expect(q.get('severity')).toBe('High,Critical');
    expect(q.get('limit')).toBe('5');
    expect(q.get('offset')).toBe('10');
  });

  it('rejects more than one date and unknown severities', () => {
    expect(() =>
      findingsQuery({ date: ['1 - Today', '2 - Past 7 days'], limit: 1, offset: 0 }),
    ).toThrow();
    expect(() => findingsQuery({ severity: ['Severe'], limit: 1, offset: 0 })).toThrow(
      DojoRequestError,
    );
  });
});

describe('config', () => {
  it('requires https except for loopback or ALLOW_INSECURE_HTTP=true', () => {
    expect(normaliseBaseUrl('https://dojo.example.com', false)).toBe('https://dojo.example.com/');
    expect(normaliseBaseUrl('http://127.0.0.5:8080/dd/api/v2/', false)).toBe(
      'http://127.0.0.5:8080/dd/',
    );
    expect(normaliseBaseUrl('http://[::1]:1/', false)).toBe('http://[::1]:1/');
    expect(() => normaliseBaseUrl('http://dojo.example.com', false)).toThrow(/ALLOW_INSECURE_HTTP/);
    // Look-alikes of loopback must not pass as loopback.
    expect(() => normaliseBaseUrl('http://127.0.0.1.evil.com', false)).toThrow();
    expect(() => normaliseBaseUrl('http://localhost.evil.com', false)).toThrow();
    expect(normaliseBaseUrl('http://dojo.example.com', true)).toBe('http://dojo.example.com/');
    expect(() => normaliseBaseUrl('ftp://dojo.example.com', true)).toThrow();
    expect(() => normaliseBaseUrl('https://u:p@dojo.example.com', false)).toThrow(/credentials/);
  });

  it('rejects keys that could split headers, without echoing them', () => {
    const key = 'abc\r\nX-Evil: 1';
    expect(() => checkKey('DEFECTDOJO_API_KEY', key)).toThrow(/not allowed/);
    try {
      checkKey('DEFECTDOJO_API_KEY', key);
    } catch (err) {
      expect((err as Error).message).not.toContain('abc');
    }
    expect(() => checkKey('K', 'a b')).toThrow();
  });

  it('uses DEFECTDOJO_API_KEY for both sides unless a read/write key overrides it', () => {
    const c = loadClientConfig(
      {
        DEFECTDOJO_URL: 'https://d.example',
        DEFECTDOJO_API_KEY: 'shared',
        DEFECTDOJO_WRITE_API_KEY: 'w',
      },
      { requireCredentials: true },
    );
    expect(c.readKey).toBe('shared');
    expect(c.writeKey).toBe('w');
    expect(() =>
      loadClientConfig({ DEFECTDOJO_URL: 'https://d.example' }, { requireCredentials: true }),
    ).toThrow(/no DefectDojo key/);
    expect(() =>
      loadClientConfig(
        {
          DEFECTDOJO_URL: 'https://d.example',
          DEFECTDOJO_API_KEY: 'k',
          DEFECTDOJO_TIMEOUT_MS: '5s',
        },
        { requireCredentials: true },
      ),
    ).toThrow(/whole number/);
  });
});

describe('scan files', () => {
  it('decodes strict base64 only and enforces the size cap before decoding', () => {
    expect(decodeReport(Buffer.from('{"a":1}').toString('base64'), 100).toString()).toBe('{"a":1}');
    expect(() => decodeReport('eyJhIjox_Q==', 100)).toThrow(/base64/); // base64url alphabet
    expect(() => decodeReport('eyJhIjoxfQ', 100)).toThrow(/base64/); // missing padding
    expect(() => decodeReport('A'.repeat(4000), 100)).toThrow(/limit/);
    expect(() => decodeReport('', 100)).toThrow();
  });

  it('embeds the DefectDojo scan-type list (exact names)', () => {
    expect(SCAN_TYPES.size).toBe(271);
    expect(SCAN_TYPES.has('ZAP Scan')).toBe(true);
    expect(SCAN_TYPES.has('zap scan')).toBe(false);
  });
});
