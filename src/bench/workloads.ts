/** The benchmark workloads: each is one JSON-RPC body shape. */
import type { Workload } from './load.js';

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
