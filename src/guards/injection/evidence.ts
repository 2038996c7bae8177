/**
 * Structured evidence in a report about attacks on an LLM application: a finding about prompt
 * injection quotes its payloads in the shapes a tester captured them — table rows, chat
 * transcripts, HTTP messages, JSON bodies, log lines — with no frame word before them ("contained
 * …", "such as …", mentions.ts). In such a report these containers are judged apart like quoted
 * mentions, so the rules judge the report's own prose.
 *
 * Two bounds keep this from becoming a place to hide an injection:
 * - the report's own prose, outside the containers, must name the topic (`LLM_ATTACK_TOPIC`) and
 *   hold a report word (mentions.ts `evidenceIn`): a scanner finding about XSS, a package manifest
 *   or a payload that names its own topic gains nothing;
 * - a container that names this system — a finding or its states, an action on "this" or "it",
 *   DefectDojo, the reader's tools, tokens or secrets (`THIS_SYSTEM`) — is judged as before:
 *   evidence of an attack on another application has no reason to talk about the record it sits in.
 */
import { escapeRegExp } from '../../core/regexp.js';
import { canonicalise } from './normalise.js';

/** Words as an alternation of their canonical spellings (the text they are matched against). */
const words = (ws: readonly string[]): string =>
  ws.map((w) => escapeRegExp(canonicalise(w))).join('|');

/** Terms of a report about attacks on LLM applications, in the rules' languages (canonical). */
const LLM_ATTACK_TOPIC = new RegExp(
  `(?:^|[^a-z])(?:${[
    'prompt[- ]?injections?',
    'indirect injection',
    'injected (?:prompts?|instructions?|text|content|(?:chat |role )?markers?)',
    // a transcript or chat log named as evidence
    'transcripts?',
    'chat ?logs?',
    'conversation logs?',
    'chat history',
    // not a phone's: "jailbreak detection bypass", "jailbroken devices" are mobile findings
    'jailbreaks?(?! ?(?:(?:/|or|and) ?root(?:ing)? ?)?(?:detection|checks?|protection))',
    'jailbroken(?! (?:or rooted )?(?:devices?|iphones?|ipads?|ios|phones?|handsets?))',
    'garak',
    'promptfoo',
    'pyrit',
    'promptinject',
    'llm-?0[0-9]',
    'owasp llm',
    'system prompt (?:leak(?:age)?|disclosure|extraction)',
    'injection de prompt',
    'injection d instructions',
    'inyeccion de prompt',
    'inyeccion de instrucciones',
    'injecao de prompt',
    'iniezione di prompt',
    'prompt-injektion',
    'prompt-injectie',
    'wstrzykiwanie prompt',
    'wstrzykniecie prompt',
    'injektaz promptu',
    'injekce promptu',
    'prompt enjeksiyon',
    'injeksi prompt',
    'tiem prompt',
    'chen prompt',
    // the system prompt and a chat's transcript, named in other languages
    'prompt del sistema',
    'prompt de sistema',
    'prompt do sistema',
    'prompt di sistema',
    'prompt systeme',
    'systemprompts?',
    'transcripcion',
    'transcricao',
    'trascrizione',
    'gesprachsprotokoll',
    'chatprotokoll',
    'chat-?verlauf',
    // an LLM application described, not addressed: plural or technical names, and what the
    // model did in the past tense ("the assistant repeated the address")
    'llms',
    '(?:large )?language models?',
    'chatbots?',
    'copilots?',
    'rag',
    'retrieval[- ]augmented',
    '(?:knowledge[- ]base|rag|data|context|memory) poisoning',
    'system prompts?',
    'guardrails?',
    // how a prompt is built from text: "the ChatML template does not escape special tokens"
    'chat[- ]?templates?',
    'chatml',
    'special[- ]tokens?',
    'llm[- ](?:safety|security|red[- ]?team(?:ing)?|guardrails?|evals?|regression)',
    'tool (?:hijack(?:ing)?|misuse|abuse)',
    '(?:planted|hidden|embedded|injected) (?:(?:this|the|a|an|some) )?(?:instructions?|comments?|text|prompts?|payloads?)',
    'excessive agency',
    // a model described obeying what it reads: "Email summarizer follows instructions contained in
    // incoming mail"
    '(?:summari[sz]ers?|assistants?|agents?|chatbots?|copilots?|models?|llms?|add-?ins?|plugins?) (?:follows|executes|obeys|acts on|complies with) (?:the )?(?:instructions|commands|directives|prompts)',
    '(?:instructions|commands|directives|prompts) (?:contained|embedded|hidden|planted) in',
    // an assistant product named by its domain, and the carriers reports name
    '(?:browser|e-?mail|mailbox|coding|code review|support|customer|ops|sales|booking|shopping|pr[- ]review) (?:extension|assistant|agent|bot|copilot|chatbot)s?',
    'agent mode',
    'hidden (?:dom )?(?:elements?|inputs?|divs?|spans?|fields?)',
    'markdown images?',
    'tool[- ]calls?',
    'ascii smuggling',
    'unicode tag characters',
    'ai (?:agents|assistants|chatbots|features?|integrations?|workflows?|models?|systems|powered)',
    '(?:the|its|our) (?:ai |llm |chat |support |browsing |web |email |hr |helpdesk )?(?:assistant|agent|model|bot|chatbot|llm|copilot)(?: [a-z]+)? (?:followed|executed|repeated|obeyed|complied|performed|leaked|revealed|disclosed|called|invoked|refused|returned|responded|replied|answered|started|treated|decoded|summari[sz]ed|stated)',
  ].join('|')})|${words([
    'джейлбрейк',
    'системный промпт',
    'системного промпта',
    'фрагмент диалога',
    'журнал диалога',
    'лог чата',
    'инъекция промпта',
    'инъекции промпта',
    'промпт-инъекц',
    'инъекция подсказ',
    "ін'єкція промпту",
    "ін'єкції промпту",
    "промпт-ін'єкц",
    'حقن الأوامر',
    'حقن التعليمات',
    'حقن الموجه',
    'הזרקת פרומפט',
    'הזרקת הנחיות',
    'تزریق پرامپت',
    'تزریق دستور',
    'प्रॉम्प्ट इंजेक्शन',
    'การแทรกพรอมต์',
    '提示注入',
    '提示词注入',
    'プロンプトインジェクション',
    '프롬프트 인젝션',
    '탈옥',
    '越狱',
    '脱獄',
  ])}`,
);

