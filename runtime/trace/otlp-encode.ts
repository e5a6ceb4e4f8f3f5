/**
 * Public records as OTLP/HTTP JSON (opentelemetry-proto, JSON encoding: lowerCamelCase
 * field names, hex trace and span ids, nanosecond times as decimal strings, enums as
 * numbers): flows and tagged calls as spans, every record as a log record.
 *
 * Which records are spans: a `flow_end` (the flow, from its start to its end) and the exit or
 * crash record of a tagged call (the call; its step inside a flow). Both carry the span's
 * own `span_id` and `parent_span_id`, so the spans link up exactly as the records do.
 */
import type { LogRecord } from "../handlers/types";
import { w3cTraceId } from "./w3c";

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number;
  doubleValue?: number;
  arrayValue?: { values: OtlpAnyValue[] };
  kvlistValue?: { values: OtlpKeyValue[] };
}
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: Array<{ timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }>;
  status: { code: number; message?: string };
  /** W3C trace flags, plus OTLP's "has is_remote" (0x100) and "parent is remote" (0x200) bits. */
  flags: number;
}

export interface OtlpLogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: OtlpAnyValue;
  attributes: OtlpKeyValue[];
  traceId?: string;
  spanId?: string;
  /** W3C trace flags of the record's trace (sampled). */
  flags?: number;
}

const SAMPLED = 1;
const HAS_IS_REMOTE = 0x100;
const PARENT_IS_REMOTE = 0x200;

export const SPAN_KIND_INTERNAL = 1;
export const SPAN_KIND_SERVER = 2;
export const STATUS_UNSET = 0;
export const STATUS_ERROR = 2;

/** Nesting kept in attribute values; deeper parts become their JSON text. */
const MAX_DEPTH = 4;

/** OpenTelemetry's value model: strings, booleans, integers, doubles, arrays and maps. */
export function anyValue(value: unknown, depth = 0): OtlpAnyValue {
  switch (typeof value) {
    case "string":
      return { stringValue: value };
    case "boolean":
      return { boolValue: value };
    case "number":
      if (Number.isSafeInteger(value)) return { intValue: value };
      return Number.isFinite(value) ? { doubleValue: value } : { stringValue: String(value) };
    case "bigint":
      return { stringValue: `${value}` };
    case "object": {
      if (value === null) return {};
      if (depth >= MAX_DEPTH) return { stringValue: safeJson(value) };
      if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => anyValue(v, depth + 1)) } };
      return { kvlistValue: { values: attributes(value as Record<string, unknown>, depth + 1) } };
    }
    case "undefined":
      return {};
    default:
      return { stringValue: String(value) };
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function attributes(fields: Record<string, unknown>, depth = 0, skip?: ReadonlySet<string>): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const key of Object.keys(fields)) {
    if (skip !== undefined && skip.has(key)) continue;
    const v = fields[key];
    if (v === undefined) continue;
    out.push({ key, value: anyValue(v, depth) });
  }
  return out;
}

/** Epoch milliseconds (fractional) as decimal nanoseconds, without losing digits to doubles. */
export function nanos(ms: number): string {
  const whole = Math.floor(ms);
  const frac = Math.round((ms - whole) * 1e6);
  return (BigInt(whole) * 1000000n + BigInt(frac)).toString();
}

/** OTLP severity numbers for our level names (SeverityNumber: DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21). */
function severity(level: string): number {
  switch (level) {
    case "DEBUG":
      return 5;
    case "INFO":
      return 9;
    case "WARNING":
      return 13;
    case "ERROR":
      return 17;
    case "CRITICAL":
      return 21;
    default:
      return 0;
  }
}

const HEX16 = /^[0-9a-f]{16}$/;
const TRACE_HEX = /^(?:[0-9a-f]{8}|[0-9a-f]{32})$/;
const CALL_MESSAGE = /^\[(?:Root|Nested)\] '.*' (?:finished in|crashed after) /s;

function ids(record: LogRecord): { traceId: string; spanId: string } | undefined {
  const trace = record.trace_id;
  const span = record.span_id;
  if (typeof trace !== "string" || !TRACE_HEX.test(trace) || typeof span !== "string" || !HEX16.test(span)) return undefined;
  return { traceId: w3cTraceId(trace), spanId: span };
}

/** Keys that are the log record's own fields, not attributes. */
const LOG_OWN = new Set(["timestamp", "level", "message", "trace_id", "span_id"]);

export function toLogRecord(record: LogRecord, observedMs: number): OtlpLogRecord {
  const time = Date.parse(record.timestamp);
  const out: OtlpLogRecord = {
    timeUnixNano: nanos(Number.isFinite(time) ? time : observedMs),
    observedTimeUnixNano: nanos(observedMs),
    severityNumber: severity(record.level),
    severityText: record.level,
    body: { stringValue: String(record.message) },
    attributes: attributes(record as Record<string, unknown>, 0, LOG_OWN),
  };
  const id = ids(record);
  if (id !== undefined) {
    out.traceId = id.traceId;
    out.spanId = id.spanId;
    out.flags = SAMPLED;
  }
  return out;
}

/** Flow fields that become span attributes under `logcrest.` (the rest are in the log record). */
const FLOW_ATTRS = ["flow_id", "flow_status", "steps", "failed_at", "step", "labels"] as const;

