// Values a careless caller or an attacker hands to log.* and to tagged functions (issue 14):
// null-prototype objects (Express 5 req.query), throwing toString / getters / toJSON, a
// Proxy that throws on every trap, a revoked Proxy, cycles, sparse and huge arrays, deep
// nesting, huge strings, `__proto__` keys. The child-process property test gets this module
// bundled with its fixture (test/values-hostile.test.ts).
import fc from "fast-check";

const boom = (): never => {
  throw new Error("trap");
};

export function throwingProxy(): object {
  const traps: ProxyHandler<object> = {};
  for (const t of ["get", "set", "has", "ownKeys", "getPrototypeOf", "getOwnPropertyDescriptor", "defineProperty", "deleteProperty", "apply", "construct", "isExtensible", "preventExtensions", "setPrototypeOf"] as const) traps[t] = boom;
  return new Proxy({}, traps);
}

export function revokedProxy(): object {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
}

export const makers: Record<string, () => unknown> = {
  nullProto: () => Object.assign(Object.create(null), { id: "42", q: "x" }),
  nullProtoEmpty: () => Object.create(null),
  throwingToString: () => ({ toString: boom, valueOf: boom }),
  throwingPrimitive: () => ({ [Symbol.toPrimitive]: boom }),
  throwingGetter: () => ({
    ok: 1,
    get bad(): unknown {
      return boom();
    },
    after: 2,
  }),
  throwingToJSON: () => ({ toJSON: boom }),
  throwingProxy,
  revokedProxy,
  cycle: () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    return a;
  },
  sparse: () => {
    const a: number[] = [];
    a[0] = 1;
    a[9_999_999] = 2;
    return a;
  },
  bigString: () => "x".repeat(1_000_000),
  deep: () => {
    let d: Record<string, unknown> = {};
    const top = d;
    for (let i = 0; i < 5000; i++) d = d.d = {};
    return top;
  },
  protoKey: () => JSON.parse('{"__proto__": {"isAdmin": true}, "user": "eve"}'),
  errorWithThrowingName: () => {
    const e = new Error("x");
    Object.defineProperty(e, "stack", { get: boom });
    Object.defineProperty(e, "name", { get: boom });
    return e;
  },
  symbol: () => Symbol("s"),
  bigint: () => 12345678901234567890n,
  fn: () => function named() {},
  date: () => new Date(Number.NaN),
  buffer: () => Buffer.alloc(100_000),
};

const maker = fc.constantFrom(...Object.keys(makers));

/**
 * Any value, hostile ones often, as a recipe: fast-check itself inspects what it generates
 * (and would trip over a throwing Proxy), so hostile values are made by `materialize()`
 * inside the property.
 */
export const anyRecipe: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 2, arbitrary: fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withTypedArray: true, withObjectString: true }).map((value): Recipe => ({ plain: value })) },
  { weight: 2, arbitrary: maker.map((make): Recipe => ({ make })) },
  { weight: 1, arbitrary: fc.array(maker, { maxLength: 3 }).map((array): Recipe => ({ array })) },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), maker, { maxKeys: 3 }).map((dict): Recipe => ({ dict })) },
);

export type Recipe = { plain: unknown } | { make: string } | { array: string[] } | { dict: Record<string, string> };

export function materialize(recipe: Recipe): unknown {
  if ("plain" in recipe) return recipe.plain;
  if ("make" in recipe) return makers[recipe.make]!();
  if ("array" in recipe) return recipe.array.map((k) => makers[k]!());
  const out: Record<string, unknown> = {};
  for (const [key, k] of Object.entries(recipe.dict)) out[key] = makers[k]!();
  return out;
}
