/**
 * What travels from the caller's path to the writer.
 *
 * The hot path only fills a `Rec` and queues it; messages, timestamps and JSON are built
 * later, in batches, by the pipeline. `recordMessage()` and `recordObject()` are the single
 * definition of the messages (SPEC §3/§4) and of the public record shape (SPEC §5) that
 * every formatter and every user handler sees.
 */
import { levelName } from "./levels";

/** Record kinds. Plain numbers so the hot path compares small integers. */
export const K_LOG = 0;
export const K_ENTER = 1;
export const K_EXIT = 2;
export const K_FAIL = 3;
export const K_FLOW_START = 4;
export const K_FLOW_END = 5;

/** Site flags, as emitted by the transformer in the per-module site table. */
export const F_LOG_ARGS = 1;
export const F_LOG_RESULT = 2;
export const F_FLOW = 4;
export const F_ASYNC = 8;
/** `@flow labelFrom=...`: the label comes from the 3rd argument of `enter` (empty → bare hex). */
export const F_LABEL_FROM = 16;

/**
 * One tagged function, built once per module load from a row of literals. Everything a
 * record needs about the function is computed here, not per call.
 */
export interface Site {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly level: number;
  readonly flags: number;
  /** Cleaned static flow label, or "" for none. */
  readonly label: string;
  /** Pre-serialised `"function":…,"file":…,"line":…` fragment of the JSON record. */
  readonly json: string;
  /** `'name'` as it appears in messages. */
  readonly quoted: string;
  /** The LOGCREST_NESTED_FLOW warning is emitted once per call site. */
  nestedFlowWarned: boolean;
}

/** A timeline step of a flow (SPEC §4), as kept while the flow runs. */
export interface Step {
  fn: string;
  /** Monotonic start time; not written to records. */
  start: number;
  /** Duration, set when the step ends. */
  ms: number;
  status: "ok" | "failed" | "interrupted" | "running";
}

export class Rec {
  /** Epoch milliseconds, fractional (timeOrigin + performance.now()). */
  time = 0;
  level = 0;
  traceId = "Global";
  kind = K_LOG;
  site: Site | undefined = undefined;
  /** Name for `function` when there is no site (HTTP routes, block flows). */
  name: string | undefined = undefined;
  root = false;
  /** elapsed_ms (EXIT/FAIL) or total_ms (FLOW_END), unrounded. */
  ms = 0;
  /** The user's message (K_LOG). */
  message: string | undefined = undefined;
  /** ENTER: args (logArgs); EXIT: result (logResult); FAIL: the thrown value. */
  value: unknown = undefined;
  hasValue = false;
  /** K_LOG: the user's fields. Flow kinds: the flow fields (flow_id, timeline, ...). */
  fields: Record<string, unknown> | undefined = undefined;
}

/** Round to 2 decimals, as every *_ms field is written. */
export function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** `TypeError: message` for errors, `NonError: value` for anything else thrown. */
export function describeError(err: unknown): string {
  if (err instanceof Error || (typeof err === "object" && err !== null && "message" in err && "name" in err)) {
    const e = err as { name: unknown; message: unknown };
    return `${String(e.name)}: ${String(e.message)}`;
  }
  return `NonError: ${safeString(err)}`;
}

/** The `exception` field: the stack when there is one, else the description. */
export function errorDetail(err: unknown): string {
  if (err instanceof Error && typeof err.stack === "string") return err.stack;
  return describeError(err);
}

function safeString(value: unknown): string {
  try {
    return typeof value === "symbol" ? value.toString() : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A short, never-throwing rendering of a value for messages (`args=...`, `result=...`). */
export function renderValue(value: unknown): string {
  try {
    const seen = new WeakSet<object>();
    const out = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "bigint") return `${v}n`;
      if (typeof v === "function") return `[Function ${(v as { name?: string }).name || "anonymous"}]`;
      if (typeof v === "symbol") return v.toString();
      if (typeof v === "undefined") return "undefined";
      if (v instanceof Map) return { Map: [...v.entries()] };
      if (v instanceof Set) return { Set: [...v.values()] };
      if (v instanceof Error) return describeError(v);
      if (typeof v === "object" && v !== null) {
        if (seen.has(v)) return "[Circular]";
        seen.add(v);
      }
      return v;
    });
    return out === undefined ? safeString(value) : out;
  } catch {
    return safeString(value);
  }
}

