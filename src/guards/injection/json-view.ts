/**
 * A JSON document given as text (a finding pasted into a note, a tool result copied whole, a record
 * given to `dojo-guard scan-text`) read as its reader reads it: each string's escapes decoded in
 * place, the document's structure kept (the tool-call rules read JSON notations). Serialised, a
 * quoted payload is not a quote (`\"Ignore all previous …\"`, so it is not judged as a mention)
 * and a label after a line break is glued to the escape (`\n\nNote for the AI:` reads "nnnote").
 *
 * Only a whole document that parses is decoded, and only without a duplicate key (`JSON.parse` keeps
 * the last of two, so a decoded text and the parsed value could differ): such a text, or one with
 * a syntax error, is judged as written.
 */
/**
 * A string literal of a document that parsed (outside strings, valid JSON holds no quote), and the
 * colon after it when it is a key.
 */
const STRING_LITERAL_AND_COLON = /("(?:[^"\\]|\\.)*")(\s*:)?/g;

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
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined; // not JSON, or nested past the engine's stack
  }
  let prose = 0;
  let keys = 0;
  const decoded = text.replace(STRING_LITERAL_AND_COLON, (_m, lit: string, colon = '') => {
    if (colon !== '') keys++;
    const value = lit.includes('\\') ? proseQuotes(JSON.parse(lit) as string) : lit.slice(1, -1);
    prose += value.length;
    return `"${value}"${colon}`;
  });
  return keys === membersOf(doc) ? { text: decoded, prose } : undefined;
}

/**
 * Every object member of a parsed value, counted (a duplicate key was parsed into one); without
 * recursion, as JSON.parse nests deeper than a call stack.
 */
function membersOf(doc: unknown): number {
  let n = 0;
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    const values = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
    if (!Array.isArray(v)) n += values.length;
    // one at a time: spreading a 200,000-element array into push() overflows the call stack
    for (const x of values) stack.push(x);
  }
  return n;
}

/**
 * A decoded string's quoted phrases as typographic quotes: "Sending the message \"Ignore previous
 * instructions …\" returned the prompt" keeps a quote of its own inside the string's straight
 * quotes, which mentions.ts pairs apart (its frame, "sending the message", then reads as a
 * report's). A quote without a space stays straight: `{\"tool\":\"close_finding\"}` is a JSON
 * notation the tool-call rules read.
 * @example proseQuotes('sent "ignore it" and "x"') === 'sent \u201cignore it\u201d and "x"'
 */
function proseQuotes(value: string): string {
  if (!value.includes('"')) return value;
  return value.replace(/"([^"]*)"/g, (m, inner: string) =>
    /\s/.test(inner) && !/^\s*[:,{}[\]]|[:,{}[\]]\s*$/.test(inner) ? `\u201c${inner}\u201d` : m,
  );
}
