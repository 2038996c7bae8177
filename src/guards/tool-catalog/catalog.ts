/**
 * A small shared catalog of the upstream's tools, learned from `tools/list` results (never
 * hard-coded), fed by the response-phase guard in src/guards/tool-catalog/guard.ts. The injection filter uses the names
 * to recognise call syntax for the upstream's *actual* tools (`close_finding(…)`); tool pinning
 * may read the definitions.
 *
 * One catalog per process (one proxy fronts one upstream). Pages of a paginated `tools/list`
 * accumulate; the catalog is bounded so a hostile upstream cannot grow it without limit.
 */

/** What the catalog keeps of one tool definition. */
export interface CatalogTool {
  name: string;
  description?: string;
  inputSchema?: unknown;
  /** As advertised (before untrusted-wrap rewrites it): what results are wrapped against. */
  outputSchema?: unknown;
  /** As advertised: hints (readOnlyHint, destructiveHint, …) used to classify mutations. */
  annotations?: Readonly<Record<string, unknown>>;
}

/** Most tools remembered; further names are ignored (and counted). */
export const MAX_CATALOG_TOOLS = 1000;
const NAME = /^[A-Za-z0-9_.\-/]{1,128}$/;

export class ToolCatalog {
  private readonly tools = new Map<string, CatalogTool>();
  private namesCache: readonly string[] = [];
  /** Bumped on every change, so dependants can cache compiled forms. */
  version = 0;
  ignored = 0;
  /**
   * Set by the upstream's `notifications/tools/list_changed`, cleared by the next list: until
   * then, definitions are refetched before they are relied on (mcp-protocol.md §2.5).
   */
  stale = false;

  /**
   * Records the tools of one `tools/list` result (`result.tools`). Invalid entries are skipped.
   * @example catalog.observe([{ name: 'close_finding', description: '…' }])
   */
  observe(tools: readonly unknown[]): void {
    this.stale = false;
    let changed = false;
    for (const t of tools) {
      if (typeof t !== 'object' || t === null) continue;
      const rec = t as Record<string, unknown>;
      const name = rec.name;
      if (typeof name !== 'string' || !NAME.test(name)) continue;
      const entry: CatalogTool = {
        name,
        description: typeof rec.description === 'string' ? rec.description : undefined,
        inputSchema: rec.inputSchema,
        outputSchema: rec.outputSchema,
        annotations:
          typeof rec.annotations === 'object' && rec.annotations !== null
            ? (rec.annotations as Record<string, unknown>)
            : undefined,
      };
      const prev = this.tools.get(name);
      if (!prev && this.tools.size >= MAX_CATALOG_TOOLS) {
        this.ignored++;
        continue;
      }
      if (!prev || prev.description !== entry.description) changed = true;
      this.tools.set(name, entry);
    }
    if (changed) {
      this.version++;
      this.namesCache = [...this.tools.keys()].sort();
    }
  }

  /** Known tool names, sorted. */
  names(): readonly string[] {
    return this.namesCache;
  }

  get(name: string): CatalogTool | undefined {
    return this.tools.get(name);
  }

  /** Forgets everything (tests; upstream replaced). */
  clear(): void {
    this.tools.clear();
    this.namesCache = [];
    this.version++;
  }
}

/** The process-wide catalog the guards share. */
export const sharedToolCatalog = new ToolCatalog();
