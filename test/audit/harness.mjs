// Test harness for the kill -9 tests: a process that records audit decisions through the real,
// built audit module (dist/) until it is killed, or records HARNESS_COUNT and closes cleanly.
// Env: AUDIT_LOG_FILE, AUDIT_HMAC_KEY, HARNESS_AUDIT (JSON audit section), HARNESS_COUNT.
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { createAuditRecorder } from '../../dist/audit/index.js';
import { AuditPolicySchema } from '../../dist/audit/schema.js';

const section = AuditPolicySchema.parse(JSON.parse(process.env.HARNESS_AUDIT ?? '{}'));
const rec = await createAuditRecorder(section, { startDetail: { component: 'harness' } });
const count = process.env.HARNESS_COUNT ? Number(process.env.HARNESS_COUNT) : Infinity;
let i = 0;
const decision = (n) => ({
  decisionId: `h-${process.pid}-${n}`,
  requestId: `r-${n}`,
  sessionId: 's',
  principal: { id: 'harness', role: 'writer', authMethod: 'static_token' },
  method: 'tools/call',
  tool: 'update_finding',
  arguments: { finding_id: n, note: 'x'.repeat(200) },
  verdicts: [],
  outcome: 'allowed',
  latencyMs: 1,
  mutation: true,
});
process.stdout.write(`harness ready ${process.pid}\n`);
if (Number.isFinite(count)) {
  for (; i < count; i++) rec.recordDecision(decision(i));
  await rec.close();
  process.stdout.write('harness done\n');
} else {
  const tick = () => {
    for (let k = 0; k < 20; k++) rec.recordDecision(decision(i++));
    setImmediate(tick);
  };
  tick();
}
