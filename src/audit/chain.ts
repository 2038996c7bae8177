/**
 * The HMAC chain. Each record's MAC is HMAC-SHA256(key, canonicalJson(record without `mac` and
 * `replay`)); the record carries `prevMac` (the previous record's MAC) and `seq`, so deleting,
 * inserting, reordering or editing any record breaks the chain at that point.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson, memberJson, quoteKey, scalarJson } from '../shared/canonical.js';
import { AUDIT_EVENT_VERSION, type AuditBodyV1, type AuditEventV1 } from './event.js';

/** Members the chain adds to every body, in the order they follow the body on a line. */
const CHAIN_KEYS = ['v', 'seq', 'time', 'keyId', 'prevMac'] as const;

/** Members a body must not set: the chain's own, the MAC and the transport's `replay`. */
const RESERVED = new Set<string>([...CHAIN_KEYS, 'mac', 'replay']);

/**
 * Positions of `keys` in RFC 8785 member order (code-unit order of the names). A record kind
 * comes in a handful of member sets (which optional members are present), so the order is
 * computed once per set and looked up after that (bounded cache). `sig` names the set: the
 * quoted names concatenated, which no other list of names produces.
 */
const orders = new Map<string, readonly number[]>();
function canonicalOrder(keys: readonly string[], sig: string): readonly number[] {
  let order = orders.get(sig);
  if (order === undefined) {
    order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
    if (orders.size < 1024) orders.set(sig, order);
  }
  return order;
}

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
   * MAC covers the canonical form of the same members. Each member is serialised once and the
   * two forms are assembled from the same strings, so the MAC covers exactly what the line says.
   * `json` holds members the caller has already serialised (audit/build.ts `verdictsJson`): their
   * RFC 8785 form, which must also be their JSON.stringify form. `event` (the record as an object)
   * is built only when read: the recorder needs the seq and the line.
   */
  seal(
    body: AuditBodyV1,
    time: Date,
    json?: Readonly<Record<string, string>>,
  ): { event: AuditEventV1; line: string; seq: number; mac: string } {
    const seq = this.head.seq + 1;
    const iso = time.toISOString();
    const src = body as unknown as Record<string, unknown>;
    const keys: string[] = [];
    const texts: string[] = [];
    let sig = '';
    let line = '{';
    for (const k of Object.keys(src)) {
      // No body type carries a reserved member; should one ever, it is dropped (the chain's value
      // wins, as with a spread), so the line has each member once and the MAC covers the line.
      if (RESERVED.has(k)) continue;
      const value = src[k];
      let canonical = json?.[k] ?? scalarJson(value);
      let plain: string;
      if (canonical !== undefined) plain = canonical;
      else {
        const m = memberJson(value, k);
        if (m === undefined) continue;
        ({ canonical, plain } = m);
      }
      const q = quoteKey(k);
      keys.push(k);
      sig += q;
      texts.push(q + ':' + canonical);
      line += (line.length === 1 ? '' : ',') + q + ':' + plain;
    }
    const chainTexts = [
      '"v":' + AUDIT_EVENT_VERSION,
      '"seq":' + seq,
      '"time":"' + iso + '"',
      '"keyId":' + this.keyIdJson,
      // Stringified, not quoted by hand: a resumed head's MAC comes from the file.
      '"prevMac":' + JSON.stringify(this.head.mac),
    ];
    for (let i = 0; i < CHAIN_KEYS.length; i++) {
      keys.push(CHAIN_KEYS[i]!);
      texts.push(chainTexts[i]!);
      line += (line.length === 1 ? '' : ',') + chainTexts[i];
    }
    let canonical = '{';
    for (const i of canonicalOrder(keys, sig)) {
      canonical += (canonical.length === 1 ? '' : ',') + texts[i];
    }
    canonical += '}';
    const mac = createHmac('sha256', this.key.secret).update(canonical).digest('hex');
    line += ',"mac":"' + mac + '"}';
    const prevMac = this.head.mac;
    const keyId = this.key.id;
    this.head = { seq, mac, keyId };
    return {
      seq,
      mac,
      line,
      get event(): AuditEventV1 {
        const chain: Record<string, unknown> = {
          v: AUDIT_EVENT_VERSION,
          seq,
          time: iso,
          keyId,
          prevMac,
        };
        const event: Record<string, unknown> = {};
        for (const k of [...keys].sort()) event[k] = Object.hasOwn(chain, k) ? chain[k] : src[k];
        event.mac = mac;
        return event as unknown as AuditEventV1;
      },
    };
  }

  /** `JSON.stringify` of the key id, once per key (it is on every line). */
  private get keyIdJson(): string {
    if (this.keyIdText?.id !== this.key.id) {
      this.keyIdText = { id: this.key.id, json: JSON.stringify(this.key.id) };
    }
    return this.keyIdText.json;
  }

  private keyIdText: { id: string; json: string } | undefined;
}
