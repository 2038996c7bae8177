/**
 * Write-ahead pairs for `audit verify`: every mutation's `intent` record (src/proxy/write-ahead.ts)
 * and the outcome `decision` record that names it by `intentSeq`. An outcome must name an intent
 * seen earlier in the files with the same decisionId and arguments digest. An intent with no
 * outcome is reported, not failed: the proxy stopped (crash, kill -9) while the call was in
 * flight, so it may have run; `afterGap` says a gap record followed it.
 */

/** An intent record without an outcome record. */
export interface OpenIntent {
  seq: number;
  decisionId: string;
  tool: string;
  /** A gap record (unclean stop, torn tail) follows it: the writer died with the call in flight. */
  afterGap: boolean;
}

interface Seen {
  decisionId: string;
  tool: string;
  digest: unknown;
  afterGap: boolean;
}

/** Collects intents and matches outcomes as the verifier walks the chain in order. */
export class IntentPairs {
  private readonly open = new Map<number, Seen>();
  private firstSeq: number | undefined;
  count = 0;

  /** Looks at one verified record; returns why it breaks the pairing, or undefined. */
  see(rec: Record<string, unknown> & { seq: number }): string | undefined {
    this.firstSeq ??= rec.seq;
    if (rec.kind === 'gap') for (const s of this.open.values()) s.afterGap = true;
    if (rec.kind === 'intent') {
      this.count++;
      this.open.set(rec.seq, {
        decisionId: String(rec.decisionId),
        tool: String(rec.tool),
        digest: rec.argumentsDigest,
        afterGap: false,
      });
      return undefined;
    }
    if (rec.kind !== 'decision' || typeof rec.intentSeq !== 'number') return undefined;
    // The intent may sit in an older file not given to the verifier (rotation).
    if (rec.intentSeq < this.firstSeq) return undefined;
    const intent = this.open.get(rec.intentSeq);
    if (!intent) return `outcome names intent seq ${rec.intentSeq}, which is not an open intent`;
    if (intent.decisionId !== rec.decisionId) {
      return `outcome ${String(rec.decisionId)} names the intent of ${intent.decisionId}`;
    }
    if (intent.digest !== rec.argumentsDigest) return 'outcome and intent arguments differ';
    this.open.delete(rec.intentSeq);
    return undefined;
  }

  /** Intents still without an outcome, oldest first. */
  unresolved(): OpenIntent[] {
    return [...this.open].map(([seq, s]) => ({
      seq,
      decisionId: s.decisionId,
      tool: s.tool,
      afterGap: s.afterGap,
    }));
  }
}
