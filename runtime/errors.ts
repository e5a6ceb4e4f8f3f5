/**
 * Errors in records (README: Errors; issue 15): one way to name an error, one text for it, and the
 * rule that a stack is written once.
 *
 * - `errorName(err)`: `err.name`, except that a subclass that did not set `name`
 *   (`class MyErr extends Error {}` inherits "Error") is named by its constructor, as
 *   Python names the class.
 * - `errorText(err)`: the `exception` text of crash records and of `log.error(err)`: the
 *   stack (its first line naming the class as above), then each `cause` as
 *   `Caused by: <its text>`, and an AggregateError's `errors` indented under it.
 * - `captureError(err, where)`: the text at the moment of the failure, or, when an earlier
 *   record already wrote this error object's stack, the one-line summary and the name of
 *   that record's function (`exception_ref`), so a search for a stack finds one record.
 *
 * Nothing here throws: a hostile error (throwing getters, a Proxy) gives what could be read.
 */

const BUILTIN_PROTOTYPES: ReadonlySet<object> = new Set<object>(
  [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, globalThis.AggregateError]
    .filter((c) => typeof c === "function")
    .map((c) => c.prototype as object),
);

/** Causes and aggregated errors followed below one error. */
const MAX_NESTING = 8;
/** Aggregated errors written per AggregateError. */
const MAX_AGGREGATED = 32;

/** Longest text taken from a thrown non-Error's `toString` (a record's bound cuts later anyway). */
const MAX_VALUE_TEXT = 1024;

function safeString(value: unknown): string {
  try {
    // An array's toString joins every element (a sparse array of 1e7 is a 10 MB string).
    if (Array.isArray(value)) return Object.prototype.toString.call(value);
    const text = typeof value === "symbol" ? value.toString() : String(value);
    return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT)}…[+${text.length - MAX_VALUE_TEXT} chars]` : text;
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return "[object]";
    }
  }
}

function get(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Whether a value is an error: a real Error (any realm) or an object with name and message. */
export function isErrorLike(err: unknown): err is object {
  if (typeof err !== "object" || err === null) return false;
  try {
    return err instanceof Error || ("message" in err && "name" in err);
  } catch {
    return false;
  }
}

/** The error's class name: `name`, or the constructor's name when `name` is only inherited from a built-in. */
export function errorName(err: object): string {
  const name = get(err, "name");
  try {
    if (!Object.prototype.hasOwnProperty.call(err, "name")) {
      let holder: object | null = Object.getPrototypeOf(err) as object | null;
      while (holder !== null && !Object.prototype.hasOwnProperty.call(holder, "name")) holder = Object.getPrototypeOf(holder) as object | null;
      if (holder !== null && BUILTIN_PROTOTYPES.has(holder)) {
        const ctor = get(err, "constructor");
        const ctorName = typeof ctor === "function" ? get(ctor, "name") : undefined;
        if (typeof ctorName === "string" && ctorName !== "") return ctorName;
      }
    }
  } catch {
    // a Proxy that refuses: keep what `name` gave
  }
  return safeString(name);
}

/** `TypeError: message` for errors, `NonError: value` for anything else thrown. */
export function describeError(err: unknown): string {
  const c = asCaptured(err);
  if (c !== undefined) return c.summary;
  if (isErrorLike(err)) return `${errorName(err)}: ${safeString(get(err, "message"))}`;
  return `NonError: ${safeString(err)}`;
}

/** The stack with its first line naming the class (`MyErr: boom`, not `Error: boom`). */
function stackOf(err: object): string | undefined {
  const stack = get(err, "stack");
  if (typeof stack !== "string") return undefined;
  const inherited = safeString(get(err, "name"));
  const name = errorName(err);
  if (name !== inherited && stack.startsWith(inherited)) {
    const next = stack.charCodeAt(inherited.length);
    if (Number.isNaN(next) || next === 58 /* : */ || next === 10 /* \n */) return name + stack.slice(inherited.length);
  }
  return stack;
}

function indent(text: string, prefix: string): string {
  return text.replace(/\n/g, `\n${prefix}`);
}

function textOf(err: unknown, seen: Set<object>, nesting: number, limit: number): string {
  if (!isErrorLike(err)) return describeError(err);
  if (seen.has(err)) return `[Circular] ${describeError(err)}`;
  seen.add(err);
  let text = stackOf(err) ?? describeError(err);
  if (nesting >= MAX_NESTING) return text;
  const errors = get(err, "errors");
  if (Array.isArray(errors)) {
    const n = Math.min(errors.length, MAX_AGGREGATED);
    for (let i = 0; i < n && text.length < limit; i++) {
      text += `\n  errors[${i}]: ${indent(textOf(errors[i], seen, nesting + 1, limit), "  ")}`;
    }
    if (errors.length > n) text += `\n  …[+${errors.length - n} errors]`;
  }
  let hasCause = false;
  try {
    hasCause = "cause" in err;
  } catch {
    hasCause = false;
  }
  if (hasCause && text.length < limit) text += `\nCaused by: ${textOf(get(err, "cause"), seen, nesting + 1, limit)}`;
  return text;
}

/**
 * The `exception` text: stack, aggregated errors, cause chain; cut at `limit` characters
 * (building stops there too, so a huge chain costs no more than the limit).
 */
export function errorText(err: unknown, limit = Infinity): string {
  let text: string;
  try {
    text = textOf(err, new Set(), 0, limit);
  } catch {
    text = describeError(err);
  }
  if (text.length > limit) {
    let n = limit;
    const c = text.charCodeAt(n - 1);
    if (c >= 0xd800 && c <= 0xdbff) n--;
    text = `${text.slice(0, n)}…[+${text.length - n} chars]`;
  }
  return text;
}

/** Every CapturedError made: a brand check that, unlike `instanceof`, no Proxy can make throw. */
const captured = new WeakSet<object>();

/** The value as a CapturedError, when it is one. */
export function asCaptured(value: unknown): CapturedError | undefined {
  return typeof value === "object" && value !== null && captured.has(value) ? (value as CapturedError) : undefined;
}

/** What a record keeps of an error, taken at the failure: the thrown value itself is not queued. */
export class CapturedError {
  constructor(
    /** `MyErr: message` (messages, flow_error). */
    readonly summary: string,
    /** The `exception` field: the full text, or the summary when `ref` names the record that has it. */
    readonly text: string,
    /** `exception_ref`: the function of the first record that wrote this error's stack. */
    readonly ref: string | undefined,
  ) {
    captured.add(this);
  }
}

const KEY = Symbol.for("logcrest.errors.v1");
type Holder = { [KEY]?: WeakMap<object, string> };
/** Error object → function of the first record that wrote its stack; shared by every copy of the runtime. */
const written: WeakMap<object, string> = ((globalThis as Holder)[KEY] ??= new WeakMap());

/** The error as a record shows it, taken now. `where` names this record's function for later references. */
export function captureError(err: unknown, where: string, limit: number): CapturedError {
  const c = asCaptured(err);
  if (c !== undefined) return c;
  const summary = describeError(err);
  if ((typeof err === "object" || typeof err === "function") && err !== null) {
    const first = written.get(err);
    if (first !== undefined) return new CapturedError(summary, summary, first);
    written.set(err, where);
  }
  return new CapturedError(summary, errorText(err, limit), undefined);
}

/** The `exception` field of a crash record. */
export function errorDetail(err: unknown): string {
  const c = asCaptured(err);
  if (c !== undefined) return c.text;
  return errorText(err);
}
