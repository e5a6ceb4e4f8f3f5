/**
 * The last guard of the record bound (`maxRecordSize`, default 256 KiB): a line longer than
 * that in bytes is made again from a copy of the record whose captured values are cut
 * harder, until it fits.
 *
 * The snapshot budget (runtime/capture.ts) already keeps the captured values near the
 * bound, so this runs only where escaping grew the line (a control character is 4 to 6
 * bytes in the line), or where many fields each came close to it. Lines under a third of
 * the bound in UTF-16 units cannot be over it in UTF-8 bytes and cost one compare.
 */
import { levelName } from "../levels";
import { asCaptured, CapturedError } from "../errors";
import type { Rec } from "../record";
import { cutText, Walker } from "./coerce";

/** Attempts, each with a quarter of the budget before, before only the fixed parts are kept. */
const ATTEMPTS = 4;

export function withinBound(line: string, max: number): boolean {
  return line.length * 3 <= max || Buffer.byteLength(line) <= max;
}

function cut(text: string | undefined, max: number): string | undefined {
  return text === undefined || text.length <= max ? text : cutText(text, max);
}

/** A copy of `rec` with its message, value and fields re-cut to `budget` characters in all. */
function shrunk(rec: Rec, budget: number): Rec {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(rec) as object) as Rec, rec);
  const part = Math.max(16, Math.floor(budget / 4));
  const w = new Walker({ maxValueLength: part, maxDepth: 8, maxItems: 64, maxKeys: 64 }, budget);
  copy.message = cut(rec.message, part);
  const err = asCaptured(rec.value);
  if (err !== undefined) copy.value = new CapturedError(cut(err.summary, part)!, cut(err.text, part)!, err.ref);
  else if (rec.hasValue) copy.value = w.value(rec.value, 0, undefined);
  if (rec.fields !== undefined) copy.fields = w.value(rec.fields, 0, undefined) as Record<string, unknown>;
  return copy;
}

/**
 * `line` if it is within `max` bytes, else `make` of ever harder-cut copies of `rec`, else
 * `undefined`: the caller then writes only the record's fixed parts.
 */
export function fitLine<A, B>(line: string, max: number, rec: Rec, make: (rec: Rec, a: A, b: B) => string, a: A, b: B): string | undefined {
  if (withinBound(line, max)) return line;
  let budget = Math.floor(max / 4);
  for (let i = 0; i < ATTEMPTS; i++, budget = Math.floor(budget / 4)) {
    const again = make(shrunk(rec, budget), a, b);
    if (withinBound(again, max)) return again;
  }
  return undefined;
}

/** The fixed parts of an oversize record, with what happened. */
export function oversizeRecord(rec: Rec, loggerName: string, max: number): Record<string, unknown> {
  let timestamp: string;
  try {
    timestamp = new Date(rec.time).toISOString();
  } catch {
    timestamp = new Date().toISOString();
  }
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  out.timestamp = timestamp;
  out.level = levelName(rec.level);
  out.logger = loggerName;
  out.trace_id = rec.traceId;
  if (rec.site !== undefined) out.function = rec.site.name;
  else if (rec.name !== undefined) out.function = rec.name;
  out.message = cut(typeof rec.message === "string" ? rec.message : "", 1024);
  out.logcrest_error = `record over the ${max}-byte limit (maxRecordSize); its values were left out`;
  return out;
}
