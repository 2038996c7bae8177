import { describe, expect, it } from 'vitest';
import { TextMemo } from '../../src/shared/memo.js';

describe('TextMemo', () => {
  it('keeps the most recently used entries and evicts the least recently used', () => {
    const m = new TextMemo<number>(2, 100);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // a is now the most recent
    m.set('c', 3); // evicts b
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBe(1);
    expect(m.get('c')).toBe(3);
  });

  it('does not memoise keys longer than the cap, and compares keys exactly', () => {
    const m = new TextMemo<string>(4, 8);
    m.set('123456789', 'long');
    expect(m.get('123456789')).toBeUndefined();
    m.set('{"a":1}', 'x');
    expect(m.get('{"a":1} ')).toBeUndefined();
    expect(m.get('{"a":1}')).toBe('x');
  });
});
