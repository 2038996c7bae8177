/**
 * What tool pinning hashes and what its poisoning scan reads (src/guards/tool-pinning/hash.ts).
 * The behaviour through the proxy is covered by pinning.e2e.test.ts next to this one.
 */
import { describe, expect, it } from 'vitest';
import { describedTexts, toolDefinitionHash } from '../../src/guards/tool-pinning/hash.js';
import { defHash } from '../helpers/static-token-policy.js';

describe('tool definition hash', () => {
  const tool = { name: 't', description: 'd', inputSchema: { type: 'object', properties: {} } };

  it('is the SHA-256 of RFC 8785 canonical JSON (key order does not matter)', () => {
    const reordered = {
      inputSchema: { properties: {}, type: 'object' },
      description: 'd',
      name: 't',
    };
    expect(toolDefinitionHash(tool)).toBe(defHash(tool));
    expect(toolDefinitionHash(reordered)).toBe(toolDefinitionHash(tool));
  });

  it('changes with any field, including annotations and _meta', () => {
    const base = toolDefinitionHash(tool);
    expect(toolDefinitionHash({ ...tool, annotations: { destructiveHint: true } })).not.toBe(base);
    expect(toolDefinitionHash({ ...tool, _meta: { x: 1 } })).not.toBe(base);
    expect(toolDefinitionHash({ ...tool, description: 'd ' })).not.toBe(base);
    expect(toolDefinitionHash({ ...tool, description: 'ｄ' })).not.toBe(base); // full-width
  });
});

describe('describedTexts (what the poisoning scan reads)', () => {
  it('collects descriptions and titles at any depth, enum/examples strings and string defaults', () => {
    const { texts, complete } = describedTexts({
      name: 'not-scanned',
      title: 'T',
      description: 'D',
      inputSchema: {
        properties: {
          a: { description: 'PA', enum: ['E1', 'E2'], default: 'DEF' },
          b: { items: { properties: { c: { title: 'PC', examples: ['X1'] } } } },
        },
      },
      annotations: { title: 'AT' },
    });
    expect(complete).toBe(true);
    expect(texts.sort()).toEqual(['AT', 'D', 'DEF', 'E1', 'E2', 'PA', 'PC', 'T', 'X1'].sort());
  });

  it('reports a definition nested beyond its depth bound as incomplete (fail closed)', () => {
    let deep: Record<string, unknown> = { description: 'bottom' };
    for (let i = 0; i < 40; i++) deep = { properties: { x: deep } };
    expect(describedTexts({ name: 'd', inputSchema: deep }).complete).toBe(false);
  });
});
