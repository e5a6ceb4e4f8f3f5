/**
 * JSON lines (README: What a tagged call writes), built per record without building the record object first.
 *
 * The output is exactly `JSON.stringify(coerce(recordObject(rec, logger)))` (a property test
 * checks this, test/runtime-json.test.ts), but only what varies is serialised here: the
 * site's `"function":…,"file":…,"line":…` fragment was serialised once when the module
 * loaded, the logger name once per pipeline, level names and trace ids are cached, and the
 * timestamp string is cached per millisecond. Records whose fields would shadow one of the
 * record's own keys (or that JS would order first) take the exact slow path, so the two
 * can never differ.
 */
import { levelName } from "../levels";
import { K_ENTER, K_EXIT, K_FAIL, K_FLOW_START, type Rec, type Site } from "../record";
import { errorDetail, recordMessage } from "../record-message";
import { RESERVED_KEYS, recordObject, round2 } from "../record-object";
import { asCaptured } from "../errors";
import { valueConfig } from "../capture";
import { fitLine, oversizeRecord } from "./bound";
import { coerce } from "./coerce";
import { escapeJsonText, isUnsafeCode } from "./escape";
import { minimalRecord } from "./safe-record";
import { isoTimestamp } from "./timestamp";

/** The `,"logger":…` part for a logger name; made once per pipeline. */
export function loggerFragment(name: string): string {
  return `"logger":${quoteJson(name)},`;
}

/**
 * JSON for plain data (plain objects and arrays of strings, finite numbers, booleans, null,
 * a few levels deep), built directly: no coerced copy, no second walk. Anything else
 * (a class instance, toJSON, BigInt, undefined in an array, deeper nesting, a possible
 * cycle) returns undefined and takes the coerce path. The flow timeline and most user
 * fields are plain data; the property test checks both paths agree.
 */
function plainJson(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case "string":
      return quoteJson(value);
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      return undefined;
  }
  if (value === null) return "null";
  if (depth > 3) return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return undefined;
    let s = "[";
    for (let i = 0; i < value.length; i++) {
      const e = plainJson(value[i], depth + 1);
      if (e === undefined) return undefined;
      s += i === 0 ? e : "," + e;
    }
    return s + "]";
  }
  if ((proto !== Object.prototype && proto !== null) || "toJSON" in value) return undefined;
  let s = "{";
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v === undefined) continue;
    const e = plainJson(v, depth + 1);
    if (e === undefined) return undefined;
    s += (s.length === 1 ? "" : ",") + keyJson(key) + ":" + e;
  }
  return s + "}";
}

/**
 * JSON text of a string. Most strings in records need no escape at all, and adding the
 * quotes after a character scan is several times cheaper than a JSON.stringify call
 * (a flow record formatted in ~1.45 µs before, ~0.72 µs after).
 */
export function quoteJson(text: string): string {
  return text.length <= 256 && plainShort(text) ? '"' + text + '"' : escapeJsonText(JSON.stringify(text));
}

/** The JSON text of a value, or undefined when the key is to be omitted (as JSON.stringify does). */
export function valueJson(value: unknown): string | undefined {
  const plain = plainJson(value, 0);
  if (plain !== undefined) return plain;
  const c = coerce(value);
  return c === undefined ? undefined : escapeJsonText(JSON.stringify(c));
}

const LEVEL_JSON: string[] = [];
export function levelJson(level: number): string {
  return (LEVEL_JSON[level] ??= JSON.stringify(levelName(level)));
}

/**
 * True when the JSON text is the string in quotes: nothing JSON.stringify escapes (C0, `"`,
 * `\\`, lone surrogates) and nothing format/escape.ts escapes (DEL, C1, bidi, U+2028/9).
 */
function plainShort(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0x7f && (isUnsafeCode(c) || (c >= 0xd800 && c <= 0xdfff)))) return false;
  }
  return true;
}

// Trace ids are 8 or 32 hex characters or "Global": a short scan instead of JSON.stringify, and
// consecutive records of one trace reuse the last result.
let lastTrace = "Global";
let lastTraceJson = '"Global"';
export function traceJson(traceId: string): string {
  if (traceId !== lastTrace) {
    lastTraceJson = quoteJson(traceId);
    lastTrace = traceId;
  }
  return lastTraceJson;
}

/**
 * Entry and exit messages of a site, JSON-escaped once per site: `"[Root] Invoking 'f'"`,
 * and `"[Root] 'f' finished in ` waiting for the duration. Entry and exit records are most
 * records, and this saves a JSON.stringify of the message on each.
 */
export interface MessageJson {
  enterRoot: string;
  enterNested: string;
  exitRoot: string;
  exitNested: string;
}
const messageCache = new WeakMap<Site, MessageJson>();
export function messageJson(site: Site): MessageJson {
  let m = messageCache.get(site);
  if (m === undefined) {
    const q = site.quoted;
    const open = (text: string): string => quoteJson(text).slice(0, -1);
    m = {
      enterRoot: quoteJson(`[Root] Invoking ${q}`),
      enterNested: quoteJson(`[Nested] Invoking ${q}`),
      exitRoot: open(`[Root] ${q} finished in `),
      exitNested: open(`[Nested] ${q} finished in `),
    };
    messageCache.set(site, m);
  }
  return m;
}