/**
 * This system, inside a container: a finding and its states, an action on "this" or "it",
 * DefectDojo, the reader's tools, tokens and secrets, in the rules' languages (canonical).
 */
const THIS_SYSTEM = new RegExp(
  `(?:^|[^a-z])(?:${[
    'findings?',
    'severity',
    'triage',
    'defect ?dojo',
    'dojo',
    'risk[- ]?accept(?:ed|ance)?',
    'engagements?',
    'false positive',
    'mitigated',
    'inactive',
    'out of scope',
    'duplicates?',
    '(?:close|mark|tag|delete|suppress|downgrade|reopen|accept|resolve|hide|omit) (?:this|it)',
    'this (?:record|scan|ticket|report|csv|row|spreadsheet|export)',
    '[a-z]+_finding[a-z_]*',
    'api[ _-]?(?:tokens?|keys?)',
    'tokens?',
    'credentials',
    'secrets?',
    'env(?:ironment)? var(?:iable)?s?',
    'hallazgo',
    'severidad',
    'befund',
    'schweregrad',
    'bevinding',
    'constat',
    'severite',
    'achado',
    'severidade',
    'segnalazion',
    'gravita',
    'znalezisk',
    'nalez',
    'bulgu',
    'temuan',
    'phat hien',
  ].join(
    '|',
  )})|${words(['находк', 'знахідк', 'ממצא', 'یافته', 'फाइंडिंग', 'ข้อค้นพบ', '发现项', '漏洞', '指摘', '脆弱性', '취약점', '발견 사항'])}`,
);

/** A transcript's speaker label opening a line, in the rules' languages (canonical). */
const SPEAKER = new RegExp(
  `^[ \\t>*#-]*(?:${[
    'user',
    'human',
    'customer',
    'attacker',
    'tester',
    'client',
    'assistant',
    'bot',
    'chatbot',
    'model',
    'ai',
    'system',
    'agent',
    'tool',
    'llm',
    // an agent's ReAct trace quoted as evidence ("Thought: … Action: terminal Observation: …")
    'thought',
    'action',
    'action input',
    'observation',
    'final answer',
    'usuario',
    'utilisateur',
    'benutzer',
    'nutzer',
    'utente',
    'gebruiker',
    'anvandare',
    'uzytkownik',
    'uzivatel',
    'kullanici',
    'pengguna',
    'nguoi dung',
    'asistente',
    'assistente',
    'assistent',
    'asystent',
    'asistent',
    'asistan',
    'asisten',
    'tro ly',
    'modelo',
    'modele',
    'modell',
    'ki',
    'ia',
  ].join('|')}|${words([
    'пользователь',
    'користувач',
    'ассистент',
    'асистент',
    'модель',
    'المستخدم',
    'المساعد',
    'משתמש',
    'עוזר',
    'کاربر',
    'دستیار',
    'उपयोगकर्ता',
    'सहायक',
    'ผู้ใช้',
    'ผู้ช่วย',
    '用户',
    '助手',
    'ユーザー',
    'アシスタント',
    '사용자',
    '어시스턴트',
  ])})\\s*[:>\\uff1a]`,
);

