/**
 * The secret shape corpus (test/content/secret-corpus.json): each shape's text with the secret
 * in context, the secret itself, and its benign near-miss. Secrets are stored in parts in the
 * file (no credential-shaped literal in the repository) and joined here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One shape, parts joined. */
export interface SecretShape {
  id: string;
  text: string;
  secret: string;
  nearMiss: string;
}

interface Stored {
  id: string;
  before: string;
  secret: string[];
  after: string;
  nearMiss: string[];
}

/**
 * Reads the corpus below `root` (the repository root).
 * @example loadSecretCorpus(ROOT).length // 46
 */
export function loadSecretCorpus(root: string): SecretShape[] {
  const file = path.join(root, 'test/content/secret-corpus.json');
  const { entries } = JSON.parse(readFileSync(file, 'utf8')) as { entries: Stored[] };
  return entries.map((e) => {
    const secret = e.secret.join('');
    return { id: e.id, text: e.before + secret + e.after, secret, nearMiss: e.nearMiss.join('') };
  });
}
