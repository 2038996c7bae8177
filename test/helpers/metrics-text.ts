/** A proxy's /metrics in Prometheus text format, and one sample out of it. */

/** GET `{origin}/metrics` of a started proxy (`proxy.url` is its MCP URL). */
export async function metricsText(
  proxy: { url: string },
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await fetch(`${new URL(proxy.url).origin}/metrics`, { headers });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/** Value of one sample `name{labels}` (labels in any order); undefined when absent. */
export function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}
