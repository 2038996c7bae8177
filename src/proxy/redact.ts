/**
 * Last-resort secret redaction on outgoing bytes: whatever guards did, an upstream secret (its
 * token, an injected argument) must never reach the client. Applied to serialized JSON text, so
 * it matches the secret both raw and in its JSON-escaped form.
 */

export const REDACTED = '[REDACTED]';

/** Precomputes the needles for a secret list (raw and JSON-escaped forms, longest first). */
export function secretNeedles(secrets: readonly string[]): string[] {
  const set = new Set<string>();
  for (const s of secrets) {
    // Very short values would redact ordinary text; the policy compiler should refuse them.
    if (s.length < 4) continue;
    set.add(s);
    set.add(JSON.stringify(s).slice(1, -1));
  }
  return [...set].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of any needle in `text`.
 * @example redactSecrets('{"t":"abcd1234"}', ['abcd1234']) // '{"t":"[REDACTED]"}'
 */
export function redactSecrets(text: string, needles: readonly string[]): string {
  let out = text;
  for (const n of needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
  return out;
}
