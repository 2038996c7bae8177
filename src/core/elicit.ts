/**
 * Asking the human behind the client, in band (MCP elicitation, form mode). The proxy offers a
 * channel on a request's context only when the client can be asked (src/proxy/elicitation.ts);
 * a guard uses it without knowing HTTP (src/guards/approval/elicit.ts).
 */

/** One form-mode question: a message and a flat JSON Schema of what to answer. */
export interface ElicitPrompt {
  readonly message: string;
  readonly requestedSchema: Readonly<Record<string, unknown>>;
  /** No answer within this long is `timeout`. */
  readonly timeoutMs: number;
}

/**
 * What came back. `accept` carries the form's content as the client sent it (unchecked);
 * `cancel` covers the user's cancel, an error answer, a malformed one and a client that left.
 */
export type ElicitAnswer =
  | { readonly action: 'accept'; readonly content: Readonly<Record<string, unknown>> | undefined }
  | { readonly action: 'decline' }
  | { readonly action: 'cancel'; readonly reason: string }
  | { readonly action: 'timeout' };

/** The request's client, as far as a guard may talk to it. */
export interface ClientChannel {
  /** Asks the human; the request waits. At most once per request. */
  elicit(prompt: ElicitPrompt): Promise<ElicitAnswer>;
}
