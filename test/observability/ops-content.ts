/**
 * Checks for the shipped operations content (examples/observability/): the Prometheus rule file
 * and the Grafana dashboard are validated against JSON schemas (ajv), every PromQL expression is
 * parsed and type-checked by Prometheus' own PromQL front end (@prometheus-io/lezer-promql, the
 * grammar of the Prometheus UI, and the linter of @prometheus-io/codemirror-promql), and the
 * metric names they use are collected for the check against a running guard's /metrics.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type * as CodemirrorState from '@codemirror/state';
import type * as CodemirrorLanguage from '@codemirror/language';
import type * as LezerPromql from '@prometheus-io/lezer-promql';
import { REPO_ROOT } from '../helpers/paths.js';

// The PromQL linter ships CommonJS only (its CJS index omits `Parser`, so the class is loaded from
// its module). EditorState must come from the same CJS copy of @codemirror/state the linter uses.
const require = createRequire(import.meta.url);
const { EditorState } = require('@codemirror/state') as typeof CodemirrorState;
const { LRLanguage, ensureSyntaxTree, syntaxTree } =
  require('@codemirror/language') as typeof CodemirrorLanguage;
const { parser: promqlParser } = require('@prometheus-io/lezer-promql') as typeof LezerPromql;
const { Parser: PromqlLinter } =
  require('@prometheus-io/codemirror-promql/dist/cjs/parser/parser.js') as {
    Parser: new (state: CodemirrorState.EditorState) => {
      analyze(): void;
      getDiagnostics(): { from: number; to: number; severity: string; message: string }[];
    };
  };

const promql = LRLanguage.define({ parser: promqlParser });

export const OPS_DIR = path.join(REPO_ROOT, 'examples/observability');
export const RULES_FILE = path.join(OPS_DIR, 'prometheus-rules.yaml');
export const DASHBOARD_FILE = path.join(OPS_DIR, 'grafana-dashboard.json');
const HERE = path.join(REPO_ROOT, 'test/observability');

/** One PromQL expression and where it came from (alert name, or panel title and refId). */
export interface Expr {
  where: string;
  expr: string;
}

export type RuleFile = {
  groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
};

export interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { refId: string; expr: string }[];
}

export type Dashboard = {
  panels: Panel[];
  templating: { list: { name: string; query?: unknown; definition?: string }[] };
};

export const loadRules = (text = readFileSync(RULES_FILE, 'utf8')): RuleFile =>
  parseYaml(text) as RuleFile;

export const loadDashboard = (text = readFileSync(DASHBOARD_FILE, 'utf8')): Dashboard =>
  JSON.parse(text) as Dashboard;

const ajv = new Ajv({ allErrors: true, strict: true });
const schema = (file: string): object =>
  JSON.parse(readFileSync(path.join(HERE, file), 'utf8')) as object;
const validateRules = ajv.compile(schema('prometheus-rules.schema.json'));
const validateDashboard = ajv.compile(schema('grafana-dashboard.schema.json'));

function schemaErrors(validate: typeof validateRules, data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

export const ruleSchemaErrors = (rules: unknown): string[] => schemaErrors(validateRules, rules);
export const dashboardSchemaErrors = (d: unknown): string[] => schemaErrors(validateDashboard, d);

/**
 * Errors and warnings of Prometheus' PromQL parser and type checker for `expr`. The linter skips
 * the zero-width error nodes the parser inserts for a missing token (an unclosed parenthesis), so
 * every error node of the tree is reported too.
 */
export function lintPromql(expr: string): string[] {
  // A new state parses for 20 ms only; the linter reads the state's tree, so finish the parse
  // and take a state that holds the whole tree (else a cold first parse lints half a query).
  const initial = EditorState.create({ doc: expr, extensions: [promql] });
  if (!ensureSyntaxTree(initial, expr.length, 10_000)) return ['parse did not finish'];
  const state = initial.update({}).state;
  const tree = syntaxTree(state);
  if (tree.length !== expr.length) return ['parse did not finish'];
  const out: string[] = [];
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) out.push(`error: syntax error at offset ${n.from}`);
    },
  });
  const linter = new PromqlLinter(state);
  linter.analyze();
  for (const d of linter.getDiagnostics()) {
    out.push(`${d.severity}: ${d.message} at "${expr.slice(d.from, d.to)}"`);
  }
  return out;
}

