/**
 * `dojo-guard policy explain`: which rules decide a tools/call and why. Built from the guards' own
 * compile and decide functions (compileRbac + decideRequest, compileMatch, compileInjection,
 * untrustedPathsFor), so the explanation cannot drift from what the proxy enforces. Offline: the
 * policy is read with `${env:…}` placeholders, no secrets needed. Rendering: explain-render.ts.
 */
import type { ClassifiedRequest } from '../core/jsonrpc.js';
import type { Principal } from '../core/principal.js';
import { compileRbac, type CompiledRbac } from '../guards/rbac/compile.js';
import { compileCondition, UNKNOWN_FACTS, type FactView } from '../guards/rbac/conditions.js';
import { factView } from '../guards/finding-facts/fact-view.js';
import type { CaseFacts } from './case-facts.js';
import { decideRequest } from '../guards/rbac/decide.js';
import { compileMatch, compileToolGlobs } from '../guards/rate-limit/match.js';
import { RateLimitPolicySchema } from '../guards/rate-limit/schema.js';
import { compileInjection } from '../guards/injection/injection-filter.js';
import { InjectionPolicySchema } from '../guards/injection/schema.js';
import { exemptionsFor } from '../guards/content/exemptions.js';
import { compileMutatingClassifier, type AnnotationLookup } from './tool-classes.js';
import { FINDINGS_TRACKING_DEFAULTS } from '../guards/read-tracking/schema.js';
import { compileReadRequirement } from '../guards/read-tracking/requirement.js';
import { extractTargetFindingIds } from '../guards/read-tracking/ids.js';
import { compileApprovalRules, matchApprovalRule } from '../guards/approval/guard.js';
import { conditionsHold } from '../guards/finding-facts/targets.js';
import { compilePattern, compilePatternSet } from '../core/match.js';
import type { PolicyFile } from './schema.js';

export interface ExplainInput {
  role: string;
  tool: string;
  args?: Record<string, unknown>;
  /** Principal id for rate-limit matching and bucket keys (default `explain`). */
  principal?: string;
  /** The target finding's state before the call (`fact:` conditions); absent: they hold. */
  facts?: CaseFacts;
  /** Finding ids the session has read before this call (`audit.findings` read requirements). */
  read?: readonly number[];
}

export interface ExplainOptions {
  /**
   * The upstream's advertised annotations per tool (from `--tools`), so a tool the upstream marks
   * `readOnlyHint: true` is a read as in the proxy. Absent: only names class tools; an unnamed
   * tool is mutating (fail closed), as before the proxy has seen it listed.
   */
  annotationsOf?: AnnotationLookup;
}

export interface RuleExplanation {
  id: string;
  description?: string;
  /** The rule names this tool. */
  appliesToTool: boolean;
  /** `assumed`: a fact condition without facts given (it holds, as for a call naming no finding). */
  conditions: { condition: Record<string, unknown>; holds: boolean; assumed?: true }[];
  /** Tool matches and every condition holds. */
  matched: boolean;
  effect: string;
  /** For `require` rules: does the role (with inheritance) hold the permission? */
  permissionHeld?: boolean;
  /** depends_on_facts: a rule with a `fact:` condition explained without --facts. */
  outcome: 'not_applicable' | 'passes' | 'denies' | 'depends_on_facts';
}

