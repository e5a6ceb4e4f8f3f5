/**
 * Values as they were at the call (README: Values; issue 14): what a record will show of a
 * message, fields, `logArgs` arguments, a `logResult` value or a thrown error is taken on
 * the caller's path, bounded and redacted, before the record is queued. The writer formats
 * it later, so formatting stays off the caller's path but can no longer see a mutation the
 * function made after the call.
 *
 * The least work that keeps that true: primitives are immutable and are kept as they are
 * (a string longer than `maxValueLength` is cut, and copied so the original can be freed);
 * an object is walked once into a plain snapshot (format/coerce.ts `Walker`) that also
 * applies the bounds and the compiled redaction paths. Each record has one size budget
 * (`maxRecordSize`), and the snapshot's size is what the queue counts (`maxQueueBytes`).
 *
 * While an object is walked, the minimum level is raised: a getter that is itself a tagged
 * function, or that calls `log.*`, writes nothing and adds no flow step, as it did when the
 * writer read values.
 */
import { type CapturedError, captureError, describeError } from "./errors";
import { type Limits, type RedactNode, Walker } from "./format/coerce";
import { compileRedact, type RedactPath, siteArgsNode } from "./redact";
import { S } from "./state";

export interface ValueConfig extends Limits {
  /** Largest record, in bytes of its JSON line (also the budget of one snapshot). */
  readonly maxRecordSize: number;
  /** Bytes the queue holds (the snapshots' sizes plus a fixed cost per record) before it drops. */
  readonly maxQueueBytes: number;
  readonly redact: readonly RedactPath[];
  readonly censor: string;
}

export const DEFAULT_VALUE_CONFIG: ValueConfig = {
  maxValueLength: 16384,
  maxDepth: 16,
  maxItems: 1000,
  maxKeys: 1000,
  maxRecordSize: 262144,
  maxQueueBytes: 134217728,
  redact: [],
  censor: "[Redacted]",
};

/** What one queued record costs besides its snapshots (the Rec object), for `maxQueueBytes`. */
export const RECORD_OVERHEAD = 96;

interface ValueState {
  config: ValueConfig;
  /** The configured paths, compiled once per configuration. */
  root: RedactNode | undefined;
  /** Bumped on every configuration: per-site compiled trees are rebuilt when it moves. */
  version: number;
}

const KEY = Symbol.for("logcrest.values.v1");
type Holder = { [KEY]?: ValueState };
const V: ValueState = ((globalThis as Holder)[KEY] ??= { config: DEFAULT_VALUE_CONFIG, root: undefined, version: 0 });

/** Installs a resolved configuration (runtime/lifecycle.ts, on every resolve). */
export function configureValues(config: ValueConfig): void {
  V.config = config;
  V.root = compileRedact(config.redact);
  V.version++;
}

export function valueConfig(): ValueConfig {
  return V.config;
}

/** Per-site tree for the arguments array: the site's own paths and the configured ones under every index. */
interface SiteTree {
  version: number;
  args: RedactNode | undefined;
}
const siteTrees = new WeakMap<object, SiteTree>();

function argsNode(site: object, sitePaths: readonly RedactPath[] | undefined): RedactNode | undefined {
  if (sitePaths === undefined && V.root === undefined) return undefined;
  let t = siteTrees.get(site);
  if (t === undefined || t.version !== V.version) {
    t = { version: V.version, args: siteArgsNode(sitePaths, V.root) };
    siteTrees.set(site, t);
  }
  return t.args;
}

/** Size of the last capture, for the queue's byte count (read right after a capture call). */
export let lastSize = 0;

function walker(): Walker {
  const c = V.config;
  return new Walker(c, c.maxRecordSize, c.censor);
}

/** Runs `fn` with records switched off, so user code run by a walk writes nothing. */
function quietly<T>(fn: () => T): T {
  const level = S.minLevel;
  S.minLevel = Number.POSITIVE_INFINITY;
  try {
    return fn();
  } finally {
    // A getter may have called configure(), which sets a new level: keep that one.
    if (S.minLevel === Number.POSITIVE_INFINITY) S.minLevel = level;
  }
}

function spent(w: Walker): number {
  return V.config.maxRecordSize - w.budget;
}

/** One value (a `logResult` value), as a record will show it. */
export function captureValue(value: unknown): unknown {
  if (typeof value === "string") {
    if (value.length <= V.config.maxValueLength && V.root === undefined) {
      lastSize = value.length;
      return value;
    }
  } else if ((typeof value !== "object" || value === null) && typeof value !== "function" && typeof value !== "bigint" && typeof value !== "symbol") {
    lastSize = 8;
    return value;
  }
  const w = walker();
  const out = typeof value === "object" && value !== null ? quietly(() => w.value(value, 0, V.root)) : w.value(value, 0, V.root);
  lastSize = spent(w);
  return out;
}

