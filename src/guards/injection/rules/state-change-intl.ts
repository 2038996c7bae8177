/**
 * Requests to change a finding's state, in 26 languages, as word roles sharing a sentence
 * (cooccur.ts): a verb that sets, marks or closes and a state of DefectDojo, named in the
 * language or as the product's own English term ("zet hem op false positive", "contrassegnali
 * tutti come duplicati", "пометь как ложноположительную"). Kind `intl_action`, like the phrase
 * list of requests-intl.ts: alone it is a triage note between colleagues; it blocks beside an
 * addressed reader, a skipped confirmation, a concealment or the reader's own secret
 * (agent-signals.ts). A verb after a negation (or before one, in German, Dutch and Swedish) is a
 * prohibition, not a request.
 */
import { cooccurrenceRules, type Roles } from './cooccur.js';
import type { InjectionRule } from './types.js';

/** DefectDojo's states as its English interface names them, in every language's records. */
export const STATES_EN = [
  'false positive',
  'false_p',
  'risk accepted',
  'risk_accepted',
  'risk acceptance',
  'mitigated',
  'inactive',
  'out of scope',
  'wontfix',
  "won't fix",
  'informational',
];

/** Targets: states, in the language and in English. Acts: verbs that set or mark them. */
const STATE_CHANGE_INTL: Readonly<Record<string, Roles>> = {
  de: {
    target: [
      ...STATES_EN,
      'falsch positiv',
      'fehlalarm',
      'risiko akzeptiert',
      'behoben',
      'duplikat',
      'inaktiv',
    ],
    act: ['setze', 'markiere', 'stufe', 'ändere', 'klassifiziere', 'trage ', 'schließe'],
    leads: ['und', 'dann', 'bitte', 'danach', 'sofort', 'einfach'],
    notAfter: ['nie', 'niemals', 'nicht', 'kein', 'keine', 'keinen'],
  },
  fr: {
    target: [...STATES_EN, 'faux positif', 'risque accepté', 'atténué', 'doublon', 'inactif'],
    act: [
      'marque ',
      'marquez',
      'passe ',
      'passez',
      'classe ',
      'classez',
      'mets ',
      'mettez',
      'ferme ',
      'fermez',
    ],
    leads: ['et', 'puis', 'ensuite', 'merci de', 'veuillez'],
  },
  es: {
    target: [
      ...STATES_EN,
      'falso positivo',
      'riesgo aceptado',
      'mitigado',
      'duplicado',
      'inactivo',
    ],
    act: [
      'márca',
      'marca ',
      'marque ',
      'cierra',
      'ciérra',
      'pon ',
      'ponlo',
      'ponla',
      'establece',
      'clasifica',
      'cambia',
    ],
    leads: ['y', 'luego', 'después', 'por favor', 'simplemente'],
  },
  pt: {
    target: [
      ...STATES_EN,
      'falso positivo',
      'risco aceito',
      'risco aceite',
      'mitigado',
      'duplicado',
      'inativo',
    ],
    act: ['marque', 'marca ', 'feche', 'fecha ', 'defina', 'classifique', 'altere', 'coloque'],
    leads: ['e', 'depois', 'por favor', 'simplesmente'],
  },
  it: {
    target: [
      ...STATES_EN,
      'falso positivo',
      'falsi positivi',
      'rischio accettato',
      'mitigat',
      'duplicat',
      'inattiv',
    ],
    act: ['segna', 'contrassegna', 'imposta', 'chiudi', 'classifica', 'metti', 'cambia'],
    leads: ['e', 'poi', 'quindi', 'per favore', 'semplicemente'],
  },
  nl: {
    target: [
      ...STATES_EN,
      'vals positief',
      'vals-positief',
      'risico geaccepteerd',
      'gemitigeerd',
      'duplicaat',
      'inactief',
    ],
    act: ['zet ', 'markeer', 'sluit ', 'classificeer', 'wijzig'],
    leads: ['en', 'dan', 'daarna', 'graag', 'gewoon', 'even'],
    notAfter: ['nooit', 'niet', 'geen'],
  },
  sv: {
    target: [...STATES_EN, 'falskt positiv', 'risk accepterad', 'åtgärdad', 'dubblett', 'inaktiv'],
    act: ['markera', 'sätt ', 'stäng ', 'klassa', 'ändra'],
    leads: ['och', 'sedan', 'gärna', 'bara'],
    notAfter: ['aldrig', 'inte', 'ej'],
  },
  pl: {
    target: [
      ...STATES_EN,
      'fałszywie dodatni',
      'fałszywy alarm',
      'ryzyko zaakceptowane',
      'zaakceptowane ryzyko',
      'duplikat',
      'nieaktywn',
    ],
    act: ['oznacz', 'zamknij', 'ustaw', 'zmień', 'sklasyfikuj', 'nadaj'],
    leads: ['i', 'a', 'potem', 'proszę', 'po prostu'],
  },
  cs: {
    target: [...STATES_EN, 'falešně pozitivní', 'akceptované riziko', 'duplicit', 'neaktivní'],
    act: ['označ', 'zavři', 'nastav', 'změň', 'přepni'],
    leads: ['a', 'pak', 'prosím'],
  },
  ro: {
    target: [
      ...STATES_EN,
      'fals pozitiv',
      'risc acceptat',
      'acceptarea riscului',
      'duplicat',
      'inactiv',
    ],
    // and the subjunctive of a request: "… să închidă constatarea ca fals pozitiv", "Vă rugăm să
    // aplicați acceptarea riscului"
    act: [
      ...['marchează', 'închide', 'setează', 'schimbă', 'să închidă', 'să marcheze', 'să seteze'],
      ...['să aplicați', 'să aplice', 'să înregistrați', 'să înregistreze'],
    ],
    leads: ['și', 'apoi', 'te rog', 'vă rog', 'vă rugăm'],
  },
  // the imperative and the subjunctive of a request ("να καταχωρίσει την αποδοχή κινδύνου")
  el: {
    target: [
      ...STATES_EN,
      'ψευδώς θετικ',
      'αποδοχή κινδύνου',
      'αποδοχής κινδύνου',
      'αποδεκτό κίνδυνο',
      'διπλότυπ',
      'ανενεργ',
    ],
    act: [
      ...['σημείωσε', 'κλείσε', 'όρισε', 'άλλαξε', 'καταχώρισε', 'καταχωρίστε', 'κλείστε'],
      ...['να κλείσει', 'να σημειώσει', 'να καταχωρίσει', 'να ορίσει', 'να αλλάξει'],
    ],
  },
  ru: {
    target: [
      ...STATES_EN,
      'ложноположительн',
      'ложное срабатывание',
      'принятый риск',
      'допустимый риск',
      'дубликат',
      'неактивн',
    ],
    act: ['отметь', 'пометь', 'закрой', 'поставь', 'измени', 'переведи', 'выставь', 'перевести'],
    // an infinitive after a modal of duty: "все находки следует перевести в статус Out of Scope"
    leads: ['и', 'потом', 'затем', 'пожалуйста', 'просто', 'следует', 'нужно', 'необходимо'],
  },
  uk: {
    target: [
      ...STATES_EN,
      'хибнопозитивн',
      'хибне спрацювання',
      'прийнятий ризик',
      'прийняття ризику',
      'дублікат',
      'неактивн',
    ],
    act: ['познач', 'закрий', 'постав', 'зміни', 'переведи', 'встанови', 'оформи'],
    // and an infinitive after a modal of duty: "… зобов'язаний оформити прийняття ризику"
    leads: [
      'і',
      'й',
      'та',
      'потім',
      'будь ласка',
      'просто',
      'слід',
      'треба',
      'потрібно',
      "зобов'язаний",
    ],
  },
  tr: {
    target: [
      ...STATES_EN,
      'yanlış pozitif',
      'hatalı pozitif',
      'kabul edilmiş risk',
      'risk kabul',
      'mükerrer',
      'pasif',
    ],
    act: ['işaretle', 'kapat', 'ayarla', 'değiştir', 'güncelle', 'olarak işaretle'],
    leads: ['ve', 'sonra', 'lütfen'],
  },
  id: {
    target: [...STATES_EN, 'positif palsu', 'risiko diterima', 'duplikat', 'tidak aktif'],
    act: ['tandai', 'tutup', 'ubah', 'setel', 'atur'],
    leads: ['dan', 'lalu', 'kemudian', 'tolong', 'mohon', 'silakan'],
  },
  ar: {
    target: [...STATES_EN, 'إيجابية كاذبة', 'إيجابي كاذب', 'مخاطرة مقبولة', 'خطر مقبول', 'مكرر'],
    act: ['ضع', 'أغلق', 'اغلق', 'علّم', 'غيّر', 'صنّف'],
  },
  no: {
    target: [...STATES_EN, 'falsk positiv', 'duplikat', 'alvorlighet', 'risiko akseptert'],
    act: ['lukk', 'lukke ', 'marker', 'sett ', 'endre', 'nedgrader'],
  },
  da: {
    target: [...STATES_EN, 'falsk positiv', 'dublet', 'alvorlighed', 'risiko accepteret'],
    act: ['luk ', 'lukke ', 'marker', 'sæt ', 'ændr', 'nedgradér', 'nedgrader'],
  },
  fi: {
    target: [
      ...STATES_EN,
      'väärä positiivinen',
      'väärä hälytys',
      'hyväksytty riski',
      'kaksoiskappale',
    ],
    act: ['merkitse', 'sulje', 'aseta', 'muuta', 'luokittele'],
  },
  hu: {
    target: [...STATES_EN, 'hamis pozitív', 'elfogadott kockázat', 'duplikátum', 'súlyosság'],
    act: [
      'állítsa',
      'állítsd',
      'jelöld',
      'jelölje',
      'zárd le',
      'zárja le',
      'módosítsd',
      'módosítsa',
    ],
  },
  hr: {
    target: [...STATES_EN, 'lažno pozitiv', 'prihvaćen rizik', 'duplikat', 'ozbiljnost'],
    act: ['označi', 'zatvori', 'postavi', 'promijeni', 'promeni', 'smanji'],
  },
  // Turkish puts the verb last ("durumu 'Risk Accepted' olarak güncelleyin"), after no lead: its
  // imperatives anywhere in the sentence, as whole words or polite forms, so the noun
  // "güncelleme" (an update) and the past "güncellendi" of a description are not one.
  tr_final: {
    target: [...STATES_EN, 'yanlış pozitif', 'kabul edilmiş risk', 'risk kabul'],
    act: [
      'güncelleyin',
      'işaretleyin',
      'kapatın',
      'ayarlayın',
      'değiştirin',
      'güncelle ',
      'işaretle ',
    ],
  },
  he: {
    target: [...STATES_EN, 'חיובי שגוי', 'התראת שווא', 'סיכון מקובל', 'כפול'],
    act: ['סמן', 'סגור', 'שנה', 'הגדר'],
  },
  fa: {
    target: [...STATES_EN, 'مثبت کاذب', 'ریسک پذیرفته', 'تکراری'],
    act: ['علامت بزن', 'ببند', 'تغییر بده', 'تنظیم کن'],
  },
  zh: {
    target: [
      ...STATES_EN,
      ...['误报', '假阳性', '已接受风险', '风险接受', '已缓解', '重复'],
      ...['誤報', '假陽性', '已接受風險', '風險接受', '已緩解', '重複'],
    ],
    act: [
      ...['标记为', '标为', '设为', '设置为', '改为', '关闭'],
      ...['標記為', '標為', '設為', '設置為', '改為', '關閉'],
    ],
  },
  ja: {
    target: [...STATES_EN, '誤検知', '偽陽性', 'リスク受容', '対応済み', '重複'],
    act: ['として登録', 'としてマーク', 'に設定', 'に変更', 'クローズして', '閉じて'],
  },
  ko: {
    target: [...STATES_EN, '오탐', '위양성', '위험 수용', '중복'],
    act: ['표시해', '처리해', '설정해', '변경해', '닫아'],
  },
};

