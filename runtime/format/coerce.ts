/**
 * Turns any value into one JSON can hold, so that no value is ever the cause of a lost
 * record (SPEC §5). `JSON.stringify(coerce(v))` never throws.
 *
 * | value                         | becomes                                              |
 * |-------------------------------|------------------------------------------------------|
 * | BigInt                        | its decimal string, `"12345678901234567890"`          |
 * | function                      | `"[Function name]"`                                  |
 * | symbol                        | `"Symbol(description)"`                              |
 * | Map                           | object, keys stringified                             |
 * | Set                           | array                                                |
 * | Error                         | `{name, message, ...own fields, cause?, stack}`      |
 * | object with `toJSON` (Date)   | what `toJSON` returns, coerced                       |
 * | a `toJSON` or getter that throws | `"[Unserializable: TypeError: ...]"`              |
 * | a cycle                       | `"[Circular]"` (a value shared by siblings is not one) |
 * | nesting deeper than 64        | `"[Too deep]"`                                       |
 * | undefined                     | omitted as a property, `null` in an array (as JSON)  |
 * | NaN, Infinity                 | `null` (as JSON)                                     |
 */
import { describeError } from "../record-message";

const MAX_DEPTH = 64;

export function coerce(value: unknown): unknown {
  return walk(value, [], 0);
}

function unserializable(err: unknown): string {
  let text: string;
  try {
    text = describeError(err);
  } catch {
    text = "unknown error";
  }
  return `[Unserializable: ${text}]`;
}

function walk(value: unknown, ancestors: object[], depth: number): unknown {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "undefined":
      return value;
    case "bigint":
      return value.toString();
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${(value as { name?: unknown }).name || "anonymous"}]`;
    default:
      break;
  }
  if (value === null) return null;
  const obj = value as object;
  if (ancestors.includes(obj)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Too deep]";
  try {
    return walkObject(obj, ancestors, depth);
  } catch (err) {
    return unserializable(err);
  }
}

function walkObject(obj: object, ancestors: object[], depth: number): unknown {
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  ancestors.push(obj);
  try {
    if (typeof toJSON === "function") {
      let result: unknown;
      try {
        result = (toJSON as (key: string) => unknown).call(obj, "");
      } catch (err) {
        return unserializable(err);
      }
      return walk(result, ancestors, depth + 1);
    }
    if (obj instanceof Number || obj instanceof String || obj instanceof Boolean) return obj.valueOf();
    if (Array.isArray(obj)) {
      const out: unknown[] = new Array(obj.length);
      for (let i = 0; i < obj.length; i++) {
        const v = walk(readIndex(obj, i), ancestors, depth + 1);
        out[i] = v === undefined ? null : v;
      }
      return out;
    }
    if (obj instanceof Map) {
      const out: Record<string, unknown> = Object.create(null);
      for (const [k, v] of obj) {
        const c = walk(v, ancestors, depth + 1);
        if (c !== undefined) out[mapKey(k, ancestors, depth)] = c;
      }
      return out;
    }
    if (obj instanceof Set) {
      const out: unknown[] = [];
      for (const v of obj) {
        const c = walk(v, ancestors, depth + 1);
        out.push(c === undefined ? null : c);
      }
      return out;
    }
    const out: Record<string, unknown> = Object.create(null);
    if (obj instanceof Error) {
      out.name = walk(read(obj, "name"), ancestors, depth + 1);
      out.message = walk(read(obj, "message"), ancestors, depth + 1);
    }
    for (const key of Object.keys(obj)) {
      const c = walk(read(obj, key), ancestors, depth + 1);
      if (c !== undefined) out[key] = c;
    }
    if (obj instanceof Error) {
      if ("cause" in obj && !("cause" in out)) {
        const c = walk(read(obj, "cause"), ancestors, depth + 1);
        if (c !== undefined) out.cause = c;
      }
      const stack = read(obj, "stack");
      if (typeof stack === "string") out.stack = stack;
    }
    return out;
  } finally {
    ancestors.pop();
  }
}

/** A property read that turns a throwing getter into a marker instead of losing the object. */
function read(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch (err) {
    return unserializable(err);
  }
}

function readIndex(arr: unknown[], i: number): unknown {
  try {
    return arr[i];
  } catch (err) {
    return unserializable(err);
  }
}

function mapKey(key: unknown, ancestors: object[], depth: number): string {
  if (typeof key === "string") return key;
  if (typeof key === "object" && key !== null) return JSON.stringify(walk(key, ancestors, depth + 1));
  const c = walk(key, ancestors, depth + 1);
  return typeof c === "string" ? c : String(c);
}
