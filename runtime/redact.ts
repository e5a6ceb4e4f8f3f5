/**
 * Redaction paths (issue 15), compiled once: `configure({ redact: [...] })` when the config
 * is resolved, a tag's `redact=` once per site. The snapshot walk (format/coerce.ts) then
 * follows the compiled tree beside the value: one map lookup per key where a path applies,
 * nothing where none does. There is no second walk per record.
 *
 * Paths in pino's style (their syntax: runtime/redact-path.ts, shared with the transformer).
 * Configured paths apply to the fields object of `log.*` calls, to each `logArgs` argument
 * and to the `logResult` value. A tag's paths start with the argument's index (the
 * transformer resolves parameter names at build time): `[1, "number"]` is `card.number`
 * for `(user, card)`.
 */
import type { RedactNode } from "./format/coerce";
import type { RedactPath } from "./redact-path";

export { parseRedactPath, type RedactPath } from "./redact-path";

interface Building {
  leaf: boolean;
  keys: Map<string, Building>;
  any: Building | undefined;
}

function node(): Building {
  return { leaf: false, keys: new Map(), any: undefined };
}

function insert(root: Building, path: RedactPath): void {
  let n = root;
  for (const raw of path) {
    if (n.leaf) return;
    const seg = String(raw);
    if (seg === "*") n = n.any ??= node();
    else {
      let next = n.keys.get(seg);
      if (next === undefined) n.keys.set(seg, (next = node()));
      n = next;
    }
  }
  n.leaf = true;
}

function merge(a: Building, b: Building): Building {
  const out = node();
  out.leaf = a.leaf || b.leaf;
  for (const [k, v] of a.keys) out.keys.set(k, v);
  for (const [k, v] of b.keys) {
    const mine = out.keys.get(k);
    out.keys.set(k, mine === undefined ? v : merge(mine, v));
  }
  out.any = a.any === undefined ? b.any : b.any === undefined ? a.any : merge(a.any, b.any);
  return out;
}

/** Freezes a tree, with each `*` child merged into the named children beside it. */
function finish(b: Building): RedactNode {
  if (b.leaf) return LEAF;
  const keys = new Map<string, RedactNode>();
  for (const [k, v] of b.keys) keys.set(k, finish(b.any === undefined ? v : merge(v, b.any)));
  return { leaf: false, keys: keys.size === 0 ? undefined : keys, any: b.any === undefined ? undefined : finish(b.any) };
}

const LEAF: RedactNode = { leaf: true, keys: undefined, any: undefined };

/** The tree of a set of paths, or undefined when there are none. */
export function compileRedact(paths: readonly RedactPath[]): RedactNode | undefined {
  if (paths.length === 0) return undefined;
  const root = node();
  for (const p of paths) if (p.length > 0) insert(root, p);
  return finish(root);
}

/**
 * The tree for a call's arguments array: the tag's paths (argument index first) and the
 * configured paths under every argument. Built once per site and configuration.
 */
export function siteArgsNode(sitePaths: readonly RedactPath[] | undefined, configured: RedactNode | undefined): RedactNode | undefined {
  if ((sitePaths === undefined || sitePaths.length === 0) && configured === undefined) return undefined;
  const root = node();
  for (const p of sitePaths ?? []) if (p.length > 0) insert(root, p);
  if (configured !== undefined) root.any = root.any === undefined ? unfinish(configured) : merge(root.any, unfinish(configured));
  return finish(root);
}

/** A compiled tree back into the building form (to combine it with a site's paths). */
function unfinish(n: RedactNode): Building {
  const b = node();
  b.leaf = n.leaf;
  if (n.keys !== undefined) for (const [k, v] of n.keys) b.keys.set(k, unfinish(v));
  if (n.any !== undefined) b.any = unfinish(n.any);
  return b;
}
