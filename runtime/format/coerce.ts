/**
 * Turns any value into one JSON can hold, so that no value is ever the cause of a lost
 * record (README: Values). `JSON.stringify(coerce(v))` never throws. The same walker takes the
 * snapshot of a value at the call (runtime/capture.ts), with the configured bounds and the
 * compiled redaction paths; `coerce()` at format time uses no bounds but a depth guard.
 *
 * | value                         | becomes                                              |
 * |-------------------------------|------------------------------------------------------|
 * | BigInt                        | its decimal string, `"12345678901234567890"`          |
 * | function                      | `"[Function name]"`                                  |
 * | symbol                        | `"Symbol(description)"`                              |
 * | Map                           | object, keys stringified                             |
 * | Set                           | array                                                |
 * | typed array, Buffer           | array of its numbers (not `{"0":…}`, not toJSON's copy) |
 * | ArrayBuffer, DataView, WeakMap... | `"[ArrayBuffer(8)]"`, `"[DataView]"`, ...        |
 * | Error                         | `{name, message, ...own fields, errors?, cause?, stack}` |
 * | object with `toJSON` (Date)   | what `toJSON` returns, coerced                       |
 * | a `toJSON`, getter or trap that throws | `"[Unserializable: TypeError: ...]"`, for that value only |
 * | a cycle                       | `"[Circular]"` (a value shared by siblings is not one) |
 * | a run of holes in an array    | `"…[N empty]"`, found in time proportional to the set elements |
 * | undefined                     | omitted as a property, `null` in an array (as JSON)  |
 * | NaN, Infinity                 | `null` (as JSON)                                     |
 *
 * A `__proto__` key stays a plain data key of the copy (never its prototype). Bounds (capture only) mark what they cut: `…[+N chars]` at the end
 * of a string, `"…[+N items]"` as the last array element, key `"…"` with `"[+N keys]"` in
 * an object, `"[Object]"` / `"[Array(N)]"` past the depth, and `"…[cut: record size]"`
 * once the record's byte budget is spent.
 */
import { describeError, errorName } from "../errors";

/** Bounds of a snapshot. `coerce()` uses NO_LIMITS. */
export interface Limits {
  /** Characters kept of one string (and of one key). */
  readonly maxValueLength: number;
  /** Nesting levels kept below the value itself. */
  readonly maxDepth: number;
  /** Elements kept of an array, Set, Map or typed array. */
  readonly maxItems: number;
  /** Keys kept of an object. */
  readonly maxKeys: number;
}

export const NO_LIMITS: Limits = { maxValueLength: Infinity, maxDepth: 64, maxItems: Infinity, maxKeys: Infinity };

/**
 * A compiled redaction tree (runtime/redact.ts): `keys` for named steps, `any` for `*`. A
 * `leaf` node means "censor this value". Wildcard children are already merged into the
 * named ones, so one lookup per key finds the applicable node.
 */
export interface RedactNode {
  readonly leaf: boolean;
  readonly keys: ReadonlyMap<string, RedactNode> | undefined;
  readonly any: RedactNode | undefined;
}

export const CUT_RECORD = "…[cut: record size]";

type Out = Record<string, unknown>;

/** Consecutive holes probed one by one before the set indices are listed instead. */
const HOLE_PROBES = 64;

export class Walker {
  private readonly ancestors: object[] = [];
  /** Characters still allowed in this snapshot (roughly its JSON size). */
  budget: number;

  constructor(
    readonly limits: Limits,
    budget: number,
    readonly censor: string = "[Redacted]",
  ) {
    this.budget = budget;
  }

  /** Snapshot of one value; `node` is the redaction tree that applies to it. */
  value(value: unknown, depth: number, node: RedactNode | undefined): unknown {
    if (node !== undefined && node.leaf) {
      this.budget -= this.censor.length;
      return value === undefined ? undefined : this.censor;
    }
    switch (typeof value) {
      case "string":
        return this.text(value);
      case "number":
      case "boolean":
        this.budget -= 6;
        return value;
      case "undefined":
        return value;
      case "bigint":
        return this.text(value.toString());
      case "symbol":
        return this.text(safeSymbol(value));
      case "function":
        return this.text(`[Function ${functionName(value)}]`);
      default:
        break;
    }
    if (value === null) {
      this.budget -= 4;
      return null;
    }
    if (this.budget <= 0) return CUT_RECORD;
    const obj = value as object;
    if (this.ancestors.includes(obj)) return "[Circular]";
    this.ancestors.push(obj);
    try {
      return this.object(obj, depth, node);
    } catch (err) {
      return unserializable(err);
    } finally {
      this.ancestors.pop();
    }
  }

  /** A string cut to the bound and to the budget left, copied so the original can be freed. */
  text(s: string): string {
    const max = Math.min(this.limits.maxValueLength, Math.max(this.budget, 0));
    if (s.length <= max) {
      this.budget -= s.length + 2;
      return s;
    }
    this.budget -= max + 2;
    return cutText(s, max);
  }