export interface Explanation {
  policyMode: 'enforce' | 'shadow';
  input: Required<Omit<ExplainInput, 'args' | 'read' | 'facts'>> & {
    args: Record<string, unknown>;
    read: number[];
    facts?: CaseFacts;
  };
  mutating: boolean;
  /** Tool definitions were available: `mutating` used the advertised annotations. */
  annotated: boolean;
  rbac: {
    present: boolean;
    mode: 'enforce' | 'shadow';
    roleKnown: boolean;
    /** The role first, then inherited roles in resolution order. */
    inheritance: string[];
    /** Every tool pattern of the chain that matches the tool, with the role that grants it. */
    matchingPatterns: { role: string; pattern: string; deny: boolean }[];
    /** The pattern that decides visibility (most specific; `!deny` wins ties). */
    decidingPattern?: string;
    permissions: string[];
    rules: RuleExplanation[];
    decision: { allow: boolean; code?: string; reason?: string; ruleId?: string };
  };
  rateLimits: {
    present: boolean;
    mode: 'enforce' | 'shadow';
    limits: { id: string; key: string; points: number; durationSeconds: number; burst?: unknown }[];
    blastRadius: {
      id: string;
      maxFindings: number;
      durationSeconds: number;
      countArguments: string[];
      bulkCountsAs: number;
    }[];
    denialStorm?: { threshold: number; windowSeconds: number; lockoutSeconds: number };
  };
  injection: {
    enabled: boolean;
    mode: 'enforce' | 'shadow';
    /** Every string argument of the call is scanned (else the call is not scanned at all). */
    scanned: boolean;
    /** Argument paths exempt from scanning, as `<exemption id>:<path>`. */
    exemptArguments: string[];
    scanFile: boolean;
  };
  wrap: {
    enabled: boolean;
    style?: string;
    /** Result paths exempt from wrapping, as `<exemption id>:<path>` (everything else is wrapped). */
    exemptPaths: string[];
  };
  /**
   * `audit.findings.require_read_for` / `require_read_when` (src/guards/read-requirement.ts): a
   * mutating call they name must target only findings in `input.read`.
   */
  readRequirement: {
    mode: 'enforce' | 'shadow';
    /** Id of the requirement that applies (`require_read_for` or a require_read_when id). */
    ruleId?: string;
    targetIds: number[];
    unread: number[];
    /** Required, and an id is unread, unparsable or absent. */
    denies: boolean;
  };
  /** The approvals rule that gates this call (it then waits for a human), if any. */
  approval?: {
    ruleId: string;
    permission: string;
    count: number;
    expiresSeconds: number;
    /** `out_of_band`, `elicitation` (the caller's human, in the client) or `either`. */
    channel: 'out_of_band' | 'elicitation' | 'either';
    /** The rule gates only calls beyond this count per principal and window (`after`). */
    after?: { calls: number; durationSeconds: number };
  };
  /** rbac rules this call matches that an external decision point decides (not asked here). */
  external?: { ruleId: string; decisionPoint: string }[];
  /**
   * Overall static verdict: RBAC's decision, then the read requirement, then an approvals rule
   * (`approval_required` until a human approves); rate limits and content scans depend on runtime.
   */
  verdict: 'allow' | 'deny';
  code?: string;
}

/** The fact view of a test case's (or --facts) finding state. */
function caseFactView(f: CaseFacts, args: Record<string, unknown>): FactView {
  return factView(
    {
      ...f,
      tags: f.tags.map((t) => t.toLowerCase()),
      is_mitigated: !f.active,
      false_p: false,
      out_of_scope: false,
      duplicate: false,
      under_review: false,
    },
    args,
  );
}

/** Roles in resolution order: the role, then each parent depth-first, each once. */
function inheritanceChain(source: PolicyFile, role: string): string[] {
  const roles = source.rbac?.roles ?? {};
  const out: string[] = [];
  const visit = (name: string): void => {
    if (out.includes(name) || !Object.hasOwn(roles, name)) return;
    out.push(name);
    for (const parent of roles[name]!.inherits) visit(parent);
  };
  visit(role);
  return out;
}

function explainRules(
  source: PolicyFile,
  rbac: CompiledRbac,
  role: string,
  tool: string,
  args: Record<string, unknown>,
  facts: FactView | undefined,
): RuleExplanation[] {
  const held = rbac.roles.get(role)?.permissions ?? new Set<string>();
  return (source.rbac?.rules ?? []).map((r) => {
    const appliesToTool = compilePatternSet(r.tools).allows(tool);
    const conditions = r.when.map((c) => ({
      condition: Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)),
      holds: compileCondition(c)(args, facts ?? UNKNOWN_FACTS),
      ...(c.fact !== undefined && facts === undefined && { assumed: true as const }),
    }));
    const matched = appliesToTool && conditions.every((c) => c.holds);
    const permissionHeld = r.require === undefined ? undefined : held.has(r.require);
    const denies = matched && (r.deny === true || permissionHeld === false);
    return {
      id: r.id,
      description: r.description,
      appliesToTool,
      conditions,
      matched,
      effect: r.deny ? 'deny' : `require permission ${r.require}`,
      permissionHeld,
      outcome: !matched
        ? 'not_applicable'
        : conditions.some((c) => c.assumed) && denies
          ? 'depends_on_facts'
          : denies
            ? 'denies'
            : 'passes',
    };
  });
}

