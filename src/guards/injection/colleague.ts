/**
 * Notes between colleagues: a text that opens by addressing a person ("@sabine.k bitte …",
 * "田中さん、… にしてください") asks that person, not the AI reading the record; so does a line
 * that opens so, in a longer note. Triage notes ask colleagues to close, retag and mark findings
 * every day, in the words an injection uses, and the learned scorer, which reads those words,
 * cannot tell who is asked (ml/MODEL_CARD.md). So `ml.v1` does not block such a note when nothing
 * in it names or addresses an AI reader (scan.ts); the rules still judge it as any text.
 *
 * A machine's handle is no colleague's: one holding a machine word ("@dojo-ai", "@triage-bot") is
 * not taken. A name and a comma ("Sander, wil je …") is not taken either: the text's first word
 * and a comma is as often an adverb, a greeting or an imperative ("Firstly, …", "Hypothetically,
 * …", "Представьте, …"), and no list of names tells them apart.
 */
import { canonicalise } from './normalise.js';

/**
 * Machine words, canonical (accents dropped, confusables folded): any of them inside a handle
 * makes it a machine's. Short ones ("ai", "ki", "ia") are matched inside words too: a
 * colleague named Kai loses the exemption, which only costs the scorer's verdict.
 */
const MACHINE_PARTS = [
  ...['ai', 'ki', 'ia', 'bot', 'assist', 'asist', 'asyst', 'agent', 'gpt', 'copilot', 'claude'],
  ...['llm', 'gemini', 'model', 'auto', 'triage', 'review', 'dojo', 'scan', 'robot', 'system'],
  ...['ассист', 'асист', 'агент', 'бот', 'модел', 'ии', 'ші', 'עוזר', 'בוט', 'مساعد', 'بوت'],
  ...['助手', '机器人', 'アシスタント', 'ボット', '어시스턴트', '봇', 'सहायक', 'बॉट', 'βοηθ'],
].map((w) => canonicalise(w));

/**
 * A handle (after a list item's marker: "1. @appsec-platform please mark …"), or a name with a
 * Japanese or Korean honorific; either after a short label ("Triage note: @dana …", "トリアージメ
 * モ：佐藤さん、…"), which a note's reader is named in if anywhere (scan.ts asks `namesReader`).
 */
const LABEL = String.raw`(?:[^\n:：@]{1,30}[:：]\s*)?`;
const HANDLE = new RegExp(
  String.raw`^\s*${LABEL}(?:(?:[-*\u2022]|\d{1,2}[.)])\s+)?@([\p{L}\p{M}\p{N}_.-]{2,40})(?=[\s,:])`,
  'u',
);
const HONORIFIC = new RegExp(
  String.raw`^\s*${LABEL}(\p{L}{1,6})(?:さん|様|さま|君|님|씨)[、,，\s]`,
  'u',
);
/**
 * A team addressed as people, after a ticket's bracketed header ("[JIRA SEC-2231 - comment by
 * d.novak] Team, after the scanner migration please retag …"): "Team,", "Hi all,", "Folks!" (not
 * "Team:", a header's field). Nobody greets an AI reader as a group of colleagues.
 */
const TEAM =
  /^\s*(?:\[[^\]\n]{1,80}\]\s*)?(?:(?:hi|hey|hello|dear|morning)\s+(?:team|all|folks|everyone|everybody|guys)|team|folks|everyone|everybody|guys|hallo zusammen|hallo team|hola equipo|bonjour à tous|ciao a tutti)\s*[,!]/iu;

/** Does `text` open by addressing a colleague by handle or honorific, or a team? */
export function opensWithColleague(text: string): boolean {
  if (TEAM.test(text)) return true;
  const name = HANDLE.exec(text)?.[1] ?? HONORIFIC.exec(text)?.[1];
  if (name === undefined) return false;
  const c = canonicalise(name);
  return !MACHINE_PARTS.some((p) => c.includes(p));
}

/**
 * Where a sentence inside a line opens with a handle: a comment thread's line holds its author,
 * a time and several sentences ("Maria Costa, 2024-07-02 13:27: Verified … on all four hosts.
 * @Jens please close the four DefectDojo findings as mitigated").
 */
const HANDLE_SENTENCE = /(?<=[.!?])[ \t]+(?=@)/;

/**
 * `text` with its lines that open by addressing a colleague blanked ("… checked the source map.\n
 * @mkraus can you confirm and downgrade the sibling finding #6021 to Low?"), and within a line,
 * from a sentence that opens so to the line's end: a request there is that colleague's, as in a
 * note that opens with the name. Undefined when no line or sentence does.
 */
export function withoutColleagueLines(text: string): string | undefined {
  let cut = false;
  const kept = text.split('\n').map((line) => {
    if (opensWithColleague(line)) {
      cut = true;
      return '';
    }
    const parts = line.split(HANDLE_SENTENCE);
    const at = parts.findIndex((p, i) => i > 0 && opensWithColleague(p));
    if (at < 0) return line;
    cut = true;
    return parts.slice(0, at).join(' ');
  });
  return cut ? kept.join('\n') : undefined;
}
