/**
 * `audit verify`: re-walks the chain over one or more files (rotated files oldest first, or a
 * collector's output with syslog prefixes) and names the first bad record and why. Checkpoints
 * (from the files, PATH.checkpoint, or extra checkpoint files) expose a truncated tail.
 */
import fs from 'node:fs';
import { sha256Hex } from '../shared/canonical.js';
import { GENESIS_MAC, macEquals, macOf, type AuditKey } from './chain.js';
import { IntentPairs, type OpenIntent } from './verify-intents.js';

import { AUDIT_EVENT_VERSIONS } from './event.js';

export type VerifyProblem =
  | 'modified'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'truncated'
  | 'wrong_key'
  | 'malformed'
  | 'empty'
  /** A mutation's outcome record does not match the write-ahead intent it names. */
  | 'unpaired';

export interface VerifyResult {
  ok: boolean;
  count: number;
  firstSeq: number;
  lastSeq: number;
  gaps: number;
  replaysSkipped: number;
  checkpointsChecked: number;
  /** Write-ahead intent records of mutations (src/audit/verify-intents.ts). */
  intents: number;
  /** Intents with no outcome record: in flight when the proxy stopped (the call may have run). */
  openIntents: OpenIntent[];

  /** Records per record version (`v`), e.g. `{ "1": 10, "2": 90 }` after an upgrade. */
  versions: Record<string, number>;
  error?: { seq: number; problem: VerifyProblem; reason: string; where: string };
}

interface Line {
  text: string;
  where: string;
}

type Rec = Record<string, unknown> & { seq: number; mac: string; prevMac: string; keyId: string };

function parse(text: string): Rec | undefined {
  const i = text.indexOf('{');
  if (i < 0) return undefined;
  try {
    const r = JSON.parse(text.slice(i)) as Record<string, unknown>;
    const ok =
      typeof r.seq === 'number' &&
      typeof r.mac === 'string' &&
      typeof r.prevMac === 'string' &&
      typeof r.keyId === 'string';
    return ok ? (r as Rec) : undefined;
  } catch {
    return undefined;
  }
}

function readLines(files: readonly string[]): Line[] {
  const out: Line[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const parts = text.split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    parts.forEach((t, i) => out.push({ text: t, where: `${f}:${i + 1}` }));
  }
  return out;
}

/**
 * Verifies the chain in `files` with `keys`. `checkpointFiles` are extra sources of signed
 * checkpoints (e.g. the SIEM's copy); `<last file>.checkpoint` is read automatically.
 * @example verifyAuditFiles(['audit.log'], [keyFromText(process.env.AUDIT_HMAC_KEY!)])
 */
