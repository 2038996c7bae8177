/**
 * The shipped Prometheus rules and Grafana dashboard, offline: structure (JSON schemas), layout,
 * every expression through Prometheus' PromQL parser and type checker, and the coverage the
 * operations docs promise. Broken copies show that each check can fail.
 * test/observability/ops-content.e2e.test.ts checks the metric names against a running guard.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DASHBOARD_FILE,
  RULES_FILE,
  dashboardExpressions,
  dashboardLayoutErrors,
  dashboardSchemaErrors,
  lintPromql,
  loadDashboard,
  loadRules,
  ruleExpressions,
  ruleSchemaErrors,
  selectors,
  type Dashboard,
} from './ops-content.js';

const rules = loadRules();
const dashboard = loadDashboard();

const metricsOf = (exprs: { expr: string }[]): Set<string> =>
  new Set(exprs.flatMap((e) => selectors(e.expr).map((s) => s.metric ?? '(unnamed)')));

describe('Prometheus alerting rules (examples/observability/prometheus-rules.yaml)', () => {
  it('match the rule file schema', () => {
    expect(ruleSchemaErrors(rules)).toEqual([]);
  });

  it('parse and type-check with the PromQL front end, every selector naming its metric', () => {
    for (const { where, expr } of ruleExpressions(rules)) {
      expect(lintPromql(expr), where).toEqual([]);
      for (const s of selectors(expr)) expect(s.metric, `${where}: ${expr}`).toBeDefined();
    }
  });

  it('cover the operational failures the docs list, each once', () => {
    const names = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'DojoGuardAuditSinkDown',
        'DojoGuardAuditSpoolGrowing',
        'DojoGuardAuditRefusingMutations',
        'DojoGuardStateStoreDown',
        'DojoGuardDenialStorm',
        'DojoGuardHighDenialRate',
        'DojoGuardTripwire',
        'DojoGuardPolicyReloadFailed',
        'DojoGuardUpstreamErrors',
      ]),
    );
  });

  it('reject broken rule files: schema and PromQL errors are reported', () => {
    const text = readFileSync(RULES_FILE, 'utf8');
    // A misspelled key, a bad duration and a missing severity are schema errors.
    const broken = loadRules(
      text
        .replace('for: 5m', 'fore: 5m')
        .replace('for: 15m', 'for: 15 minutes')
        .replace('severity: critical', 'team: security'),
    );
    expect(ruleSchemaErrors(broken).join('\n')).toMatch(/additional propert/);
    expect(ruleSchemaErrors(broken).join('\n')).toMatch(/pattern/);
    expect(ruleSchemaErrors(broken).join('\n')).toMatch(/severity/);
    // rate() of a gauge without a range, an unbalanced parenthesis, a string in arithmetic.
    expect(lintPromql('rate(dojo_guard_state_store_healthy)').join()).toMatch(
      /expected type matrix/,
    );
    expect(lintPromql('sum(rate(dojo_guard_requests_total[5m])').join()).toMatch(/syntax error/);
    expect(lintPromql('dojo_guard_requests_total + "x"').join()).toMatch(/binary expression/);
    expect(selectors('{job="dojo-guard"}')[0]?.metric).toBeUndefined();
  });
});

describe('Grafana dashboard (examples/observability/grafana-dashboard.json)', () => {
  it('matches the dashboard schema and lays its panels out on the grid without overlap', () => {
    expect(dashboardSchemaErrors(dashboard)).toEqual([]);
    expect(dashboardLayoutErrors(dashboard)).toEqual([]);
  });

  it('parses and type-checks every query (Grafana interval macros replaced as Grafana does)', () => {
    const exprs = dashboardExpressions(dashboard);
    expect(exprs.length).toBeGreaterThan(30);
    for (const { where, expr } of exprs) {
      expect(lintPromql(expr), where).toEqual([]);
      for (const s of selectors(expr)) expect(s.metric, `${where}: ${expr}`).toBeDefined();
    }
  });

  it('shows what operators need: requests, denials by code and guard, latency per stage, audit, state, rate limits, injection and tripwire hits', () => {
    const used = metricsOf(dashboardExpressions(dashboard));
    for (const m of [
      'dojo_guard_requests_total',
      'dojo_guard_denials_total',
      'dojo_guard_guard_verdicts_total',
      'dojo_guard_request_duration_seconds_bucket',
      'dojo_guard_proxy_added_seconds_bucket',
      'dojo_guard_upstream_duration_seconds_bucket',
      'dojo_guard_guard_seconds_total',
      'dojo_guard_audit_spool_bytes',
      'dojo_guard_audit_sink_up',
      'dojo_guard_audit_accepting_mutations',
      'dojo_guard_state_store_healthy',
      'dojo_guard_rate_limit_denials_total',
      'dojo_guard_injection_hits_total',
      'dojo_guard_tripwire_hits_total',
      'dojo_guard_build_info',
      'dojo_guard_policy_info',
    ]) {
      expect(used, m).toContain(m);
    }
  });

  it('rejects broken dashboards: overlap, duplicate ids, undefined variables, bad queries', () => {
    const copy = (): Dashboard => loadDashboard(readFileSync(DASHBOARD_FILE, 'utf8'));
    const overlapping = copy();
    const [, a, b] = overlapping.panels;
    b!.gridPos = { ...a!.gridPos };
    b!.id = a!.id;
    expect(dashboardLayoutErrors(overlapping).join('\n')).toMatch(/overlap/);
    expect(dashboardLayoutErrors(overlapping).join('\n')).toMatch(/duplicate panel id/);

    const undefinedVar = copy();
    const target = undefinedVar.panels.find((p) => p.targets)!.targets![0]!;
    target.expr = target.expr.replace('$job', '$cluster');
    expect(dashboardLayoutErrors(undefinedVar).join()).toMatch(/undefined variable \$cluster/);

    const noDatasource = copy();
    delete (noDatasource.panels.find((p) => p.type !== 'row') as { datasource?: unknown })
      .datasource;
    expect(dashboardSchemaErrors(noDatasource).join()).toMatch(/datasource/);

    const badQuery = copy();
    const t = badQuery.panels
      .flatMap((p) => p.targets ?? [])
      .find((x) => x.expr.includes('rate('))!;
    t.expr = t.expr.replace('rate(', 'abs(');
    const lint = dashboardExpressions(badQuery).flatMap((e) => lintPromql(e.expr));
    expect(lint.join()).toMatch(/expected type vector/);
  });
});
