/**
 * The public record shape (README: What a tagged call writes): what JSON lines contain and what user handlers receive.
 */
import { asCaptured } from "./errors";
import { levelName } from "./levels";
import { K_ENTER, K_EXIT, K_FAIL, K_FLOW_START, type Rec } from "./record";
import { errorDetail, recordMessage } from "./record-message";

/** Round to 2 decimals, as every *_ms field is written. */
export function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Keys a user field may not overwrite; such a field is written as `field_<key>`. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "timestamp",
  "level",
  "logger",
  "trace_id",
  "span_id",
  "parent_span_id",
  "function",
  "file",
  "line",
  "message",
]);

/**
 * The public record (README: What a tagged call writes): what JSON lines contain, and what user handlers receive: a
 * null-prototype object. Values were captured at the call (runtime/capture.ts); formatters
 * coerce what JSON cannot hold.
 */
export function recordObject(rec: Rec, loggerName: string): Record<string, unknown> {
  // No prototype: a `__proto__` field is plain data, and nothing is inherited (issue 14).
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  out.timestamp = new Date(rec.time).toISOString();
  out.level = levelName(rec.level);
  out.logger = loggerName;
  out.trace_id = rec.traceId;
  if (rec.spanId !== undefined) out.span_id = rec.spanId;
  if (rec.parentSpanId !== undefined) out.parent_span_id = rec.parentSpanId;
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
      if (asCaptured(rec.value)?.ref !== undefined) out.exception_ref = asCaptured(rec.value)!.ref;
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
