/**
 * SHA-256 on the per-request path. `crypto.hash` (Node ≥ 20.12) is a one-shot call
 * without a Hash object, about twice as fast as createHash for short inputs; older Node 20
 * releases fall back to createHash.
 */
import * as crypto from 'node:crypto';

type OneShot = (alg: string, data: string | Buffer, enc: 'hex' | 'buffer') => string | Buffer;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

/** Hex SHA-256 of `data` (a string is hashed as its UTF-8 bytes). */
export function sha256HexOf(data: string | Buffer): string {
  return oneShot
    ? (oneShot('sha256', data, 'hex') as string)
    : crypto.createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of the UTF-8 bytes of `data`, as bytes. */
export function sha256BytesOf(data: string): Buffer {
  return oneShot
    ? (oneShot('sha256', data, 'buffer') as Buffer)
    : crypto.createHash('sha256').update(data, 'utf8').digest();
}
