/**
 * The proxy's elicitation id namespace and the calls waiting in it (src/proxy/elicitation.ts asks;
 * post.ts hands answers here; exchange.ts keeps the upstream out of the namespace).
 */
import type { ElicitAnswer } from '../core/elicit.js';
import type { ClassifiedRequest } from '../core/jsonrpc.js';

export const ELICIT_ID_PREFIX = 'dojo-guard-elicit-';

/** True for an id in the proxy's own elicitation namespace. */
export function isGuardElicitId(id: unknown): id is string {
  return typeof id === 'string' && id.startsWith(ELICIT_ID_PREFIX);
}

interface Waiting {
  sessionId: string;
  principalId: string;
  /** Key (jsonrpc.ts idKey) of the client's own request that waits (the tools/call). */
  callKey: string;
  settle: (answer: ElicitAnswer) => void;
}

/** The calls waiting for their client's answer, by elicitation id (this process). */
export class ElicitationTable {
  private readonly waiting = new Map<string, Waiting>();

  /** Waits for the answer to `id` (registered before the question is written). */
  wait(id: string, w: Omit<Waiting, 'settle'>, timeoutMs: number): Promise<ElicitAnswer> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish({ action: 'timeout' }), timeoutMs);
      const finish = (answer: ElicitAnswer): void => {
        if (this.waiting.get(id)?.settle !== finish) return;
        this.waiting.delete(id);
        clearTimeout(timer);
        resolve(answer);
      };
      this.waiting.set(id, { ...w, settle: finish });
    });
  }

  /** Ends a wait without an answer (the client left). */
  cancel(id: string, reason: string): void {
    this.waiting.get(id)?.settle({ action: 'cancel', reason });
  }

  /**
   * The client cancelled its own waiting call (`notifications/cancelled`): its question is
   * answered as cancelled. Only in the same session, for the same principal.
   */
  cancelCall(sessionId: string, principalId: string, callKey: string): void {
    for (const w of this.waiting.values()) {
      if (w.sessionId === sessionId && w.principalId === principalId && w.callKey === callKey) {
        w.settle({ action: 'cancel', reason: 'the client cancelled the call' });
      }
    }
  }

  /**
   * Hands a client's response to the call waiting for it. False (nothing changes) unless `id`
   * is waiting in this very session for this principal.
   */
  answer(id: string, sessionId: string, principalId: string, message: ClassifiedRequest): boolean {
    const w = this.waiting.get(id);
    if (!w || w.sessionId !== sessionId || w.principalId !== principalId) return false;
    w.settle(answerOf(message));
    return true;
  }

  get size(): number {
    return this.waiting.size;
  }
}

/** The client's JSON-RPC response as an answer; anything but a well-formed result is a cancel. */
function answerOf(message: ClassifiedRequest): ElicitAnswer {
  const m = message.message;
  if (m.error !== undefined) return { action: 'cancel', reason: 'client answered with an error' };
  const result = m.result as { action?: unknown; content?: unknown } | undefined;
  switch (result?.action) {
    case 'accept': {
      const c = result.content;
      const content =
        typeof c === 'object' && c !== null && !Array.isArray(c)
          ? (c as Record<string, unknown>)
          : undefined;
      return { action: 'accept', content };
    }
    case 'decline':
      return { action: 'decline' };
    case 'cancel':
      return { action: 'cancel', reason: 'cancelled by the user' };
    default:
      return { action: 'cancel', reason: 'malformed answer' };
  }
}