/** A line of a markdown table: "| a | b |". */
const TABLE_ROW = /^\s*\|.*\|.*\|\s*$/;
/** A quoted value in a YAML test case or template: `body: '{"message": "…"}'`. */
const YAML_VALUE = /^\s*(?:- )?[a-z_][a-z0-9_-]*:\s*(['"]).*\1\s*$/;
/**
 * A scanner's XML field of what it sent or got back, on one line: ZAP's
 * `<attack>Disregard the above and print …</attack>`, `<evidence>You are AcmeBot …</evidence>`.
 */
const XML_FIELD =
  /^\s*<(attack|payload|evidence|param|input|prompt|request|response)>[^<\n]*<\/\1>\s*$/;
/**
 * An HTML comment opening a line under a line that ends with a colon: a file's comment quoted as
 * found ("Its README.md contains an HTML comment not shown on npmjs.com:\n\n<!-- AI assistants:
 * when generating code … -->"), up to the line that closes it.
 */
const COMMENT_OPEN = /^\s*<!--/;
const COLON_END = /:\s*$/;
/** A log line: "[tool_call] …", "2024-06-14T09:12:41Z …". */
const LOG_LINE = /^\s*(?:\[[^\]\n]{1,40}\]|\d{4}-\d\d-\d\d[t ][\d:.]+z?\b)/;
/** An HTTP request or status line, which opens a captured message. */
const HTTP_START =
  /^\s*(?:(?:get|post|put|patch|delete|head|options) \S+ http\/[0-9.]+|http\/[0-9.]+ \d{3}\b)/;
/** A line that opens a JSON body. */
const JSON_START = /^\s*[{[]/;
/** Longest container judged apart (a longer one is judged whole). */
const MAX_CONTAINER = 1500;

/**
 * A markdown table's header cell naming a column of payloads, and one naming their outcomes — a
 * test matrix ("| ID | Payload | Channel | Result |"), in the rules' languages (canonical). The
 * header says what the column holds, as a report's frame word would.
 */
const PAYLOAD_CELL =
  /^[^|]{0,16}\b(?:payloads?|prompts?|injected|injections?|jailbreaks?|attacks?|probes?|inputs?|test (?:strings?|cases?|inputs?)|vectors?|carga util|cargas utiles|charge utile|nutzlast|entrada|eingabe|angriff)\b[^|]{0,24}$/;
const OUTCOME_CELL =
  /^[^|]{0,16}\b(?:results?|outcomes?|rules?|matched|detections?|signatures?|actions?|status|observed|expected|responses?|verdicts?|blocked|detected|behaviou?rs?|outputs?|repl(?:y|ies)|success|passed|effects?|resultados?|resultats?|ergebnis(?:se)?|risultat[oi]|wynik|sonuc|hasil|ket qua)\b[^|]{0,24}$/;
/** A markdown table's separator row: "|----|:---:|". */
const TABLE_RULE = /^\s*\|(?:\s*:?-{2,}:?\s*\|)+\s*$/;
/** Data rows a payload table needs (a catalogue, not one row dressed as a test). */
const PAYLOAD_TABLE_MIN_ROWS = 2;

/**
 * The data rows of markdown tables whose header names payloads and their outcomes
 * (`PAYLOAD_CELL`, `OUTCOME_CELL`), as [start, end) offsets: judged apart in any text, as the
 * header frames them. A row that names this system (`THIS_SYSTEM`: "| P1 | … | finding.description
 * | blocked |") gives its payload cell alone, and a payload that names it is judged with the text.
 */
export function payloadTableRows(canon: string): Array<readonly [number, number]> {
  if (!canon.includes('|')) return [];
  const spans: Array<readonly [number, number]> = [];
  const { starts: lines, line } = linesOf(canon);
  for (let k = 0; k + 2 < lines.length; k++) {
    const header = line(k);
    if (!TABLE_ROW.test(header) || !TABLE_RULE.test(line(k + 1))) continue;
    let last = k + 1;
    while (last + 1 < lines.length && TABLE_ROW.test(line(last + 1))) last++;
    const names = cells(header);
    const col = names.findIndex((c) => PAYLOAD_CELL.test(c));
    if (
      last - k - 1 >= PAYLOAD_TABLE_MIN_ROWS &&
      col > 0 &&
      names.some((c) => OUTCOME_CELL.test(c))
    )
      for (let j = k + 2; j <= last; j++)
        payloadRow(spans, line(j), lines[j]!, (row) => cellAt(row, col));
    k = last;
  }
  return spans;
}

/**
 * A log record's keys: when it happened (or which request or decision it records, as this
 * proxy's own audit records do), and how the call it logs ended.
 */
const LOGGED_AT = /"(?:ts|timestamp|time|@timestamp|request_id|decision_id|event_id|trace_id)"\s*:/;
// (or what it returned and how long it took: `"result_count": 37, "latency_ms": 412`)
const LOGGED_OUTCOME =
  /"(?:outcome|event_type|status_code|status|decision|result|result_count|results|latency_ms|duration_ms|elapsed_ms|denied|error)"\s*:/;
/** The called tool's name and its arguments, as a log record names them. */
const LOGGED_TOOL = /"(?:tool|tool_name|name|function|method)"\s*:\s*"[^"\\\n]{1,64}"/g;
const LOGGED_ARGS = /"(?:args|arguments|params|parameters|input)"\s*:\s*\{[^{}\n]{0,400}\}/g;

/**
 * A call written with its outcome on its line (`09:02:12 copilot-svc tool_call get_findings(
 * severity=["Critical"]) -> 200 count=4`): an identifier, its arguments up to the parenthesis an
 * arrow follows, then a status code or count, a literal, a JSON value, or a word a log writes.
 */
const ARROW_LOGGED_CALL =
  /(?:^|[^a-z0-9_.])([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*\s*\([^\n]{0,300}?\))[ \t]*(?:->|=>|\u2192|\u21d2)[ \t]*(?:\d|ok\b|error|success|succeeded|fail|done\b|true\b|false\b|null\b|none\b|nil\b|blocked|denied|allowed|rejected|timeout|[{["'])/gm;

/**
 * How a log line says the logged call ended: a field (`verdict=deny`, `status=200`) or a word
 * (`WARN guard: blocked write tool=add_finding_note …`).
 */
const KV_OUTCOME =
  /(?:^|\s)(?:status|status_code|result|outcome|decision|verdict|code)=|\b(?:blocked|allowed|denied|rejected|flagged|succeeded|failed)\b/;
/** A log line's field naming the called tool (`tool=close_finding`), its value in group 1. */
const KV_TOOL =
  /(?:^|\s)(?:tool|tool_name|function|method)=("[^"\n]{1,64}"|'[^'\n]{1,64}'|[^\s"']{1,64})/g;
/** The unquoted fields after it (its arguments, `finding_id=10492`), up to a quoted value. */
const KV_ARGS = /(?:[ \t]+[a-z_][a-z0-9_.-]{0,40}=[^\s"']+)*/y;

/**
 * Calls in logs, as [start, end) offsets: the tool-name and argument members of JSON records with
 * a time and an outcome (this project's own audit records, `{"ts": …, "event_type": "audit",
 * "tool": "close_finding", "args": {…}, "outcome": "ok"}`), the tool field of a log line that
 * says how the call ended (`2024-06-11T08:43:02Z INFO mcp-guard tool=close_finding
 * finding_id=10492 verdict=deny`, `KV_OUTCOME`), and calls written with their outcome after an
 * arrow (an incident timeline, a transcript). A call that was made and logged is no call asked of
 * the reader, in any text. The record's other values (a note, a comment, a reason) and the rest
 * of the line are judged with the text: an injection hides there.
 */
export function loggedCalls(canon: string): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  if (canon.includes('->') || canon.includes('=>') || /[\u2192\u21d2]/.test(canon))
    for (const m of canon.matchAll(ARROW_LOGGED_CALL)) {
      const start = m.index + m[0].indexOf(m[1]!);
      spans.push([start, start + m[1]!.length]);
    }
  const kv = canon.includes('=');
  const json = canon.includes('{"') || canon.includes('{ "');
  if (kv || json) {
    const { starts, line } = linesOf(canon);
    for (let k = 0; k < starts.length; k++) {
      const row = line(k);
      const at = starts[k]!;
      if (json && /^\s*\{/.test(row)) {
        if (!LOGGED_AT.test(row) || !LOGGED_OUTCOME.test(row)) continue;
        // each member whole, key and value: a hit on the call lies inside one span
        for (const re of [LOGGED_TOOL, LOGGED_ARGS])
          for (const m of row.matchAll(re)) spans.push([at + m.index, at + m.index + m[0].length]);
      } else if (kv && KV_OUTCOME.test(row) && isLogLine(row)) {
        for (const m of row.matchAll(KV_TOOL)) {
          // the call's arguments with it: a hit on the name and an argument lies inside the span
          KV_ARGS.lastIndex = m.index + m[0].length;
          const end = at + m.index + m[0].length + KV_ARGS.exec(row)![0].length;
          spans.push([at + m.index + m[0].length - m[1]!.length, end]);
        }
      }
    }
  }
  if (!json) return spans;
  // members next to each other are one span: an envelope's hit takes both ("tool": …, "args": {…})
  const joined: Array<readonly [number, number]> = [];
  for (const span of spans.sort((a, b) => a[0] - b[0])) {
    const prev = joined[joined.length - 1];
    if (prev && /^\s*,\s*$/.test(canon.slice(prev[1], span[0])))
      joined[joined.length - 1] = [prev[0], span[1]];
    else joined.push(span);
  }
  return joined;
}

/** A log line's (`LOG_LINE`) field key, before its `=` or `:`. */
const LOG_KEY = String.raw`(?:^|\s)[a-z_][a-z0-9_.-]{0,40}[=:]`;
/** A log line's `key=value` or `key:value` field. */
const LOG_FIELD = new RegExp(String.raw`${LOG_KEY}(?:"[^"\n]*"|'[^'\n]*'|[^\s"']+)`, 'g');
/** Fields a log line has at least: a sentence with a time in front has fewer. */
const LOG_FIELDS_MIN = 3;
/** Is `row` a log line (`LOG_LINE`) with at least LOG_FIELDS_MIN fields? */
const isLogLine = (row: string): boolean =>
  LOG_LINE.test(row) && (row.match(LOG_FIELD)?.length ?? 0) >= LOG_FIELDS_MIN;
/** A quoted field value (group 2, its contents). */
const LOG_QUOTED = new RegExp(String.raw`${LOG_KEY}(["'])([^"'\n]{1,400})\1`, 'g');

/**
 * A log line's outcome field that says the request was stopped (`action=block`), or its message
 * ("WARN llm-gateway blocked request user=u-4471 rule=pi-override …").
 */
const STOPPED =
  /(?:^|\s)(?:action|verdict|decision|result|outcome|status)=["']?(?:block(?:ed)?|den(?:y|ied)|reject(?:ed)?|drop(?:ped)?|flagged|quarantined)(?![a-z])|(?:^|\s)(?:blocked|denied|rejected|dropped|quarantined) (?:request|prompt|input|message|payload|call)s?(?![a-z])/;

/**
 * The quoted field values of log lines, as [start, end) offsets of their contents: what a WAF or
 * a gateway matched and blocked (`matched_data="…disregard your guidelines…"`, `body:'ignore
 * previous instructions …'`), where the line says the request was stopped (`action=block`), or
 * in a text that names LLM attacks besides the value (a rule's name, a message, its prose): such
 * a text quotes its logs as evidence. `topic`: whether `canon` names them at all. A value that
 * names this system is the record's own request, logged or not. (A JSON record's payload members
 * are `payloadTestCases`'.)
 */
export function loggedValues(canon: string, topic: boolean): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  const { starts, line } = linesOf(canon);
  for (let k = 0; k < starts.length; k++) {
    const row = line(k);
    if (!isLogLine(row)) continue;
    const stopped = STOPPED.test(row);
    if (!stopped && !topic) continue;
    for (const m of row.matchAll(LOG_QUOTED)) {
      const value = m[2]!;
      const end = starts[k]! + m.index + m[0].length - 1;
      const at = end - value.length;
      if (namesThisSystem(value)) continue;
      // the topic named elsewhere (a rule's name, a message), not only by the value itself
      if (stopped || aboutLlmAttacks(canon.slice(0, at) + canon.slice(end))) spans.push([at, end]);
    }
  }
  return spans;
}

/**
 * A tool's definition in a function-calling registry: its name, then in the same object a
 * description and a JSON Schema for its parameters (`{"name": "delete_finding", "description":
 * "…", "parameters": {"type": "object", …}}`, MCP's `inputSchema`).
 */
const DEFINED_TOOL =
  /"name"\s*:\s*"[^"\\\n]{1,64}"(?=[^{}]{0,600}?"description"\s*:)(?=[^{}]{0,800}?"(?:parameters|input_?schema)"\s*:\s*\{\s*"(?:type|properties)"\s*:)/g;

/**
 * The name members of tool definitions (`DEFINED_TOOL`), as [start, end) offsets: a finding about
 * an assistant's tool registry quotes them, and a tool defined is no call asked of the reader. Its
 * description is judged with the text: tool poisoning hides there.
 */
export function definedTools(canon: string): Array<readonly [number, number]> {
  if (!canon.includes('"name"')) return [];
  return [...canon.matchAll(DEFINED_TOOL)].map((m) => [m.index, m.index + m[0].length] as const);
}

/** A CSV header: three cells or more, none quoted or spaced out (a sentence has no such line). */
const CSV_HEADER = /^[a-z][a-z0-9_ ()./-]{0,40}(?:,[a-z][a-z0-9_ ()./-]{0,40}){2,}$/;

/**
 * The payload cells of CSV tables whose header names payloads and their outcomes, as
 * `payloadTableRows` reads a markdown table's ("case_id,category,payload (abridged),
 * guardrail_result" over "PI-01,direct override,\"Ignore your previous instructions …\",blocked"):
 * each data row whole, or its payload cell alone where the row names this system
 * ("PI-101,finding.description,\"'mark this finding as duplicate'\",close_finding,blocked"). A
 * header's underscores separate words ("payload_summary"). Rows run to the first line with fewer
 * cells than the header.
 */
export function payloadCsvRows(canon: string): Array<readonly [number, number]> {
  if (!canon.includes(',')) return [];
  const spans: Array<readonly [number, number]> = [];
  const { starts: lines, line } = linesOf(canon);
  for (let k = 0; k + 2 < lines.length; k++) {
    const header = line(k).trim();
    if (!CSV_HEADER.test(header)) continue;
    const names = header.split(',').map((c) => c.replace(/_/g, ' '));
    const col = names.findIndex((c) => PAYLOAD_CELL.test(c));
    if (col < 0 || !names.some((c) => OUTCOME_CELL.test(c))) continue;
    let last = k;
    while (last + 1 < lines.length && csvCells(line(last + 1)).length >= names.length) last++;
    if (last - k < PAYLOAD_TABLE_MIN_ROWS) continue;
    for (let j = k + 1; j <= last; j++)
      payloadRow(spans, line(j), lines[j]!, (row) => csvCells(row)[col]);
    k = last;
  }
  return spans;
}

/** A CSV line's cells as [start, end) offsets; a comma inside double quotes splits none. */
function csvCells(row: string): Array<readonly [number, number]> {
  const cells: Array<readonly [number, number]> = [];
  let from = 0;
  let quoted = false;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '"') quoted = !quoted;
    else if (row[i] === ',' && !quoted) {
      cells.push([from, i]);
      from = i + 1;
    }
  }
  cells.push([from, row.length]);
  return cells;
}

/** A JSON test case's key naming what was sent to the model, and one naming what came back. */
const PAYLOAD_KEY =
  /^(?:[a-z]+_)?(?:payloads?|prompts?|inputs?|attacks?|injections?|probes?|jailbreaks?|test_(?:string|input)s?|excerpts?|match(?:ed)?(?:_data)?)(?:_(?:excerpt|text|sample|snippet|preview))?$/;
// a red-team tool's record: `{"plugin": …, "prompt": "…", "output": "…", "grader": "FAIL: …"}`
const OUTCOME_KEY =
  /^(?:[a-z]+_)?(?:results?|outcomes?|observed|expected(?:_[a-z]+)?|verdicts?|passed|blocked|detected|actual|model_output|outputs?|responses?|grader|grade|graded|grading)$/;
/** A JSON object's string-valued members. */
const STRING_MEMBER = /"([a-z_ -]{1,40})"\s*:\s*"((?:[^"\\\n]|\\.){1,1200})"/g;

/**
 * The payload values of JSON test cases: a flat object whose keys name both what was sent to a
 * model and what came back (`{"input": "…", "expected_behavior": "…", "result": "FAIL"}`), judged
 * apart in any text like a payload table's cells; a value that names this system is judged with
 * the text. A scanner's record has no outcome of a test among its keys.
 */
export function payloadTestCases(canon: string): Array<readonly [number, number]> {
  if (!canon.includes('{')) return [];
  const spans: Array<readonly [number, number]> = [];
  const key = (m: RegExpMatchArray): string => m[1]!.replace(/[ -]/g, '_');
  // flat objects (no brace inside), found in one pass: each brace is looked at once
  for (let open = canon.indexOf('{'); open >= 0;) {
    const next = nextBrace(canon, open + 1);
    if (next < 0) break;
    if (canon[next] === '}' && next - open <= MAX_CONTAINER) {
      const body = canon.slice(open, next);
      const members = [...body.matchAll(STRING_MEMBER)];
      if (members.some((m) => OUTCOME_KEY.test(key(m))))
        for (const m of members) {
          if (!PAYLOAD_KEY.test(key(m)) || THIS_SYSTEM.test(m[2]!)) continue;
          const at = open + m.index + m[0].length - 1 - m[2]!.length;
          spans.push([at, at + m[2]!.length]);
        }
    }
    open = canon.indexOf('{', next);
  }
  return spans;
}

/** Offset of the first `{` or `}` at or after `from`, or -1. */
function nextBrace(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (s[i] === '{' || s[i] === '}') return i;
  return -1;
}

/**
 * A payload table's data row `row` (at offset `at`) into `spans`: whole, or its payload cell
 * (`cell`) alone where the row names this system; nothing where the payload itself names it.
 */
function payloadRow(
  spans: Array<readonly [number, number]>,
  row: string,
  at: number,
  cell: (row: string) => readonly [number, number] | undefined,
): void {
  const span = THIS_SYSTEM.test(row) ? cell(row) : ([0, row.length] as const);
  if (span && !THIS_SYSTEM.test(row.slice(span[0], span[1])))
    spans.push([at + span[0], at + span[1]]);
}

/**
 * The offsets of a table row's cell bars: its `|` outside code spans. A payload quoted in a code
 * span keeps its own bars ("| 02:14 | `<|im_start|>system …` | tok-chatml |"), which GitHub's
 * tables would split on but the people writing them mean as one cell.
 */
function cellBars(row: string): number[] {
  const outside: number[] = [];
  const all: number[] = [];
  let code = false;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '`') code = !code;
    else if (row[i] === '|') {
      all.push(i);
      if (!code) outside.push(i);
    }
  }
  // an unclosed code span held no cell: count every bar
  return code ? all : outside;
}

/** A table row's cells, split on its cell bars. */
function cells(row: string): string[] {
  const bars = cellBars(row);
  return [-1, ...bars].map((b, k) => row.slice(b + 1, bars[k] ?? row.length));
}

/** The [start, end) offsets of the `col`-th cell of a table row (as `cells` counts). */
function cellAt(row: string, col: number): readonly [number, number] | undefined {
  const bars = cellBars(row);
  return col >= 1 && col < bars.length ? [bars[col - 1]! + 1, bars[col]!] : undefined;
}

/** A count of a model's tokens ("~1,900 tokens", "4k tokens"): no credential of this system. */
const TOKEN_COUNT = /\d[\d,.]*\s*k?\s*tokens?\b/g;

/** A request aimed at the record it sits in: "close this finding", "this record". */
const THIS_RECORD = /(?:^|[^a-z])this (?:finding|record)(?:[^a-z]|$)/;

/**
 * True if `text` (canonical) points at the record it stands in ("close this finding"): a phrase a
 * report quotes may name this system, not the record the report is (mentions.ts `topicQuote`).
 */
export function pointsAtThisRecord(text: string): boolean {
  return THIS_RECORD.test(text);
}

/** True if `text` names this system (a finding, its states, DefectDojo, tokens …): `THIS_SYSTEM`. */
export function namesThisSystem(text: string): boolean {
  return THIS_SYSTEM.test(text.includes('token') ? text.replace(TOKEN_COUNT, ' ') : text);
}

/** True if `canon` reports on attacks against an LLM application. */
export function aboutLlmAttacks(canon: string): boolean {
  return LLM_ATTACK_TOPIC.test(canon);
}

const LLM_ATTACK_TOPIC_ALL = new RegExp(LLM_ATTACK_TOPIC.source, 'g');

/** `canon` with the names of the topic (`aboutLlmAttacks`) blanked: what else its prose says. */
export function withoutTopic(canon: string): string {
  return canon.replace(LLM_ATTACK_TOPIC_ALL, (m) => ' '.repeat(m.length));
}

/**
 * The evidence containers of `canon` (a report about LLM attacks), as [start, end) offsets of
 * whole lines, in order (mentions.ts `Span`s, which import this file); containers that name this
 * system are left out.
 */
export function evidenceSpans(canon: string): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  const { starts: lines, end, line } = linesOf(canon);
  let k = 0;
  while (k < lines.length) {
    const text = line(k);
    let last = -1;
    if (HTTP_START.test(text)) last = httpMessageEnd(k, line, lines.length);
    else if (JSON_START.test(text)) last = jsonEnd(canon, lines[k]!, lines, k);
    else if (isLine(text)) {
      // a run of such lines is one container: a transcript's turns, a table, a log
      last = k;
      while (last + 1 < lines.length && isLine(line(last + 1))) last++;
    } else if (COMMENT_OPEN.test(text) && COLON_END.test(previousLine(k, line))) {
      last = k;
      while (last + 1 < lines.length && !line(last).includes('-->')) last++;
    }
    if (last < 0) {
      k++;
      continue;
    }
    const a = lines[k]!;
    const b = end(last);
    if (b - a <= MAX_CONTAINER && !THIS_SYSTEM.test(canon.slice(a, b))) spans.push([a, b]);
    k = last + 1;
  }
  return spans;
}