/**
 * Explains how `source` decides `input`.
 * @example explainPolicy(source, { role: 'reader', tool: 'close_finding' }).rbac.decision.code // 'unknown_tool'
 */
export function explainPolicy(
  source: PolicyFile,
  input: ExplainInput,
  opts: ExplainOptions = {},
): Explanation {
  const args = input.args ?? {};
  const read = [...(input.read ?? [])];
  const principalId = input.principal ?? 'explain';
  const shadowAll = source.mode === 'shadow';
  const annotationsOf = opts.annotationsOf ?? (() => undefined);
  const mutating = compileMutatingClassifier(source.tools, annotationsOf)(input.tool);

  const rbac = source.rbac ? compileRbac(source.rbac) : undefined;
  const chain = inheritanceChain(source, input.role);
  const matchingPatterns = chain.flatMap((r) =>
    source
      .rbac!.roles[r]!.tools.filter((p) => compilePattern(p).test(input.tool))
      .map((p) => ({ role: r, pattern: p, deny: p.startsWith('!') })),
  );
  const request: ClassifiedRequest = {
    kind: 'request',
    id: 1,
    method: 'tools/call',
    toolName: input.tool,
    arguments: args,
    message: {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: input.tool, arguments: args },
    },
  };
  const view = input.facts && caseFactView(input.facts, args);
  // Without facts the decision leaves fact rules out (the rule list says they depend on facts).
  const decided = rbac
    ? decideRequest(rbac, input.role, request, view)
    : ({ allow: true } as const);
  const decision = decided.allow
    ? { allow: true }
    : { allow: false, code: decided.code, reason: decided.reason, ruleId: decided.ruleId };

  const rl = source.rate_limits ? RateLimitPolicySchema.parse(source.rate_limits) : undefined;
  const principal: Principal = { id: principalId, role: input.role, authMethod: 'static_token' };
  const facts = { principal, toolName: input.tool, arguments: args, mutating };
  const inj = source.injection ? InjectionPolicySchema.parse(source.injection) : undefined;
  const injCompiled = inj?.enabled ? compileInjection(inj) : undefined;
  const wrap = source.content?.wrap;
  const readReq = explainReadRequirement(source, input.tool, args, read, mutating);
  const readDenies = readReq.denies && readReq.mode === 'enforce' && !shadowAll;
  const gate = source.approvals
    ? matchApprovalRule(
        compileApprovalRules(source.approvals.rules),
        input.tool,
        args,
        view ? [view] : undefined,
      )?.spec
    : undefined;
  const external = (rbac?.rules ?? [])
    .filter(
      (r) =>
        r.external !== undefined &&
        r.tools.allows(input.tool) &&
        conditionsHold(r.when, args, view ? [view] : undefined),
    )
    .map((r) => ({ ruleId: r.id, decisionPoint: r.external! }));
  const allow = decision.allow && !readDenies && !gate;
  // A gated call RBAC allows is still refused until approved (approval_required).
  const code = !decision.allow
    ? decision.code
    : readDenies
      ? 'not_read_before_mutation'
      : gate
        ? 'approval_required'
        : '';

  return {
    policyMode: source.mode,
    input: {
      role: input.role,
      tool: input.tool,
      principal: principalId,
      args,
      read,
      facts: input.facts,
    },
    mutating,
    annotated: opts.annotationsOf !== undefined,
    rbac: {
      present: rbac !== undefined,
      mode: shadowAll ? 'shadow' : (source.rbac?.mode ?? source.mode),
      roleKnown: rbac?.roles.has(input.role) ?? true,
      inheritance: chain,
      matchingPatterns,
      decidingPattern: rbac?.roles.get(input.role)?.tools.resolve(input.tool)?.source,
      permissions: [...(rbac?.roles.get(input.role)?.permissions ?? [])].sort(),
      rules: rbac ? explainRules(source, rbac, input.role, input.tool, args, view) : [],
      decision,
    },
    rateLimits: {
      present: rl !== undefined,
      mode: shadowAll ? 'shadow' : (rl?.mode ?? 'enforce'),
      limits: (rl?.limits ?? [])
        .filter((l) => compileMatch(l.match)(facts))
        .map((l) => ({
          id: l.id,
          key: l.key,
          points: l.points,
          durationSeconds: l.duration_seconds,
          ...(l.burst ? { burst: l.burst } : {}),
        })),
      blastRadius: (rl?.blast_radius ?? [])
        .filter((b) => compileMatch(b.match ?? { classes: ['mutating'] })(facts))
        .map((b) => ({
          id: b.id,
          maxFindings: b.max_findings,
          durationSeconds: b.duration_seconds,
          countArguments: b.count_arguments,
          bulkCountsAs: b.bulk
            .filter((x) => compileToolGlobs(x.tools)(input.tool))
            .filter((x) => compileMatch({ arguments: x.arguments })(facts))
            .reduce((n, x) => n + x.counts_as, 0),
        })),
      denialStorm: rl?.denial_storm
        ? {
            threshold: rl.denial_storm.threshold,
            windowSeconds: rl.denial_storm.window_seconds,
            lockoutSeconds: rl.denial_storm.lockout_seconds,
          }
        : undefined,
    },
    injection: {
      enabled: injCompiled !== undefined,
      mode: shadowAll ? 'shadow' : (inj?.mode ?? 'enforce'),
      scanned: injCompiled?.scansTool(input.tool, () => mutating) ?? false,
      exemptArguments: injCompiled
        ? [
            ...injCompiled.exemptionsFor('tools', input.tool).map((x) => x.label),
            ...(injCompiled.files.tools.has(input.tool)
              ? [`scan_files:${injCompiled.files.argument}`]
              : []),
          ]
        : [],
      scanFile: (injCompiled?.files.enabled && injCompiled.files.tools.has(input.tool)) ?? false,
    },
    wrap: {
      enabled: wrap !== undefined,
      style: wrap?.style,
      exemptPaths: wrap
        ? exemptionsFor(wrap.exempt, 'tools', input.tool).flatMap((x) =>
            x.paths.map((p) => `${x.id}:${p}`),
          )
        : [],
    },
    readRequirement: readReq,
    ...(gate && {
      approval: {
        ruleId: gate.id,
        permission: gate.approvers.permission,
        count: gate.approvers.count,
        expiresSeconds: gate.expires_seconds,
        channel: gate.approvers.channel,
        ...(gate.after && {
          after: { calls: gate.after.calls, durationSeconds: gate.after.duration_seconds },
        }),
      },
    }),
    ...(decision.allow && external.length > 0 && { external }),
    verdict: allow ? 'allow' : 'deny',
    ...(allow ? {} : { code }),
  };
}

/** The read-tracking guard's request check (src/guards/read-tracking.ts) on a given read set. */
function explainReadRequirement(
  source: PolicyFile,
  tool: string,
  args: Record<string, unknown>,
  read: readonly number[],
  mutating: boolean,
): Explanation['readRequirement'] {
  const cfg = source.audit?.findings ?? FINDINGS_TRACKING_DEFAULTS;
  const mode = source.mode === 'shadow' ? 'shadow' : cfg.mode;
  // The guard asks only about mutating calls.
  const ruleId = mutating ? compileReadRequirement(cfg)(tool, args) : undefined;
  const targets = extractTargetFindingIds(args, cfg.id_arguments);
  const readSet = new Set(read);
  const unread = targets.ids.filter((id) => !readSet.has(id));
  const denies =
    ruleId !== undefined && (targets.unparsable || targets.ids.length === 0 || unread.length > 0);
  return {
    mode,
    ...(ruleId === undefined ? {} : { ruleId }),
    targetIds: targets.ids,
    unread,
    denies,
  };
}
