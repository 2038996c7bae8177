/**
 * Requests to leave something out of what the reader shows its user, in 24 languages, matched as
 * words that co-occur in one sentence rather than as fixed phrases: "lass ihn in deiner
 * Zusammenfassung weg", "né citarla nel riepilogo", "пользователю об этом сообщать не нужно",
 * "ユーザー向けのレポートからは除外". A phrase list (requests-intl.ts `CONCEAL_REQUEST_INTL`)
 * holds one word order and one inflection; writers vary both, so each language here lists word
 * stems in four roles and a sentence that holds
 *
 * - an omission verb and what the reader produces or who it answers (`omit` + `target`), or
 * - a negation, a verb of mentioning or telling, and that target (`neg` + `mention` + `target`),
 *
 * in any order, is a `conceal` signal (agent-signals.ts: it blocks with any other signal kind).
 * Targets are the reader's outputs (summary, answer, overview) and its user, not "report" in the
 * languages where a person edits a report ("aus dem Bericht entfernen"), nor a customer: a triage
 * note keeps a fix from the customer until it ships. Verbs of showing are left out: remediation
 * says "do not show the user the stack trace". A stem matches the start of a word; one written
 * with a trailing space matches a whole word. Stems are written as a native writer spells them
 * and canonicalised when the rule is built (accents dropped, confusables folded), as the text is.
 */
import { canonicalise, firstNonAsciiUnit, isAscii, UNSPACED_SCRIPT } from '../normalise.js';
import { escapeRegExp } from '../../../core/regexp.js';
import { alt, type InjectionRule } from './types.js';

interface Omission {
  /** What the reader produces or whom it answers: summary, answer, overview, the user. */
  readonly target: readonly string[];
  /** Verbs (or verb phrases) that leave something out on their own. */
  readonly omit: readonly string[];
  /** Negations, for `mention` (languages that negate a verb by a suffix list the form in `omit`). */
  readonly neg: readonly string[];
  /** Verbs of mentioning, including or telling. */
  readonly mention: readonly string[];
}