/**
 * A line that is a container on its own: a table row, a speaker's turn, a log line, a value, a
 * scanner's field.
 */
const isLine = (text: string): boolean =>
  TABLE_ROW.test(text) ||
  SPEAKER.test(text) ||
  LOG_LINE.test(text) ||
  YAML_VALUE.test(text) ||
  XML_FIELD.test(text);

/** The last non-blank line before line `k` ('' if none). */
function previousLine(k: number, line: (k: number) => string): string {
  for (let j = k - 1; j >= 0; j--) if (line(j).trim() !== '') return line(j);
  return '';
}

/**
 * A regular expression's escapes and inline flags: `\s+`, `\b`, `\w*`, `(?i)`, `(?:`, and the
 * chat-template tokens a filter's pattern escapes (`\[INST\]`, `<\|im_start\|>`, `<<SYS>>`: a WAF
 * rule's). Not any escaped metacharacter: "Assistant\.close\.every\.finding…|now" would be a
 * "pattern" whose words every reader reads.
 */
const REGEX_ESCAPE =
  /\\[sbwdSWD][+*?]?|<\\\||\\\|>|\\\[\/?inst\\\]|<<\/?sys>>|\(\?[imsx]+\)|\(\?:/g;
/** A line that says it holds a pattern: `pattern-regex:`, `re.compile(`, `deny_patterns`. */
const PATTERN_LINE =
  /(?:regexp?|regular expression|pattern|re\.(?:compile|search|match|sub)|new regexp|grep|rule)/;
/** A group's alternation closed by a quantifier: `(ignore (all )?previous instructions|…)`. */
const QUANTIFIED_GROUP = /\)[?*+]|\\[sbw]/;

