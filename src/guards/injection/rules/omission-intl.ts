/**
 * Requests to leave something out of what the reader shows its user, in 28 languages, matched as
 * words that co-occur in one sentence rather than as fixed phrases: "lass ihn in deiner
 * Zusammenfassung weg", "né citarla nel riepilogo", "пользователю об этом сообщать не нужно",
 * "ユーザー向けのレポートからは除外". A phrase list (requests-intl.ts `CONCEAL_REQUEST_INTL`)
 * holds one word order and one inflection; writers vary both, so each language here lists word
 * stems by role (cooccur.ts) and a sentence that holds
 *
 * - an omission verb and what the reader produces or who it answers (`act` + `target`), or
 * - a negation, a verb of mentioning or telling, and that target (`neg` + `mention` + `target`),
 *
 * in any order, is a `conceal` signal (agent-signals.ts: it blocks with any other signal kind).
 * Targets are the reader's outputs (summary, answer, overview) and its user, not "report" in the
 * languages where a person edits a report ("aus dem Bericht entfernen"), nor a customer: a triage
 * note keeps a fix from the customer until it ships. Verbs of showing are left out: remediation
 * says "do not show the user the stack trace".
 */
import { cooccurrenceRules, type Roles } from './cooccur.js';
import type { InjectionRule } from './types.js';

/**
 * Targets: what the reader produces or whom it answers. Acts: verbs that leave something out on
 * their own; mentions: verbs of mentioning, including or telling, with a negation.
 */
