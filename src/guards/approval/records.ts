/**
 * Approval records in the state store (src/core/store.ts `getDoc`/`casDoc`): one document per
 * approval and one per binding (principal + tool + arguments hash → approval id). Every state
 * change is a compare-and-set of the whole record, so two replicas can never both use one
 * approval, both count one approver twice, or approve a rejected request.
 *
 * States: pending → approved (count reached) → used; pending → rejected; pending|approved →
 * expired (at `expiresAt`, noticed lazily by whoever reads the record next).
 */
import { randomBytes } from 'node:crypto';
import type { StateStore } from '../../core/store.js';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'used';

export interface ApprovalRecord {
  id: string;
  ruleId: string;
  /** The rule's description, for the approver. */
  description?: string;
  requester: { id: string; role: string };
  tool: string;
  /** Hash of principal, tool and the exact arguments: what an approval is bound to. */
  binding: string;
  /** Digest of the raw arguments, the same value the audit records carry. */
  argumentsDigest: string;
  /** Arguments as the audit trail shows them (masked), for the approver to read. */
  arguments: Record<string, unknown>;
  /** Permission an approver must hold, and how many distinct approvers are needed. */
  approvers: { permission: string; count: number };
  approvedBy: { id: string; at: number }[];
  rejectedBy?: { id: string; at: number; reason?: string };
  status: ApprovalStatus;
  createdAt: number;
  expiresAt: number;
  usedAt?: number;
  /** Decision id of the call that asked for it. */
  decisionId: string;
}

const KIND = 'approval';
const BINDING = 'approval-binding';
/** Records stay listable this long after they expire (for `approvals list --all` and forensics). */
export const RETENTION_MS = 3600_000;
/** Compare-and-set retries before a transition gives up (contention means someone else won). */
const CAS_TRIES = 5;

/** Unguessable approval id (knowing one grants nothing: approving needs an approver's token). */
export function newApprovalId(): string {
  return `apr_${randomBytes(12).toString('base64url')}`;
}

function parse(text: string | undefined): ApprovalRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as ApprovalRecord;
    return v && typeof v.id === 'string' && typeof v.binding === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function ttlOf(rec: ApprovalRecord, now: number): number {
  return Math.max(1, rec.expiresAt + RETENTION_MS - now);
}

export interface Loaded {
  rec: ApprovalRecord;
  /** The stored text: the `expected` of the next compare-and-set. */
  text: string;
}

/** Approval records in one store. */
export class ApprovalRecords {
  constructor(private readonly store: StateStore) {}

  async get(id: string): Promise<Loaded | undefined> {
    const text = await this.store.getDoc(KIND, id);
    const rec = parse(text);
    return rec && text !== undefined ? { rec, text } : undefined;
  }

  async list(): Promise<ApprovalRecord[]> {
    const out: ApprovalRecord[] = [];
    for (const t of await this.store.listDocs(KIND)) {
      const r = parse(t);
      if (r) out.push(r);
    }
    return out;
  }

  /** The approval the binding points at, if any. */
  async forBinding(binding: string): Promise<Loaded | undefined> {
    const id = await this.store.getDoc(BINDING, binding);
    return id === undefined ? undefined : this.get(id);
  }

  /**
   * Stores a new pending record and points its binding at it. When another request won the race
   * for the binding, that one is returned instead (one pending request per identical call).
   */
  async create(rec: ApprovalRecord, now: number): Promise<{ loaded: Loaded; created: boolean }> {
    const text = JSON.stringify(rec);
    const ttl = ttlOf(rec, now);
    for (let i = 0; i < CAS_TRIES; i++) {
      const current = await this.store.getDoc(BINDING, rec.binding);
      if (current !== undefined) {
        const other = await this.get(current);
        if (other && other.rec.status === 'pending') return { loaded: other, created: false };
      }
      if (!(await this.store.casDoc(BINDING, rec.binding, current, rec.id, ttl))) continue;
      await this.store.casDoc(KIND, rec.id, undefined, text, ttl);
      return { loaded: { rec, text }, created: true };
    }
    throw new Error('approval binding contended');
  }

  /** Compare-and-set of one record; false when it changed since `from` was read. */
  async replace(from: Loaded, next: ApprovalRecord, now: number): Promise<Loaded | undefined> {
    const text = JSON.stringify(next);
    const ok = await this.store.casDoc(KIND, next.id, from.text, text, ttlOf(next, now));
    return ok ? { rec: next, text } : undefined;
  }

  /** Unpoints the binding (after use, rejection or expiry) unless it already names another id. */
  async release(rec: ApprovalRecord): Promise<void> {
    await this.store.casDoc(BINDING, rec.binding, rec.id, undefined, 1);
  }

  /**
   * Applies `change` with compare-and-set, re-reading on a lost race. `change` returns the next
   * record, or undefined to stop (the current state does not allow the change).
   */
  async transition(
    id: string,
    now: number,
    change: (rec: ApprovalRecord) => ApprovalRecord | undefined,
  ): Promise<{ before: ApprovalRecord; after?: ApprovalRecord } | undefined> {
    for (let i = 0; i < CAS_TRIES; i++) {
      const cur = await this.get(id);
      if (!cur) return undefined;
      const next = change(cur.rec);
      if (!next) return { before: cur.rec };
      if (await this.replace(cur, next, now)) return { before: cur.rec, after: next };
    }
    throw new Error('approval record contended');
  }
}

/** The record's status at `now`: a pending or approved record past its expiry is expired. */
export function effectiveStatus(rec: ApprovalRecord, now: number): ApprovalStatus {
  if ((rec.status === 'pending' || rec.status === 'approved') && now >= rec.expiresAt)
    return 'expired';
  return rec.status;
}
