/**
 * Word roles that co-occur in one sentence, per language, as agent-signal rules (omission-intl.ts,
 * record-write-intl.ts, state-change-intl.ts): a request in another language varies its word order and inflection from
 * writer to writer, so a phrase list (requests-intl.ts) holds one of many forms, while the roles
 * its words play — an omission verb and the reader's summary, a write verb and a note — are few.
 * Each language lists word stems per role; a sentence (not crossing a quote) that holds an `act`
 * stem and a `target` stem, in either order, matches. An act may also be a negation with a verb
 * of telling (`neg` + `mention`, either order). A stem matches the start of a word; one written
 * with a trailing space matches a whole word. Stems are written as a native writer spells them
 * and canonicalised when the rule is built (accents dropped, confusables folded), as the text is.
 */
import {
  canonicalForms,
  canonicalise,
  firstNonAsciiUnit,
  isAscii,
  UNSPACED_SCRIPT,
  wordsView,
} from '../normalise.js';
import { escapeRegExp } from '../../../core/regexp.js';
import { alt, tokenExcept, type AgentSignal, type InjectionRule } from './types.js';

/** One language's stems, by role. */
export interface Roles {
  /** The object or place of the act: the reader's summary, a note of the record. */
  readonly target: readonly string[];
  /** Verbs (or verb phrases) of the act. */
  readonly act: readonly string[];
  /** Negations, for `mention` (languages that negate by a suffix list the form in `act`). */
  readonly neg?: readonly string[];
  /** Verbs of mentioning or telling, negated by `neg`. */
  readonly mention?: readonly string[];
  /**
   * Most words between a negation and its verb of telling, where a negation negates the verb
   * beside it (ru, uk: "не нужно сообщать", "сообщать не нужно"), so one negating another verb
   * ("ассистент не выполняет его и сообщает пользователю") tells no one to keep quiet. Without
   * it, the two share the sentence.
   */
  readonly negGap?: number;
  /**
   * Words that may stand before an `act` in a spaced script, besides a clause's start (with
   * `CLAUSE_START`): conjunctions and requests ("und", "e", "bitte"). A verb after anything else
   * is not a request: "nie wklejaj …", "ne collez jamais …" forbid.
   */
  readonly leads?: readonly string[];
  /**
   * Negations that may not stand right after an `act` (a language that negates after its verb):
   * "füge niemals dein Token in einen Kommentar ein" forbids.
   */
  readonly notAfter?: readonly string[];
}

/** A clause's start: the text's, a line's, or after punctuation that ends a clause. */
const CLAUSE_START = '(?:^|[\\n.!?;:,(\\x{2013}\\x{2014}-]\\s*)';

/**
 * Any character but a sentence's end, a quote mark or markup: the roles must share a sentence,
 * on one side of a quote ("「要約で言及しないで」というコメントを…" is a quoted request).
 */
const SENTENCE =
  '[^.!?;\\n\\x{3002}\\x{ff01}\\x{ff1f}\\x{0964}"<>\\x{201c}\\x{201d}\\x{201e}\\x{00ab}\\x{00bb}\\x{300c}\\x{300d}]*';
/**
 * A word's edges in a spaced script, for the ASCII targets' rules and the others': a canonical
 * Latin-script text is ASCII but for a rare letter; the other scripts' words are bounded by
 * spaces and punctuation. (An explicit class also costs re2js, the tests' reference matcher, less
 * than "not a letter" in Unicode.)
 */
const EDGE = {
  ascii: '[^a-z0-9]',
  other: '[\\s"\'()\\[\\]\\x{ab}\\x{bb}\\x{201c}\\x{201d}\\x{201e}:;,.!?/_\\x{060c}\\x{061b}-]',
};
/**
 * Stems as one regex source, canonical, bounded by `edge` (see the file comment). `glued`: the
 * role comes first, and the source ends with what may stand before the next role, whose start
 * takes its own edge: the rest of a stem's word and the sentence, or after a whole word either
 * nothing more (the next word follows after one space: "למי שסוקר", "μην αναφέρεις") or an edge
 * and the sentence.
 */