const OMISSION_INTL: Readonly<Record<string, Omission>> = {
  de: {
    target: [
      'zusammenfassung',
      'antwort',
      'übersicht',
      'überblick',
      'kurzfassung',
      'nutzer',
      'benutzer',
      'anwender',
    ],
    omit: [
      'weg ',
      'weglassen',
      'wegzulassen',
      'auslassen',
      'verschweig',
      'entferne ',
      'entfernen sie',
      'streiche ',
    ],
    neg: ['nicht ', 'kein ', 'keine ', 'nichts '],
    mention: [
      'erwähne ',
      'erwähnen',
      'nenne ',
      'nennen ',
      'berichte ',
      'sag ',
      'sage ',
      'sagen ',
      'informiere',
      'aufnehmen',
      'nimm ',
    ],
  },
  fr: {
    target: ['résumé', 'synthèse', 'réponse', 'récapitulatif', 'utilisateur'],
    omit: [
      'omets',
      'omettez',
      'omettre',
      'exclus ',
      'excluez',
      'exclure',
      'retire ',
      'retirez',
      'laisse de côté',
      'laissez de côté',
      'passe sous silence',
      'passez sous silence',
    ],
    neg: ['ne ', "n'", 'pas ', 'sans '],
    mention: [
      'mentionne',
      'inclu',
      'signale ',
      'signalez',
      'signaler',
      'parle ',
      'parlez',
      'parler',
      'dis ',
      'dites',
      'dire ',
      'informe ',
    ],
  },
  es: {
    target: ['resumen', 'respuesta', 'usuario'],
    omit: [
      'omite',
      'omita',
      'omitir',
      'excluye',
      'excluya',
      'excluir',
      'quítalo',
      'quítala',
      'déjalo fuera',
      'déjala fuera',
      'deja fuera',
    ],
    neg: ['no ', 'sin ', 'ni '],
    mention: [
      'menciones',
      'mencione ',
      'mencionar',
      'incluyas',
      'incluya ',
      'incluir',
      'digas',
      'diga ',
      'decir',
      'informes',
      'informar',
      'reportes',
    ],
  },
  pt: {
    target: ['resumo', 'resposta', 'usuário', 'utilizador'],
    omit: [
      'omita',
      'omite ',
      'omitir',
      'exclua',
      'excluir',
      'remova',
      'deixe de fora',
      'deixa de fora',
    ],
    neg: ['não ', 'nem ', 'sem '],
    mention: [
      'mencione',
      'mencionar',
      'inclua',
      'incluir',
      'diga ',
      'dizer',
      'cite ',
      'citar',
      'informe ',
      'informar',
    ],
  },
  it: {
    target: ['riepilogo', 'riassunto', 'risposta', 'resoconto', 'sintesi', 'utente'],
    omit: [
      'ometti',
      'omettere',
      'escludi',
      'escluderl',
      'togli',
      'rimuovi',
      'lascia fuori',
      'lasciala fuori',
      'lascialo fuori',
      'tralascia',
    ],
    neg: ['non ', 'né ', 'senza '],
    mention: [
      'menzion',
      'citarl',
      'citare',
      'citi ',
      'includer',
      'includi ',
      'dirlo',
      'dirla',
      'dire ',
      'segnalarl',
      'informare',
    ],
  },
  nl: {
    target: ['samenvatting', 'overzicht', 'antwoord', 'gebruiker'],
    omit: ['weg ', 'weglaten', 'verzwijg', 'verwijder ', 'schrap '],
    neg: ['niet ', 'geen '],
    mention: ['vermeld', 'noem ', 'noemen', 'vertel ', 'vertellen', 'opnemen', 'neem '],
  },
  sv: {
    target: ['sammanfattning', 'översikt', 'svaret', 'ditt svar', 'användare'],
    omit: [
      'utelämna',
      'uteslut',
      'stryk ',
      'hoppa över',
      'lämna utanför',
      'ta inte med',
      'håll det utanför',
    ],
    neg: ['inte ', 'ej '],
    mention: ['berätta', 'rapportera', 'ta med '],
  },
  pl: {
    target: ['podsumowani', 'przegląd', 'odpowiedzi', 'odpowiedź', 'użytkownik'],
    omit: ['pomiń', 'pomijaj', 'wyklucz', 'usuń '],
    neg: ['nie '],
    mention: ['wspominaj', 'wspomnij', 'uwzględniaj', 'uwzględnij', 'informuj', 'mów ', 'mówić'],
  },
  cs: {
    target: ['shrnutí', 'přehled', 'odpověd', 'uživatel'],
    omit: [
      'vynech',
      'vyřaď',
      'nezmiňuj',
      'nezmiňujte',
      'neuváděj',
      'nezahrnuj',
      'neinformuj',
      'neříkej',
    ],
    neg: [],
    mention: [],
  },
  ro: {
    target: ['rezumat', 'răspuns', 'utilizator'],
    omit: ['omite ', 'exclude ', 'scoate '],
    neg: ['nu '],
    mention: ['menționa', 'menționez', 'include ', 'spune ', 'informa'],
  },
  hu: {
    target: ['összefoglaló', 'válasz', 'felhasználó'],
    omit: ['hagyd ki', 'hagyja ki', 'vedd ki', 'ne említsd', 'ne említse', 'ne mondd', 'ne szólj'],
    neg: [],
    mention: [],
  },
  el: {
    target: ['σύνοψη', 'περίληψη', 'απάντηση', 'χρήστη'],
    omit: ['παράλειψε', 'εξαίρεσε', 'αφαίρεσε'],
    neg: ['μην '],
    mention: ['αναφέρεις', 'αναφέρετε', 'συμπεριλάβεις', 'συμπεριλάβετε', 'πεις ', 'πείτε'],
  },
  ru: {
    target: ['сводк', 'резюме', 'ответ', 'итоговом', 'итоговый', 'пользовател'],
    omit: ['исключи', 'убери', 'опусти', 'не включай', 'не упоминай', 'не сообщай', 'не говори'],
    neg: ['не ', 'ни '],
    mention: ['упомина', 'упомян', 'сообща', 'сообщи', 'говорить', 'рассказыва'],
  },
  uk: {
    target: ['зведен', 'підсумк', 'відповід', 'користувач'],
    omit: ['виключи', 'прибери', 'пропусти', 'не включай', 'не згадуй', 'не повідомляй', 'не кажи'],
    neg: ['не '],
    mention: ['згаду', 'згадай', 'повідомля', 'казати'],
  },
  tr: {
    target: ['özet', 'yanıt', 'cevab', 'cevap', 'kullanıcı'],
    omit: [
      'çıkar',
      'hariç tut',
      'dahil etme',
      'bahsetme',
      'söyleme',
      'belirtme',
      'yer verme',
      'değinme',
    ],
    neg: [],
    mention: [],
  },
  id: {
    target: ['ringkasan', 'rangkuman', 'jawaban', 'pengguna'],
    omit: [
      'hilangkan',
      'kecualikan',
      'jangan sebut',
      'jangan masukkan',
      'jangan cantumkan',
      'jangan beri tahu',
      'jangan laporkan',
      'jangan kasih tahu',
    ],
    neg: ['jangan ', 'tidak perlu', 'tak perlu'],
    mention: ['sebut', 'cantumkan', 'beri tahu', 'laporkan', 'kasih tahu', 'memberitahu'],
  },
  vi: {
    target: ['tóm tắt', 'báo cáo gửi', 'câu trả lời', 'người dùng'],
    omit: ['loại bỏ', 'bỏ qua', 'lược bỏ'],
    neg: ['đừng ', 'không cần', 'không được'],
    mention: ['nhắc', 'đề cập', 'nói ', 'kể ', 'đưa vào'],
  },
  ar: {
    target: ['الملخص', 'ملخص', 'ردك', 'إجابتك', 'المستخدم', 'للمستخدم'],
    omit: ['احذف', 'استبعد', 'أزل'],
    neg: ['لا ', 'ولا ', 'دون ', 'بدون '],
    mention: ['تذكر', 'لذكر', 'ذكر', 'تخبر', 'تشمل', 'تدرج', 'تشير'],
  },
  he: {
    target: ['סיכום', 'בסיכום', 'תשובה', 'בתשובה', 'משתמש', 'למשתמש'],
    omit: ['השמט', 'הסר ', 'הוצא '],
    neg: ['אל ', 'לא ', 'בלי '],
    mention: ['תזכיר', 'תכלול', 'תספר', 'תדווח', 'לציין', 'להזכיר'],
  },
  fa: {
    target: ['خلاصه', 'گزارش', 'پاسخ', 'کاربر'],
    omit: ['حذف کن', 'کنار بگذار', 'نگو', 'نگویید'],
    neg: ['نکن', 'نکنید', 'هیچ ', 'نه '],
    mention: ['اشاره', 'ذکر', 'بگو'],
  },
  hi: {
    target: ['सारांश', 'रिपोर्ट', 'जवाब', 'उत्तर', 'उपयोगकर्ता'],
    omit: ['हटा ', 'हटाएं', 'बाहर रख'],
    neg: ['न ', 'मत ', 'नहीं '],
    mention: ['बता', 'ज़िक्र', 'जिक्र', 'उल्लेख', 'शामिल'],
  },
  zh: {
    target: ['摘要', '总结', '汇总', '回复', '回答', '报告', '用户'],
    omit: [
      '删除',
      '去掉',
      '省略',
      '排除',
      '略去',
      '移除',
      '不要提',
      '别提',
      '不要告诉',
      '不要让用户',
    ],
    neg: ['不要', '别', '勿', '无需', '不用', '不必'],
    mention: ['提及', '提到', '提起', '列出', '包含', '写入', '告诉', '说明'],
  },
  ja: {
    target: ['要約', 'サマリー', 'レポート', '報告', '回答', '返答', 'ユーザー'],
    omit: [
      '除外',
      '省いて',
      '省略',
      '外して',
      '含めない',
      '記載しない',
      '言及しない',
      '触れない',
      '伝えない',
      '知らせない',
    ],
    neg: [],
    mention: [],
  },
  ko: {
    target: ['요약', '보고서', '답변', '응답', '사용자'],
    omit: ['제외', '빼 ', '빼고', '언급하지', '포함하지', '알리지', '말하지', '보고하지'],
    neg: [],
    mention: [],
  },
};

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
/** Stems as one regex source, canonical, bounded by `edge` (see the file comment). */
function stems(ws: readonly string[], edge: string): string {
  const prefixes: string[] = [];
  const words: string[] = [];
  const unspaced: string[] = [];
  for (const w of ws) {
    const c = canonicalise(w.trim());
    const body = escapeRegExp(c).replace(/ /g, '\\s+');
    (UNSPACED_SCRIPT.test(c) ? unspaced : w.endsWith(' ') ? words : prefixes).push(body);
  }
  const spaced = [
    ...(prefixes.length > 0 ? [alt(prefixes)] : []),
    ...(words.length > 0 ? [`${alt(words)}(?:${edge}|$)`] : []),
  ];
  return alt([
    ...(spaced.length > 0 ? [`(?:^|${edge})${alt(spaced)}`] : []),
    ...(unspaced.length > 0 ? [alt(unspaced)] : []),
  ]);
}