function messageText(rec: Rec): string {
  const site = rec.site;
  if (site !== undefined && !rec.hasValue) {
    if (rec.kind === K_ENTER) {
      const m = messageJson(site);
      return rec.root ? m.enterRoot : m.enterNested;
    }
    if (rec.kind === K_EXIT) {
      const m = messageJson(site);
      return (rec.root ? m.exitRoot : m.exitNested) + rec.ms.toFixed(2) + 'ms"';
    }
  }
  return quoteJson(recordMessage(rec));
}

const keyCache = new Map<string, string>();
function keyJson(key: string): string {
  let k = keyCache.get(key);
  if (k === undefined) {
    k = quoteJson(key);
    if (keyCache.size < 4096) keyCache.set(key, k);
  }
  return k;
}

/** Keys each record kind writes itself; a user field with one of these names takes the slow path. */
function kindKeys(kind: number): readonly string[] {
  switch (kind) {
    case K_ENTER:
    case K_FLOW_START:
      return ["args"];
    case K_EXIT:
      return ["elapsed_ms", "result"];
    case K_FAIL:
      return ["elapsed_ms", "exception", "exception_ref"];
    default:
      return [];
  }
}

/**
 * Integer-like keys ("0", "42") come first in a JS object, so the record object would list
 * them before `timestamp`; such records take the slow path to stay identical to it.
 */
function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * The line built piece by piece, or undefined when the record must take the exact slow
 * path (a field that would shadow or reorder the record's own keys). May throw on hostile
 * values; jsonLine() catches. Exported for the test that checks how often it is taken.
 */
export function fastLine(rec: Rec, logger: string): string | undefined {
  let s = '{"timestamp":"' + isoTimestamp(rec.time) + '","level":' + levelJson(rec.level) + "," + logger;
  s += '"trace_id":' + traceJson(rec.traceId);
  // Span ids are always 16 hex characters: nothing to escape.
  if (rec.spanId !== undefined) s += ',"span_id":"' + rec.spanId + '"';
  if (rec.parentSpanId !== undefined) s += ',"parent_span_id":"' + rec.parentSpanId + '"';
  const site = rec.site;
  if (site !== undefined) s += "," + site.json;
  else if (rec.name !== undefined) s += ',"function":' + quoteJson(rec.name);
  s += ',"message":' + messageText(rec);
  const kind = rec.kind;
  if (kind === K_EXIT || kind === K_FAIL) s += ',"elapsed_ms":' + valueJson(round2(rec.ms));
  if (rec.hasValue) {
    if (kind === K_ENTER || kind === K_FLOW_START) {
      const v = valueJson(rec.value);
      if (v !== undefined) s += ',"args":' + v;
    } else if (kind === K_EXIT) {
      const v = valueJson(rec.value);
      if (v !== undefined) s += ',"result":' + v;
    }
  }
  if (kind === K_FAIL) {
    s += ',"exception":' + quoteJson(errorDetail(rec.value));
    if (asCaptured(rec.value)?.ref !== undefined) s += ',"exception_ref":' + quoteJson(asCaptured(rec.value)!.ref!);
  }
  const fields = rec.fields;
  if (fields !== undefined) {
    const own = kindKeys(kind);
    for (const key of Object.keys(fields)) {
      if (RESERVED_KEYS.has(key) || key === "__proto__" || own.includes(key) || isIndexKey(key)) return undefined;
      const v = valueJson(fields[key]);
      if (v !== undefined) s += "," + keyJson(key) + ":" + v;
    }
  }
  return s + "}";
}

/** The exact definition: the public record, coerced, stringified. */
export function slowJsonLine(rec: Rec, loggerName: string): string {
  return escapeJsonText(JSON.stringify(coerce(recordObject(rec, loggerName))));
}

/**
 * One JSON line (without the newline) for a record, at most `maxRecordSize` bytes
 * (format/bound.ts). `logger` is `loggerFragment(name)`. Never throws.
 */
export function jsonLine(rec: Rec, logger: string, loggerName: string): string {
  const line = anyJsonLine(rec, logger, loggerName);
  const max = valueConfig().maxRecordSize;
  if (line.length * 3 <= max) return line;
  return fitLine(line, max, rec, anyJsonLine, logger, loggerName) ?? escapeJsonText(JSON.stringify(oversizeRecord(rec, loggerName, max)));
}

function anyJsonLine(rec: Rec, logger: string, loggerName: string): string {
  try {
    return fastLine(rec, logger) ?? slowJsonLine(rec, loggerName);
  } catch (err) {
    try {
      return slowJsonLine(rec, loggerName);
    } catch (err2) {
      return escapeJsonText(JSON.stringify(coerce(minimalRecord(rec, loggerName, err2 ?? err))));
    }
  }
}

/** The JSON formatter as a public `Formatter`: a record object in, one line out. */
export function formatJson(record: Readonly<Record<string, unknown>>): string {
  return escapeJsonText(JSON.stringify(coerce(record)));
}