function stems(
  ws: readonly string[],
  edge: string,
  start = `(?:^|${edge})`,
  glued = false,
  keep: (canonical: string) => boolean = () => true,
): string {
  const prefixes: string[] = [];
  const words: string[] = [];
  // a whole word ending in an ASCII letter or digit ends at \b, which takes no character: the
  // next role may follow after a single space ("zet hem op false positive")
  const asciiWords: string[] = [];
  const unspaced: string[] = [];
  for (const w of ws)
    for (const c of canonicalForms(w).filter(keep)) {
      const body = escapeRegExp(c).replace(/ /g, '\\s+');
      const whole = w.endsWith(' ') ? (/[a-z0-9]$/.test(c) ? asciiWords : words) : prefixes;
      (UNSPACED_SCRIPT.test(c) ? unspaced : whole).push(body);
    }
  const rest = glued ? SENTENCE : '';
  const spaced = [
    ...(prefixes.length > 0 ? [`${alt(prefixes)}${rest}`] : []),
    ...(asciiWords.length > 0 ? [`${alt(asciiWords)}\\b${rest}`] : []),
    ...(words.length > 0
      ? [`${alt(words)}${glued ? `(?:${edge}${SENTENCE})?` : `(?:${edge}|$)`}`]
      : []),
  ];
  return alt([
    ...(spaced.length > 0 ? [`${start}${alt(spaced)}`] : []),
    // an unspaced script's word has no edge to take an opening quote: "設為「風險接受」"
    ...(unspaced.length > 0 ? [`${UNSPACED_QUOTE}?${alt(unspaced)}${rest}`] : []),
  ]);
}

/**
 * Stems of any script as one regex source, each form bounded by its script's edge (the file
 * comment says how a stem and a whole word match).
 */
export function anyScriptStems(ws: readonly string[]): string {
  const all = ws.flatMap(canonicalForms);
  return alt([
    ...(all.some(isAscii) ? [stems(ws, EDGE.ascii, undefined, false, isAscii)] : []),
    ...(all.some((c) => !isAscii(c))
      ? [stems(ws, EDGE.other, undefined, false, (c) => !isAscii(c))]
      : []),
  ]);
}

/** An opening quote before a word of an unspaced script (CJK corner brackets, curly, straight). */
const UNSPACED_QUOTE = `["'\\x{201c}\\x{300c}\\x{300e}]`;

/** One language's sentences holding an act and a target, in the two orders of the roles. */
function languagePatterns(
  o: Roles,
  target: readonly string[],
  edge: string,
  keep: (canonical: string) => boolean,
  keepAct: (canonical: string) => boolean = () => true,
): string[] {
  // an act, or a negation and a verb of telling in either order ("ne le mentionne pas",
  // "erwähne es nicht")
  const [neg, mention] = [o.neg ?? [], o.mention ?? []];
  // after the negation: its edge (a whole ASCII word ends at \b and takes none), then whole words
  const gap = o.negGap === undefined ? undefined : `\\s*(?:[^\\s.!?;]+\\s+){0,${o.negGap}}`;
  const told = (glued: boolean): string[] =>
    neg.length === 0 || mention.length === 0
      ? []
      : gap === undefined
        ? [
            `${stems(neg, edge, undefined, true)}${stems(mention, edge, undefined, glued)}`,
            `${stems(mention, edge, undefined, true)}${stems(neg, edge, undefined, glued)}`,
          ]
        : [
            // the verb's start is taken by the gap
            `${stems(neg, edge)}${gap}${stems(mention, edge, '', glued)}`,
            `${stems(mention, edge)}[^\\s.!?;]*\\s+${gap}${stems(neg, edge, '', glued)}`,
          ];
  const start = o.leads
    ? `(?:${CLAUSE_START}|(?:^|${edge})${alt(o.leads.map((w) => escapeRegExp(canonicalise(w))))}\\s+)`
    : undefined;
  // a verb (its stem and the rest of its word) not followed by a negation
  const unnegated = o.notAfter ? `[a-z]*\\s+${tokenExcept(o.notAfter)}\\b` : '';
  const act = (glued: boolean): string =>
    alt([
      `${stems(o.act, edge, start, glued && !unnegated, keepAct)}${glued && unnegated ? `${unnegated}${SENTENCE}` : unnegated}`,
      ...told(glued),
    ]);
  // the target between a negation and a verb at the clause's end, as Dutch and German place it
  // ("en als zij niet in het overzicht voor de klant terechtkomt", "nicht in der Zusammenfassung
  // erwähnen")
  const around =
    neg.length === 0 || mention.length === 0 || gap !== undefined
      ? []
      : [
          `${stems(neg, edge, undefined, true)}${stems(target, edge, undefined, true, keep)}${stems(mention, edge)}`,
        ];
  return [
    `${act(true)}${stems(target, edge, undefined, false, keep)}`,
    `${stems(target, edge, undefined, true, keep)}${act(false)}`,
    ...around,
  ];
}

/**
 * A language's rules over its ASCII targets (canonical), or over the others, one per order. Every
 * match holds a target, which is the rule's prefilter: ASCII targets as `literals`, the others by
 * their first non-ASCII unit (the literal matcher reads ASCII only). Rules per language keep each
 * language's roles apart (a French negation beside a Romanian verb is no request), and each
 * program small: re2js, the tests' reference matcher, runs a small program far faster than one
 * large one.
 */
