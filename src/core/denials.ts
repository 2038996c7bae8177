/**
 * The single table of denial codes (STYLE.md §3, §5). Guards return a code; the pipeline looks
 * up HTTP status and JSON-RPC error code here. Codes are a public contract: never rename one.
 */
export const DENIALS = {
  // transport / authn (answered before the guard chain)
  unauthenticated: { http: 401, rpc: -32001, message: 'Authentication required' },
  invalid_token: { http: 401, rpc: -32001, message: 'Invalid or expired credentials' },
  session_not_found: { http: 404, rpc: -32001, message: 'Session not found' },
  forbidden_host: { http: 403, rpc: -32000, message: 'Forbidden host' },
  forbidden_origin: { http: 403, rpc: -32000, message: 'Forbidden origin' },
  body_too_large: { http: 413, rpc: -32600, message: 'Request body too large' },
  request_timeout: { http: 408, rpc: -32600, message: 'Request body not received in time' },
  parse_error: { http: 400, rpc: -32700, message: 'Parse error' },
  invalid_request: { http: 400, rpc: -32600, message: 'Invalid Request' },
  header_mismatch: { http: 400, rpc: -32020, message: 'Header does not match body' },
  unsupported_protocol_version: { http: 400, rpc: -32600, message: 'Unsupported protocol version' },
  unsupported_media_type: { http: 415, rpc: -32000, message: 'Unsupported Media Type' },
  http_method_not_allowed: { http: 405, rpc: -32000, message: 'Method not allowed' },
  duplicate_request_id: {
    http: 400,
    rpc: -32600,
    message: 'Request id is already used by a request in flight in this session',
  },
  request_without_id: {
    http: 400,
    rpc: -32600,
    message: 'Invalid Request: only notifications/* methods may be sent without an id',
  },
  batch_not_supported: { http: 400, rpc: -32600, message: 'JSON-RPC batches are not supported' },
  json_too_deep: { http: 400, rpc: -32600, message: 'JSON nesting too deep' },
  json_too_complex: { http: 400, rpc: -32600, message: 'Too many JSON members or elements' },
  duplicate_json_key: { http: 400, rpc: -32600, message: 'Duplicate JSON object key' },
  forbidden_json_key: { http: 400, rpc: -32600, message: 'Forbidden JSON object key' },
  upstream_unavailable: { http: 502, rpc: -32603, message: 'Upstream MCP server unavailable' },
  upstream_error: { http: 502, rpc: -32603, message: 'Upstream MCP server error' },
  upstream_timeout: { http: 504, rpc: -32603, message: 'Upstream MCP server timed out' },
  upstream_incomplete: {
    http: 502,
    rpc: -32603,
    message: 'Upstream MCP server ended the response without answering the request',
  },
  response_too_large: { http: 502, rpc: -32603, message: 'Upstream response too large' },
  // in-session denials: HTTP 200 with a JSON-RPC error
  unknown_tool: { http: 200, rpc: -32602, message: 'Unknown tool' },
  unknown_prompt: { http: 200, rpc: -32602, message: 'Unknown prompt' },
  unknown_resource: { http: 200, rpc: -32002, message: 'Resource not found' },
  rbac_denied: { http: 200, rpc: -32001, message: 'Not permitted by policy' },
  method_denied: { http: 200, rpc: -32601, message: 'Method not found' },
  injection_detected: { http: 200, rpc: -32002, message: 'Argument rejected by content policy' },
  secret_in_arguments: {
    http: 200,
    rpc: -32002,
    message: 'Argument rejected: it contains a credential',
  },
  rate_limited: { http: 200, rpc: -32003, message: 'Rate limit exceeded' },
  blast_radius_exceeded: {
    http: 200,
    rpc: -32003,
    message: 'Too many findings affected in this window',
  },
  principal_locked: {
    http: 200,
    rpc: -32003,
    message: 'Caller temporarily locked out after repeated denials',
  },
  not_read_before_mutation: {
    http: 200,
    rpc: -32004,
    message: 'Finding must be read in this session before it is changed',
  },
  audit_unavailable: {
    http: 200,
    rpc: -32005,
    message: 'Audit trail unavailable; mutations are suspended',
  },
  state_unavailable: {
    http: 200,
    rpc: -32005,
    message: 'Shared state unavailable; mutations are suspended',
  },
  tool_definition_changed: {
    http: 200,
    rpc: -32006,
    message: 'Tool definition not approved by policy',
  },
  tripwire: { http: 200, rpc: -32007, message: 'Not permitted by policy' },
  // src/guards/arguments/argument-validation.ts; the public message names the argument path
  invalid_arguments: { http: 200, rpc: -32602, message: 'Invalid arguments for this tool' },
  tool_schema_unavailable: {
    http: 200,
    rpc: -32603,
    message: "The tool's input schema is unavailable or unusable; the call was not forwarded",
  },
  // src/guards/approval/: a human must approve this exact call first (error.data.approvalId)
  approval_required: {
    http: 200,
    rpc: -32008,
    message: 'This call needs human approval; retry the identical call once it is approved',
  },
  approval_rejected: { http: 200, rpc: -32008, message: 'The approval request was rejected' },
  approval_expired: {
    http: 200,
    rpc: -32008,
    message: 'The approval request expired; retry to ask again',
  },
  // in band (src/guards/approval/elicit.ts): the requester's own human answered in the client
  approval_declined: { http: 200, rpc: -32008, message: 'The call was declined in the client' },
  approval_cancelled: {
    http: 200,
    rpc: -32008,
    message: 'The confirmation was cancelled in the client; the call was not made',
  },
  approval_timeout: {
    http: 200,
    rpc: -32008,
    message: 'No confirmation came from the client in time; the call was not made',
  },
  approval_unavailable: {
    http: 200,
    rpc: -32008,
    message: 'This call needs confirmation in the client, which cannot be asked (no elicitation)',
  },
  guard_error: { http: 200, rpc: -32603, message: 'Internal guard error' },
  // src/guards/finding-facts/: the target finding's facts could not be looked up (mutations only)
  finding_facts_unavailable: {
    http: 200,
    rpc: -32005,
    message: "The target finding's current state could not be checked; the change was not made",
  },
  finding_out_of_scope: {
    http: 200,
    rpc: -32001,
    message: 'Not permitted by policy: the finding is outside your products',
  },
  // src/guards/external/: an external decision point (OPA, webhook) decides a rule
  external_decision_denied: { http: 200, rpc: -32001, message: 'Not permitted by policy' },
  external_decision_unavailable: {
    http: 200,
    rpc: -32005,
    message: 'The external policy decision could not be obtained; the call was not made',
  },
  // proxy hardening (src/proxy/README.md)
  server_request_denied: {
    http: 200,
    rpc: -32601,
    message: 'Server request not permitted by policy',
  },
  reserved_meta_key: { http: 200, rpc: -32602, message: 'Reserved _meta key' },
  // a client response in the proxy's elicitation id namespace that answers nothing it asked here
  // (src/proxy/elicitation.ts): answered 202 like any client response, never forwarded
  elicitation_answer_unknown: {
    http: 202,
    rpc: -32600,
    message: 'Response answers no elicitation this guard asked in this session',
  },
  too_many_streams: { http: 429, rpc: -32003, message: 'Too many open streams' },
  // a notification over the per-session cap: dropped with 202 like any denied notification
  too_many_notifications: { http: 202, rpc: -32003, message: 'Too many notifications' },
  uncorrelated_response: {
    http: 200,
    rpc: -32603,
    message: 'Upstream response does not answer a request this guard forwarded',
  },
  header_rewrite_conflict: {
    http: 400,
    rpc: -32020,
    message: 'Request was rewritten by policy; its Mcp-Param headers cannot be kept consistent',
  },
} as const satisfies Record<string, { http: number; rpc: number; message: string }>;

export type DenialCode = keyof typeof DENIALS;
