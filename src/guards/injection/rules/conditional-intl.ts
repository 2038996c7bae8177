/**
 * The reader named by a condition on its reading, in 24 languages, as word roles sharing a
 * sentence (cooccur.ts): a conditional and a verb of reading or seeing in the second person: "अगर
 * आप ये पढ़ पा रहे हैं", "如果你能看到这段文字", "Wenn du das hier gerade liest", "si estás leyendo
 * esto". A phrase list (requests-intl.ts `READER_PROCESS_INTL`) holds a few of these forms; the
 * roles carry across word order and inflection.
 *
 * A kind `reader` signal: it blocks only beside a state change or write that is not a description
 * of what an agent can do, a concealment or the reader's own secret (agent-signals.ts
 * `pairsBlock`). The verbs are second-person forms of reading, so "if the user reads the file"
 * names no reader; where the second person is also a polite third (es "lee", de "Sie lesen"), the
 * language lists the unambiguous forms only. Verbs of seeing are left out: a runbook says "if you
 * see this alert, restart the worker".
 */
import { cooccurrenceRules, type Roles } from './cooccur.js';
import type { InjectionRule } from './types.js';

/** Targets: conditionals. Acts: "you read", "you see" (and "you are reading"). */
const CONDITIONAL_INTL: Readonly<Record<string, Roles>> = {
  de: { target: ['wenn ', 'falls ', 'sofern '], act: ['du liest', 'liest du'] },
  fr: { target: ['si '], act: ['tu lis ', 'vous lisez'] },
  es: { target: ['si '], act: ['lees ', 'estás leyendo', 'puedes leer'] },
  pt: { target: ['se '], act: ['você lê', 'estás a ler', 'está lendo', 'consegue ler'] },
  it: { target: ['se '], act: ['leggi ', 'stai leggendo', 'riesci a leggere'] },
  nl: { target: ['als ', 'indien '], act: ['je leest', 'jij leest', 'u leest', 'lees je'] },
  sv: { target: ['om '], act: ['du läser', 'läser du'] },
  da: { target: ['hvis '], act: ['du læser', 'læser du'] },
  no: { target: ['hvis '], act: ['du leser', 'leser du'] },
  pl: { target: ['jeśli', 'jeżeli', 'gdy '], act: ['czytasz', 'czytacie'] },
  cs: { target: ['pokud', 'jestli', 'jestliže'], act: ['čteš', 'čtete'] },
  ro: { target: ['dacă'], act: ['citești', 'citiți'] },
  hu: { target: ['ha '], act: ['olvasod', 'olvassa'] },
  el: { target: ['αν ', 'εάν '], act: ['διαβάζεις', 'διαβάζετε'] },
  ru: { target: ['если'], act: ['читаешь', 'читаете'] },
  uk: { target: ['якщо'], act: ['читаєш', 'читаєте'] },
  tr: { target: ['bunu ', 'bu metni', 'bu notu', 'bu mesajı'], act: ['okuyorsan'] },
  id: {
    target: ['jika ', 'kalau ', 'apabila '],
    act: ['kamu membaca', 'anda membaca', 'kau membaca'],
  },
  vi: { target: ['nếu '], act: ['bạn đang đọc', 'bạn đọc được'] },
  ar: { target: ['إذا', 'اذا', 'لو '], act: ['تقرأ', 'كنت تقرأ'] },
  he: { target: ['אם '], act: ['אתה קורא', 'את קוראת'] },
  fa: { target: ['اگر'], act: ['می‌خوانی', 'میخوانی', 'می‌خوانید'] },
  hi: { target: ['अगर', 'यदि'], act: ['पढ़ रहे', 'पढ़ पा', 'पढ़ सकते'] },
  zh: {
    target: ['如果', '要是'],
    act: ['你能看到这段', '你看到这段', '你读到这', '你正在读', '你能读到'],
  },
};

/** The `reader` signal of the languages above (agent-signals.ts `AGENT_SIGNAL_RULES`). */
export const CONDITIONAL_INTL_RULES: readonly InjectionRule[] = cooccurrenceRules(
  'conditional_reader_intl',
  'reader',
  CONDITIONAL_INTL,
);
