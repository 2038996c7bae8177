/**
 * A JSON document given as text (a finding pasted into a note, a tool result copied whole, a record
 * given to `dojo-guard scan-text`) read as its reader reads it: each string's escapes decoded in
 * place, the document's structure kept (the tool-call rules read JSON notations). Serialised, a
 * quoted payload is not a quote (`\"Ignore all previous …\"`, so it is not judged as a mention)
 * and a label after a line break is glued to the escape (`\n\nNote for the AI:` reads "nnnote").
 *
 * Only a whole document that parses strictly (src/proxy/strict-json.ts) is decoded: a text with a
 * duplicate key, a forbidden key or a syntax error is judged as written.
 */
import { parseStrictJson } from '../../proxy/strict-json.js';

/** Nesting deeper than a DefectDojo record's is judged as written. */
const MAX_DEPTH = 32;

/** A string literal of a document that parsed: outside strings, valid JSON holds no quote. */
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

/** A JSON document's reader view, and how much of it is prose (its strings' decoded length). */
export interface JsonView {
  readonly text: string;
  readonly prose: number;
}

/**
 * `text` with its strings' escapes decoded, or undefined when it is not one whole JSON object or
 * array holding an escape. `prose` is what a length limit on prose measures: a pretty-printed
 * finding is half indentation, keys and nulls.
 * @example jsonReaderView('{"note":"a\\nb"}')?.text === '{"note":"a\nb"}'
 */
export function jsonReaderView(text: string): JsonView | undefined {
  const first = /\S/.exec(text.length > 64 ? text.slice(0, 64) : text)?.[0];
  if ((first !== '{' && first !== '[') || !text.includes('\\')) return undefined;
  try {
    parseStrictJson(text, { maxDepth: MAX_DEPTH, lossyNumbers: true });
  } catch {
    return undefined;
  }
  let prose = 0;
  const decoded = text.replace(STRING_LITERAL, (lit) => {
    const value = lit.includes('\\') ? (JSON.parse(lit) as string) : lit.slice(1, -1);
    prose += value.length;
    return `"${value}"`;
  });
  return { text: decoded, prose };
}
