/**
 * The wording of records: every message exactly as the README ("What a tagged call writes") words it, and the short
 * renderings of values and errors that messages and the `exception` field use. The single
 * source for every formatter and user handler.
 */
import { describeError, errorDetail } from "./errors";
import { K_ENTER, K_EXIT, K_FAIL, K_FLOW_END, K_FLOW_START, type Rec } from "./record";

// Errors are named and written by runtime/errors.ts; re-exported for the formatters.
export { describeError, errorDetail };

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

/** The message of a record, exactly as the README ("What a tagged call writes") words it. */
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