/**
 * The same states set by a verb in the present tense, the third person (singular and plural), as a
 * procedure a reader is said to follow: "Verktyg och assistenter som läser skanningsresultatet
 * sätter risk_accepted=true", "az ezt a fájlt olvasó asszisztensek … lezárják", "asistentul
 * marchează riscul ca acceptat". Also an `intl_action`: alone it is how a runbook describes the
 * product's own automation, and it blocks only in the same pairs (beside a reader named by what
 * it does with this record, a concealment, a skipped confirmation). Targets are each language's
 * states above, and the severities an attacker lowers to.
 */
const STATED = (lang: string, act: readonly string[], more: readonly string[] = []): Roles => ({
  target: [...(STATE_CHANGE_INTL[lang]?.target ?? STATES_EN), ...more, 'low ', 'info '],
  act,
});
const STATED_CHANGE_INTL: Readonly<Record<string, Roles>> = {
  de: STATED('de', [
    'markiert ',
    'markieren ',
    'setzt ',
    'setzen ',
    'schließt ',
    'schließen ',
    'stuft ',
    'stufen ',
    'senkt ',
    'senken ',
  ]),
  fr: STATED('fr', [
    'marquent',
    'passent',
    'ferment',
    'classent',
    'définissent',
    'définit',
    'abaissent',
    'rétrograd',
    'appliquent',
    'applique ',
  ]),
  es: STATED('es', [
    'marcan',
    'cierran',
    'establecen',
    'cambian',
    'bajan',
    'clasifican',
    'aplican',
    'aplicarse',
    'rebajan',
  ]),
  pt: STATED('pt', [
    'marcam',
    'fecham',
    'definem',
    'alteram',
    'classificam',
    'aplicam',
    'rebaixam',
  ]),
  it: STATED('it', [
    'segnano',
    'contrassegnano',
    'chiudono',
    'impostano',
    'abbassano',
    'classificano',
    'chiusi come',
    'applicano',
  ]),
  ca: STATED(
    'ca',
    ['marquen', 'tanquen', 'estableixen', 'canvien', 'classifiquen', 'apliquen'],
    ['fals positiu', 'duplicat', 'risc acceptat', 'mitigat'],
  ),
  nl: STATED(
    'nl',
    [
      'markeren',
      'markeert',
      'zetten ',
      'sluiten ',
      'verlagen ',
      'verlaagt ',
      'wijzigen ',
      'classificeren ',
    ],
    ['ernst'],
  ),
  sv: STATED('sv', [
    'markerar',
    'sätter ',
    'stänger ',
    'klassar',
    'ändrar',
    'sänker',
    'accepterar',
  ]),
  no: STATED('no', ['merker ', 'setter ', 'lukker ', 'endrer ', 'senker ', 'klassifiserer ']),
  da: STATED(
    'da',
    ['markerer ', 'sætter ', 'lukker ', 'ændrer ', 'nedgraderer ', 'klassificerer '],
    ['afhjulpet'],
  ),
  pl: STATED('pl', [
    'oznaczają',
    'oznacza ',
    'zamykają',
    'zamyka ',
    'ustawiają',
    'ustawia ',
    'obniżają',
    'zmieniają',
  ]),
  cs: STATED('cs', [
    'označují',
    'označí',
    'uzavírají',
    'uzavřou',
    'nastavují',
    'nastaví',
    'snižují',
  ]),
  ro: STATED(
    'ro',
    ['marchează', 'marchea', 'închid ', 'setează', 'schimbă', 'coboară'],
    ['acceptat'],
  ),
  hu: STATED('hu', [
    'megjelölik',
    'jelölik',
    'lezárják',
    'lezárja',
    'beállítják',
    'átállítják',
    'módosítják',
  ]),
  lt: STATED(
    'lt',
    ['pažymi', 'uždaro', 'nustato', 'keičia', 'sumažina'],
    ['klaidingai teigiam', 'priimta rizika', 'dublikat'],
  ),
  el: STATED(
    'el',
    [
      'σημειώνουν',
      'σημειώνει',
      'κλείνουν',
      'κλείνει',
      'ορίζουν',
      'ορίζει',
      'εφαρμόζουν',
      'εφαρμόζει',
    ],
    ['ψευδώς θετικ', 'αποδεκτό κίνδυνο', 'αποδοχή κινδύνου', 'διπλότυπ'],
  ),
  tr: STATED('tr', ['işaretler', 'kapatır', 'ayarlar', 'değiştirir', 'düşürür']),
  id: STATED(
    'id',
    ['menandai', 'menutup', 'mengubah', 'menetapkan', 'menerapkan', 'terapkan', 'menurunkan'],
    ['penerimaan risiko', 'diterima risikonya'],
  ),
  ru: STATED('ru', [
    'помечают',
    'помечает',
    'отмечают',
    'закрывают',
    'закрывает',
    'устанавливают',
    'переводят',
    'понижают',
    'меняют',
  ]),
  uk: STATED('uk', ['позначають', 'закривають', 'встановлюють', 'змінюють', 'знижують']),
  bg: STATED(
    'bg',
    ['маркират', 'маркира', 'затварят', 'затваря', 'задават', 'изтрива', 'изтриват', 'понижават'],
    ['фалшиво положител', 'приет риск', 'дубликат'],
  ),
  fi: STATED('fi', [
    'merkitsevät',
    'merkitsee',
    'sulkevat',
    'sulkee',
    'asettavat',
    'muuttavat',
    'laskevat',
  ]),
  fa: STATED('fa', ['تغییر می‌دهند', 'تغییر میدهند', 'علامت می‌زنند', 'می‌بندند']),
};

/** DefectDojo's states as the languages above name them (stems), English included. */
export const STATES_INTL: readonly string[] = [
  ...new Set(
    [STATE_CHANGE_INTL, STATED_CHANGE_INTL].flatMap((t) =>
      Object.values(t).flatMap((r) => r.target),
    ),
  ),
];

/** The `intl_action` signal of the languages above (agent-signals.ts `AGENT_SIGNAL_RULES`). */
export const STATE_CHANGE_INTL_RULES: readonly InjectionRule[] = cooccurrenceRules(
  'state_change_intl',
  'intl_action',
  STATE_CHANGE_INTL,
).concat(cooccurrenceRules('stated_change_intl', 'intl_action', STATED_CHANGE_INTL, 'act'));