export function verifyAuditFiles(
  files: readonly string[],
  keys: readonly AuditKey[],
  checkpointFiles: readonly string[] = [],
): VerifyResult {
  const lines = readLines(files);
  const res: VerifyResult = {
    ok: false,
    count: 0,
    firstSeq: 0,
    lastSeq: 0,
    gaps: 0,
    replaysSkipped: 0,
    checkpointsChecked: 0,
    intents: 0,
    openIntents: [],

    versions: {},
  };
  const pairs = new IntentPairs();
  const byId = new Map(keys.map((k) => [k.id, k.secret]));
  const keyFor = (id: string): Buffer | undefined =>
    byId.get(id) ?? (keys.length === 1 ? keys[0]!.secret : undefined);
  const macs = new Map<number, string>();
  const fail = (
    seq: number,
    problem: VerifyProblem,
    reason: string,
    where: string,
  ): VerifyResult => ({
    ...res,
    error: { seq, problem, reason, where },
  });
  let prev: { seq: number; mac: string } | undefined;
  let torn: { sha: string; where: string } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const { text, where } = lines[i]!;
    if (text.trim() === '') continue;
    const rec = parse(text);
    const expected = (prev?.seq ?? 0) + 1;
    if (!rec) {
      if (torn) return fail(expected, 'malformed', 'unparsable line', torn.where);
      torn = { sha: sha256Hex(Buffer.from(text, 'utf8')), where };
      continue;
    }
    const key = keyFor(rec.keyId);
    if (!key) return fail(rec.seq, 'wrong_key', `no key given for key id ${rec.keyId}`, where);
    const macOk = macEquals(macOf(rec, key), rec.mac);
    // A replay is skipped only if it is byte-for-byte (MAC-for-MAC) a record already verified.
    if (rec.replay === true && macOk && macs.get(rec.seq) === rec.mac) {
      res.replaysSkipped++;
      continue;
    }
    if (!macOk) {
      if (rec.seq < expected) return fail(rec.seq, 'inserted', 'record with a bad MAC', where);
      const next = lines
        .slice(i + 1)
        .map((l) => parse(l.text))
        .find((r) => r !== undefined);
      const nextKey = next ? keyFor(next.keyId) : undefined;
      const nextBad = !!next && !!nextKey && !macEquals(macOf(next, nextKey), next.mac);
      return nextBad && res.count === 0
        ? fail(rec.seq, 'wrong_key', 'MAC does not match with the given key', where)
        : fail(rec.seq, 'modified', 'MAC does not match the record', where);
    }
    if (torn) {
      if (rec.kind !== 'gap' || rec.tornSha256 !== torn.sha) {
        return fail(
          expected,
          'malformed',
          'unparsable line not explained by a gap record',
          torn.where,
        );
      }
      torn = undefined;
    }
    if (rec.kind === 'gap') res.gaps++;
    if (rec.seq !== expected) {
      const seen = macs.get(rec.seq);
      if (seen !== undefined) {
        return seen === rec.mac
          ? fail(rec.seq, 'inserted', `duplicate of seq ${rec.seq} not marked as a replay`, where)
          : fail(rec.seq, 'inserted', `second record with seq ${rec.seq}`, where);
      }
      if (rec.seq < expected)
        return fail(rec.seq, 'reordered', `seq ${rec.seq} after ${expected - 1}`, where);
      const later = lines.slice(i + 1).some((l) => parse(l.text)?.seq === expected);
      return later
        ? fail(expected, 'reordered', `seq ${rec.seq} appears before seq ${expected}`, where)
        : fail(expected, 'deleted', `records ${expected}..${rec.seq - 1} are missing`, where);
    }
    if (rec.prevMac !== (prev?.mac ?? GENESIS_MAC)) {
      return fail(rec.seq, 'modified', 'prevMac does not link to the previous record', where);
    }
    if (rec.kind === 'checkpoint' && (rec.headSeq !== prev?.seq || rec.headMac !== prev?.mac)) {
      return fail(rec.seq, 'modified', 'checkpoint does not match the chain head', where);
    }
    const unpaired = pairs.see(rec);
    if (unpaired) return fail(rec.seq, 'unpaired', unpaired, where);

    const shape = contentProblem(rec);
    if (shape) return fail(rec.seq, 'malformed', shape, where);
    res.versions[String(rec.v)] = (res.versions[String(rec.v)] ?? 0) + 1;
    macs.set(rec.seq, rec.mac);
    if (res.count === 0) res.firstSeq = rec.seq;
    res.count++;
    res.lastSeq = rec.seq;
    prev = { seq: rec.seq, mac: rec.mac };
  }
  if (res.count === 0) return fail(0, 'empty', 'no audit records found', files.join(', '));
  res.intents = pairs.count;
  res.openIntents = pairs.unresolved();
  if (torn)
    return fail(res.lastSeq + 1, 'truncated', 'torn last line (writer crashed?)', torn.where);

  const sources = [...checkpointFiles];
  const side = `${files[files.length - 1]}.checkpoint`;
  if (fs.existsSync(side)) sources.push(side);
  for (const l of readLines(sources)) {
    const cp = parse(l.text);
    if (!cp || cp.kind !== 'checkpoint') continue;
    const key = keyFor(cp.keyId);
    if (!key || !macEquals(macOf(cp, key), cp.mac)) continue; // unsigned/forged: ignore
    res.checkpointsChecked++;
    const headSeq = cp.headSeq as number;
    if (cp.seq > res.lastSeq) {
      return fail(
        res.lastSeq + 1,
        'truncated',
        `a checkpoint names seq ${cp.seq}; the log ends at ${res.lastSeq}`,
        l.where,
      );
    }
    if (macs.has(headSeq) && macs.get(headSeq) !== cp.headMac) {
      return fail(headSeq, 'modified', 'record differs from the signed checkpoint', l.where);
    }
  }
  res.ok = true;
  return res;
}

/**
 * What a correctly signed record must still hold: a known version and, from version 2 on, the
 * `findings_read_before_mutation` id list on every mutation decision (SIEM rules rely on it). A
 * MAC only proves who wrote a record; this catches a writer that breaks the record contract.
 */
function contentProblem(rec: Rec): string | undefined {
  if (typeof rec.v !== 'number' || !AUDIT_EVENT_VERSIONS.includes(rec.v)) {
    return `unsupported record version ${JSON.stringify(rec.v)}`;
  }
  if (rec.v >= 2 && rec.kind === 'decision' && rec.mutation === true) {
    const ids = rec.findings_read_before_mutation;
    const valid =
      Array.isArray(ids) && ids.every((x) => typeof x === 'number' && Number.isSafeInteger(x));
    if (!valid) return 'mutation record without a findings_read_before_mutation id list';
  }
  return undefined;
}
