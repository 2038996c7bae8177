/**
 * Product scoping: which products a principal may see and change. Principal entries win over a
 * JWT claim, which wins over role entries; a principal none of them names is not scoped.
 */
import type { Principal } from '../../core/principal.js';
import type { FindingsPolicy, ScopeSpec } from './schema.js';

export interface ProductScope {
  readonly products: ReadonlySet<number>;
  readonly productTypes: ReadonlySet<number>;
  /** Product ids to hand an upstream filter (product types cannot be expanded here). */
  readonly productList: readonly number[];
}

const compile = (s: ScopeSpec): ProductScope =>
  Object.freeze({
    products: new Set(s.products),
    productTypes: new Set(s.product_types),
    productList: Object.freeze([...new Set(s.products)].sort((a, b) => a - b)),
  });

export type ScopeOf = (p: Principal) => ProductScope | undefined;

/** @example compileScopes(policy.findings.scopes)(principal)?.products.has(1) */
export function compileScopes(cfg: FindingsPolicy['scopes']): ScopeOf {
  const principals = new Map(Object.entries(cfg.principals).map(([k, v]) => [k, compile(v)]));
  const roles = new Map(Object.entries(cfg.roles).map(([k, v]) => [k, compile(v)]));
  return (p) => {
    const byId = principals.get(p.id);
    if (byId) return byId;
    const claim = cfg.claim === undefined ? undefined : p.attributes?.[cfg.claim];
    if (claim !== undefined) {
      // A present claim that lists nothing usable scopes to nothing (fail closed).
      const ids = claim
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isSafeInteger(n) && n > 0);
      return compile({ products: ids, product_types: [] });
    }
    return roles.get(p.role);
  };
}

/** Is a finding (or row) of this product in scope? Unknown product: no. */
export function inScope(
  scope: ProductScope,
  product: number | undefined,
  type: number | undefined,
): boolean {
  if (product !== undefined && scope.products.has(product)) return true;
  return type !== undefined && scope.productTypes.has(type);
}
