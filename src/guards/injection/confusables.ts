/**
 * Targeted confusable fold map (reference injection-filtering.md §2.5 "TR39 gotcha"): only
 * characters that look like a single ASCII letter, mapped to that lower-case letter. A full TR39
 * skeleton maps to prototype glyphs (`I`→`l`, `m`→`rn`) and would not combine with our phrase
 * patterns; this map does, because patterns and text go through the same fold.
 *
 * Fullwidth, mathematical alphanumerics, circled and parenthesised letters are not listed: NFKD
 * (applied first) already turns them into ASCII. Upper- and lower-case forms are listed
 * separately because they look like different Latin letters (Greek `Η` is `H`, `η` is `n`).
 *
 * Data only: one string per script, pairs of `<look-alike><ascii>`.
 */

const PAIRS: readonly string[] = [
  // Cyrillic, upper case
  'АaВbЕeЅsІiЈjКkМmНhОoРpСcТtУyХxҮyҺhԚqԜwӀlЁeЇiЄe',
  // Cyrillic, lower case
  'аaвbеeѕsіiјjкkмmнhоoрpсcтtуyхxүyһhԛqԝwӏlёeїiгrпnьbԁdɡgѵvѡwҽeһh',
  // Greek, upper case
  'ΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧxΪiΫy',
  // Greek, lower case
  'αaβbγyεeιiκkνvοoρpτtυuχxωwϲcϳjϱpϵe',
  // Latin small capitals, IPA and other Latin look-alikes
  'ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢzɑaıiȷjɩiʋuƖlǀlİiſs',
  // Armenian
  'օoսuոnհhզqցgՕoՍuԳq',
  // Cherokee capitals (the small letters are added from these below)
  'ᎪaᏴbᏟcᎠdᎬeᏀgᎻhᎥiᎫjᏦkᏞlᎷmᏁnᎾoᏢpᎡrᏚsᎢtᏙvᏔwᏃz',
];

function buildFoldMap(): ReadonlyMap<number, string> {
  const map = new Map<number, string>();
  for (const line of PAIRS) {
    const chars = Array.from(line);
    for (let i = 0; i + 1 < chars.length; i += 2) {
      map.set(chars[i]!.codePointAt(0)!, chars[i + 1]!);
    }
  }
  // Cherokee small letters (U+AB70–ABBF, U+13F8–13FD) look like their capitals.
  for (let cp = 0xab70; cp <= 0xabbf; cp++) {
    const upper = String.fromCodePoint(cp).toUpperCase().codePointAt(0)!;
    const folded = map.get(upper);
    if (folded) map.set(cp, folded);
  }
  // A capital that is no look-alike itself folds as its small letter does: the view is lower-cased
  // after folding, so without this `П` would stay `п` while `п` folds to `n`, and an upper-case
  // text would miss what its lower-case spelling matches ("ПОМЕТЬТЕ" vs "пометьте").
  for (const [cp, folded] of [...map]) {
    const upper = String.fromCodePoint(cp).toUpperCase();
    const ucp = upper.codePointAt(0)!;
    if (upper.length <= 2 && Array.from(upper).length === 1 && ucp !== cp && !map.has(ucp)) {
      map.set(ucp, folded);
    }
  }
  return map;
}

/** Look-alike code point → lower-case ASCII letter. */
export const CONFUSABLE_FOLD: ReadonlyMap<number, string> = buildFoldMap();
