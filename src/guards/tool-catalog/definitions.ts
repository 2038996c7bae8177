/**
 * The upstream's tool definitions when a guard needs one: from the shared catalog (fed by every
 * relayed tools/list, src/guards/tool-catalog/catalog.ts), else from a tools/list the proxy sends itself
 * (a client may call a tool it never listed). One fetch at a time; after a fetch, a name still
 * unknown is not refetched for `refetchMs` (a caller cannot turn made-up names into a stream of
 * upstream requests).
 */
import type { CatalogTool, ToolCatalog } from './catalog.js';

/** Fetches the upstream's full tool list (all pages); rejects when it cannot. */
export type ToolLister = () => Promise<readonly unknown[]>;

export type ToolLookup =
  | { kind: 'found'; tool: CatalogTool }
  | { kind: 'absent' }
  | { kind: 'unavailable'; reason: string };

/** Pause before a name missing from a fresh list triggers another fetch. */
const REFETCH_MS = 10_000;
/** Pause after a failed fetch (short: the upstream may be back soon). */
const RETRY_MS = 1_000;

export class ToolDefinitions {
  private inflight: Promise<void> | undefined;
  private lastFetchAt = -Infinity;
  private lastError: string | undefined;

  constructor(
    readonly catalog: ToolCatalog,
    private readonly lister: ToolLister,
    private readonly now: () => number = Date.now,
  ) {}

  /** The definition if already known and not stale (no I/O). */
  known(name: string): CatalogTool | undefined {
    return this.catalog.stale ? undefined : this.catalog.get(name);
  }

  /**
   * The definition of `name`, fetching the upstream's list when it is not known.
   * @example const r = await defs.lookup('get_findings'); if (r.kind === 'found') r.tool.inputSchema
   */
  async lookup(name: string): Promise<ToolLookup> {
    const hit = this.known(name);
    if (hit) return { kind: 'found', tool: hit };
    if (!this.inflight) {
      const wait = this.lastError === undefined ? REFETCH_MS : RETRY_MS;
      if (this.catalog.stale || this.now() - this.lastFetchAt >= wait) this.inflight = this.fetch();
    }
    if (this.inflight) await this.inflight;
    const tool = this.catalog.get(name);
    if (tool && !this.catalog.stale) return { kind: 'found', tool };
    if (this.lastError !== undefined) return { kind: 'unavailable', reason: this.lastError };
    return { kind: 'absent' };
  }

  private async fetch(): Promise<void> {
    try {
      const tools = await this.lister();
      this.catalog.observe(tools);
      this.lastError = undefined;
    } catch (err) {
      this.lastError = `tools/list fetch failed: ${err instanceof Error ? err.message : 'error'}`;
      this.lastError = this.lastError.slice(0, 200);
    } finally {
      this.lastFetchAt = this.now();
      this.inflight = undefined;
    }
  }
}
