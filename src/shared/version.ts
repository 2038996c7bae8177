/**
 * The package version, read once from package.json: the single source of `dojo-guard --version`,
 * the MCP server's `serverInfo.version` and the audit `start` record. The file sits two levels
 * above this module both in the repository (dist/shared/) and in the installed package or image
 * (…/dojo-guard/dist/shared/, /app/dist/shared/).
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * @example packageVersion() // '0.1.0'
 */
export function packageVersion(): string {
  if (cached === undefined) {
    const url = new URL('../../package.json', import.meta.url);
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
    if (typeof pkg.version !== 'string') throw new Error(`no version in ${url.pathname}`);
    cached = pkg.version;
  }
  return cached;
}