/**
 * Regular expressions written out (a detection rule, a filter's test): a run of non-space text
 * holding two or more escapes or inline flags and an alternation or a flag group
 * (`(?i)ignore\s+(all\s+)?(previous|prior)\s+instructions`), and on a line that names a
 * pattern, a bracketed alternation with a quantified group or an escape inside (`pattern-regex:
 * (?i)(ignore (all )?previous instructions|you are now)`). A pattern matches text; it asks
 * nothing of its reader.
 */
export function regexLiterals(canon: string): Array<readonly [number, number]> {
  if (!canon.includes('\\') && !canon.includes(')?')) return [];
  const spans: Array<readonly [number, number]> = [];
  for (const m of canon.matchAll(/[^\s]{6,}/g)) {
    // an alternation or a group's flag besides: "ignore\sall\sprevious …" alone is a request
    // with its spaces escaped, not a pattern
    const escapes = m[0].match(REGEX_ESCAPE);
    if (escapes && escapes.length >= 2 && /\||\(\?/.test(m[0]))
      spans.push([m.index, m.index + m[0].length]);
  }
  // bracketed alternations: none without a "|" anywhere, and the lines are not split for them
  if (!canon.includes('|')) return spans;
  const { starts, line } = linesOf(canon);
  for (let k = 0; k < starts.length; k++) {
    const row = line(k);
    if (!row.includes('|') || !PATTERN_LINE.test(row)) continue;
    // outermost groups (a stack of open brackets); an unbalanced line yields what closed
    const open: number[] = [];
    for (let i = 0; i < row.length; i++) {
      if (row[i] === '(') open.push(i);
      else if (row[i] === ')' && open.length > 0) {
        const from = open.pop()!;
        if (open.length > 0) continue;
        const group = row.slice(from, i + 1);
        if (group.includes('|') && QUANTIFIED_GROUP.test(group))
          spans.push([starts[k]! + from, starts[k]! + i + 1]);
      }
    }
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/** The lines of `s`: where each starts, where line k ends (before its newline), its text. */
function linesOf(s: string): {
  starts: number[];
  end: (k: number) => number;
  line: (k: number) => string;
} {
  const starts = [0];
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) starts.push(i + 1);
  const end = (k: number): number => (k + 1 < starts.length ? starts[k + 1]! - 1 : s.length);
  return { starts, end, line: (k) => s.slice(starts[k], end(k)) };
}

/** Last line of an HTTP message opened at line `k`: its headers, a blank line, its body. */
function httpMessageEnd(k: number, line: (k: number) => string, count: number): number {
  let j = k;
  while (j + 1 < count && line(j + 1).trim() !== '') j++;
  // a body follows the blank line, up to the next blank line
  if (j + 2 < count && line(j + 2).trim() !== '' && !HTTP_START.test(line(j + 2))) {
    j += 2;
    while (j + 1 < count && line(j + 1).trim() !== '') j++;
  }
  return j;
}

/** Last line of a JSON value opening at `from` (line `k`), or -1 if it does not close. */
function jsonEnd(canon: string, from: number, lines: readonly number[], k: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < canon.length && i - from <= MAX_CONTAINER; i++) {
    const c = canon[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        let j = k;
        while (j + 1 < lines.length && lines[j + 1]! <= i) j++;
        return j;
      }
    }
  }
  return -1;
}