  private object(obj: object, depth: number, node: RedactNode | undefined): unknown {
    // Plain objects and arrays are most values: one prototype read instead of a dozen
    // instanceof checks.
    const proto: unknown = Object.getPrototypeOf(obj);
    if ((proto === Object.prototype || proto === null || proto === Array.prototype) && typeof (obj as { toJSON?: unknown }).toJSON !== "function") {
      if (proto === Array.prototype) {
        const arr = obj as unknown[];
        return depth >= this.limits.maxDepth ? `[Array(${arr.length})]` : this.array(arr, depth, node);
      }
      return depth >= this.limits.maxDepth ? "[Object]" : this.record(obj, depth, node, false);
    }
    if (ArrayBuffer.isView(obj)) return this.view(obj, depth);
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") {
      let result: unknown;
      try {
        result = (toJSON as (key: string) => unknown).call(obj, "");
      } catch (err) {
        return unserializable(err);
      }
      // What toJSON returns is a new value at the same place: it is walked as usual.
      return result === obj ? "[Circular]" : this.value(result, depth, node);
    }
    if (obj instanceof Number || obj instanceof String || obj instanceof Boolean) return this.value(obj.valueOf(), depth, node);
    const deep = depth >= this.limits.maxDepth;
    if (Array.isArray(obj)) return deep ? `[Array(${obj.length})]` : this.array(obj, depth, node);
    if (obj instanceof Map) return deep ? `[Map(${obj.size})]` : this.map(obj, depth, node);
    if (obj instanceof Set) return deep ? `[Set(${obj.size})]` : this.set(obj, depth);
    if (obj instanceof ArrayBuffer) return `[ArrayBuffer(${obj.byteLength})]`;
    if (obj instanceof WeakMap || obj instanceof WeakSet || obj instanceof WeakRef || obj instanceof Promise) {
      return `[${obj.constructor.name}]`;
    }
    const isError = obj instanceof Error;
    if (deep) return isError ? describeError(obj) : "[Object]";
    return this.record(obj, depth, node, isError);
  }

  private array(arr: readonly unknown[], depth: number, node: RedactNode | undefined): unknown[] {
    const len = arr.length;
    const max = this.limits.maxItems;
    const out: unknown[] = [];
    this.budget -= 2;
    let i = 0;
    // Set indices past a long run of holes, listed once (time ∝ set elements, not length).
    let listed: number[] | undefined;
    let next = 0;
    while (i < len) {
      if (out.length >= max || this.budget <= 0) {
        out.push(`…[+${len - i} items]`);
        break;
      }
      if (listed === undefined && has(arr, i)) {
        const v = this.value(read(arr, i), depth + 1, child(node, String(i)));
        out.push(v === undefined ? null : v);
        i++;
        continue;
      }
      if (listed === undefined) {
        let j = i + 1;
        while (j < len && j - i <= HOLE_PROBES && !has(arr, j)) j++;
        if (j < len && !has(arr, j)) {
          listed = setIndices(arr, i);
          next = 0;
        } else {
          out.push(`…[${j - i} empty]`);
          i = j;
          continue;
        }
      }
      // Listed mode: jump from set index to set index.
      const at = next < listed.length ? listed[next]! : len;
      if (at > i) {
        out.push(`…[${at - i} empty]`);
        i = at;
        continue;
      }
      const v = this.value(read(arr, i), depth + 1, child(node, String(i)));
      out.push(v === undefined ? null : v);
      next++;
      i++;
    }
    return out;
  }

  private view(view: ArrayBufferView, depth: number): unknown {
    if (!isTypedArray(view)) return "[DataView]";
    const arr = view as unknown as ArrayLike<number | bigint>;
    if (depth >= this.limits.maxDepth) return `[${view.constructor.name}(${arr.length})]`;
    const n = Math.min(arr.length, this.limits.maxItems, Math.max(Math.floor(this.budget / 4), 0));
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = arr[i]!;
      out[i] = typeof v === "bigint" ? v.toString() : Number.isFinite(v) ? v : null;
    }
    this.budget -= 4 * n + 2;
    if (n < arr.length) out.push(`…[+${arr.length - n} items]`);
    return out;
  }

  private map(map: Map<unknown, unknown>, depth: number, node: RedactNode | undefined): Out {
    const out: Out = {};
    const max = this.limits.maxItems;
    let n = 0;
    this.budget -= 2;
    for (const [k, v] of map) {
      if (n >= max || this.budget <= 0) {
        out["…"] = `[+${map.size - n} keys]`;
        break;
      }
      n++;
      const key = this.key(k, depth);
      const c = this.value(v, depth + 1, child(node, key));
      if (c !== undefined) put(out, key, c);
    }
    return out;
  }

  private set(set: Set<unknown>, depth: number): unknown[] {
    const out: unknown[] = [];
    const max = this.limits.maxItems;
    this.budget -= 2;
    for (const v of set) {
      if (out.length >= max || this.budget <= 0) {
        out.push(`…[+${set.size - out.length} items]`);
        break;
      }
      const c = this.value(v, depth + 1, undefined);
      out.push(c === undefined ? null : c);
    }
    return out;
  }

  private record(obj: object, depth: number, node: RedactNode | undefined, isError: boolean): Out {
    const out: Out = {};
    this.budget -= 2;
    if (isError) {
      out.name = this.text(safeText(() => errorName(obj)));
      out.message = this.value(read(obj, "message"), depth + 1, undefined);
    }
    const keys = Object.keys(obj);
    const max = this.limits.maxKeys;
    for (let i = 0; i < keys.length; i++) {
      if (i >= max || this.budget <= 0) {
        out["…"] = `[+${keys.length - i} keys]`;
        break;
      }
      const raw = keys[i]!;
      if (isError && (raw === "name" || raw === "message")) continue;
      const key = raw.length > this.limits.maxValueLength ? this.text(raw) : raw;
      this.budget -= key.length + 3;
      const c = this.value(read(obj, raw), depth + 1, child(node, raw));
      if (c !== undefined) put(out, key, c);
    }
    if (isError) {
      // Own but not enumerable: AggregateError's `errors`, `cause`, `stack`.
      if (!("errors" in out) && Array.isArray(read(obj, "errors"))) out.errors = this.value(read(obj, "errors"), depth + 1, undefined);
      if ("cause" in obj && !("cause" in out)) {
        const c = this.value(read(obj, "cause"), depth + 1, undefined);
        if (c !== undefined) out.cause = c;
      }
      const stack = read(obj, "stack");
      if (typeof stack === "string") out.stack = this.text(stack);
    }
    return out;
  }

  private key(key: unknown, depth: number): string {
    if (typeof key === "string") return key.length > this.limits.maxValueLength ? this.text(key) : key;
    if (typeof key === "object" && key !== null) {
      const c = this.value(key, depth + 1, undefined);
      return typeof c === "string" ? c : JSON.stringify(c);
    }
    const c = this.value(key, depth + 1, undefined);
    return typeof c === "string" ? c : String(c);
  }
}

