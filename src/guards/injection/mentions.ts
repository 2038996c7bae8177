/**
 * Quoted mentions: security prose quotes the payloads it is about ("a user message of 'ignore
 * previous instructions' revealed the prompt", "inputs such as \"disregard your guidelines\"",
 * "the agent executed `close_finding(id=91)`"). A quoted span whose lead-in frames it as an example
 * or as reported speech is blanked before the rules and the learned scorer run, so they judge the
 * prose around it. A hit that needs the blanked text is kept unless it lies inside one quoted span
 * (scan.ts `scanWith`): quoting half a payload does not hide the other half.
 *
 * Only descriptive frames count: examples (`such as`, `like`, `e.g.`), reporting verbs in the past
 * or participle (`submitted`, `contained`, `saying`, `replied`), nouns of a sample (`payload`,
 * `message of`, `test case`) and modals of description (`would`). Words that address a reader
 * ("Note for the assistant: '…'", "New instructions: '…'", "prompt") are not frames, so an
 * instruction wrapped in quotes and addressed to the reader is judged as before.
 */

/** Openers and their closers (canonical text keeps typographic quotes). */
const CLOSER: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '`': '`',
  '\u201c': '\u201d',
  '\u2018': '\u2019',
  '\u00ab': '\u00bb',
  '\u201e': '\u201c',
};

/** Longest quoted span blanked (a mention is a phrase or a sentence, not a document). */
const MAX_SPAN = 400;
/** How far before the opener the frame may stand. */
const LEAD_IN = 48;

/**
 * The frame: at the end of the lead-in (only spaces, colons, commas or an opening bracket between
 * it and the quote). Canonical text is lower case.
 */
const FRAME = new RegExp(
  '(?:^|[^a-z])(?:' +
    [
      'such as',
      'like',
      'e\\.?g\\.?',
      'i\\.?e\\.?',
      'for example',
      'for instance',
      'example',
      'examples',
      'payload',
      'payloads',
      'string',
      'strings',
      'phrase',
      'phrases',
      'sentence',
      'message of',
      'text of',
      'test case',
      'test cases',
      'includes?',
      'included',
      'including',
      'contains?',
      'contained',
      'containing',
      'saying',
      'said',
      'says',
      'stating',
      'stated',
      'reads',
      'submitted',
      'typed',
      'entered',
      'sent',
      'injected',
      'embedded',
      'planted',
      'used',
      'replied',
      'responded',
      'answered',
      'printed',
      'wrote',
      'executed',
      'called',
      'invoked',
      'ran',
      'issued',
      'instructed it to',
      'asked it to',
      'told it to',
      'would',
      'could',
      'might',
    ].join('|') +
    ')(?: [a-z]+)?[\\s:,(\\[-]*$',
);

/** What may separate the items of a quoted list. */
const LIST_GAP = /^[\s,;/]*(?:and|or)?[\s,]*$/;

/** True if `c` may stand right before an opening single quote (not an apostrophe in a word). */
const opensAfter = (c: string | undefined): boolean => c === undefined || !/[a-z0-9]/.test(c);

/** A quoted mention: the offsets of its contents in the canonical text, [start, end). */
export type Span = readonly [number, number];

/**
 * The contents of framed quoted spans in `canon`, in order.
 * @example mentionSpans("inputs such as 'ignore it' change it") // [[16, 25]]
 */
export function mentionSpans(canon: string): Span[] {
  const spans: Span[] = [];
  let lastEnd = -1;
  let i = 0;
  while (i < canon.length) {
    const open = canon[i]!;
    const close = CLOSER[open];
    if (close === undefined || (open === "'" && !opensAfter(canon[i - 1]))) {
      i++;
      continue;
    }
    let end = canon.indexOf(close, i + 1);
    // A closing single quote must end a word, not be an apostrophe inside one ("user's").
    while (open === "'" && end > 0 && /[a-z0-9]/.test(canon[end + 1] ?? '')) {
      end = canon.indexOf(close, end + 1);
    }
    if (end < 0 || end - i > MAX_SPAN || canon.slice(i + 1, end).includes('\n')) {
      i++;
      continue;
    }
    const lead = canon.slice(Math.max(0, i - LEAD_IN), i);
    // A list of quoted items shares the frame of its first: `such as "a", "b" and "c"`.
    const listed = lastEnd >= 0 && LIST_GAP.test(canon.slice(lastEnd + 1, i));
    if (listed || FRAME.test(lead)) {
      spans.push([i + 1, end]);
      lastEnd = end;
    }
    i = end + 1;
  }
  return spans;
}

/**
 * `canon` with the spans blanked by spaces (same length, so offsets and lines are kept).
 * @example maskSpans('say "x y" now', [[5, 8]]) === 'say "   " now'
 */
export function maskSpans(canon: string, spans: readonly Span[]): string {
  if (spans.length === 0) return canon;
  let out = '';
  let at = 0;
  for (const [a, b] of spans) {
    out += canon.slice(at, a) + ' '.repeat(b - a);
    at = b;
  }
  return out + canon.slice(at);
}
