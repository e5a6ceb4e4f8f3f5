/**
 * A record as a row of one of the two tables, serialised as one JSONEachRow line.
 *
 * flow_end records become `logcrest_flows` rows; everything else (flow_start included)
 * becomes a `logcrest_records` row. Known fields get their own columns; whatever else the
 * record carries (user fields, annotations, labels) is kept as JSON text in `fields`, so
 * nothing a record said is lost. Every value is checked for its column's type here: one
 * odd record must never make ClickHouse refuse the whole batch.
 *
 * This runs on the app's thread for every record, so the line is written directly rather
 * than built as an object for JSON.stringify (measured on the fleet bench's records, Node
 * 20: about 4 µs of CPU per record instead of 39, a third of which was garbage collection):
 * - the columns that are the same for every row of a handler (service, host, pid) are one
 *   precomputed piece of text;
 * - a column whose value is its type's default ("" / 0 / [] / NULL) is left out: ClickHouse
 *   fills an omitted JSONEachRow field with that same default (18.16 and current), so the
 *   stored row is identical and the line is shorter to send and to parse;
 * - the seconds of an ISO timestamp are parsed once per second, not once per record.
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

/** JSON text of a string: V8's own escaper, the fastest there is. */
const quote = JSON.stringify as (text: string) => string;

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

/** `,"name":"value"` (`key` is `,"name":`), or nothing when the value is "" (the column's default). */
function str(key: string, value: string): string {
  return value === "" ? "" : key + quote(value);
}

/** `,"name":n` (`key` is `,"name":`), or nothing when n is 0. n is finite (finite() or uint() made it so). */
function num(key: string, n: number): string {
  return n === 0 ? "" : key + n;
}

/**
 * The line as one flat string. V8 keeps a string made by `+` as a tree of its ~40 pieces;
 * a buffered row would hold them all until the batch is sent, and the garbage collector
 * would walk them: ToNumber flattens a string in place. Measured on the bench's rows
 * (Node 20): half the CPU per row, and the batch's join takes half as long.
 */
function flat(line: string): string {
  void ((line as unknown as number) | 0);
  return line;
}

/** trace_id, span_id, parent_span_id: the same three columns in both tables. */
function traceColumns(record: LogRecord): string {
  return str(',"trace_id":', text(record.trace_id)) + str(',"span_id":', text(record.span_id)) + str(',"parent_span_id":', text(record.parent_span_id));
}

function restOf(record: LogRecord, known: Set<string>): string {
  let rest: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    if (known.has(key)) continue;
    (rest ??= {})[key] = record[key];
  }
  return rest === undefined ? "" : safeStringify(rest);
}

export function isFlowEnd(record: LogRecord): boolean {
  return record.flow_type === "flow_end";
}

/** A crash record: it has the stack, or names the record that has it (`exception_ref`). */
export function isCrash(record: Record<string, unknown>): boolean {
  return record.exception !== undefined || record.exception_ref !== undefined;
}

const DIGIT_0 = 48;
const isDigit = (c: number) => c >= DIGIT_0 && c <= DIGIT_0 + 9;

/**
 * Writes the rows of one handler. Holds the caches that make a row cheap: the source
 * columns' text per service, the last timestamp's second, the level numbers.
 */
export class RowWriter {
  private readonly fixed: string;
  private sourceService: string | undefined;
  private sourceText = "";
  /** `YYYY-MM-DDTHH:MM:SS` of the last ISO timestamp parsed in full, and its epoch seconds. */
  private secondText = "";
  private second = 0;
  private readonly levels = new Map<string, number>();

  constructor(host: string, pid: number) {
    this.fixed = str(',"host":', host) + num(',"pid":', uint(pid, 0xffffffff));
  }

  /** The line for `record`, and its table; undefined only if it cannot be serialised at all. */
  line(record: LogRecord, service: string): string | undefined {
    try {
      return flat(isFlowEnd(record) ? this.flowLine(record, service) : this.recordLine(record, service));
    } catch {
      return undefined;
    }
  }

  /** `{"time":s,"time_ms":ms,"service":...,"host":...,"pid":...`: when (seconds + milliseconds, as 18.16 has no DateTime64) and who. */
  private origin(record: LogRecord, service: string): string {
    if (service !== this.sourceService) {
      this.sourceService = service;
      this.sourceText = str(',"service":', service) + this.fixed;
    }
    const ms = this.timeOf(record.timestamp);
    return `{"time":${Math.floor(ms / 1000)}` + num(',"time_ms":', ms % 1000) + this.sourceText;
  }