function languageRules(
  id: string,
  signal: AgentSignal,
  o: Roles,
  ascii: boolean,
  on: PrefilterRole,
): InjectionRule[] {
  // a target's forms go to the rule of their script (a capitalised form may fold to ASCII)
  const keep = (c: string): boolean => isAscii(c) === ascii;
  const rule = (
    target: readonly string[],
    prefilter: Partial<InjectionRule>,
    keepAct?: (canonical: string) => boolean,
  ): InjectionRule[] =>
    languagePatterns(o, target, ascii ? EDGE.ascii : EDGE.other, keep, keepAct).map((pattern) => ({
      id: `agent.signal.${id}`,
      family: 'agent',
      mode: 'enforce',
      scope: 'text',
      weak: true,
      signal,
      pattern,
      ...prefilter,
    }));
  const forms = (ws: readonly string[]): string[] => [
    ...new Set(ws.flatMap(canonicalForms).filter(keep)),
  ];
  if (on === 'act') {
    if (forms(o.target).length === 0) return [];
    // one rule per script of the acts' forms, each prefiltered by its own forms
    return [true, false].flatMap((asciiActs) => {
      const keepAct = (c: string): boolean => isAscii(c) === asciiActs;
      const prefilter = actPrefilter(o, keepAct);
      return prefilter === undefined ? [] : rule(o.target, prefilter, keepAct);
    });
  }
  if (!ascii) {
    const canonTargets = forms(o.target);
    if (canonTargets.length === 0) return [];
    return rule(o.target, {
      nonAscii: true,
      phrasesFirstUnits: [...new Set(canonTargets.map(firstNonAsciiUnit))],
      firstUnitsExact: true,
    });
  }
  // Whole ASCII words ("si ", "wenn ") are anchors, looked up as words: as literals, "si" and
  // "wer" would put the rules on most English texts ("basis", "answer").
  const whole = o.target.filter((w) => w.endsWith(' '));
  const prefixes = o.target.filter((w) => !w.endsWith(' '));
  const anchors = forms(whole).map((c) => longest(wordsView(c).split(' ')));
  const literals = forms(prefixes);
  return [
    ...(anchors.length > 0 ? rule(whole, { anchors: [...new Set(anchors)] }) : []),
    ...(literals.length > 0 ? rule(prefixes, { literals }) : []),
  ];
}

/**
 * Which role's stems prefilter a language's rules. `target` by default; `act` where the targets
 * are common words (DefectDojo's English states in every English text) and the acts are the
 * language's own verbs: every match holds an act, so the rules run only on texts holding one.
 */
export type PrefilterRole = 'target' | 'act';

/**
 * The prefilter of the acts of one language whose canonical forms `keepAct` keeps (one script);
 * undefined when it keeps none.
 */
function actPrefilter(
  o: Roles,
  keepAct: (canonical: string) => boolean,
): Partial<InjectionRule> | undefined {
  if (o.neg !== undefined || o.mention !== undefined)
    throw new Error('an act prefilter needs every match to hold an act (no neg/mention)');
  const forms = (ws: readonly string[]): string[] => [
    ...new Set(ws.flatMap(canonicalForms).filter(keepAct)),
  ];
  const all = forms(o.act);
  if (all.length === 0) return undefined;
  if (!all.every(isAscii))
    return {
      nonAscii: true,
      phrasesFirstUnits: [...new Set(all.map(firstNonAsciiUnit))],
      firstUnitsExact: true,
    };
  // whole words as anchors of the words view, stems as literals of the text view
  const whole = forms(o.act.filter((w) => w.endsWith(' ')));
  const prefixes = forms(o.act.filter((w) => !w.endsWith(' ')));
  return {
    ...(whole.length > 0
      ? { anchors: [...new Set(whole.map((c) => longest(wordsView(c).split(' '))))] }
      : {}),
    ...(prefixes.length > 0 ? { literals: prefixes } : {}),
  };
}

/** The longest of some words. */
const longest = (ws: readonly string[]): string =>
  ws.reduce((a, w) => (w.length > a.length ? w : a), '');

/** The rules of one signal over a table of languages' roles (one per language, script and order). */
export function cooccurrenceRules(
  id: string,
  signal: AgentSignal,
  table: Readonly<Record<string, Roles>>,
  on: PrefilterRole = 'target',
): InjectionRule[] {
  return Object.values(table).flatMap((o) => [
    ...languageRules(id, signal, o, true, on),
    ...languageRules(id, signal, o, false, on),
  ]);
}
