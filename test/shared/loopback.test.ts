import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/shared/loopback.js';

describe('isLoopbackHost', () => {
  it('accepts localhost, 127.0.0.0/8 and ::1, however they are written', () => {
    for (const h of [
      'localhost',
      'LocalHost',
      ' localhost ',
      '127.0.0.1',
      '127.1.2.3',
      '127.255.255.255',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
      '[::ffff:127.0.0.1]',
    ])
      expect(isLoopbackHost(h), h).toBe(true);
  });

  it('refuses every-interface binds, other hosts and look-alike names', () => {
    for (const h of [
      '0.0.0.0',
      '::',
      '[::]',
      '',
      '128.0.0.1',
      '10.0.0.1',
      '127.999.0.1',
      '127.0.0.1.evil.example',
      'localhost.evil.example',
      'evil-localhost',
      '::ffff:10.0.0.1',
      '::2',
      '[::1',
    ])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});
