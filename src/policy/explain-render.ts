/**
 * Human-readable rendering of an Explanation (`dojo-guard policy explain` without `--json`).
 * One fact per line, decisions first, so an operator can read why a call is allowed or denied.
 */
import type { Explanation } from './explain.js';

const list = (xs: readonly string[]): string => (xs.length ? xs.join(', ') : '(none)');

/** Renders `e` as text lines (no trailing newline). */
export function renderExplanation(e: Explanation): string {
  const out: string[] = [];
  const { input, rbac } = e;
  out.push(
    `tools/call ${input.tool} as role ${input.role} (principal ${input.principal})` +
      ` args ${JSON.stringify(input.args)}`,
  );
  out.push(
    `verdict: ${e.verdict.toUpperCase()}${e.code ? ` (${e.code})` : ''}` +
      (e.policyMode === 'shadow' ? ' [policy mode: shadow — audited, not enforced]' : ''),
  );
  out.push(
    `tool class: ${e.mutating ? 'mutating' : 'read'}` +
      (e.annotated ? '' : ' (no tool definitions: an unnamed tool counts as mutating)'),
  );
  out.push('');
  out.push(`rbac (${rbac.present ? rbac.mode : 'section absent: every tool allowed'}):`);
  if (rbac.present) {
    if (!rbac.roleKnown) out.push(`  role ${input.role} is not defined in the policy`);
    out.push(`  role chain: ${rbac.inheritance.length ? rbac.inheritance.join(' -> ') : '(none)'}`);
    for (const p of rbac.matchingPatterns) {
      out.push(`  pattern ${p.pattern} from role ${p.role} ${p.deny ? 'denies' : 'allows'}`);
    }
    if (!rbac.matchingPatterns.length) out.push('  no tool pattern of the chain matches');
    out.push(`  deciding pattern: ${rbac.decidingPattern ?? '(none: default deny)'}`);
    out.push(`  permissions: ${list(rbac.permissions)}`);
    for (const r of rbac.rules.filter((x) => x.appliesToTool)) {
      out.push(`  rule ${r.id}: ${r.effect} -> ${r.outcome}`);
      for (const c of r.conditions) {
        out.push(
          `    when ${JSON.stringify(c.condition)}: ${c.holds ? 'holds' : 'does not hold'}${c.assumed ? ' (assumed: no --facts given)' : ''}`,
        );
      }
      if (r.permissionHeld !== undefined && r.matched) {
        out.push(`    permission ${r.permissionHeld ? 'held' : 'NOT held'} by ${input.role}`);
      }
    }
    const d = rbac.decision;
    out.push(
      `  decision: ${d.allow ? 'allow' : `deny ${d.code}`}${d.reason ? ` (${d.reason})` : ''}`,
    );
  }
  if (e.approval) {
    const a = e.approval;
    // The in-band channel (src/guards/approval/elicit.ts): the caller's own human, in the client.
    const after = a.after
      ? ` (only once the caller made more than ${a.after.calls} such calls in ${a.after.durationSeconds}s)`
      : '';
    if (a.channel === 'elicitation') {
      out.push(
        `approval: rule ${a.ruleId} gates this call: it runs once the caller confirms it in ` +
          `the client (MCP elicitation); a client that cannot be asked is refused${after}`,
      );
    } else {
      out.push(
        `approval: rule ${a.ruleId} gates this call: it runs once ${a.count} holder(s) of ` +
          `${a.permission} (not the caller) approve it within ${a.expiresSeconds}s${after}`,
      );
    }
    if (a.channel === 'either') {
      out.push('  or, when the client supports elicitation, once the caller confirms it there');
    }
  }
  for (const x of e.external ?? []) {
    out.push(
      `external: rule ${x.ruleId} is decided by decision point ${x.decisionPoint} at call time ` +
        '(not asked here)',
    );
  }
  out.push('');
  const rr = e.readRequirement;
  out.push(`read before mutation (${rr.mode}):`);
  if (rr.ruleId === undefined) out.push('  no read requirement applies to this call');
  else {
    out.push(
      `  requirement ${rr.ruleId}: every target finding must be read first in the session` +
        ` (read: ${input.read.length ? input.read.join(', ') : 'none'})`,
    );
    out.push(`  targets: ${rr.targetIds.length ? rr.targetIds.join(', ') : '(none)'}`);
    out.push(
      rr.denies
        ? `  -> denies (not_read_before_mutation${rr.unread.length ? `: unread ${rr.unread.join(', ')}` : ''})`
        : '  -> passes',
    );
  }
  out.push('');
  const rl = e.rateLimits;
  out.push(`rate limits (${rl.present ? rl.mode : 'section absent'}):`);
  for (const l of rl.limits) {
    out.push(`  limit ${l.id}: ${l.points} per ${l.durationSeconds}s, bucket per ${l.key}`);
  }
  for (const b of rl.blastRadius) {
    out.push(
      `  blast radius ${b.id}: ${b.maxFindings} findings per ${b.durationSeconds}s, counted from ` +
        `${list(b.countArguments)}${b.bulkCountsAs ? ` + ${b.bulkCountsAs} (bulk)` : ''}`,
    );
  }
  if (rl.denialStorm) {
    const s = rl.denialStorm;
    out.push(
      `  denial storm: >${s.threshold} denials in ${s.windowSeconds}s locks out for ${s.lockoutSeconds}s`,
    );
  }
  if (rl.present && !rl.limits.length && !rl.blastRadius.length) out.push('  no limit applies');
  out.push('');
  const inj = e.injection;
  out.push(`injection filter (${inj.enabled ? inj.mode : 'disabled'}):`);
  if (inj.enabled) {
    out.push(
      inj.scanned
        ? '  every string argument is scanned, and their joined text'
        : '  this call is not scanned (not mutating, not in also_scan)',
    );
    if (inj.scanned && inj.exemptArguments.length)
      out.push(`  exempt arguments: ${list(inj.exemptArguments)}`);
    if (inj.scanFile) out.push('  the imported scan file is scanned too');
  }
  out.push(`untrusted-content wrapping (${e.wrap.enabled ? e.wrap.style : 'disabled'}):`);
  if (e.wrap.enabled) {
    out.push('  every string of the result is wrapped unless safe by construction');
    if (e.wrap.exemptPaths.length) out.push(`  exempt result paths: ${list(e.wrap.exemptPaths)}`);
  }
  return out.join('\n');
}