/**
 * `out[key] = value`, except that a `__proto__` key becomes an own data property: plain
 * assignment would set the snapshot's prototype (an attacker's `{"__proto__": {...}}`).
 * Snapshots are ordinary objects (fast to build and to serialise); the record object that
 * handlers receive has no prototype at all (record-object.ts).
 */
function put(out: Out, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function child(node: RedactNode | undefined, key: string): RedactNode | undefined {
  if (node === undefined) return undefined;
  return node.keys?.get(key) ?? node.any;
}

/** `text` cut to `max` characters (not inside a surrogate pair), marked, and copied flat. */
export function cutText(text: string, max: number): string {
  let n = max;
  if (n > 0) {
    const c = text.charCodeAt(n - 1);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  // A slice of a long string keeps the whole original alive; a copy lets it be collected.
  const kept = n === 0 ? "" : Buffer.from(text.slice(0, n), "utf16le").toString("utf16le");
  return `${kept}…[+${text.length - n} chars]`;
}

function isTypedArray(view: ArrayBufferView): boolean {
  return !(view instanceof DataView);
}

/** Set array indices >= `from`, ascending: Object.keys lists only what is set. */
function setIndices(arr: readonly unknown[], from: number): number[] {
  const out: number[] = [];
  for (const k of Object.keys(arr)) {
    const n = Number(k);
    if (Number.isInteger(n) && n >= from && String(n) === k) out.push(n);
  }
  return out;
}

export function unserializable(err: unknown): string {
  return `[Unserializable: ${safeText(() => describeError(err))}]`;
}

function safeText(make: () => string): string {
  try {
    return make();
  } catch {
    return "unknown error";
  }
}

function safeSymbol(s: symbol): string {
  try {
    return s.toString();
  } catch {
    return "Symbol()";
  }
}

function functionName(fn: unknown): string {
  try {
    const name = (fn as { name?: unknown }).name;
    return typeof name === "string" && name !== "" ? name : "anonymous";
  } catch {
    return "anonymous";
  }
}

/** A property read that turns a throwing getter into a marker for that property alone. */
function read(obj: object, key: string | number): unknown {
  try {
    return (obj as Record<string | number, unknown>)[key];
  } catch (err) {
    return unserializable(err);
  }
}

function has(arr: readonly unknown[], i: number): boolean {
  try {
    return i in arr;
  } catch {
    return true; // a throwing `has` trap: the read then reports it
  }
}

/** Format-time coercion: no bounds (values were bounded when captured), cycles and depth guarded. */
export function coerce(value: unknown): unknown {
  return new Walker(NO_LIMITS, Infinity).value(value, 0, undefined);
}
