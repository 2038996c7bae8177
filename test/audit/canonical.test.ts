/**
 * The hand-written RFC 8785 serializer (src/shared/canonical.ts) against the `canonicalize`
 * package, and the sealed line/MAC against the previous seal (JSON round trip + canonicalize), so
 * files written before and after the fast path are byte-for-byte the same format.
 */
import { createHmac } from 'node:crypto';
import canonicalizeImport from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/shared/canonical.js';
import { Chain, GENESIS_MAC, keyFromText } from '../../src/audit/chain.js';
import { AUDIT_EVENT_VERSION, type AuditBodyV1 } from '../../src/audit/event.js';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { decisionBody as buildDecision, verdictsJson } from '../../src/audit/build.js';
import { sealBody } from '../../src/audit/recorder.js';
import type { DecisionRecord } from '../../src/core/recorder.js';
import { decision, KEY, keyOf, tmpDir } from './helpers.js';
import fs from 'node:fs';
import path from 'node:path';

const canonicalize = canonicalizeImport as unknown as (v: unknown) => string | undefined;
/** What the chain used to MAC: canonicalize over the JSON round trip. */
const reference = (v: unknown): string | undefined => {
  const text = JSON.stringify(v);
  return text === undefined ? undefined : canonicalize(JSON.parse(text));
};

// Keys and strings that stress the sort (UTF-16 code units, not code points) and escaping.
const nasty = fc.constantFrom(
  '',
  'a',
  'A',
  'é',
  'e\u0301',
  '\u{1F600}',
  '\uFFFF',
  '\uD800',
  '\uDC00x',
  '\u2028',
  '"\\',
  '\u0000\u001f\u007f',
  '__proto__',
  'constructor',
  '1',
  '10',
  '2',
  '-0',
);
const str = fc.oneof(fc.string({ unit: 'binary' }), nasty);
const num = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(-0, 1e21, 1e-7, 5e-324, Number.MAX_VALUE, 0.1 + 0.2, 2 ** 53 + 1),
);
const leaf = fc.oneof(
  str,
  num,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);
const { value: json } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(str, nasty), tie('value'), { maxKeys: 6 }),
  ),
}));

const verdict = fc.record(
  {
    guard: fc.constantFrom('auth', 'rbac', 'injection', 'content', 'rate_limit'),
    phase: fc.constantFrom('request', 'response'),
    outcome: fc.constantFrom('continue', 'deny', 'modify'),
    mode: fc.constantFrom('enforce', 'shadow'),
    code: str,
    ruleId: str,
    note: str,
    durationUs: fc.nat(),
  },
  { requiredKeys: ['guard', 'phase', 'outcome', 'mode', 'durationUs'] },
);
const decisionBody = fc
  .record(
    {
      kind: fc.constant('decision' as const),
      decisionId: fc.uuid(),
      requestId: str,
      rpcId: fc.oneof(str, fc.integer()),
      sessionId: str,
      principal: fc.record({ id: str, role: str, authMethod: str }),
      untrusted: fc.dictionary(str, str, { maxKeys: 4 }),
      method: str,
      tool: str,
      argumentsDigest: str,
      arguments: fc.dictionary(str, json, { maxKeys: 6 }),
      masked: fc.array(str, { maxLength: 3 }),
      verdicts: fc.array(verdict, { maxLength: 16 }),
      outcome: fc.constantFrom('allowed', 'denied', 'error'),
      code: fc.option(str, { nil: undefined }),
      upstreamStatus: fc.integer({ min: 100, max: 599 }),
      latencyMs: num,
      mutation: fc.boolean(),
      policyRevision: str,
      // Version 2 members (optional, so records with and without them are both covered).
      traceId: str,
      findings_read_before_mutation: fc.array(fc.nat(), { maxLength: 4 }),
      mutationTargets: fc.record({
        targetIds: fc.array(fc.nat(), { maxLength: 4 }),
        targetsRead: fc.array(fc.nat(), { maxLength: 4 }),
      }),
    },
    { requiredKeys: ['kind', 'decisionId', 'requestId', 'verdicts', 'outcome', 'latencyMs'] },
  )
  .map((b) =>
    // The writer (src/audit/build.ts) puts the id list on every version 2 mutation record, and the
    // verifier requires it there; bodies without it only exist in version 1 files.
    b.mutation === true && b.findings_read_before_mutation === undefined
      ? { ...b, findings_read_before_mutation: [] as number[] }
      : b,
  );

/**
 * The seal as it was before the fast path (kept here as the format oracle): body members in
 * order, then the chain members. `v` is the record version written (1 before the version 2
 * records, AUDIT_EVENT_VERSION now); the layout and MAC rule are the same for both.
 */
