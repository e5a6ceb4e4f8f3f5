/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): parsing and formatting of the
 * `traceparent` and `tracestate` headers, and the trace id rules of the README (Distributed tracing).
 *
 * Headers come from the network, so every parser here takes `unknown`, bounds the length
 * before looking at the text, never throws, and answers `undefined` for anything that is
 * not exactly what the recommendation allows (a malformed header starts a new trace).
 */

/** A parsed `traceparent`. Ids are lowercase hex: trace 32 characters, span 16. */
export interface TraceParent {
  readonly traceId: string;
  readonly spanId: string;
  /** The trace-flags byte; bit 0 is "sampled". */
  readonly flags: number;
}

/** What arrives from a caller: its traceparent and the tracestate to pass on. */
export interface RemoteParent extends TraceParent {
  readonly tracestate: string | undefined;
}

/** A traceparent of a later version may be longer; nothing sane is longer than this. */
const MAX_TRACEPARENT = 512;
/** tracestate: at most 32 list members and 512 characters are kept (the recommendation's limits). */
const MAX_TRACESTATE = 512;
const MAX_MEMBERS = 32;

const ZERO_TRACE = "00000000000000000000000000000000";
const ZERO_SPAN = "0000000000000000";
const HEX_LOWER = /^[0-9a-f]+$/;
/** Version 00: exactly `00-<32 hex>-<16 hex>-<2 hex>`. */
const TRACEPARENT_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/** Later versions: the same four fields, then optionally `-` and more we do not read. */
const TRACEPARENT_LATER = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/s;

/** Parses a `traceparent` header value; `undefined` unless it is valid. */
export function parseTraceparent(value: unknown): TraceParent | undefined {
  if (typeof value !== "string" || value.length < 55 || value.length > MAX_TRACEPARENT) return undefined;
  // Optional whitespace around a header value is not part of it (RFC 9110).
  const text = value.length === 55 ? value : value.trim();
  let traceId: string;
  let spanId: string;
  let flags: string;
  const v00 = TRACEPARENT_00.exec(text);
  if (v00 !== null) {
    traceId = v00[1]!;
    spanId = v00[2]!;
    flags = v00[3]!;
  } else {
    const later = TRACEPARENT_LATER.exec(text);
    // Version ff is forbidden; version 00 must be exactly 55 characters (handled above).
    if (later === null || later[1] === "ff" || later[1] === "00") return undefined;
    traceId = later[2]!;
    spanId = later[3]!;
    flags = later[4]!;
  }
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags: parseInt(flags, 16) };
}

// tracestate list members: `key=value`. A key is a simple key (`[a-z][a-z0-9_\-*/]{0,255}`)
// or a multi-tenant key (`tenant@system`); a value is 0-255 printable ASCII characters
// other than `,` and `=`, not ending in a space.
const KEY = /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})$/;
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * Cleans a `tracestate` header value (a string, or the list Node gives for a repeated
 * header): keeps the valid list members, in order, first occurrence of each key, within
 * the limits; drops the rest. `undefined` when nothing valid is left.
 */
export function parseTracestate(value: unknown): string | undefined {
  let text: string;
  if (typeof value === "string") text = value;
  else if (Array.isArray(value) && value.every((v) => typeof v === "string")) text = (value as string[]).join(",");
  else return undefined;
  // Bounded work for a hostile header: a few times the limit is all we ever look at.
  if (text.length > MAX_TRACESTATE * 4) text = text.slice(0, MAX_TRACESTATE * 4);
  const kept: string[] = [];
  const keys = new Set<string>();
  let length = 0;
  for (const raw of text.split(",")) {
    if (kept.length === MAX_MEMBERS) break;
    const member = raw.trim();
    if (member === "") continue;
    const eq = member.indexOf("=");
    if (eq <= 0) continue;
    const key = member.slice(0, eq);
    const val = member.slice(eq + 1);
    if (!KEY.test(key) || !VALUE.test(val) || keys.has(key)) continue;
    const added = member.length + (kept.length === 0 ? 0 : 1);
    if (length + added > MAX_TRACESTATE) break;
    keys.add(key);
    kept.push(member);
    length += added;
  }
  return kept.length === 0 ? undefined : kept.join(",");
}

/** Reads the caller's trace context from its two header values; `undefined` without a valid traceparent. */
export function parseRemoteParent(traceparent: unknown, tracestate: unknown): RemoteParent | undefined {
  const parent = parseTraceparent(Array.isArray(traceparent) ? (traceparent.length === 1 ? traceparent[0] : undefined) : traceparent);
  if (parent === undefined) return undefined;
  return { ...parent, tracestate: parseTracestate(tracestate) };
}

/** `00-<trace>-<span>-<flags>`. The ids must already be valid (this formats, it does not check). */
export function formatTraceparent(w3cTraceId: string, spanId: string, flags: number): string {
  return `00-${w3cTraceId}-${spanId}-${flags & 1 ? "01" : "00"}`;
}

const SHORT_PAD = "000000000000000000000000";

/**
 * A trace id as it goes on the wire. A local 8-hex id becomes the W3C id with zero
 * high bits (`000…0003a7e2b1f`); a 32-hex id (from a caller or from OpenTelemetry) is itself.
 */
export function w3cTraceId(traceId: string): string {
  return traceId.length === 8 ? SHORT_PAD + traceId : traceId;
}

/**
 * The `trace_id` to record for a W3C trace id. An id with zero high bits is one of
 * ours (or of another logcrest) and is written in its 8-hex form again; any other keeps 32.
 */
export function localTraceId(w3c: string): string {
  return w3c.startsWith(SHORT_PAD) ? w3c.slice(24) : w3c;
}

/** True for the ids this module produces: 8 or 32 lowercase hex characters. */
export function isTraceId(id: string): boolean {
  return (id.length === 8 || id.length === 32) && HEX_LOWER.test(id);
}
