/**
 * Runs gitleaks' published rules (rules.ts) on text, linear time: every regex and allowlist is
 * RE2 syntax compiled with re2js (no backtracking), compiled lazily on first use. gitleaks
 * semantics kept: keywords gate a rule, `secretGroup` (else the first non-empty group) is the
 * secret, `entropy` is a floor on its Shannon entropy, rule and global allowlists (regexes on
 * secret/match/line, stopwords, AND/OR) drop false positives.
 *
 * Speed: re2js runs at ~1-5 MB/s, so it never sees a whole page. One Aho-Corasick pass finds
 * keyword hits (keywords.ts); a rule then runs only on windows around its own hits, sized by its
 * shape:
 * - template rules (gitleaks' generic `[\w.-]{0,50}?(?:keyword)…(?:=|:|…)value`) need an
 *   assignment operator within reach of the keyword, checked natively before re2js runs, which
 *   drops almost every hit in prose ("API key management", "authentication is required");
 * - token rules (no whitespace inside a match) run on the whitespace-free run around the hit;
 * - spaced rules (PEM blocks, curl commands, Kubernetes YAML) get a wide window, and the three
 *   whose keyword is common prose also need a native gate (SPACED_GATES) found in the text.
 * A match touching a cut window end is rescanned to the end of the text, so windows never cut a
 * secret short.
 */
import { RE2JS } from 're2js';
import { createKeywordScanner } from './keywords.js';
import { GITLEAKS_GLOBAL_ALLOWLIST, GITLEAKS_RULES } from './rules.js';
import type { GitleaksAllowlist, GitleaksRule } from './types.js';

/**
 * Thrown when a text would make re2js read more than RE2_BUDGET_FACTOR × its length plus a slack
 * (dense keyword hits in hostile input: ~1 MB/s of re2js). Callers fail closed: the whole string
 * counts as a secret. Finding text uses a small fraction of it (bench:secrets prints the figure).
 */
export class GitleaksBudgetExceeded extends Error {
  constructor() {
    super('gitleaks scan budget exceeded');
  }
}

/** re2js may read at most this many characters per character of text (plus a fixed slack). */
const RE2_BUDGET_FACTOR = 0.5;
const RE2_BUDGET_SLACK = 65_536;

/** One secret found: the span to redact and the marker kind. */
export interface GitleaksMatch {
  start: number;
  end: number;
  kind: string;
}

/** Characters before a keyword hit that a window includes (template prefix is ≤ 50). */
const BACK = 80;
/** Characters after a keyword hit that a window includes (longest bounded rule body + margin). */
const FORWARD = 640;
/** Wide window of spaced rules (a PEM body is longer: the end rescan covers it). */
const SPACED_FORWARD = 4096;
/** A window may grow this much to reach a word boundary (so `\b` means what it means). */
const SNAP = 64;
/** How far back a token window follows its whitespace-free run (prefixes before a keyword). */
const TOKEN_BACK = 256;