function oldSeal(
  body: unknown,
  seq: number,
  prevMac: string,
  keyId: string,
  secret: Buffer,
  t: Date,
  v: number = AUDIT_EVENT_VERSION,
) {
  const plain = JSON.parse(JSON.stringify(body)) as object;
  const unsigned = { ...plain, v, seq, time: t.toISOString(), keyId, prevMac };
  const mac = createHmac('sha256', secret).update(reference(unsigned)!).digest('hex');
  return { mac, line: JSON.stringify({ ...unsigned, mac }) };
}

describe('canonicalJson (RFC 8785)', () => {
  it('equals canonicalize over the JSON round trip on random values', () => {
    fc.assert(
      fc.property(json, (v) => {
        const ref = reference(v);
        if (ref === undefined) expect(() => canonicalJson(v)).toThrow();
        else expect(canonicalJson(v)).toBe(ref);
      }),
      { numRuns: 2000 },
    );
  });

  it('equals canonicalize on random decision records', () => {
    fc.assert(
      // intentSeq only here: in a file it must name an open intent record, which these lack.
      fc.property(decisionBody, fc.option(fc.nat(), { nil: undefined }), (b, intentSeq) => {
        const rec = intentSeq === undefined ? b : { ...b, intentSeq };
        expect(canonicalJson(rec)).toBe(reference(rec));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts members by UTF-16 code units and uses ES number forms', () => {
    expect(canonicalJson({ '\uFFFF': 1, '\u{1F600}': 2, b: 3, B: 4, '10': 5, '9': 6 })).toBe(
      '{"10":5,"9":6,"B":4,"b":3,"\u{1F600}":2,"\uFFFF":1}',
    );
    expect(canonicalJson([-0, 1e21, 1e-7, 0.000001, NaN, Infinity, undefined])).toBe(
      '[0,1e+21,1e-7,0.000001,null,null,null]',
    );
    expect(canonicalJson({ s: '\uD800', c: '\u0000\u2028' })).toBe(
      '{"c":"\\u0000\u2028","s":"\\ud800"}',
    );
    expect(canonicalJson({ a: undefined, f: () => 1, n: new Number(2), d: new Date(0) })).toBe(
      '{"d":"1970-01-01T00:00:00.000Z","n":2}',
    );
  });

  it('refuses values JSON cannot represent', () => {
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => canonicalJson(cyc)).toThrow();
    expect(() => canonicalJson({ n: 1n })).toThrow();
    expect(() => canonicalJson(undefined)).toThrow();
    // A shared (non-cyclic) reference is fine.
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });
});

describe('Chain.seal keeps the on-disk format', () => {
  it('writes the same line and MAC as the previous seal, and old and new files verify', () => {
    const key = keyOf();
    const t = new Date('2026-11-21T09:00:00.000Z');
    const bodies = fc.sample(decisionBody, 200) as unknown as AuditBodyV1[];
    const chain = new Chain(key);
    let prev = GENESIS_MAC;
    let prevV1 = GENESIS_MAC;
    const oldLines: string[] = [];
    const v1Lines: string[] = [];
    const newLines: string[] = [];
    expect(AUDIT_EVENT_VERSION).toBe(2);
    bodies.forEach((b, i) => {
      const old = oldSeal(b, i + 1, prev, key.id, key.secret, t);
      const now = chain.seal(b, t);
      expect(now.line).toBe(old.line);
      expect(now.event.mac).toBe(old.mac);
      expect(now.event.v).toBe(AUDIT_EVENT_VERSION);
      prev = old.mac;
      oldLines.push(old.line);
      newLines.push(now.line);
      // A file written by the version 1 proxy (same layout, v: 1) must still verify.
      const v1 = oldSeal(b, i + 1, prevV1, key.id, key.secret, t, 1);
      prevV1 = v1.mac;
      v1Lines.push(v1.line);
    });
    const dir = tmpDir();
    const oldFile = path.join(dir, 'old.log');
    fs.writeFileSync(oldFile, oldLines.join('\n') + '\n');
    expect(verifyAuditFiles([oldFile], [keyFromText(KEY)]).ok).toBe(true);
    const v1File = path.join(dir, 'v1.log');
    fs.writeFileSync(v1File, v1Lines.join('\n') + '\n');
    expect(verifyAuditFiles([v1File], [keyFromText(KEY)]).ok).toBe(true);
    // Tampering one byte of a nested argument is still caught with the new serializer.
    const bad = [...newLines];
    bad[50] = bad[50]!.replace('"verdicts":[', '"verdicts":[{"guard":"x"},');
    const badFile = path.join(dir, 'bad.log');
    fs.writeFileSync(badFile, bad.join('\n') + '\n');
    expect(verifyAuditFiles([badFile], [keyFromText(KEY)]).ok).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('Chain.seal with a body that names a chain member', () => {
  it('keeps one member with the chain value, and the record verifies', () => {
    const key = keyOf();
    const chain = new Chain(key);
    const body = {
      kind: 'lifecycle',
      type: 'x',
      severity: 'info',
      detail: {},
      policyRevision: 'r',
    };
    const forged = { ...body, seq: 999, mac: 'f'.repeat(64) } as unknown as AuditBodyV1;
    const { line } = chain.seal(forged, new Date('2026-11-21T09:00:00.000Z'));
    expect(line.match(/"seq":/g)).toHaveLength(1);
    expect((JSON.parse(line) as { seq: number }).seq).toBe(1);
    const dir = tmpDir();
    const file = path.join(dir, 'one.log');
    fs.writeFileSync(file, line + '\n');
    expect(verifyAuditFiles([file], [keyFromText(KEY)]).ok).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('compact verdicts', () => {
  it('keeps every guard verdict visible but drops durationUs when it is 0', () => {
    const rec = decision(1, {
      verdicts: [
        { guard: 'auth', phase: 'request', outcome: 'continue', mode: 'enforce', durationUs: 0 },
        {
          guard: 'rbac',
          phase: 'request',
          outcome: 'deny',
          mode: 'enforce',
          durationUs: 7,
          code: 'rbac_denied',
        },
        {
          guard: 'content',
          phase: 'response',
          outcome: 'continue',
          mode: 'shadow',
          durationUs: 0,
        },
      ],
    });
    const body = buildDecision(rec, 'rev', { fields: [], maxChars: 1000 });
    expect(body.verdicts).toEqual([
      { guard: 'auth', phase: 'request', outcome: 'continue', mode: 'enforce' },
      {
        guard: 'rbac',
        phase: 'request',
        outcome: 'deny',
        mode: 'enforce',
        code: 'rbac_denied',
        durationUs: 7,
      },
      { guard: 'content', phase: 'response', outcome: 'continue', mode: 'shadow' },
    ]);
  });
});

describe("the recorder's decision seal (precompiled verdict list)", () => {
  // Verdicts as the pipeline makes them (src/proxy/pipeline.ts `record`), strings that stress
  // escaping, durations that stress number forms (0 is dropped by build.ts).
  const pipelineVerdict = fc.record(
    {
      guard: str,
      phase: fc.constantFrom('request' as const, 'response' as const),
      outcome: fc.constantFrom('continue', 'deny', 'rewrite'),
      mode: fc.constantFrom('enforce' as const, 'shadow' as const),
      code: str,
      ruleId: str,
      note: str,
      durationUs: fc.oneof(fc.nat(), fc.constantFrom(0, -0, 1e21, 0.5, NaN)),
    },
    { requiredKeys: ['guard', 'phase', 'outcome', 'mode', 'durationUs'] },
  );

  it('writes the verdict list exactly as canonicalJson and JSON.stringify would', () => {
    fc.assert(
      fc.property(fc.array(pipelineVerdict, { maxLength: 20 }), (verdicts) => {
        const body = buildDecision(
          decision(1, { verdicts: verdicts as DecisionRecord['verdicts'] }),
          'rev',
          { fields: [], maxChars: 512 },
        );
        const json = verdictsJson(body.verdicts);
        expect(json).toBe(canonicalJson(body.verdicts));
        expect(json).toBe(JSON.stringify(body.verdicts));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves a verdict the types do not allow to the generic serialiser', () => {
    const body = buildDecision(
      decision(1, {
        verdicts: [{ guard: 'g', phase: 'request', outcome: 'continue', durationUs: 1 } as never],
      }),
      'rev',
      { fields: [], maxChars: 512 },
    );
    expect(verdictsJson(body.verdicts)).toBeUndefined();
    const { line } = sealBody(new Chain(keyOf()), body, new Date('2026-11-21T09:00:00.000Z'));
    expect(JSON.parse(line).verdicts).toEqual([
      { durationUs: 1, guard: 'g', outcome: 'continue', phase: 'request' },
    ]);
  });

  it('seals the same line and MAC as the previous seal, and the file verifies', () => {
    const key = keyOf();
    const t = new Date('2026-11-21T09:00:00.000Z');
    const chain = new Chain(key);
    let prev = GENESIS_MAC;
    const out: string[] = [];
    const records = fc.sample(
      fc.record({
        verdicts: fc.array(pipelineVerdict, { maxLength: 16 }),
        arguments: fc.dictionary(str, json, { maxKeys: 4 }),
        tool: str,
        outcome: fc.constantFrom('allowed' as const, 'denied' as const, 'error' as const),
      }),
      300,
    );
    records.forEach((r, i) => {
      const body = buildDecision(decision(i, r as Partial<DecisionRecord>), 'rev', {
        fields: [],
        maxChars: 512,
      });
      const old = oldSeal(body, i + 1, prev, key.id, key.secret, t);
      const now = sealBody(chain, body, t);
      expect(now.line).toBe(old.line);
      expect(now.seq).toBe(i + 1);
      prev = old.mac;
      out.push(now.line);
    });
    const dir = tmpDir();
    const file = path.join(dir, 'decisions.log');
    fs.writeFileSync(file, out.join('\n') + '\n');
    expect(verifyAuditFiles([file], [keyFromText(KEY)]).ok).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
