/**
 * Reads a V8 sampling heap profile (from `profile.js --alloc`) as bytes allocated per request:
 * self per function, and inclusive per function of our own code (dist/, not node_modules).
 */
import { readFile } from 'node:fs/promises';
import { frameLabel } from './cpuprofile.js';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

export interface HeapProfile {
  head: HeapNode;
}

export async function loadHeapProfile(file: string): Promise<HeapProfile> {
  return JSON.parse(await readFile(file, 'utf8')) as HeapProfile;
}

const own = (n: HeapNode): boolean =>
  n.callFrame.url.includes('/dist/') && !n.callFrame.url.includes('node_modules');

/** Total sampled bytes, bytes per function (self) and per own function (inclusive, no double count in recursion). */
export function allocations(profile: HeapProfile): {
  total: number;
  self: Map<string, number>;
  inclusive: Map<string, number>;
} {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const walk = (n: HeapNode, open: Set<string>): number => {
    const key = frameLabel(n.callFrame);
    self.set(key, (self.get(key) ?? 0) + n.selfSize);
    total += n.selfSize;
    const counted = own(n) && !open.has(key);
    if (counted) open.add(key);
    let sub = n.selfSize;
    for (const c of n.children) sub += walk(c, open);
    if (counted) {
      open.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + sub);
    }
    return sub;
  };
  walk(profile.head, new Set());
  return { total, self, inclusive };
}

/** The top rows of a bytes-per-function map as "KB per request, share, function". */
export function formatKb(
  m: Map<string, number>,
  total: number,
  top: number,
  requests: number,
): string {
  return [...m]
    .sort((x, y) => y[1] - x[1])
    .slice(0, top)
    .map(
      ([fn, bytes]) =>
        `${(bytes / 1024 / requests).toFixed(2).padStart(8)} KB/req ` +
        `${((bytes / Math.max(1, total)) * 100).toFixed(1).padStart(5)}%  ${fn}`,
    )
    .join('\n');
}
