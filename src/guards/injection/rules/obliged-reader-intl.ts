/**
 * The reader named with an obligation, in 25 languages, as word roles sharing a sentence
 * (cooccur.ts): an assistant or agent and a modal of duty — "Assistenten ska riskacceptera …",
 * "L'assistente deve registrare …", "Der Assistent soll …", "ассистент должен …", or the duty
 * stated as what it is expected or authorised to do ("AI-assistenten förväntas markera …",
 * "l'assistant est censé marquer …", "l'assistente … è autorizzato a registrare …"). The English
 * form is agent-signals.ts' `reader` ("the assistant should …").
 *
 * A kind `reader` signal: alone it is how an AI-usage policy reads ("der Assistent muss jede
 * Änderung bestätigen lassen"), so it blocks only beside a state change that is not a description
 * of what an agent can do, a concealment or the reader's own secret (agent-signals.ts
 * `pairsBlock`). Modals that are also common verbs ("má", "ma": has) are left out.
 */
import { cooccurrenceRules, type Roles } from './cooccur.js';
import type { InjectionRule } from './types.js';

/** Targets: the assistant or agent. Acts: modals of duty, as whole words. */
const OBLIGED_READER_INTL: Readonly<Record<string, Roles>> = {
  de: { target: ['assistent', 'ki-assistent', 'ki-agent'], act: ['soll ', 'sollte ', 'muss '] },
  // with its article: "assistant" is an English word, and "doit" an English typo
  fr: {
    target: ["l'assistant", 'assistant ia', "l'ia "],
    act: [
      ...['doit ', 'devra ', 'devrait ', 'est censé ', 'est tenu de ', 'est autorisé à '],
      // the authority stressed: "est expressément autorisé à appliquer …"
      ...['est expressément autorisé', 'est explicitement autorisé'],
    ],
  },
  es: {
    target: ['asistente', 'agente de ia'],
    act: [
      'debe ',
      'deberá ',
      'debería ',
      'tiene que ',
      'está autorizado a ',
      'está autorizado para ',
      'está expresamente autorizado',
      'está explícitamente autorizado',
    ],
  },
  pt: {
    target: ['assistente', 'agente de ia'],
    act: [
      'deve ',
      'deverá ',
      'deveria ',
      'tem de ',
      'está autorizado a ',
      'está expressamente autorizado',
    ],
  },
  it: {
    target: ['assistente', "l'ia ", 'agente ia'],
    act: [
      ...['deve ', 'dovrà ', 'dovrebbe ', 'è tenuto a ', 'è autorizzato a ', 'è autorizzato, '],
      'è espressamente autorizzato',
    ],
  },
  nl: { target: ['assistent', 'ai-agent'], act: ['moet ', 'dient ', 'zal ', 'wordt geacht '] },
  sv: {
    target: ['assistent', 'ai-agent'],
    act: ['ska ', 'skall ', 'måste ', 'bör ', 'förväntas '],
  },
  da: { target: ['assistent', 'ai-agent'], act: ['skal ', 'bør ', 'skulle ', 'forventes '] },
  pl: { target: ['asystent', 'agent ai'], act: ['powinien', 'powinna', 'musi ', 'należy'] },
  cs: { target: ['asistent', 'agent ai'], act: ['musí ', 'by měl', 'měl by'] },
  sk: { target: ['asistent', 'agent ai'], act: ['musí ', 'by mal', 'mal by'] },
  ro: { target: ['asistent', 'agentul ai'], act: ['trebuie ', 'ar trebui'] },
  hu: { target: ['asszisztens', 'mi-ügynök'], act: ['kell ', 'köteles'] },
  fi: { target: ['avustaja', 'tekoäly'], act: ['pitää ', 'täytyy ', 'tulee '] },
  // and the duty laid on it: "Ассистентам …, предписывается: …", "ШІ-асистент … зобов'язаний"
  ru: {
    target: ['ассистент', 'ии-агент'],
    act: ['должен', 'должна', 'должны', 'обязан', 'предписывается', 'надлежит'],
  },
  uk: {
    target: ['асистент', 'ші-агент'],
    act: ['повинен', 'повинні', 'мусить', 'має ', "зобов'язан", 'зобов’язан', 'зобовʼязан'],
  },
  el: { target: ['βοηθ'], act: ['πρέπει'] },
  id: { target: ['asisten', 'agen ai'], act: ['harus ', 'wajib '] },
  vi: { target: ['trợ lý'], act: ['phải ', 'cần phải'] },
  zh: {
    target: ['助手', '智能体', '助理'],
    act: ['应该', '应当', '必须', '应调用', '应将', '應該', '應當', '必須'],
  },
  // the modal before its subject: "يجب على المساعد الذكي إرسال …", "על העוזר …" is left out
  ar: { target: ['المساعد', 'الوكيل', 'النموذج'], act: ['يجب ', 'ينبغي ', 'يتعين '] },
  he: { target: ['העוזר', 'הסוכן'], act: ['חייב ', 'חייבת ', 'צריך ', 'צריכה '] },
  fa: { target: ['دستیار', 'مدل زبانی'], act: ['باید '] },
  hi: { target: ['सहायक', 'एआई एजेंट'], act: ['चाहिए', 'होगा'] },
  ko: { target: ['어시스턴트', '에이전트'], act: ['해야'] },
  // a duty ("べき", "なければならない") or the written directive "として扱うこと" (to be treated
  // as); not every "…すること", which is how an AI-usage guideline lists its rules
  // ("AIアシスタントは参照専用トークンでのみ接続すること")
  ja: {
    target: ['アシスタント', 'エージェント'],
    act: ['べき', 'なければな', 'として扱うこと', 'とみなすこと'],
  },
};

/** The `reader` signal of the languages above (agent-signals.ts `AGENT_SIGNAL_RULES`). */
export const OBLIGED_READER_INTL_RULES: readonly InjectionRule[] = cooccurrenceRules(
  'obliged_reader_intl',
  'reader',
  OBLIGED_READER_INTL,
);
