/** JSON-RPC message shapes shared by the proxy, the guards and the audit record. */
export type JsonRpcId = string | number;

/** A JSON-RPC message as parsed once by src/proxy/jsonrpc.ts. */
export type JsonRpcMessage = Record<string, unknown>;

/** What the proxy learned about one incoming JSON-RPC message (client → server). */
export interface ClassifiedRequest {
  kind: 'request' | 'notification' | 'response';
  /** Present iff the message had an `id` member (0 and "" are valid ids). */
  id?: JsonRpcId;
  method?: string;
  /** `params.name` of tools/call, `params.name` of prompts/get. */
  toolName?: string;
  promptName?: string;
  /** `params.uri` of resources/read. */
  resourceUri?: string;
  /** `params.arguments` of tools/call and prompts/get (a plain object, prototype-free). */
  arguments?: Record<string, unknown>;
  /** The full parsed message. Rewrites replace it through a `rewrite` verdict. */
  message: JsonRpcMessage;
}
