/**
 * Pure pieces of the ops features: what pinning hashes and scans, and how the demo prints audit
 * records. The behaviour through the proxy is covered by the e2e files next to this one.
 */
import { describe, expect, it } from 'vitest';
import { describedTexts, toolDefinitionHash } from '../../src/guards/tool-pinning/hash.js';
import { formatAuditLine } from '../../src/demo/tail.js';
import { defHash } from './harness.js';

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

describe('demo decision log lines', () => {
  it('formats a denial with principal, method, tool and code', () => {
    const line = formatAuditLine({
      kind: 'decision',
      time: '2026-11-21T08:44:32.940Z',
      principal: { id: 'demo-reader', role: 'reader' },
      method: 'tools/call',
      tool: 'close_finding',
      outcome: 'denied',
      code: 'unknown_tool',
    });
    expect(line).toMatch(
      /^08:44:32\.940 {2}demo-reader\(reader\) +tools\/call close_finding +denied unknown_tool$/,
    );
  });

  it('shows critical lifecycle events and hides info-level learn-mode events', () => {
    const ev = { kind: 'lifecycle', time: '2026-11-21T08:00:00.000Z', type: 'tripwire' };
    expect(
      formatAuditLine({ ...ev, severity: 'critical', detail: { findingIds: [613] } }),
    ).toContain('[critical] tripwire findingIds=[613]');
    expect(
      formatAuditLine({ ...ev, type: 'tool_definition_changed', severity: 'info', detail: {} }),
    ).toBeUndefined();
    expect(formatAuditLine({ kind: 'checkpoint' })).toBeUndefined();
  });
});
