/** Host / Origin / Mcp-Name checks with adversarial spellings (DNS rebinding, header smuggling). */
import { describe, expect, it } from 'vitest';
import type { CompiledServer } from '../../src/policy/compiled.js';
import { SERVER_LIMIT_DEFAULTS } from '../../src/policy/compile-server-limits.js';
import {
  decodeMcpHeaderValue,
  encodeMcpHeaderValue,
  hostAllowed,
  originAllowed,
} from '../../src/proxy/http-checks.js';
import { isValidSessionId } from '../../src/proxy/sessions.js';

const server = (hosts: string[] = [], origins: string[] = []): CompiledServer => ({
  host: '127.0.0.1',
  port: 0,
  path: '/mcp',
  allowedHosts: new Set(hosts),
  allowedOrigins: new Set(origins),
  maxBodyBytes: 1,
  maxJsonDepth: 1,
  maxResponseBytes: 1,
  maxSseEventBytes: 1,
  sessionTtlMs: 1,
  ...SERVER_LIMIT_DEFAULTS,
});

describe('hostAllowed', () => {
  it('defaults to loopback names on any port, case-insensitively', () => {
    for (const h of ['localhost', 'LOCALHOST:8080', '127.0.0.1:1', '[::1]:443', '[::1]']) {
      expect(hostAllowed(h, server())).toBe(true);
    }
  });

  it('refuses look-alikes, suffixes, lists, userinfo and missing hosts', () => {
    for (const h of [
      undefined,
      '',
      'localhost.',
      'localhost.evil.com',
      'evil.com',
      '127.0.0.1.nip.io',
      'localhost, evil.com',
      'evil.com@localhost',
      'localhost evil',
      '127.0.0.2',
      '[::2]',
      'ｌocalhost',
    ]) {
      expect(hostAllowed(h, server())).toBe(false);
    }
  });

  it('honours an explicit list: entry with port is exact, without port allows any port', () => {
    const s = server(['dojo.example', 'proxy.example:8443']);
    expect(hostAllowed('DOJO.example:9', s)).toBe(true);
    expect(hostAllowed('proxy.example:8443', s)).toBe(true);
    expect(hostAllowed('proxy.example:8444', s)).toBe(false);
    expect(hostAllowed('localhost', s)).toBe(false);
  });
});

describe('originAllowed', () => {
  it('accepts no Origin (non-browser) and loopback origins by default', () => {
    expect(originAllowed(undefined, server())).toBe(true);
    expect(originAllowed('http://localhost:6274', server())).toBe(true);
    expect(originAllowed('https://127.0.0.1', server())).toBe(true);
  });

  it('refuses null, other schemes, userinfo tricks and look-alikes', () => {
    for (const o of [
      'null',
      'file://',
      'chrome-extension://abc',
      'http://localhost@evil.com',
      'http://localhost.evil.com',
      'http://evil.com#localhost',
      'not a url',
    ]) {
      expect(originAllowed(o, server())).toBe(false);
    }
  });

  it('uses exact matching when a list is configured', () => {
    const s = server([], ['https://app.example']);
    expect(originAllowed('https://app.example', s)).toBe(true);
    expect(originAllowed('https://app.example/', s)).toBe(false);
    expect(originAllowed('https://APP.example', s)).toBe(false);
    expect(originAllowed('http://localhost:1', s)).toBe(false);
  });
});

describe('Mcp-Name encoding and session ids', () => {
  it('round-trips names through the Base64 sentinel and refuses non-canonical Base64', () => {
    for (const n of ['echo', 'ｌeak', 'a\nb', '=?base64?x?=']) {
      expect(decodeMcpHeaderValue(encodeMcpHeaderValue(n))).toBe(n);
    }
    expect(encodeMcpHeaderValue('echo')).toBe('echo');
    expect(decodeMcpHeaderValue('=?base64?bGVhaw?=')).toBeUndefined();
  });

  it('accepts only visible ASCII session ids without commas', () => {
    expect(isValidSessionId('3f1c-ABC_~')).toBe(true);
    for (const s of ['', 'a b', 'a,b', 'é', 'a\tb', 'x'.repeat(257)])
      expect(isValidSessionId(s)).toBe(false);
  });
});
