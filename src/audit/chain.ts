/**
 * The HMAC chain. Each record's MAC is HMAC-SHA256(key, canonicalJson(record without `mac` and
 * `replay`)); the record carries `prevMac` (the previous record's MAC) and `seq`, so deleting,
 * inserting, reordering or editing any record breaks the chain at that point.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, memberJson, quoteKey } from '../shared/canonical.js';
import { AUDIT_EVENT_VERSION, type AuditBodyV1, type AuditEventV1 } from './event.js';

/** Members the chain adds to every body, in the order they follow the body on a line. */
const CHAIN_KEYS = ['v', 'seq', 'time', 'keyId', 'prevMac'] as const;

/** Members a body must not set: the chain's own, the MAC and the transport's `replay`. */
const RESERVED_KEYS = [...CHAIN_KEYS, 'mac', 'replay'] as const;

/** `prevMac` of the very first record of a chain. */
export const GENESIS_MAC = '0'.repeat(64);

export interface AuditKey {
  id: string;
  /** Raw key bytes. Never logged, never written to a record. */
  secret: Buffer;
}

/**
 * Derives a stable, non-secret key id from the key (an HMAC of a fixed label), so a verifier
 * holding several keys can pick the right one and a rotation is visible in the chain.
 * @example deriveKeyId(Buffer.from('k')) // 'k-3f1c9a0b2d7e4c55'
 */
export function deriveKeyId(secret: Buffer): string {
  return (
    'k-' +
    createHmac('sha256', secret).update('dojo-guard audit key id v1').digest('hex').slice(0, 16)
  );
}

/** Builds an AuditKey from UTF-8 key text (the form AUDIT_HMAC_KEY takes). */
export function keyFromText(text: string, id?: string): AuditKey {
  const secret = Buffer.from(text, 'utf8');
  return { id: id && id.length > 0 ? id : deriveKeyId(secret), secret };
}

/** The MAC of a record (its `mac` and `replay` members are ignored). */
export function macOf(event: Record<string, unknown>, secret: Buffer): string {
  const { mac: _mac, replay: _replay, ...signed } = event;
  return createHmac('sha256', secret).update(canonicalJson(signed)).digest('hex');
}

/** Constant-time comparison of two hex MACs. */
export function macEquals(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export interface ChainHead {
  seq: number;
  mac: string;
  keyId: string;
}

/** Mutable chain state: seals bodies into records, one at a time, in order. */
export class Chain {
  private head: ChainHead;

  constructor(
    private key: AuditKey,
    head?: ChainHead,
  ) {
    this.head = head ?? { seq: 0, mac: GENESIS_MAC, keyId: key.id };
  }

  get current(): Readonly<ChainHead> {
    return this.head;
  }

  get keyId(): string {
    return this.key.id;
  }

  /** Switches key; the caller seals a `key_rotation` record right after. */
  rotate(key: AuditKey): { fromKeyId: string; toKeyId: string } {
    const fromKeyId = this.head.keyId;
    this.key = key;
    return { fromKeyId, toKeyId: key.id };
  }

  /**
   * Seals a body into the next record and returns it with its JSON line (no newline). The line
   * keeps the body's member order with the chain fields after it (`kind` first, greppable); the
   * MAC covers the canonical form of the same members. No object spread: copying a ~17-member
   * body costs more than serialising it.
   */
  seal(body: AuditBodyV1, time: Date): { event: AuditEventV1; line: string } {
    const chain = {
      v: AUDIT_EVENT_VERSION,
      seq: this.head.seq + 1,
      time: time.toISOString(),
      keyId: this.key.id,
      prevMac: this.head.mac,
    };
    let src = body as unknown as Record<string, unknown>;
    // No body type carries a reserved member; should one ever, it is dropped (the chain's value
    // wins, as with a spread), so the line has each member once and the MAC covers the line.
    for (const k of RESERVED_KEYS) {
      if (Object.hasOwn(src, k)) {
        src = { ...src };
        delete src[k];
      }
    }
    // Each member is serialised once (memberJson): the MAC's canonical form is assembled from
    // the members in sorted order, the line from the same strings in the body's order.
    const canon: Record<string, string> = {};
    let line = '{';
    for (const k of Object.keys(src)) {
      const m = memberJson(src[k], k);
      if (m === undefined) continue;
      canon[k] = m.canonical;
      line += (line.length === 1 ? '' : ',') + quoteKey(k) + ':' + m.plain;
    }
    const fields = chain as Record<string, unknown>;
    for (const k of CHAIN_KEYS) {
      const json = JSON.stringify(fields[k]);
      canon[k] = json;
      line += (line.length === 1 ? '' : ',') + '"' + k + '":' + json;
    }
    const keys = Object.keys(canon).sort();
    let canonical = '{';
    const sorted: Record<string, unknown> = {};
    for (const k of keys) {
      canonical += (canonical.length === 1 ? '' : ',') + quoteKey(k) + ':' + canon[k];
      sorted[k] = Object.hasOwn(fields, k) ? fields[k] : src[k];
    }
    canonical += '}';
    const mac = createHmac('sha256', this.key.secret).update(canonical).digest('hex');
    line += ',"mac":"' + mac + '"}';
    sorted.mac = mac;
    const event = sorted as unknown as AuditEventV1;
    this.head = { seq: event.seq, mac, keyId: this.key.id };
    return { event, line };
  }
}
