/**
 * DefectDojo title-cases finding titles on every save (API.md §2.1, §4 rule 8) with the Python
 * `titlecase` package: small words stay lower-case except at the start or end, words that already
 * carry inner capitals or are all-caps are left alone, and known acronyms are upper-cased
 * ("sql injection" becomes "SQL Injection").
 */

const SMALL = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'but',
  'by',
  'en',
  'for',
  'if',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'v',
  'v.',
  'via',
  'vs',
  'vs.',
]);

const ACRONYMS = new Set([
  'sql',
  'xss',
  'csrf',
  'ssrf',
  'xxe',
  'api',
  'http',
  'https',
  'tls',
  'ssl',
  'jwt',
  'aws',
  'url',
  'dns',
  'ldap',
  'xml',
  'json',
  'cors',
  'rce',
  'idor',
  'cve',
  'ssh',
  'html',
  'csp',
  'os',
  'dos',
]);

function caseWord(word: string, first: boolean, last: boolean): string {
  const core = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '');
  if (core === '') return word;
  const lower = core.toLowerCase();
  let out: string;
  if (ACRONYMS.has(lower)) out = core.toUpperCase();
  // Words with capitals after the first letter (iPhone, McDonald, CVE-2021-1) are kept as written.
  else if (/\p{Lu}/u.test(core.slice(1))) out = core;
  // Domain names, file names and paths are kept (example.com, setup.py).
  else if (/[./\\@]/.test(core.slice(0, -1))) out = core;
  else if (SMALL.has(lower) && !first && !last) out = lower;
  else out = core.charAt(0).toUpperCase() + core.slice(1);
  // A function replacement: `out` may hold `$$` or `$&`, which a replacement string would expand.
  return word.replace(core, () => out);
}

/**
 * Title-cases `text` like DefectDojo does on save.
 * @example titlecase('sql injection in the login form') // 'SQL Injection in the Login Form'
 */
export function titlecase(text: string): string {
  const words = text.split(/(\s+)/);
  const idx = words.map((w, i) => (/\S/.test(w) ? i : -1)).filter((i) => i >= 0);
  const firstIdx = idx[0];
  const lastIdx = idx[idx.length - 1];
  return words
    .map((w, i) => {
      if (!/\S/.test(w)) return w;
      // Hyphenated compounds are cased part by part (Cross-Site, Denial-of-Service keeps "of").
      return w
        .split('-')
        .map((part, j, parts) =>
          caseWord(part, i === firstIdx && j === 0, i === lastIdx && j === parts.length - 1),
        )
        .join('-');
    })
    .join('');
}