  /**
   * Epoch ms of the record's ISO timestamp (`2026-11-25T09:00:00.123Z`, as toISOString
   * writes it); now when it has none. Records come in time order, so the date and time
   * up to the second repeat: those are parsed once per second, the milliseconds read off.
   */
  private timeOf(ts: unknown): number {
    if (typeof ts !== "string") return Date.now();
    if (ts.length === 24 && ts.charCodeAt(23) === 90 /* Z */ && ts.charCodeAt(19) === 46 /* . */ && this.secondText !== "" && ts.startsWith(this.secondText)) {
      const a = ts.charCodeAt(20);
      const b = ts.charCodeAt(21);
      const c = ts.charCodeAt(22);
      if (isDigit(a) && isDigit(b) && isDigit(c)) return this.second * 1000 + (a - DIGIT_0) * 100 + (b - DIGIT_0) * 10 + (c - DIGIT_0);
    }
    const t = Date.parse(ts);
    if (!(Number.isFinite(t) && t >= 0)) return Date.now();
    // Only the exact toISOString shape is cached, so the fast path reads the same ms Date.parse would.
    if (ts.length === 24 && ts.charCodeAt(23) === 90 && ts.charCodeAt(19) === 46) {
      this.secondText = ts.slice(0, 19);
      this.second = Math.floor(t / 1000);
    }
    return t;
  }

  private levelNo(level: string): number {
    let n = this.levels.get(level);
    if (n === undefined) {
      n = parseLevel(level) ?? 0;
      if (this.levels.size < 64) this.levels.set(level, n); // level names are few; a stream of odd ones is not cached
    }
    return n;
  }

  private flowLine(record: LogRecord, service: string): string {
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
    return (
      this.origin(record, service) +
      str(',"flow_id":', text(record.flow_id)) +
      str(',"function":', text(record.function)) +
      str(',"route":', text(record.route)) +
      str(',"flow_status":', status) +
      num(',"failed":', status === "failed" ? 1 : 0) +
      num(',"total_ms":', finite(record.total_ms)) +
      num(',"steps":', uint(record.steps, 0xffffffff) || timeline.length) +
      str(',"failed_at":', text(record.failed_at)) +
      str(',"step":', text(record.step)) +
      str(',"flow_error":', text(record.flow_error)) +
      traceColumns(record) +
      num(',"http_status":', uint(record.http_status, 0xffff)) +
      num(',"aborted":', record.aborted === true ? 1 : 0) +
      str(',"file":', text(record.file)) +
      num(',"line":', uint(record.line, 0xffffffff)) +
      str(',"timeline":', safeStringify(timeline)) +
      str(',"step_offsets":', Array.isArray(record.step_offsets_ms) ? safeStringify(record.step_offsets_ms) : "") +
      (timeline.length === 0 ? "" : `,"step_fn":${JSON.stringify(stepFn)},"step_ms":[${stepMs.join(",")}],"step_status":${JSON.stringify(stepStatus)}`) +
      str(',"fields":', restOf(record, FLOW_KEYS)) +
      "}"
    );
  }

  private recordLine(record: LogRecord, service: string): string {
    const level = text(record.level);
    const elapsed = record.elapsed_ms;
    return (
      this.origin(record, service) +
      str(',"level":', level) +
      num(',"level_no":', this.levelNo(level)) +
      str(',"logger":', text(record.logger)) +
      traceColumns(record) +
      str(',"flow_id":', text(record.flow_id)) +
      str(',"flow_type":', text(record.flow_type)) +
      str(',"function":', text(record.function)) +
      str(',"file":', text(record.file)) +
      num(',"line":', uint(record.line, 0xffffffff)) +
      str(',"message":', text(record.message)) +
      // Nullable: left out it is NULL, so a real 0 is written
      (typeof elapsed === "number" && Number.isFinite(elapsed) ? `,"elapsed_ms":${elapsed}` : "") +
      num(',"crashed":', isCrash(record) ? 1 : 0) +
      str(',"exception":', text(record.exception)) +
      str(',"fields":', restOf(record, RECORD_KEYS)) +
      "}"
    );
  }
}

let lastWriter: { host: string; pid: number; writer: RowWriter } | undefined;

/** The row for `record`, for tools that load rows themselves (the bench); undefined only if it cannot be serialised at all. */
export function toRow(record: LogRecord, src: RowSource): Row | undefined {
  if (lastWriter === undefined || lastWriter.host !== src.host || lastWriter.pid !== src.pid) {
    lastWriter = { host: src.host, pid: src.pid, writer: new RowWriter(src.host, src.pid) };
  }
  const line = lastWriter.writer.line(record, src.service);
  return line === undefined ? undefined : { table: isFlowEnd(record) ? "flows" : "records", line };
}