/**
 * One language's sentences that leave something out of `target`, in the two orders of the roles
 * (the target first or last).
 */
function languagePatterns(o: Omission, target: readonly string[], edge: string): string[] {
  const t = stems(target, edge);
  // an omission verb, or a negation and a verb of telling in either order ("ne le mentionne
  // pas", "erwähne es nicht")
  const told =
    o.neg.length > 0 && o.mention.length > 0
      ? [
          `${stems(o.neg, edge)}${SENTENCE}${stems(o.mention, edge)}`,
          `${stems(o.mention, edge)}${SENTENCE}${stems(o.neg, edge)}`,
        ]
      : [];
  const leave = alt([stems(o.omit, edge), ...told]);
  return [`${leave}${SENTENCE}${t}`, `${t}${SENTENCE}${leave}`];
}

/**
 * A language's rules over its ASCII targets (canonical), or over the others, one per order. Every
 * match holds a target, which is the rule's prefilter: ASCII targets as `literals`, the others by
 * their first non-ASCII unit (the literal matcher reads ASCII only). Rules per language keep each language's
 * roles apart (a French negation beside a Romanian verb is no request), and each program small:
 * re2js, the tests' reference matcher, runs a small program far faster than one large one.
 */
function omissionRule(o: Omission, ascii: boolean): InjectionRule[] {
  const target = o.target.filter((w) => isAscii(canonicalise(w)) === ascii);
  if (target.length === 0) return [];
  const canonTargets = [...new Set(target.map((w) => canonicalise(w.trim())))];
  const prefilter = ascii
    ? { literals: canonTargets }
    : {
        nonAscii: true,
        phrasesFirstUnits: [...new Set(canonTargets.map(firstNonAsciiUnit))],
        firstUnitsExact: true,
      };
  return languagePatterns(o, target, ascii ? EDGE.ascii : EDGE.other).map((pattern) => ({
    id: 'agent.signal.omission_intl',
    family: 'agent',
    mode: 'enforce',
    scope: 'text',
    weak: true,
    signal: 'conceal',
    pattern,
    ...prefilter,
  }));
}

/** The `conceal` signal of the languages above (agent-signals.ts `AGENT_SIGNAL_RULES`). */
export const OMISSION_INTL_RULES: readonly InjectionRule[] = Object.values(OMISSION_INTL).flatMap(
  (o) => [...omissionRule(o, true), ...omissionRule(o, false)],
);
