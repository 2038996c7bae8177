/**
 * Where the finding-facts guard gets a finding's facts. In production it is a tools/call of the
 * lookup tool on the upstream (src/proxy/fact-source.ts); `policy test` answers from the case
 * (src/policy/case-facts.ts).
 */
import type { JsonRpcMessage } from '../../core/jsonrpc.js';

/**
 * Answers the lookup tool's tools/call for one finding (the JSON-RPC response). `warm`, when
 * given, opens what the first lookup needs ahead of it (failures are left for that lookup).
 */
export type FactSource = ((findingId: number, signal: AbortSignal) => Promise<JsonRpcMessage>) & {
  warm?: () => void;
};