/** A selected metric and the label names its matchers use. */
export interface Selector {
  metric: string | undefined;
  labels: string[];
}

/** Every vector selector of `expr`: its metric name (undefined if it has none) and matchers. */
export function selectors(expr: string): Selector[] {
  const out: Selector[] = [];
  const cursor = promqlParser.parse(expr).cursor();
  do {
    if (cursor.name !== 'VectorSelector') continue;
    const node = cursor.node;
    const id = node.getChild('Identifier');
    const labels = node
      .getChild('LabelMatchers')
      ?.getChildren('UnquotedLabelMatcher')
      .map((m) => m.getChild('LabelName'))
      .filter((n) => n !== null)
      .map((n) => expr.slice(n.from, n.to));
    out.push({ metric: id ? expr.slice(id.from, id.to) : undefined, labels: labels ?? [] });
  } while (cursor.next());
  return out;
}

export function ruleExpressions(rules: RuleFile): Expr[] {
  return rules.groups.flatMap((g) =>
    g.rules.map((r) => ({ where: `${g.name}/${r.alert ?? r.record}`, expr: r.expr })),
  );
}

/**
 * Grafana replaces its interval macros before Prometheus sees a query; the linter gets what
 * Prometheus would (template variables stay inside string literals, where PromQL allows them).
 */
export function grafanaToPromql(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m');
}

export function dashboardExpressions(d: Dashboard): Expr[] {
  const out: Expr[] = [];
  for (const p of d.panels) {
    for (const t of p.targets ?? []) {
      out.push({ where: `panel "${p.title}" ${t.refId}`, expr: grafanaToPromql(t.expr) });
    }
  }
  for (const v of d.templating.list) {
    const q = (v.query as { query?: string } | undefined)?.query;
    const m = q !== undefined ? /^label_values\((.*),\s*\w+\)$/.exec(q) : null;
    if (m) out.push({ where: `variable ${v.name}`, expr: m[1]! });
  }
  return out;
}

/**
 * What the schema cannot say about a dashboard: unique panel ids, panels inside the 24-column
 * grid without overlapping, unique refIds per panel, only defined `$variables` used.
 */
export function dashboardLayoutErrors(d: Dashboard): string[] {
  const errors: string[] = [];
  const ids = new Set<number>();
  const defined = new Set(d.templating.list.map((v) => v.name));
  for (const p of d.panels) {
    if (ids.has(p.id)) errors.push(`duplicate panel id ${p.id}`);
    ids.add(p.id);
    const g = p.gridPos;
    if (g.x + g.w > 24) errors.push(`panel "${p.title}" extends past column 24`);
    const refs = (p.targets ?? []).map((t) => t.refId);
    if (new Set(refs).size !== refs.length) errors.push(`panel "${p.title}" repeats a refId`);
    for (const t of p.targets ?? []) {
      for (const [, name] of t.expr.matchAll(/\$(?:\{)?([a-zA-Z_]\w*)/g)) {
        if (!name!.startsWith('__') && !defined.has(name!)) {
          errors.push(`panel "${p.title}" uses undefined variable $${name}`);
        }
      }
    }
  }
  const boxes = d.panels.map((p) => ({ title: p.title, ...p.gridPos }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
        errors.push(`panels "${a.title}" and "${b.title}" overlap`);
      }
    }
  }
  return errors;
}

/** Metric families of a Prometheus text exposition, by name, with their type. */
export function exportedFamilies(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

/** Series names a family provides (`_bucket`, `_sum`, `_count` for histograms). */
export function seriesNames(families: Map<string, string>): Set<string> {
  const out = new Set<string>();
  for (const [name, type] of families) {
    out.add(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) out.add(name + s);
    if (type === 'summary') for (const s of ['_sum', '_count']) out.add(name + s);
  }
  return out;
}

/** Label names seen on the samples of each series name. */
export function sampleLabels(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of text.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? \S+$/gm)) {
    const set = out.get(m[1]!) ?? new Set<string>();
    for (const l of (m[2] ?? '').matchAll(/(\w+)="/g)) set.add(l[1]!);
    out.set(m[1]!, set);
  }
  return out;
}
