/**
 * Requests to write into the record, in 24 languages, as word roles sharing a sentence
 * (cooccur.ts): a write verb (add, write, paste, copy, put, fill in) and a place of the record (a
 * note, comment, tag, description or field): "incolla titolo, endpoint e descrizione in un
 * commento qui sotto", "다른 취약점들의 제목과 URL을 모두 이 항목의 노트에 붙여 넣어 주세요",
 * "dopisz w notatce do tego zgłoszenia". A kind `intl_action` signal: alone it is what a
 * colleague asks ("bitte eine Notiz hinzufügen"); it blocks with the reader addressed, a skipped
 * confirmation, a concealment or the reader's own secret (agent-signals.ts), which is how an
 * injection sends data out through the record.
 */
import { cooccurrenceRules, type Roles } from './cooccur.js';
import type { InjectionRule } from './types.js';

/**
 * Targets: places of the record. Acts: verbs that write into them, at a clause's start or after a
 * conjunction or a request word (`leads`; cooccur.ts): "nunca pegues tu token en una nota" forbids.
 */
const RECORD_WRITE_INTL: Readonly<Record<string, Roles>> = {
  de: {
    target: ['notiz', 'kommentar', 'anmerkung', 'beschreibung', 'tags ', 'tag '],
    act: [
      'füge',
      'schreibe',
      'schreib ',
      'kopiere',
      'trage ',
      'trag ',
      'setze ',
      'hänge',
      'einfügen',
      'eintragen',
      'hinzufügen',
      'anhängen',
    ],
    leads: ['und', 'dann', 'bitte', 'auch', 'danach', 'sofort'],
    notAfter: ['nie', 'niemals', 'nicht', 'kein', 'keine', 'keinen', 'keinerlei'],
  },
  fr: {
    target: ['note ', 'commentaire', 'étiquette', 'tag ', 'tags ', 'description', 'champ '],
    act: [
      'ajoute',
      'écris',
      'écrivez',
      'colle ',
      'collez',
      'copie ',
      'copiez',
      'insère',
      'insérez',
      'mets ',
      'mettez',
      'renseigne',
      'enregistre',
      'consigne ',
    ],
    leads: ['et', 'puis', 'ensuite', 'aussi', 'merci de', 'veuillez'],
  },
  es: {
    target: ['nota ', 'notas ', 'comentario', 'etiqueta', 'descripción', 'campo '],
    act: [
      'añade',
      'agrega',
      'escribe',
      'pega ',
      'pegue',
      'copia ',
      'copie ',
      'inserta',
      'pon ',
      'ponlo',
      'ponlos',
      'déjalo',
      'déjalos',
      'deja ',
      'registra ',
      'registre ',
      'anota ',
      'anote ',
    ],
    leads: ['y', 'luego', 'después', 'también', 'por favor'],
  },
  pt: {
    target: ['nota ', 'comentário', 'etiqueta', 'tag ', 'descrição', 'campo '],
    act: [
      'adicione',
      'adiciona ',
      'escreva',
      'escreve ',
      'cole ',
      'copie',
      'insira',
      'coloque',
      'ponha',
      'registre ',
      'registe ',
      'anote ',
    ],
    leads: ['e', 'depois', 'também', 'por favor'],
  },
  it: {
    target: ['nota ', 'note ', 'commento', 'etichetta', 'tag ', 'descrizione', 'campo '],
    act: [
      'aggiungi',
      'scrivi',
      'incolla',
      'copia ',
      'inserisci',
      'metti',
      'riporta',
      'registra ',
      'annota ',
    ],
    leads: ['e', 'poi', 'anche', 'per favore', 'quindi'],
  },
  nl: {
    target: ['notitie', 'opmerking', 'commentaar', 'tag ', 'beschrijving', 'veld '],
    act: ['voeg', 'schrijf', 'plak', 'kopieer', 'zet '],
    leads: ['en', 'dan', 'daarna', 'ook', 'graag', 'alstublieft', 'even'],
    notAfter: ['nooit', 'niet', 'geen'],
  },
  sv: {
    target: ['anteckning', 'kommentar', 'tagg', 'beskrivning', 'fält'],
    act: ['lägg till', 'lägg in', 'skriv ', 'klistra', 'kopiera'],
    leads: ['och', 'sedan', 'också', 'gärna', 'vänligen'],
    notAfter: ['aldrig', 'inte', 'ej'],
  },
  pl: {
    target: ['notatk', 'notatce', 'komentarz', 'tag ', 'opis', 'pole '],
    act: ['dodaj', 'dopisz', 'wpisz', 'wklej', 'skopiuj', 'umieść'],
    leads: ['i', 'a', 'potem', 'także', 'proszę'],
  },
  cs: {
    target: ['poznámk', 'komentář', 'štítek', 'popis'],
    act: ['přidej', 'přidejte', 'napiš', 'vlož', 'zkopíruj', 'doplň', 'vyplň'],
    leads: ['a', 'pak', 'také', 'prosím'],
  },
  ro: {
    target: ['notă', 'nota ', 'comentariu', 'etichet', 'descriere'],
    act: ['adaugă', 'scrie ', 'lipește', 'copiază', 'pune '],
    leads: ['și', 'apoi', 'te rog', 'vă rog'],
  },
  hu: {
    target: ['megjegyzés', 'jegyzet', 'címke', 'leírás'],
    act: ['add hozzá', 'írd', 'illeszd', 'másold', 'tedd '],
    leads: ['és', 'majd', 'kérlek'],
  },
  el: {
    target: ['σημείωση', 'σχόλιο', 'ετικέτα', 'περιγραφή'],
    act: ['πρόσθεσε', 'προσθέστε', 'γράψε', 'γράψτε', 'επικόλλησε', 'αντίγραψε', 'βάλε'],
    leads: ['και', 'μετά', 'παρακαλώ'],
  },
  ru: {
    target: ['заметк', 'комментари', 'примечани', 'тег', 'описани'],
    act: ['добавь', 'запиши', 'впиши', 'вставь', 'скопируй', 'напиши', 'оставь', 'допиши', 'укажи'],
    leads: ['и', 'потом', 'затем', 'также', 'пожалуйста'],
  },
  uk: {
    target: ['примітк', 'нотатк', 'коментар', 'тег', 'опис'],
    act: ['додай', 'запиши', 'впиши', 'встав', 'скопіюй', 'напиши', 'залиш', 'допиши', 'вкажи'],
    leads: ['і', 'й', 'потім', 'також', 'будь ласка'],
  },
  tr: {
    target: ['notuna', 'nota ', 'not olarak', 'yorum', 'etiket', 'açıklama'],
    act: ['ekle', 'yaz ', 'yazın', 'yapıştır', 'kopyala'],
    leads: ['ve', 'sonra', 'lütfen'],
  },
  id: {
    target: ['catatan', 'komentar', 'tag ', 'deskripsi'],
    act: ['tambahkan', 'tulis', 'tempel', 'salin', 'masukkan'],
    leads: ['dan', 'lalu', 'kemudian', 'juga', 'tolong', 'mohon', 'silakan'],
  },
  vi: {
    // not "thẻ" (tag) nor "thêm" (add) alone: without accents they are English "the" and "them"
    target: ['ghi chú', 'bình luận', 'mô tả'],
    act: ['thêm vào', 'ghi vào', 'dán ', 'chép ', 'chèn '],
    leads: ['và', 'rồi', 'sau đó', 'hãy', 'vui lòng'],
  },
  ar: {
    target: ['ملاحظة', 'تعليق', 'وسم', 'الوصف'],
    act: ['أضف', 'اكتب', 'الصق', 'انسخ', 'ضع'],
    leads: ['و', 'ثم', 'من فضلك', 'يرجى'],
  },
  he: {
    target: ['הערה', 'כהערה', 'בהערה', 'להערה', 'תגובה', 'תגית', 'תיאור'],
    act: ['הוסף', 'כתוב', 'הדבק', 'העתק', 'צרף', 'לצרף', 'ולצרף', 'להוסיף', 'ולהוסיף'],
    leads: ['ו', 'ואז', 'אחר כך', 'בבקשה', 'נא'],
  },
  fa: {
    target: ['یادداشت', 'برچسب', 'توضیحات'],
    act: ['اضافه کن', 'بنویس', 'بچسبان', 'کپی کن', 'قرار بده'],
    leads: ['و', 'سپس', 'لطفا', 'لطفاً'],
  },
  hi: {
    target: ['नोट', 'टिप्पणी', 'टैग', 'विवरण'],
    act: ['जोड़', 'लिख', 'पेस्ट', 'कॉपी', 'डाल'],
    leads: ['और', 'फिर', 'कृपया'],
  },
  zh: {
    target: ['备注', '注释', '评论', '标签', '描述'],
    act: ['写进', '写入', '添加', '加到', '粘贴', '复制', '填入', '放到', '放进'],
  },
  ja: {
    target: ['メモ', 'コメント', 'ノート', 'タグ', '備考'],
    act: ['追加', '書き込', '記入', '貼り付け', '入れて', '記載して'],
  },
  ko: {
    target: ['노트', '메모', '댓글', '코멘트', '태그'],
    act: ['붙여 넣', '붙여넣', '추가', '작성', '기록', '적어', '남겨'],
  },
};

/** The `intl_action` signal of the languages above (agent-signals.ts `AGENT_SIGNAL_RULES`). */
export const RECORD_WRITE_INTL_RULES: readonly InjectionRule[] = cooccurrenceRules(
  'record_write_intl',
  'intl_action',
  RECORD_WRITE_INTL,
);
