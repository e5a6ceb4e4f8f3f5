/**
 * The text layout, shared by `json: false` files and the console (README: Configuration):
 *
 *   2026-11-25T13:34:53.123Z INFO     app_logger [3a7e2b1f] OrderService.process (src/orders.ts:12) - [Root] 'OrderService.process' finished in 1.23ms
 *   2026-11-25T13:34:53.125Z INFO     app_logger [Global] - order placed | order_id=42 | items=[1,2]
 *
 * Every field of the record after the message follows as ` | key=value` (strings bare when
 * they are one plain word, else JSON), except a field the message already states word for
 * word (`args=[1]`, `flow_id=...`, `finished in 1.23ms` for `elapsed_ms`): the text stays
 * lossless without saying things twice. Control characters are escaped (format/escape.ts),
 * so a record is always exactly one line.
 */
import { valueConfig } from "../capture";
import { fitLine, oversizeRecord } from "./bound";
import { coerce } from "./coerce";
import type { Rec } from "../record";
import { escapeControl } from "./escape";
import { renderValue } from "../record-message";
import { minimalRecord, safeRecordObject } from "./safe-record";

/**
 * Keys the layout prints in its fixed positions, or not at all: span ids are for machines
 * (JSON files, otlpHandler), and would double the width of every console line.
 */
const FIXED = new Set(["timestamp", "level", "logger", "trace_id", "span_id", "parent_span_id", "function", "file", "line", "message"]);

const PLAIN_WORD = /^[A-Za-z0-9_.:/@+-]+$/;

function textValue(value: unknown): string {
  if (typeof value === "string") return PLAIN_WORD.test(value) ? value : JSON.stringify(value);
  const c = coerce(value);
  return c === undefined ? "undefined" : JSON.stringify(c);
}

/** Whether the message already states this field exactly (the README's record wording). */
function shownInMessage(key: string, value: unknown, text: string, message: string): boolean {
  if (message.includes(` | ${key}=${text}`)) return true; // args=, result=, flow_id=
  // The message renders args/result as JSON ("crlf" with quotes) where the field text
  // would be the bare word: compare with the message's own rendering too.
  if ((key === "args" || key === "result") && message.includes(` | ${key}=${renderValue(value)}`)) return true;
  switch (key) {
    case "elapsed_ms":
    case "total_ms":
      return typeof value === "number" && message.includes(` ${value.toFixed(2)}ms`);
    case "flow_type":
      return (
        (value === "flow_start" && message.startsWith("[Flow Start] ")) ||
        (value === "flow_end" && message.startsWith("[Flow End] "))
      );
    case "flow_status":
      return (
        message.startsWith("[Flow End] ") &&
        ((value === "success" && message.includes(" | success in ")) || (value === "failed" && message.includes(" | failed at '")))
      );
    case "failed_at":
      return message.includes(` | failed at '${String(value)}'`);
    case "step":
      return message.includes(` (step ${String(value)}) `);
    case "flow_error":
      return message.endsWith(` | ${String(value)}`);
    default:
      return false;
  }
}

/** The layout in three pieces (before the level, the padded level, after it), not yet escaped. */
export function textParts(record: Readonly<Record<string, unknown>>): [string, string, string] {
  const before = `${String(record.timestamp)} `;
  const level = String(record.level).padEnd(8);
  let after = ` ${String(record.logger)} [${String(record.trace_id)}]`;
  if (record.function !== undefined) {
    after += ` ${String(record.function)}`;
    if (record.file !== undefined) after += ` (${String(record.file)}:${String(record.line)})`;
  }
  after += ` - ${String(record.message)}`;
  const message = String(record.message);
  for (const key of Object.keys(record)) {
    if (FIXED.has(key)) continue;
    const value = record[key];
    if (value === undefined) continue;
    const text = textValue(value);
    if (shownInMessage(key, value, text, message)) continue;
    after += ` | ${key}=${text}`;
  }
  return [before, level, after];
}

/** The text formatter as a public `Formatter`: a record object in, one line out, no colour. */
export function formatText(record: Readonly<Record<string, unknown>>): string {
  const [before, level, after] = textParts(record);
  return escapeControl(before + level + after);
}

/** One text line for a queued record, at most `maxRecordSize` bytes (format/bound.ts). Never throws. */
export function textLine(rec: Rec, loggerName: string): string {
  const line = anyTextLine(rec, loggerName);
  const max = valueConfig().maxRecordSize;
  if (line.length * 3 <= max) return line;
  return fitLine(line, max, rec, anyTextLine, loggerName, undefined) ?? formatText(oversizeRecord(rec, loggerName, max));
}

function anyTextLine(rec: Rec, loggerName: string): string {
  try {
    return formatText(safeRecordObject(rec, loggerName));
  } catch (err) {
    return formatText(minimalRecord(rec, loggerName, err));
  }
}
