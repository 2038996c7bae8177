/**
 * Chat-template skeletons: the tokens of a prompt template whose turns hold placeholders, not text
 * (`<s>[INST] <<SYS>>\n{system_prompt}\n<</SYS>>`, a tokenizer config's
 * `{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>'}}`). Findings
 * about LLM applications quote their templates; a token there opens or closes no turn anyone
 * wrote, so `role_marker.chat_template_token` does not read it as one. Every token is judged on
 * its own: one that opens a turn with words in it is still a forged turn, wherever it stands.
 */

/**
 * Tokens that open a turn: the turn's content follows them (Llama 3's `<|end_header_id|>` ends
 * the role's header, and the turn begins after it).
 */
const OPENER =
  /<\|\s*(?:im_start|start_header_id|end_header_id|begin_of_text|system|user|assistant|start)\s*\|>|\[inst\]|<<\s*sys\s*>>|<start_of_turn>/y;
/** Tokens that close a turn: its content precedes them. */
const CLOSER =
  /<\|\s*(?:im_end|eot_id|endoftext|end_of_turn|end)\s*\|>|\[\/inst\]|<<\s*\/\s*sys\s*>>|<end_of_turn>/y;
/** What may stand between a token and its turn: spaces, an escaped line break, a role name. */
const GAP = /(?:\s|\\n)*/y;
const ROLE = /(?:system|user|assistant|model|developer|tool)\b/y;
/**
 * A turn that holds no text: a placeholder (`{system_prompt}`, `{{ m['content'] }}`, `{% … %}`)
 * alone up to the line's end or the next token, or the end of the string literal the token is
 * written in (`'<|im_start|>' + …`, `"<|endoftext|>"`).
 */
const EMPTY_TURN =
  /["']|(?:\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}|\{[a-z_][a-z0-9_.]{0,40}\})[ \t]*(?:$|\n|\\n|<|\[|\{|["'+])/my;
/** A token named as a thing of its kind: "the application does not escape [INST] tokens". */
const NAMED = / ?(?:tokens?|tags?|markers?|delimiters?|sequences?)\b/y;
/** The end of a placeholder or the start of a string literal, right before a closing token. */
const FILLED_BEFORE = /(?:\}\}|%\}|\}|["'])(?:\s|\\n)*$/;

/** True if `re` (sticky) matches at `at`; its end is `re.lastIndex`. */
const at = (re: RegExp, s: string, i: number): boolean => {
  re.lastIndex = i;
  return re.test(s);
};

/**
 * Spans of `canon` (canonical text) holding one chat-template token of a template skeleton,
 * delimiters included: what `role_marker.chat_template_token` matched there (mentions.ts `Span`s).
 * @example templateTokens("<<sys>>\n{system_prompt}\n<</sys>>") // [[0, 7], [24, 32]]
 */
export function templateTokens(canon: string): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (let i = 0; i < canon.length; i++) {
    const c = canon[i];
    if (c !== '<' && c !== '[') continue;
    if (at(OPENER, canon, i)) {
      const end = OPENER.lastIndex;
      let j = end;
      at(GAP, canon, j);
      j = GAP.lastIndex;
      if (at(ROLE, canon, j)) {
        j = ROLE.lastIndex;
        at(GAP, canon, j);
        j = GAP.lastIndex;
      }
      // another token next (`[INST] <<SYS>>`): it decides, judged in its turn; nothing after it:
      // the turn a template leaves open for the model's answer
      if (
        at(NAMED, canon, end) ||
        j === canon.length ||
        at(EMPTY_TURN, canon, j) ||
        at(OPENER, canon, j)
      )
        spans.push([i, end]);
      i = end - 1;
    } else if (at(CLOSER, canon, i)) {
      const end = CLOSER.lastIndex;
      if (at(NAMED, canon, end) || FILLED_BEFORE.test(canon.slice(Math.max(0, i - 8), i)))
        spans.push([i, end]);
      i = end - 1;
    }
  }
  return spans;
}