/**
 * The arguments of a `logArgs` call: `args` is the fresh array the frame copied from
 * `arguments`, so it is snapshotted in place. `sitePaths` are the tag's `redact=` paths.
 */
export function captureArgs(args: unknown[], site: object, sitePaths?: readonly RedactPath[]): unknown[] {
  const node = argsNode(site, sitePaths);
  let plain = node === undefined;
  let size = 2;
  const max = V.config.maxValueLength;
  for (let i = 0; plain && i < args.length; i++) {
    const v = args[i];
    const t = typeof v;
    if (t === "object" ? v !== null : t === "function" || t === "bigint" || t === "symbol" || (t === "string" && (v as string).length > max)) plain = false;
    else size += t === "string" ? (v as string).length + 3 : 8;
  }
  if (plain && args.length <= V.config.maxItems) {
    lastSize = size;
    return args;
  }
  const w = walker();
  const out = quietly(() => w.value(args, 0, node)) as unknown[];
  lastSize = spent(w);
  return out;
}

/** The fields as a null-prototype object: an array's elements by index, an unreadable value marked. */
function fieldsObject(w: Walker, fields: object): Record<string, unknown> {
  const out = w.value(fields, 0, V.root);
  if (typeof out === "object" && out !== null && !Array.isArray(out)) return out as Record<string, unknown>;
  const box: Record<string, unknown> = Object.create(null);
  if (Array.isArray(out)) out.forEach((v, i) => (box[i] = v));
  else box.logcrest_error = `fields could not be read: ${JSON.stringify(out)}`;
  return box;
}

/**
 * Fields that integrations add to a record (`annotate(fields)`, a flow outcome's fields):
 * a bounded, redacted snapshot taken now, as `log.*` fields are.
 */
export function captureFields(fields: unknown): Record<string, unknown> | undefined {
  if (typeof fields !== "object" || fields === null) return undefined;
  const w = walker();
  return quietly(() => fieldsObject(w, fields));
}

/** A `log.*` message: text as the record shows it (objects as their JSON snapshot). */
function messageText(w: Walker, message: unknown): string {
  switch (typeof message) {
    case "string":
      return w.text(message);
    case "object":
      break;
    default: {
      const v = w.value(message, 0, undefined);
      return typeof v === "string" ? v : String(v);
    }
  }
  if (message === null) return "null";
  const custom = customString(message);
  if (custom !== undefined) return w.text(custom);
  const snap = w.value(message, 0, V.root);
  return typeof snap === "string" ? snap : JSON.stringify(snap);
}

/** `String(value)` for objects with their own `toString` (Date, URL, a class's), never throwing. */
function customString(value: object): string | undefined {
  try {
    if (Array.isArray(value)) return undefined;
    const toString = (value as { toString?: unknown }).toString;
    if (typeof toString !== "function" || toString === Object.prototype.toString) return undefined;
    const text = String(value);
    return typeof text === "string" ? text : undefined;
  } catch {
    return undefined;
  }
}

export interface CapturedLog {
  message: string;
  fields: Record<string, unknown> | undefined;
  size: number;
}

/**
 * A `log.*` call: the message, the fields, and an error given as the message, as the second
 * argument or as `error` (log.exception). `where` names the record for `exception_ref`.
 */
export function captureLog(message: unknown, fields: unknown, error: unknown, hasError: boolean, where: string): CapturedLog {
  const w = walker();
  return quietly(() => {
    let err = error;
    let errGiven = hasError;
    let extra = fields;
    if (!errGiven && isError(extra)) {
      err = extra;
      errGiven = true;
      extra = undefined;
    }
    let text: string;
    if (isError(message) && (!errGiven || err === message)) {
      err = message;
      errGiven = true;
      text = w.text(describeError(message));
    } else {
      text = messageText(w, message);
    }
    let out: Record<string, unknown> | undefined;
    if (typeof extra === "object" && extra !== null) out = fieldsObject(w, extra);
    if (errGiven) {
      const captured = captureError(err, where, Math.max(0, Math.min(V.config.maxValueLength, w.budget)));
      w.budget -= captured.text.length;
      out ??= Object.create(null) as Record<string, unknown>;
      out.exception = captured.text;
      if (captured.ref !== undefined) out.exception_ref = captured.ref;
    }
    return { message: text, fields: out, size: spent(w) };
  });
}

/** A thrown value, for a crash record, taken at the failure. */
export function captureFailure(err: unknown, where: string): CapturedError {
  const captured = quietly(() => captureError(err, where, V.config.maxValueLength));
  lastSize = captured.text.length;
  return captured;
}

/** A real Error (any realm), not just something error-shaped: only those are taken as `log.error(err)`. */
export function isError(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  try {
    return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
  } catch {
    return false;
  }
}