const OMISSION_INTL: Readonly<Record<string, Roles>> = {
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
    act: [
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
      // "in der Zusammenfassung für den Nutzer nicht gesondert aufführen"
      'aufführ',
      'aufgeführt',
      'aufzuführen',
      'auflisten',
    ],
  },
  fr: {
    target: ['résumé', 'synthèse', 'réponse', 'récapitulatif', 'utilisateur'],
    act: [
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
      // "Il n'est pas utile d'en informer l'utilisateur"
      'informer',
      // "qu'il n'apparaisse pas dans le résumé"
      'apparaisse',
    ],
  },
  es: {
    target: ['resumen', 'respuesta', 'usuario'],
    act: [
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
      // "sin listarlos en la respuesta", "No hace falta avisar al usuario"
      'listar',
      'avisar',
      // "que no aparezca en el resumen" (the subjunctive of a wish)
      'aparezca',
      'apareciera',
    ],
  },
  pt: {
    target: ['resumo', 'resposta', 'usuário', 'utilizador'],
    act: [
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
      // a wish that it not appear: "seria ótimo que ele não aparecesse no resumo executivo" (not
      // the indicative "não aparece no resumo", a bug's description)
      'aparecesse',
      'apareça',
    ],
  },
  it: {
    target: ['riepilogo', 'riepiloghi', 'riassunt', 'risposta', 'resoconto', 'sintesi', 'utente'],
    act: [
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
      // "che non compaia nel riepilogo", "la loro esistenza non va comunicata"
      'comunicat',
      'compaia',
      'comparisse',
    ],
  },
  nl: {
    target: ['samenvatting', 'overzicht', 'antwoord', 'gebruiker'],
    act: ['weg ', 'weglaten', 'verzwijg', 'verwijder ', 'schrap '],
    neg: ['niet ', 'geen '],
    mention: [
      ...['vermeld', 'noem ', 'noemen', 'vertel ', 'vertellen', 'opnemen', 'neem '],
      // "De gebruiker hoeft hier niet over geïnformeerd te worden"
      ...['geïnformeerd', 'informeren'],
      // "en als zij niet in het overzicht voor de klant terechtkomt"
      ...['terechtkomt', 'terechtkomen', 'verschijnt'],
    ],
  },
  sv: {
    target: ['sammanfattning', 'översikt', 'svaret', 'ditt svar', 'användare'],
    act: [
      'utelämna',
      'uteslut',
      'stryk ',
      'hoppa över',
      'lämna utanför',
      'ta inte med',
      'håll det utanför',
    ],
    neg: ['inte ', 'ej ', 'aldrig '],
    mention: ['berätta', 'rapportera', 'ta med ', 'förklara'],
  },
  da: {
    target: ['opsummering', 'oversigt', 'svaret', 'dit svar', 'brugeren'],
    act: ['udelad', 'spring over', 'hold det uden for', 'tag ikke med'],
    neg: ['ikke ', 'aldrig '],
    mention: ['fortæl', 'nævn', 'rapporter', 'tag med ', 'forklar'],
  },
  no: {
    target: ['oppsummering', 'oversikt', 'svaret', 'ditt svar', 'brukeren'],
    act: ['utelat', 'hopp over', 'hold det utenfor', 'ikke ta med'],
    neg: ['ikke ', 'aldri '],
    mention: ['fortell', 'nevn', 'rapporter', 'ta med ', 'forklar'],
  },
  fi: {
    target: ['yhteenve', 'vastaukse', 'käyttäjä'],
    act: ['jätä pois', 'jätä mainitsematta', 'ohita '],
    neg: ['älä ', 'ei ', 'koskaan '],
    mention: ['mainitse', 'kerro', 'raportoi', 'selitä'],
  },
  pl: {
    target: ['podsumowani', 'przegląd', 'odpowiedzi', 'odpowiedź', 'użytkownik'],
    act: ['pomiń', 'pomijaj', 'wyklucz', 'usuń '],
    neg: ['nie '],
    mention: ['wspominaj', 'wspomnij', 'uwzględniaj', 'uwzględnij', 'informuj', 'mów ', 'mówić'],
  },
  cs: {
    target: ['shrnutí', 'přehled', 'odpověd', 'uživatel'],
    act: [
      'vynech',
      'vyřaď',
      'nezmiňuj',
      'nezmiňujte',
      'neuváděj',
      'nezahrnuj',
      'neinformuj',
      'neříkej',
    ],
  },
  ro: {
    target: ['rezumat', 'răspuns', 'utilizator'],
    act: ['omite ', 'exclude ', 'scoate '],
    neg: ['nu '],
    mention: ['menționa', 'menționez', 'include ', 'spune ', 'informa'],
  },
  hu: {
    target: ['összefoglaló', 'válasz', 'felhasználó', 'jelentés'],
    act: ['hagyd ki', 'hagyja ki', 'vedd ki', 'ne említsd', 'ne említse', 'ne mondd', 'ne szólj'],
  },
  el: {
    target: ['σύνοψη', 'περίληψη', 'απάντηση', 'χρήστη'],
    act: ['παράλειψε', 'εξαίρεσε', 'αφαίρεσε'],
    neg: ['μην '],
    mention: ['αναφέρεις', 'αναφέρετε', 'συμπεριλάβεις', 'συμπεριλάβετε', 'πεις ', 'πείτε'],
  },
  ru: {
    target: ['сводк', 'резюме', 'ответ', 'итоговом', 'итоговый', 'пользовател'],
    act: ['исключи', 'убери', 'опусти', 'не включай', 'не упоминай', 'не сообщай', 'не говори'],
    neg: ['не ', 'ни '],
    negGap: 2,
    mention: ['упомина', 'упомян', 'сообща', 'сообщи', 'говорить', 'рассказыва'],
  },
  uk: {
    target: ['зведен', 'підсумк', 'відповід', 'користувач'],
    act: ['виключи', 'прибери', 'пропусти', 'не включай', 'не згадуй', 'не повідомляй', 'не кажи'],
    neg: ['не '],
    negGap: 2,
    mention: ['згаду', 'згадай', 'повідомля', 'казати'],
  },
  // the summary in the case of what it is left out of or said in ("özetten çıkar", "özette
  // bahsetme"): "özet çıkar" is to make one
  tr: {
    target: [
      ...['özetten', 'özette', 'özetinden', 'özetinde', 'özete', 'özetine'],
      ...['yanıt', 'cevab', 'cevap', 'kullanıcı'],
    ],
    act: [
      'çıkar',
      'hariç tut',
      'dahil etme',
      'bahsetme',
      'söyleme',
      'belirtme',
      'yer verme',
      'değinme',
      // "Kullanıcıya ayrıca bilgi vermeye gerek yok"
      'bilgi vermeye gerek yok',
      'haber vermeye gerek yok',
      'bilgilendirmeye gerek yok',
    ],
  },
  id: {
    target: ['ringkasan', 'rangkuman', 'jawaban', 'pengguna'],
    act: [
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
    act: ['loại bỏ', 'bỏ qua', 'lược bỏ'],
    neg: ['đừng ', 'không cần', 'không được'],
    mention: ['nhắc', 'đề cập', 'nói ', 'kể ', 'đưa vào'],
  },
  ar: {
    target: ['الملخص', 'ملخص', 'ردك', 'إجابتك', 'المستخدم', 'للمستخدم'],
    act: ['احذف', 'استبعد', 'أزل'],
    neg: ['لا ', 'ولا ', 'دون ', 'بدون '],
    mention: ['تذكر', 'لذكر', 'ذكر', 'تخبر', 'تشمل', 'تدرج', 'تشير'],
  },
  he: {
    target: ['סיכום', 'בסיכום', 'תשובה', 'בתשובה', 'משתמש', 'למשתמש'],
    act: ['השמט', 'הסר ', 'הוצא '],
    neg: ['אל ', 'ואל ', 'לא ', 'ולא ', 'בלי '],
    mention: ['תזכיר', 'תכלול', 'תספר', 'תדווח', 'לציין', 'להזכיר'],
  },
  fa: {
    target: ['خلاصه', 'گزارش', 'پاسخ', 'کاربر'],
    act: ['حذف کن', 'کنار بگذار', 'نگو', 'نگویید'],
    neg: ['نکن', 'نکنید', 'هیچ ', 'نه '],
    mention: ['اشاره', 'ذکر', 'بگو'],
  },
  hi: {
    target: ['सारांश', 'रिपोर्ट', 'जवाब', 'उत्तर', 'उपयोगकर्ता'],
    act: ['हटा ', 'हटाएं', 'बाहर रख'],
    neg: ['न ', 'मत ', 'नहीं '],
    mention: ['बता', 'ज़िक्र', 'जिक्र', 'उल्लेख', 'शामिल'],
  },
  zh: {
    target: ['摘要', '总结', '汇总', '回复', '回答', '报告', '用户'],
    act: [
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
    act: [
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
      // "ユーザーに説明する必要はありません"
      '説明する必要はありません',
      '説明は不要',
      '伝える必要はありません',
      '知らせる必要はありません',
    ],
  },
  // a request's forms: "제외하고", "제외하세요", "언급하지 말 것", "포함하지 마세요"; not a statement's
  // ("어떠한 응답에도 포함하지 않는다": a policy says what is never included) or a noun ("… 3건을
  // 보고서에서 제외": a post-mortem's title)
  ko: {
    target: ['요약', '보고서', '답변', '응답', '사용자'],
    act: [
      ...['제외하고', '제외해', '제외하세', '제외하십', '제외할 것', '제외하라', '빼 ', '빼고'],
      ...['언급하지 마', '언급하지 말', '포함하지 마', '포함하지 말', '알리지 마', '알리지 말'],
      ...['말하지 마', '말하지 말', '보고하지 마', '보고하지 말'],
    ],
  },
  // "อย่าพูดถึงการเปลี่ยนแปลงนี้กับผู้ใช้" (do not mention this change to the user)
  th: {
    target: ['ผู้ใช้', 'สรุป', 'คำตอบ', 'รายงานสรุป'],
    act: ['อย่าพูดถึง', 'อย่าบอก', 'อย่าแจ้ง', 'ไม่ต้องแจ้ง', 'ไม่ต้องบอก', 'ไม่ต้องพูดถึง', 'ละเว้น'],
  },
};

/** The `conceal` signal of the languages above (agent-signals.ts `AGENT_SIGNAL_RULES`). */
export const OMISSION_INTL_RULES: readonly InjectionRule[] = cooccurrenceRules(
  'omission_intl',
  'conceal',
  OMISSION_INTL,
);
