/** How `dojo-guard demo` prints audit records (src/demo/tail.ts). */
import { describe, expect, it } from 'vitest';
import { formatAuditLine } from '../../src/demo/tail.js';

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