/** Keys of a flow_end that are not copied as attributes of its span. */
const FLOW_SKIP = new Set([
  "timestamp", "level", "logger", "trace_id", "span_id", "parent_span_id", "message", "function", "file", "line",
  "flow_type", "flow_status", "total_ms", "steps", "timeline", "step_offsets_ms", "failed_at", "step", "flow_error",
  "flow_id", "labels", "route", "path", "http_status", "http_method",
]);

function exceptionEvent(timeNs: string, type: string, message: string, stack: string | undefined): OtlpSpan["events"][number] {
  const attrs: OtlpKeyValue[] = [
    { key: "exception.type", value: { stringValue: type } },
    { key: "exception.message", value: { stringValue: message } },
  ];
  if (stack !== undefined) attrs.push({ key: "exception.stacktrace", value: { stringValue: stack } });
  return { timeUnixNano: timeNs, name: "exception", attributes: attrs };
}

/** "TypeError: bad input" → ["TypeError", "bad input"]. */
function splitError(text: string): [string, string] {
  const i = text.indexOf(": ");
  return i > 0 ? [text.slice(0, i), text.slice(i + 2)] : ["Error", text];
}

/** The span a record stands for, or `undefined` when it is not a span's last record. */
export function toSpan(record: LogRecord): OtlpSpan | undefined {
  const id = ids(record);
  if (id === undefined) return undefined;
  const end = Date.parse(record.timestamp);
  if (!Number.isFinite(end)) return undefined;
  const parent = record.parent_span_id;
  const base = {
    traceId: id.traceId,
    spanId: id.spanId,
    ...(typeof parent === "string" && HEX16.test(parent) ? { parentSpanId: parent } : {}),
  };
  const name = typeof record.function === "string" ? record.function : "flow";
  const endNs = nanos(end);
  if (record.flow_type === "flow_end" && typeof record.total_ms === "number") {
    const attrs: OtlpKeyValue[] = [];
    for (const key of FLOW_ATTRS) if (record[key] !== undefined) attrs.push({ key: `logcrest.${key}`, value: anyValue(record[key]) });
    const http = typeof record.http_status === "number";
    if (http) {
      const method = typeof record.http_method === "string" ? record.http_method : name.split(" ", 1)[0]!;
      attrs.push({ key: "http.request.method", value: { stringValue: method } });
      if (typeof record.route === "string") attrs.push({ key: "http.route", value: { stringValue: record.route } });
      if (typeof record.path === "string") attrs.push({ key: "url.path", value: { stringValue: record.path } });
      attrs.push({ key: "http.response.status_code", value: { intValue: record.http_status as number } });
    }
    attrs.push(...attributes(record as Record<string, unknown>, 0, FLOW_SKIP));
    const failed = record.flow_status === "failed";
    const errorText = typeof record.flow_error === "string" ? record.flow_error : "Error: flow failed";
    const [type, message] = splitError(errorText);
    return {
      ...base,
      name,
      kind: http ? SPAN_KIND_SERVER : SPAN_KIND_INTERNAL,
      startTimeUnixNano: nanos(end - record.total_ms),
      endTimeUnixNano: endNs,
      attributes: attrs,
      events: failed ? [exceptionEvent(endNs, type, message, undefined)] : [],
      status: failed ? { code: STATUS_ERROR, message: errorText } : { code: STATUS_UNSET },
      // A flow's parent is the caller's span, from its traceparent: another process.
      flags: SAMPLED | HAS_IS_REMOTE | (base.parentSpanId !== undefined ? PARENT_IS_REMOTE : 0),
    };
  }
  if (typeof record.elapsed_ms === "number" && typeof record.message === "string" && CALL_MESSAGE.test(record.message)) {
    const attrs: OtlpKeyValue[] = [{ key: "code.function.name", value: { stringValue: name } }];
    if (typeof record.file === "string") attrs.push({ key: "code.file.path", value: { stringValue: record.file } });
    if (typeof record.line === "number") attrs.push({ key: "code.line.number", value: { intValue: record.line } });
    const failed = typeof record.exception === "string";
    let events: OtlpSpan["events"] = [];
    let status: OtlpSpan["status"] = { code: STATUS_UNSET };
    if (failed) {
      const described = record.message.slice(record.message.indexOf(" | ") + 3);
      const [type, message] = splitError(described);
      events = [exceptionEvent(endNs, type, message, record.exception as string)];
      status = { code: STATUS_ERROR, message: described };
    }
    return {
      ...base,
      name,
      kind: SPAN_KIND_INTERNAL,
      startTimeUnixNano: nanos(end - record.elapsed_ms),
      endTimeUnixNano: endNs,
      attributes: attrs,
      events,
      status,
      flags: SAMPLED | HAS_IS_REMOTE,
    };
  }
  return undefined;
}

export interface OtlpResource {
  attributes: OtlpKeyValue[];
}

export function resourceOf(fields: Record<string, unknown>): OtlpResource {
  return { attributes: attributes(fields) };
}

const SCOPE = { name: "logcrest", version: "0.1.0" };

export function tracesBody(resource: OtlpResource, spans: readonly OtlpSpan[]): string {
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: SCOPE, spans }] }] });
}

export function logsBody(resource: OtlpResource, logRecords: readonly OtlpLogRecord[]): string {
  return JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ scope: SCOPE, logRecords }] }] });
}
