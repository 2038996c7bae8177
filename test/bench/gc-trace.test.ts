import { describe, expect, it } from 'vitest';
import { summariseGc } from '../../src/bench/gc-trace.js';

describe('summariseGc', () => {
  it('reads --trace-gc-nvp records and ignores other output', () => {
    const lines = [
      'dojo-guard proxy listening on http://127.0.0.1:1234',
      '[1:0x1]     1728 ms: pause=3.5 mutator=162.0 gc=s reduce_memory=0 promoted=2048 semi_space_copied=10',
      '[1:0x1]     1900 ms: pause=1.5 mutator=100.0 gc=s reduce_memory=0 promoted=0',
      '[1:0x1]     2100 ms: pause=2.5 mutator=100.0 gc=s reduce_memory=0 promoted=1024',
      '[1:0x1]     2500 ms: pause=9.0 mutator=300.0 gc=mc reduce_memory=0',
      '',
    ];
    const g = summariseGc(lines);
    expect(g.scavenges).toBe(3);
    expect(g.scavengePauseMs).toEqual({ median: 2.5, max: 3.5 });
    expect(g.promotedPerScavengeKb).toBe(1);
    expect(g.markCompacts).toBe(1);
    expect(g.markCompactPauseMs.max).toBe(9);
  });
});
