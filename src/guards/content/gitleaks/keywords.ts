/**
 * Aho-Corasick over gitleaks' rule keywords (lower-case ASCII): one pass over a text reports
 * every keyword occurrence, ASCII case-insensitively, in linear time. A V8 alternation of the
 * same ~240 literals measured ~35 MB/s on finding text; this table walk is several times faster.
 */

const ALPHABET = 128;

/** A compiled keyword set. */
export interface KeywordScanner {
  /** Calls `onHit(start, keyword index)` for every occurrence, in order of their end position. */
  scan(text: string, onHit: (start: number, keyword: number) => void): void;
}

/**
 * Builds the automaton. Throws on a keyword with a non-ASCII or upper-case character.
 * @example createKeywordScanner(['ghp_', 'key']).scan('my KEY', (start, k) => …) // (3, 1)
 */
export function createKeywordScanner(keywords: readonly string[]): KeywordScanner {
  const next: Map<number, number>[] = [new Map()];
  const outputs: number[][] = [[]];
  keywords.forEach((k, idx) => {
    if (k.length === 0 || /[^\x20-\x7e]|[A-Z]/.test(k))
      throw new Error(`bad keyword ${JSON.stringify(k)}`);
    let s = 0;
    for (let i = 0; i < k.length; i++) {
      const c = k.charCodeAt(i);
      let t = next[s]!.get(c);
      if (t === undefined) {
        t = next.length;
        next.push(new Map());
        outputs.push([]);
        next[s]!.set(c, t);
      }
      s = t;
    }
    outputs[s]!.push(idx);
  });
  // Breadth-first failure links, folded into a full transition table (a DFA).
  const delta = new Int32Array(next.length * ALPHABET);
  const fail = new Int32Array(next.length);
  const queue: number[] = [];
  for (let c = 0; c < ALPHABET; c++) {
    const t = next[0]!.get(c);
    delta[c] = t ?? 0;
    if (t !== undefined) queue.push(t);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi]!;
    outputs[s]!.push(...outputs[fail[s]!]!);
    for (let c = 0; c < ALPHABET; c++) {
      const t = next[s]!.get(c);
      if (t !== undefined) {
        fail[t] = delta[fail[s]! * ALPHABET + c]!;
        delta[s * ALPHABET + c] = t;
        queue.push(t);
      } else delta[s * ALPHABET + c] = delta[fail[s]! * ALPHABET + c]!;
    }
  }
  const out = outputs.map((o) => (o.length ? Int32Array.from(o) : undefined));
  const lengths = keywords.map((k) => k.length);
  return {
    scan(text, onHit) {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        let c = text.charCodeAt(i);
        if (c >= ALPHABET) {
          s = 0;
          continue;
        }
        if (c >= 65 && c <= 90) c += 32;
        s = delta[s * ALPHABET + c]!;
        const o = out[s];
        if (o) for (let j = 0; j < o.length; j++) onHit(i + 1 - lengths[o[j]!]!, o[j]!);
      }
    },
  };
}
