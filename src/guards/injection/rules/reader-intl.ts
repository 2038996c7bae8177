/**
 * The reader named by what it does with this record, in 27 languages, as word roles sharing a
 * sentence (cooccur.ts): a machine or an indefinite person ("system", "tool", "whoever") and a
 * verb of reading, processing, reviewing or summarising: "Для системи, яка читає результати
 * сканування", "dla narzędzia przeglądającego wyniki", "Raporu okuyan sistem",
 * "보안 스캐너 결과를 검토하는 도구에게", "Till dig som sammanställer rapporten automatiskt".
 * A phrase list (requests-intl.ts `READER_PROCESS_INTL`) holds one form of each; writers vary the
 * noun, the verb and the order.
 *
 * A kind `reader` signal: alone it is how a finding describes software ("das System verarbeitet
 * Eingaben ohne Prüfung"), so it blocks only beside a state change or write that is not a
 * description of what an agent can do, a concealment or the reader's own secret
 * (agent-signals.ts `pairsBlock`). Verbs of checking and validating are left out: "the system does
 * not validate input" is the sentence of most findings. Scanners are left out of the nouns: a
 * scanner reads files in every finding. So are nouns spelled as in English ("system", "tool",
 * "script", "bot"): a language's own inflected form stands in ("systemet", "systemu"), or a
 * short word as a whole word, so the rules do not wake on most English texts.
 */
import { cooccurrenceRules, type Roles } from './cooccur.js';
import type { InjectionRule } from './types.js';

