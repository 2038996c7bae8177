/**
 * Rules for the texts of a tool definition only (tool-pinning's poisoning scan, scan.ts
 * `scanToolDescription`). A description is written for the model and may tell it when to use the
 * server's tools, so the record-text rule for that request is off there. These name what a
 * legitimate description has no reason to say: a secret file on the user's machine, a hidden
 * directive tag, a concealment, and a request to use a tool on a trigger, on everything, with a
 * secret or with a claimed approval (the shapes of published tool-poisoning attacks: a tool whose
 * description asks the model to read `~/.cursor/mcp.json` and pass it as an argument, "do not
 * mention that you first need to read the file").
 */
import type { InjectionRule } from './types.js';

/** A request to use a tool that changes or writes a record (words view: `close_finding` → `close finding`). */
const USE_VERBS = ['use', 'call', 'invoke', 'run', 'execute', 'trigger', 'using', 'calling'];
const USE_TOOL = `(?:${USE_VERBS.join('|')}) (?:the )?(?:close|update|delete|remove|add|create|reopen|import|reimport|accept|set|mark|send|forward|post|share)(?: [a-z]+)? ?(?:finding|findings|note|notes|tags?|risk|test|engagement|product|user|users|email|message|webhook)`;
/** When the request fires: on another call, on answering, on being loaded. */
const TRIGGER = `before (?:answering|responding|replying|returning|you answer|you respond|you reply|any other|using any|calling any)|after (?:every|each|any) (?:call|use|request|answer|response|query)|(?:every|each) time|whenever|when this tool is (?:available|loaded|listed|present|installed)|silently`;
/** On everything in sight. */
const BULK = `(?:every|all|each|any) (?:[a-z]+ ){0,2}?(?:findings?|results?|criticals?|highs?|issues?|vulnerabilities|products?|engagements?|tests?|records?)`;
/** With a secret, or with an approval claimed for the user. */
const SECRET = `(?:api|access|auth|bearer) (?:key|token)s?|passwords?|secrets?|credentials?|env(?:ironment)? variables?|system prompt|(?:user|admin|owner|operator) (?:has )?(?:already )?(?:approved|authorized|authorised|consented)`;
/**
 * Near the request (six words): "use close finding on every finding", "after every call, use
 * update finding", "for each result call close finding", "use add finding note to copy the API
 * key". Farther apart, a description's next sentence ("returns all findings") is not the request's.
 */
const NEAR = '(?: [a-z0-9]+){0,6}?';
const HIJACK = `\\b(?:${USE_TOOL})${NEAR} (?:${TRIGGER}|${BULK}|${SECRET})\\b|\\b(?:${TRIGGER}|(?:for|on|to|across) ${BULK})${NEAR} (?:${USE_TOOL})\\b`;

const CONCEAL_VERBS = [
  'tell',
  'mention',
  'reveal',
  'disclose',
  'inform',
  'notify',
  'alert',
  'show',
];
/** The verbs and their -ing forms ("without telling", "never mentioning"). */
const CONCEAL_FORMS = CONCEAL_VERBS.flatMap((v) => [v, `${v.replace(/e$/, '')}ing`]);
const CONCEAL = `\\b(?:do not|don t|never|without) (?:${CONCEAL_FORMS.join('|')})(?: [a-z]+){0,3}? (?:the |your )?(?:user|users|human|operator|anyone|them|this|that|it)\\b|\\b(?:the |your )?users? (?:must|should|need|needs|does|do) not (?:know|see|be told|find out|notice)\\b`;

/** Credentials and client configuration on the user's machine: no DefectDojo tool reads them. */
const SECRET_DIRS = [
  'ssh',
  'aws',
  'azure',
  'gnupg',
  'kube',
  'docker',
  'cursor',
  'netrc',
  'npmrc',
  'pypirc',
  'git-credentials',
  'env',
];
const SECRET_FILES = [
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  'mcp.json',
  '/etc/passwd',
  '/etc/shadow',
  'claude_desktop_config.json',
];

/**
 * A directive tag's names, and its brackets as written or URL-encoded (once or twice): the
 * decoded views need three `%xx` escapes (decoders.ts `decodePercent`), and one encoded tag has
 * two. A model reads `< IMPORTANT >` and `<IMPORTANT priority="high">` as the same tag; a
 * placeholder such as `<admin-token>` is no tag of these names.
 */
const TAG_NAMES = ['important', 'instructions?', 'hidden', 'secret', 'admin', 'critical'];
const TAG_OPEN = ['<', '%3c', '%253c'];
const TAG_CLOSE = ['>', '%3e', '%253e'];
const TAG_ATTRS = String.raw`(?:\s+[a-z_:-]+(?:\s*=\s*[^<>\s]{1,40})?){0,4}`;

/** Rules added to the built-in set for tool definitions. */
export const TOOL_DESCRIPTION_RULES: readonly InjectionRule[] = [
  {
    id: 'exfiltration.description.secret_file',
    family: 'exfiltration',
    mode: 'enforce',
    scope: 'text',
    pattern: `(?:~|\\$home|%userprofile%|/home/[a-z0-9_.-]+|/root)/\\.(?:${SECRET_DIRS.join('|')})\\b|\\bid_(?:rsa|dsa|ecdsa|ed25519)\\b|\\bmcp\\.json\\b|/etc/(?:passwd|shadow)\\b|\\bclaude_desktop_config\\.json\\b`,
    literals: [...SECRET_DIRS.map((d) => `/.${d}`), ...SECRET_FILES],
  },
  {
    id: 'agent.description.hidden_tag',
    family: 'agent',
    mode: 'enforce',
    scope: 'text',
    pattern: `(?:${TAG_OPEN.join('|')})\\s*(?:${TAG_NAMES.join('|')})${TAG_ATTRS}\\s*(?:${TAG_CLOSE.join('|')})`,
    literals: TAG_NAMES.map((n) => n.replace('s?', '')),
  },
  {
    id: 'agent.description.conceal',
    family: 'agent',
    mode: 'enforce',
    scope: 'words',
    pattern: CONCEAL,
    anchors: [...CONCEAL_FORMS, 'user', 'users'],
  },
  {
    id: 'agent.description.tool_use_hijack',
    family: 'agent',
    mode: 'enforce',
    scope: 'words',
    pattern: HIJACK,
    anchors: USE_VERBS,
  },
];
