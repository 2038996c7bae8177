/** The benchmark workloads: each is one JSON-RPC body shape. */
import type { Workload } from './load.js';
import type { DemoRole } from '../demo/tokens.js';

const call = (id: number, name: string, args: Record<string, unknown>, meta?: object) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args, ...(meta ? { _meta: meta } : {}) },
});

export const WORKLOADS: Workload[] = [
  { name: 'small_call', body: (i) => call(i, 'health_check', {}) },
  {
    name: 'tools_list',
    body: (i) => ({ jsonrpc: '2.0', id: i, method: 'tools/list', params: {} }),
  },
  { name: 'get_findings_100', body: (i) => call(i, 'get_findings', { limit: 100 }) },
  {
    name: 'sse_10_progress',
    sse: true,
    body: (i) => call(i, 'health_check', {}, { progressToken: `p${i}` }),
  },
  { name: 'new_session', newSessionPerRequest: true, body: (i) => call(i, 'health_check', {}) },
];

/** Policies that know the finding (src/bench/facts.ts): each with the demo role that sends it. */
export const FACT_WORKLOADS: (Workload & {
  role: DemoRole;
  /** What the guard without findings is sent, when the upstream's answer must be the same. */
  baselineBody?: (i: number) => unknown;
})[] = [
  {
    name: 'scoped_get_findings_100',
    role: 'team',
    body: (i) => call(i, 'get_findings', { limit: 100 }),
    // The same product-1 page, asked for explicitly: the difference is the scoping alone.
    baselineBody: (i) => call(i, 'get_findings', { limit: 100, product_id: [1] }),
  },
  {
    name: 'fact_checked_update_finding',
    role: 'writer',
    body: (i) => call(i, 'update_finding', { finding_id: 1, title: `Bench title ${i % 7}` }),
  },
];
