/**
 * The one loopback test (a bind address, an audit forwarder URL, a DefectDojo URL): true only for
 * names and addresses that cannot leave this machine. `0.0.0.0` and `::` bind every interface, so
 * they are not loopback; an out-of-range "address" such as `127.999.0.1` is a DNS name, not one.
 */
const V4_LOOPBACK =
  /^127\.(?:25[0-5]|2[0-4]\d|1?\d?\d)\.(?:25[0-5]|2[0-4]\d|1?\d?\d)\.(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

/**
 * Accepts a host as written in a policy or as `URL.hostname` gives it (IPv6 in brackets).
 * @example isLoopbackHost('[::1]') // true
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return h === 'localhost' || h === '::1' || V4_LOOPBACK.test(v4);
}
