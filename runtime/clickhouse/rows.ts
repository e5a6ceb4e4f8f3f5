/**
 * A record as a row of one of the two tables, serialised as one JSONEachRow line.
 *
 * flow_end records become `logcrest_flows` rows; everything else (flow_start included)
 * becomes a `logcrest_records` row. Known fields get their own columns; whatever else the
 * record carries (user fields, annotations, labels) is kept as JSON text in `fields`, so
 * nothing a record said is lost. Every value is checked for its column's type here: one
 * odd record must never make ClickHouse refuse the whole batch.
 */
import type { LogRecord } from "../handlers/types";
import { parseLevel } from "../levels";

/** Who wrote the rows: fixed per handler. */
export interface RowSource {
  readonly service: string;
  readonly host: string;
  readonly pid: number;
}

export interface Row {
  readonly table: "flows" | "records";
  readonly line: string;
}

/** Columns of logcrest_flows filled from record keys; the rest of the record goes to `fields`. */
const FLOW_KEYS = new Set([
  "timestamp", "level", "logger", "message", "flow_type", "flow_id", "function", "route", "flow_status", "total_ms",
  "steps", "failed_at", "step", "flow_error", "trace_id", "span_id", "parent_span_id", "http_status", "aborted", "file",
  "line", "timeline", "step_offsets_ms",
]);

const RECORD_KEYS = new Set([
  "timestamp", "level", "logger", "message", "trace_id", "span_id", "parent_span_id", "flow_id", "flow_type", "function",
  "file", "line", "elapsed_ms", "exception",
]);

function text(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? "" : typeof v === "object" ? safeStringify(v) : String(v);
}

function finite(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

/** A whole number within [0, max]; anything else 0 (the column is unsigned). */
function uint(v: unknown, max: number): number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max ? v : 0;
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? "";
  } catch {
    return "";
  }
}

function restOf(record: LogRecord, known: Set<string>): string {
  let rest: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    if (known.has(key)) continue;
    (rest ??= {})[key] = record[key];
  }
  return rest === undefined ? "" : safeStringify(rest);
}

/** Epoch ms of the record's ISO timestamp; now when it has none. */
function timeOf(record: LogRecord): number {
  const t = typeof record.timestamp === "string" ? Date.parse(record.timestamp) : Number.NaN;
  return Number.isFinite(t) && t >= 0 ? t : Date.now();
}

export function isFlowEnd(record: LogRecord): boolean {
  return record.flow_type === "flow_end";
}

/** A crash record: it has the stack, or names the record that has it (`exception_ref`). */
export function isCrash(record: Record<string, unknown>): boolean {
  return record.exception !== undefined || record.exception_ref !== undefined;
}

/** The columns both tables start with: when (seconds + milliseconds, as 18.16 has no DateTime64) and who. */
function origin(src: RowSource, ms: number) {
  return { time: Math.floor(ms / 1000), time_ms: ms % 1000, service: src.service, host: src.host, pid: src.pid };
}

function flowRow(record: LogRecord, src: RowSource, ms: number): string {
  const timeline = Array.isArray(record.timeline) ? (record.timeline as unknown[]) : [];
  const stepFn: string[] = [];
  const stepMs: number[] = [];
  const stepStatus: string[] = [];
  for (const entry of timeline) {
    const e = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    stepFn.push(typeof e.fn === "string" ? e.fn : "?");
    stepMs.push(finite(e.ms));
    stepStatus.push(typeof e.status === "string" ? e.status : "?");
  }
  const status = text(record.flow_status);
  return JSON.stringify({
    ...origin(src, ms),
    flow_id: text(record.flow_id),
    function: text(record.function),
    route: text(record.route),
    flow_status: status,
    failed: status === "failed" ? 1 : 0,
    total_ms: finite(record.total_ms),
    steps: uint(record.steps, 0xffffffff) || timeline.length,
    failed_at: text(record.failed_at),
    step: text(record.step),
    flow_error: text(record.flow_error),
    trace_id: text(record.trace_id),
    span_id: text(record.span_id),
    parent_span_id: text(record.parent_span_id),
    http_status: uint(record.http_status, 0xffff),
    aborted: record.aborted === true ? 1 : 0,
    file: text(record.file),
    line: uint(record.line, 0xffffffff),
    timeline: safeStringify(timeline),
    step_offsets: Array.isArray(record.step_offsets_ms) ? safeStringify(record.step_offsets_ms) : "",
    step_fn: stepFn,
    step_ms: stepMs,
    step_status: stepStatus,
    fields: restOf(record, FLOW_KEYS),
  });
}

function recordRow(record: LogRecord, src: RowSource, ms: number): string {
  const elapsed = record.elapsed_ms;
  return JSON.stringify({
    ...origin(src, ms),
    level: text(record.level),
    level_no: parseLevel(record.level) ?? 0,
    logger: text(record.logger),
    trace_id: text(record.trace_id),
    span_id: text(record.span_id),
    parent_span_id: text(record.parent_span_id),
    flow_id: text(record.flow_id),
    flow_type: text(record.flow_type),
    function: text(record.function),
    file: text(record.file),
    line: uint(record.line, 0xffffffff),
    message: text(record.message),
    elapsed_ms: typeof elapsed === "number" && Number.isFinite(elapsed) ? elapsed : null,
    crashed: isCrash(record) ? 1 : 0,
    exception: text(record.exception),
    fields: restOf(record, RECORD_KEYS),
  });
}

/** The row for `record`; undefined only if it cannot be serialised at all. */
export function toRow(record: LogRecord, src: RowSource): Row | undefined {
  try {
    const ms = timeOf(record);
    return isFlowEnd(record)
      ? { table: "flows", line: flowRow(record, src, ms) }
      : { table: "records", line: recordRow(record, src, ms) };
  } catch {
    return undefined;
  }
}