function quotedName(rec: Rec): string {
  return rec.site !== undefined ? rec.site.quoted : `'${rec.name ?? ""}'`;
}

/** The message of a record, exactly as SPEC §3/§4 words it. */
export function recordMessage(rec: Rec): string {
  const tag = rec.root ? "[Root] " : "[Nested] ";
  switch (rec.kind) {
    case K_ENTER:
      return `${tag}Invoking ${quotedName(rec)}${rec.hasValue ? ` | args=${renderValue(rec.value)}` : ""}`;
    case K_EXIT:
      return `${tag}${quotedName(rec)} finished in ${rec.ms.toFixed(2)}ms${
        rec.hasValue ? ` | result=${renderValue(rec.value)}` : ""
      }`;
    case K_FAIL:
      return `${tag}${quotedName(rec)} crashed after ${rec.ms.toFixed(2)}ms | ${describeError(rec.value)}`;
    case K_FLOW_START: {
      const f = rec.fields!;
      return `[Flow Start] ${quotedName(rec)} | flow_id=${String(f.flow_id)}${
        rec.hasValue ? ` | args=${renderValue(rec.value)}` : ""
      }`;
    }
    case K_FLOW_END: {
      const f = rec.fields!;
      const head = `[Flow End] ${quotedName(rec)} | flow_id=${String(f.flow_id)}`;
      if (f.flow_status === "success") return `${head} | success in ${rec.ms.toFixed(2)}ms`;
      return `${head} | failed at '${String(f.failed_at)}' (step ${String(f.step)}) after ${rec.ms.toFixed(2)}ms | ${String(
        f.flow_error,
      )}`;
    }
    default:
      return rec.message ?? "";
  }
}

/** Keys a user field may not overwrite; such a field is written as `field_<key>`. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "timestamp",
  "level",
  "logger",
  "trace_id",
  "function",
  "file",
  "line",
  "message",
]);

/**
 * The public record (SPEC §5): what JSON lines contain, and what user handlers receive.
 * Values are not coerced here; formatters coerce what JSON cannot hold.
 */
export function recordObject(rec: Rec, loggerName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    timestamp: new Date(rec.time).toISOString(),
    level: levelName(rec.level),
    logger: loggerName,
    trace_id: rec.traceId,
  };
  if (rec.site !== undefined) {
    out.function = rec.site.name;
    // Sites made at run time (the flow() block form) have no source position.
    if (rec.site.file !== "") {
      out.file = rec.site.file;
      out.line = rec.site.line;
    }
  } else if (rec.name !== undefined) {
    out.function = rec.name;
  }
  out.message = recordMessage(rec);
  switch (rec.kind) {
    case K_ENTER:
      if (rec.hasValue) out.args = rec.value;
      break;
    case K_EXIT:
      out.elapsed_ms = round2(rec.ms);
      if (rec.hasValue) out.result = rec.value;
      break;
    case K_FAIL:
      out.elapsed_ms = round2(rec.ms);
      out.exception = errorDetail(rec.value);
      break;
    case K_FLOW_START:
      if (rec.hasValue) out.args = rec.value;
      break;
    default:
      break;
  }
  const fields = rec.fields;
  if (fields !== undefined) {
    for (const key of Object.keys(fields)) {
      out[RESERVED_KEYS.has(key) ? `field_${key}` : key] = fields[key];
    }
  }
  return out;
}

/** Flow records go to `flows/` only (SPEC §5). */
export function isFlowRecord(rec: Rec): boolean {
  return rec.kind === K_FLOW_START || rec.kind === K_FLOW_END;
}