/** The standard gitleaks terminator, stripped before deciding whether a rule spans spaces. */
const TERMINATOR = /\(\?:\[\\x60'"\\s;\]\|\\\\\[nr\]\|\$(?:\|\\b)?\)$/;
/** Regex syntax that can match whitespace inside a secret. */
const SPACE_SYNTAX = / |\\s|\\n|\\t|\(\?s|\[\\s\\S/;

/**
 * Native necessary conditions of spaced rules whose keyword is common in findings (`curl`,
 * `secret`): the whole text must contain this before the rule runs at all.
 */
const SPACED_GATES: Readonly<Record<string, RegExp>> = {
  'curl-auth-header': /\s(?:-H|--header)\b/,
  'curl-auth-user': /\s(?:-u|--user)\b/,
  'kubernetes-secret-yaml': /\bkind:[ \t]*["']?secret\b/i,
};

/** gitleaks' generic template: a lazy name prefix, the keyword group, then an operator. */
const TEMPLATE = /^(?:\(\?i\))?\[\\w\.-\]\{0,50\}\?(?:\(\?i:\[\\w\.-\]\{0,50\}\?)?\(\?:/;
/**
 * Necessary condition of the template after the keyword: name characters, optional quotes,
 * then one of its operators (`=`, `>`, `:`, `||`, `?=`, `,`). Sticky, bounded: no backtracking
 * beyond 40 × 3 steps per hit.
 */
const TEMPLATE_OPERATOR = /[ \t\w.-]{0,40}[\s'"]{0,3}(?:[=>:,]|\|\||\?=)/y;

type Shape = 'template' | 'token' | 'spaced';

interface Compiled {
  rule: GitleaksRule;
  kind: string;
  shape: Shape;
  gate?: RegExp;
  re?: RE2JS;
  /** Template rules: the regex without its lazy name prefix, run anchored at a keyword hit. */
  rest?: RE2JS;
  allow?: { list: GitleaksAllowlist; res: RE2JS[] }[];
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** True when a window ending at `b` cuts a whitespace-free run (a match may go on past it). */
const cut = (text: string, b: number): boolean =>
  !isSpace(text.charCodeAt(b - 1)) && !isSpace(text.charCodeAt(b));

const isWord = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Shannon entropy of `s` in bits per character (gitleaks `detect.shannonEntropy`).
 * @example shannonEntropy('aaaa') // 0
 */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Marker kind of a gitleaks rule id (`github-pat` → `github_pat`). */
export function kindOf(ruleId: string): string {
  return ruleId.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
}

/** The compiled rule set: a keyword index and lazily compiled rules. */
export interface GitleaksEngine {
  /** Secrets in `text`, left to right, non-overlapping. Throws GitleaksBudgetExceeded. */
  scan(text: string): GitleaksMatch[];
  /**
   * Cheap necessary condition: false when `text` cannot match any rule (no keyword hit that
   * survives its rule's native pre-check).
   */
  mightMatch(text: string): boolean;
  /** Number of rules. */
  readonly size: number;
}

function compileAllow(list: GitleaksAllowlist): { list: GitleaksAllowlist; res: RE2JS[] } {
  return { list, res: (list.regexes ?? []).map((r) => RE2JS.compile(r)) };
}

/** True when an allowlist marks this finding as a false positive. */
function allowed(
  a: { list: GitleaksAllowlist; res: RE2JS[] },
  secret: string,
  match: string,
  line: string,
): boolean {
  const target =
    a.list.regexTarget === 'match' ? match : a.list.regexTarget === 'line' ? line : secret;
  const lower = secret.toLowerCase();
  const byRegex = a.res.length > 0 ? a.res.some((re) => re.matcher(target).find()) : undefined;
  const byStop = a.list.stopwords?.length
    ? a.list.stopwords.some((w) => lower.includes(w.toLowerCase()))
    : undefined;
  const results = [byRegex, byStop].filter((x): x is boolean => x !== undefined);
  if (results.length === 0) return false;
  return a.list.condition === 'AND' ? results.every(Boolean) : results.some(Boolean);
}

/** The line of `text` around [start, end), at most 1 KB each side. */
function lineOf(text: string, start: number, end: number): string {
  const a = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 1024);
  let b = text.indexOf('\n', end);
  if (b < 0 || b > end + 1024) b = Math.min(text.length, end + 1024);
  return text.slice(a, b);
}

/**
 * Builds the engine over the generated rule set (or `rules` for tests).
 * @example createGitleaksEngine().scan('token ghp_…')
 */
export function createGitleaksEngine(
  rules: readonly GitleaksRule[] = GITLEAKS_RULES,
  global: GitleaksAllowlist = GITLEAKS_GLOBAL_ALLOWLIST,
): GitleaksEngine {
  const shapeOf = (r: GitleaksRule): Shape =>
    TEMPLATE.test(r.regex)
      ? 'template'
      : SPACE_SYNTAX.test(r.regex.replace(TERMINATOR, ''))
        ? 'spaced'
        : 'token';
  const compiled: Compiled[] = rules.map((rule) => ({
    rule,
    kind: kindOf(rule.id),
    shape: shapeOf(rule),
    gate: SPACED_GATES[rule.id],
  }));
  const byKeyword = new Map<string, Compiled[]>();
  const always: Compiled[] = [];
  for (const c of compiled) {
    if (c.rule.keywords.length === 0) always.push(c);
    for (const k of new Set(c.rule.keywords)) {
      const list = byKeyword.get(k) ?? [];
      list.push(c);
      byKeyword.set(k, list);
    }
  }
  const keywords = [...byKeyword.keys()];
  const keywordScanner = createKeywordScanner(keywords);
  let globalAllow: { list: GitleaksAllowlist; res: RE2JS[] } | undefined;

  function regexOf(c: Compiled): RE2JS {
    return (c.re ??= RE2JS.compile(c.rule.regex));
  }

  /**
   * A template rule's regex minus the optional lazy `[\w.-]{0,50}?` name prefix(es): its
   * matches start at the keyword group, so it runs anchored (`lookingAt`) at each hit.
   */
  function restOf(c: Compiled): RE2JS {
    return (c.rest ??= RE2JS.compile(
      c.rule.regex
        .replace(/^(\(\?i\))?\[\\w\.-\]\{0,50\}\?/, '$1')
        .replace(/^(\(\?i:)\[\\w\.-\]\{0,50\}\?/, '$1'),
    ));
  }

  /** Length of the `[\w.-]` run (≤ 50) before `p`: where gitleaks' match would start. */
  function prefixLength(text: string, p: number): number {
    let n = 0;
    while (n < 50 && p - n > 0) {
      const ch = text.charCodeAt(p - n - 1);
      if (!isWord(ch) && ch !== 46 && ch !== 45) break;
      n++;
    }
    return n;
  }

  /** Template rule: anchored attempts at each hit (a failing attempt dies within a few chars). */
  function runTemplate(
    c: Compiled,
    text: string,
    hits: readonly number[],
    out: GitleaksMatch[],
  ): void {
    const re = restOf(c);
    let covered = -1;
    for (const p of hits) {
      if (p < covered) continue;
      let end = Math.min(text.length, p + FORWARD);
      for (;;) {
        charge(end - p);
        const m = re.matcher(text.slice(p, end));
        if (!m.lookingAt()) break;
        if (m.end() === end - p && end < text.length && cut(text, end)) {
          end = text.length; // touching a cut window end: the value may go on
          continue;
        }
        const span = secretSpan(c, m, p);
        const start = p - prefixLength(text, p);
        if (keep(c, text, span, [start, p + m.end()])) {
          out.push({ start: span[0], end: span[1], kind: c.kind });
          covered = p + m.end();
        }
        break;
      }
    }
  }

  /**
   * Windows [start, end) of `text` where `c` may match, merged, from its sorted keyword hits.
   * Walks never re-enter the previous window, so dense hits cost linear time.
   */
  function windows(c: Compiled, text: string, hits: readonly number[]): [number, number][] {
    const out: [number, number][] = [];
    const n = text.length;
    for (const p of hits) {
      const last = out[out.length - 1];
      const floor = last ? last[1] : 0;
      let a: number;
      let b: number;
      if (c.shape === 'token') {
        // The whitespace-free run around the hit (bounded), one character more each side for
        // `\b`/`\s`; a match running into a cut end is rescanned further (runRule).
        a = p;
        const lo = Math.max(floor, p - TOKEN_BACK);
        while (a > lo && !isSpace(text.charCodeAt(a - 1))) a--;
        a = Math.max(0, a - 1);
        b = Math.max(p, floor);
        const hi = Math.min(n, p + FORWARD);
        while (b < hi && !isSpace(text.charCodeAt(b))) b++;
        b = Math.min(n, b + 1);
      } else {
        a = Math.max(0, p - BACK);
        const lo = Math.max(floor, a - SNAP);
        while (a > lo && isWord(text.charCodeAt(a - 1))) a--;
        b = Math.max(floor, Math.min(n, p + (c.shape === 'spaced' ? SPACED_FORWARD : FORWARD)));
        const hi = Math.min(n, b + SNAP);
        while (b < hi && !isSpace(text.charCodeAt(b))) b++;
      }
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else out.push([a, b]);
    }
    return out;
  }

  /** Secret span of the current match of `m` in a window starting at `offset`. */
  function secretSpan(
    c: Compiled,
    m: ReturnType<RE2JS['matcher']>,
    offset: number,
  ): [number, number] {
    const g = c.rule.secretGroup;
    if (g !== undefined && g <= m.groupCount() && m.start(g) >= 0) {
      return [offset + m.start(g), offset + m.end(g)];
    }
    for (let i = 1; i <= m.groupCount(); i++) {
      if (m.start(i) >= 0 && m.end(i) > m.start(i)) return [offset + m.start(i), offset + m.end(i)];
    }
    return [offset + m.start(), offset + m.end()];
  }

  // Allowlist regexes run on the secret, match and line of every match: charged too, so a text
  // made of thousands of matches cannot make the allowlists the slow part.
  function keep(
    c: Compiled,
    text: string,
    span: [number, number],
    match: [number, number],
  ): boolean {
    const secret = text.slice(span[0], span[1]);
    if (secret.length === 0) return false;
    charge(2 * (match[1] - match[0]) + secret.length);
    if (c.rule.entropy !== undefined && shannonEntropy(secret) < c.rule.entropy) return false;
    const m = text.slice(match[0], match[1]);
    const line = lineOf(text, match[0], match[1]);
    globalAllow ??= compileAllow(global);
    if (allowed(globalAllow, secret, m, line)) return false;
    c.allow ??= (c.rule.allowlists ?? []).map(compileAllow);
    return !c.allow.some((a) => allowed(a, secret, m, line));
  }

  function runRule(
    c: Compiled,
    text: string,
    spans: [number, number][],
    out: GitleaksMatch[],
  ): void {
    const re = regexOf(c);
    for (const [a, end] of spans) {
      let b = end;
      for (;;) {
        charge(b - a);
        const slice = text.slice(a, b);
        const m = re.matcher(slice);
        let grow = false;
        const found: GitleaksMatch[] = [];
        while (m.find()) {
          // A match touching a cut window end may continue past it: rescan to the text's end.
          if (
            m.end() === slice.length &&
            b < text.length &&
            (c.shape === 'spaced' || cut(text, b))
          ) {
            grow = true;
            break;
          }
          if (m.end() === m.start()) continue;
          const span = secretSpan(c, m, a);
          if (keep(c, text, span, [a + m.start(), a + m.end()]))
            found.push({ start: span[0], end: span[1], kind: c.kind });
        }
        if (!grow) {
          out.push(...found);
          break;
        }
        b = text.length;
      }
    }
  }

  let budget = 0;
  function charge(n: number): void {
    budget -= n;
    if (budget < 0) throw new GitleaksBudgetExceeded();
  }

  /** Rules worth running on `text`, with their keyword hits (memo of the last text). */
  let lastText: string | undefined;
  let lastHits: ReadonlyMap<Compiled, number[]> | undefined;
  const NO_HITS: ReadonlyMap<Compiled, number[]> = new Map();
  function candidates(text: string): ReadonlyMap<Compiled, number[]> {
    if (text === lastText && lastHits) return lastHits;
    let hitsByRule: Map<Compiled, number[]> | undefined;
    let gates: Map<Compiled, boolean> | undefined;
    keywordScanner.scan(text, (p, keyword) => {
      const kw = keywords[keyword]!;
      let operator: boolean | undefined; // same answer for every template rule of this hit
      for (const c of byKeyword.get(kw)!) {
        if (c.shape === 'template') {
          if (operator === undefined) {
            TEMPLATE_OPERATOR.lastIndex = p + kw.length;
            operator = TEMPLATE_OPERATOR.test(text);
          }
          if (!operator) continue;
        } else if (c.gate) {
          let open = gates?.get(c);
          if (open === undefined) (gates ??= new Map()).set(c, (open = c.gate.test(text)));
          if (!open) continue;
        }
        hitsByRule ??= new Map();
        const list = hitsByRule.get(c);
        if (!list) hitsByRule.set(c, [p]);
        else if (list[list.length - 1]! < p) list.push(p);
      }
    });
    for (const c of always) (hitsByRule ??= new Map()).set(c, []);
    lastText = text;
    lastHits = hitsByRule ?? NO_HITS;
    return lastHits;
  }

  return {
    size: compiled.length,
    mightMatch: (text) => candidates(text).size > 0,
    scan(text) {
      const hitsByRule = candidates(text);
      budget = RE2_BUDGET_FACTOR * text.length + RE2_BUDGET_SLACK;
      const out: GitleaksMatch[] = [];
      for (const [c, hits] of hitsByRule) {
        hits.sort((x, y) => x - y);
        if (hits.length === 0)
          runRule(c, text, [[0, text.length]], out); // no keywords
        else if (c.shape === 'template') runTemplate(c, text, hits, out);
        else runRule(c, text, windows(c, text, hits), out);
      }
      if (out.length < 2) return out;
      // Left to right; overlaps keep the earlier, then the longer, then the specific rule's span.
      const generic = (m: GitleaksMatch): number => (m.kind === 'generic_api_key' ? 1 : 0);
      out.sort((x, y) => x.start - y.start || y.end - x.end || generic(x) - generic(y));
      const merged: GitleaksMatch[] = [];
      for (const m of out) {
        const last = merged[merged.length - 1];
        if (last && m.start < last.end) continue;
        merged.push(m);
      }
      return merged;
    },
  };
}
