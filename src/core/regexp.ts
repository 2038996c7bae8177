/**
 * `s` with every character that has a meaning in a JavaScript RegExp escaped, so it matches itself.
 * @example new RegExp(escapeRegExp('a.b*')).test('a.b*') // true; 'axb' → false
 */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