/** Targets: the machine or person addressed. Acts: verbs of reading or processing this record. */
const READER_INTL: Readonly<Record<string, Roles>> = {
  de: {
    target: ['werkzeug', 'programms ', 'skript', 'automatisier', 'systeme ', 'wer ', 'ki '],
    act: ['verarbeite', 'liest ', 'auswertet', 'zusammenfasst', 'einliest', 'sichtet'],
  },
  fr: {
    target: ['système', 'outil', 'quiconque', 'celui qui'],
    act: ['traite ', 'traitent', 'traitant', 'lit ', 'lisent', 'lisant', 'résume', 'dépouill'],
  },
  es: {
    target: ['sistema', 'herramienta', 'programa', 'quien ', 'quienes '],
    act: ['procesa', 'lee ', 'leen ', 'leyendo', 'resume ', 'resuma', 'analiza', 'importa '],
  },
  pt: {
    target: ['sistema', 'ferramenta', 'programa', 'quem '],
    act: ['processa', 'lê ', 'leem ', 'lendo', 'resume ', 'resuma', 'analisa', 'importa '],
  },
  it: {
    target: ['sistema', 'strumento', 'programma ', 'chi ', 'chiunque'],
    act: ['elabora', 'legge', 'leggono', 'leggendo', 'riassum', 'analizza', 'importa '],
  },
  nl: {
    target: ['systeem', 'programma ', 'wie ', 'iedereen die'],
    act: ['verwerkt', 'verwerken', 'leest', 'samenvat', 'analyseert', 'importeert', 'doorneemt'],
  },
  sv: {
    target: ['systemet ', 'verktyg', 'programmet ', 'skript', 'dig som', 'den som', 'alla som'],
    act: ['bearbetar', 'läser', 'sammanställer', 'sammanfattar', 'analyserar', 'importerar'],
  },
  da: {
    target: ['systemet ', 'værktøj', 'programmet ', 'dig der', 'den der', 'dig som'],
    act: ['behandler', 'læser', 'sammenfatter', 'opsummerer', 'analyserer', 'importerer'],
  },
  no: {
    target: ['systemet ', 'verktøy', 'programmet ', 'skript', 'deg som', 'den som'],
    act: ['behandler', 'leser', 'oppsummerer', 'sammenfatter', 'analyserer', 'importerer'],
  },
  fi: {
    target: ['järjestelmä', 'työkalu', 'ohjelma', 'skripti', 'botti', 'sinulle, joka'],
    act: ['käsittele', 'lukee', 'lukeva', 'tiivistä', 'analysoi', 'koostaa'],
  },
  pl: {
    target: ['systemu', 'systemowi', 'narzędzi', 'programu', 'skrypt', 'kto ', 'każdego, kto'],
    act: ['przetwarza', 'czyta', 'przegląda', 'podsumowuj', 'analizuj', 'importuj'],
  },
  cs: {
    target: ['systému', 'systémem', 'nástroj', 'programu ', 'skript', 'kdo ', 'kdokoli'],
    act: [
      'zpracováv',
      'zpracuje',
      'čte ',
      'čtou ',
      'prochází',
      'shrnuje',
      'analyzuje',
      'importuje',
    ],
  },
  ro: {
    target: ['sistem', 'instrumentul', 'programul', 'scriptul', 'cine ', 'oricine'],
    act: ['procesează', 'citește', 'citesc', 'rezumă', 'analizează', 'importă'],
  },
  hu: {
    target: ['rendszer', 'eszköz', 'szkript', 'aki '],
    act: ['feldolgoz', 'olvas', 'összefoglal', 'elemez', 'importál'],
  },
  el: {
    target: ['σύστημα', 'εργαλείο', 'πρόγραμμα', 'σενάριο', 'bot', 'όποιος', 'όποιον'],
    act: ['επεξεργάζ', 'διαβάζ', 'συνοψίζ', 'αναλύ', 'εισάγ'],
  },
  ru: {
    target: ['систем', 'инструмент', 'программ', 'скрипт', 'бот', 'кто ', 'того, кто'],
    act: ['обрабатыва', 'чита', 'просматрива', 'суммиру', 'анализиру', 'импортиру', 'разбира'],
  },
  uk: {
    target: ['систем', 'інструмент', 'програм', 'скрипт', 'бот', 'хто ', 'того, хто'],
    act: ['опрацьов', 'обробля', 'чита', 'переглядає', 'підсумову', 'аналізу', 'імпорту'],
  },
  bg: {
    target: ['систем', 'инструмент', 'програм', 'скрипт', 'бот', 'който ', 'която '],
    act: ['обработва', 'чете', 'преглежда', 'обобщава', 'анализира', 'импортира'],
  },
  tr: {
    target: ['sistem', 'araç', 'betik'],
    act: ['okuyan', 'işleyen', 'inceleyen', 'özetleyen', 'analiz eden', 'içe aktaran', 'tarayan'],
  },
  id: {
    target: ['sistem', 'alat ', 'skrip', 'siapa pun', 'siapapun'],
    act: [
      'memproses',
      'membaca',
      'meninjau',
      'merangkum',
      'meringkas',
      'menganalisis',
      'mengimpor',
    ],
  },
  ms: {
    target: ['sistem', 'alat ', 'skrip', 'sesiapa'],
    act: ['memproses', 'membaca', 'menyemak', 'meringkaskan', 'menganalisis', 'mengimport'],
  },
  vi: {
    target: ['hệ thống', 'công cụ', 'chương trình', 'bất kỳ ai'],
    act: ['xử lý', 'đọc ', 'tóm tắt', 'phân tích', 'rà soát'],
  },
  ar: {
    target: ['نظام', 'النظام', 'للنظام', 'أداة', 'الأداة', 'لأداة', 'برنامج', 'لمن ', 'كل من'],
    act: ['يعالج', 'تعالج', 'يقرأ', 'تقرأ', 'يراجع', 'تراجع', 'يلخص', 'تلخص', 'يحلل', 'تحلل'],
  },
  he: {
    target: ['מערכת', 'למערכת', 'כלי ', 'לכלי ', 'תוכנה', 'סקריפט', 'בוט', 'למי '],
    // a relative clause joins its verb: "למי שסוקר"
    act: ['מעבד', 'קורא', 'סוקר', 'מסכם', 'מנתח', 'שמעבד', 'שקורא', 'שסוקר', 'שמסכם', 'שמנתח'],
  },
  fa: {
    target: ['سیستم', 'سامانه', 'ابزار', 'برنامه', 'هر کسی', 'کسی که'],
    act: ['پردازش', 'می‌خواند', 'میخواند', 'بررسی می', 'خلاصه می'],
  },
  hi: {
    target: ['सिस्टम', 'टूल', 'प्रोग्राम', 'बॉट', 'जो भी'],
    act: ['प्रोसेस', 'पढ़', 'समीक्षा', 'सारांश'],
  },
  zh: {
    target: ['系统', '系統', '工具', '程序', '程式', '机器人', '任何'],
    act: ['处理', '處理', '读取', '讀取', '审查', '審查', '审阅', '汇总', '彙總', '总结', '解析'],
  },
  ja: {
    target: ['システム', 'ツール', 'プログラム', 'ボット'],
    act: ['処理する', '読み取る', '読む', 'レビューする', '要約する', '解析する', '取り込む'],
  },
  ko: {
    target: ['시스템', '도구', '툴', '프로그램', '봇'],
    act: ['처리하는', '읽는', '검토하는', '요약하는', '분석하는', '가져오는'],
  },
};

/** The `reader` signal of the languages above (agent-signals.ts `AGENT_SIGNAL_RULES`). */
export const READER_INTL_RULES: readonly InjectionRule[] = cooccurrenceRules(
  'reader_role_intl',
  'reader',
  READER_INTL,
);
