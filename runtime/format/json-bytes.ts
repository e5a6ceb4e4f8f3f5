/**
 * JSON lines of entry and exit records, written straight into a file's chunk as bytes.
 *
 * Most records are the entry and exit of a tagged function with no args, result or fields.
 * Built as a string (json.ts), such a line is a rope of about ten pieces that V8 must
 * flatten into a new string before `Buffer.write` can encode it, and that flat copy is
 * garbage at once: by profile the largest single cost of a record (BENCHMARKS.md, case 8).
 * Here the static parts of the line are encoded once (per site; per level and logger) and
 * copied, and the variable parts (timestamp, trace id, duration) are ASCII and written a
 * character at a time: no string is built for the line at all.
 *
 * The bytes are exactly those of `jsonLine()` plus nothing (test/runtime-json-bytes.test.ts
 * checks it, and the share of records that take this path). A record of another shape, or a
 * variable part that is not ASCII, is declined and takes the string path.
 */
import { K_ENTER, K_EXIT, type Rec, type Site } from "../record";
import { round2 } from "../record-object";
import { levelJson, messageJson, traceJson, valueJson } from "./json";
import { isoTimestamp } from "./timestamp";

/** What a line writer for a rotating file does (handlers/rotating-file.ts `appendWith`). */
export interface LineEncoder<T> {
  /** An upper bound of the bytes `encode` writes for `item`, or -1 to decline it. */
  measure(item: T): number;
  /** Writes the line (no newline) at `at`; returns the end offset, or -1 to decline. Never throws. */
  encode(item: T, buf: Buffer, at: number): number;
}

/** A site's static bytes: everything after the trace id, up to the duration for exits. */
export interface SiteBytes {
  readonly enterRoot: Buffer;
  readonly enterNested: Buffer;
  readonly exitRoot: Buffer;
  readonly exitNested: Buffer;
}

const HEAD = Buffer.from('{"timestamp":"');
const MS_TAIL = Buffer.from('ms","elapsed_ms":');
const CLOSE = 0x7d; // }
const QUOTE = 0x22; // "
const SPAN_OPEN = Buffer.from(',"span_id":"');
const PARENT_OPEN = Buffer.from(',"parent_span_id":"');
/** Room for the two numbers of an exit record, its MS_TAIL and the closing brace. */
const EXIT_ROOM = 2 * 32 + 24;

function siteBytes(site: Site): SiteBytes {
  let b = site.bytes;
  if (b === undefined) {
    const m = messageJson(site);
    const pre = "," + site.json + ',"message":';
    b = {
      enterRoot: Buffer.from(pre + m.enterRoot + "}"),
      enterNested: Buffer.from(pre + m.enterNested + "}"),
      exitRoot: Buffer.from(pre + m.exitRoot),
      exitNested: Buffer.from(pre + m.exitNested),
    };
    site.bytes = b;
  }
  return b;
}

export function copy(buf: Buffer, at: number, src: Buffer): number {
  const n = src.length;
  // A byte loop beats the native call of set() for the short pieces.
  if (n < 48) for (let i = 0; i < n; i++) buf[at + i] = src[i]!;
  else buf.set(src, at);
  return at + n;
}

/** Writes an ASCII string; -1 when it holds any other character. */
export function ascii(buf: Buffer, at: number, text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    buf[at + i] = c;
  }
  return at + n;
}

const DOT = 0x2e; // .
const ZERO = 0x30; // 0

/** Writes the decimal digits of a whole number 0 <= n < 1e15. */
function digits(buf: Buffer, at: number, n: number): number {
  let len = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
  for (let i = at + len - 1, t = n; i >= at; i--, t = Math.floor(t / 10)) buf[i] = ZERO + (t % 10);
  return at + len;
}

// Largest duration written from its digits: `ms * 100` stays exact to well under 1e-4 there.
const DIGITS_MAX_MS = 1e9;

/**
 * The exit record's two spellings of its duration, `1.23` (message: `toFixed(2)`) then
 * `ms","elapsed_ms":1.23` (`round2`, JSON), from one whole number of hundredths written as
 * digits: `toFixed` and number-to-string were most of this encoder's time by profile
 * (BENCHMARKS.md, case 8). The bytes are those of the string path: `round2`'s JSON is the
 * hundredths with trailing zeros dropped (the shortest spelling of n / 100), and `toFixed`
 * rounds the exact binary value, which only differs from `Math.round(ms * 100)` right at a
 * half; there, and outside 0..1e9, the strings themselves are written.
 */
function duration(buf: Buffer, at: number, ms: number): number {
  const scaled = ms * 100;
  const n = Math.round(scaled);
  if (!(ms >= 0 && ms < DIGITS_MAX_MS) || Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-4) {
    const p = ascii(buf, at, ms.toFixed(2));
    return p < 0 ? -1 : ascii(buf, copy(buf, p, MS_TAIL), valueJson(round2(ms)) ?? "null");
  }
  const whole = Math.floor(n / 100);
  const cents = n - whole * 100;
  const tens = Math.floor(cents / 10);
  const ones = cents - tens * 10;
  let p = digits(buf, at, whole);
  buf[p] = DOT;
  buf[p + 1] = ZERO + tens;
  buf[p + 2] = ZERO + ones;
  p = digits(buf, copy(buf, p + 3, MS_TAIL), whole);
  if (cents === 0) return p;
  buf[p] = DOT;
  buf[p + 1] = ZERO + tens;
  if (ones === 0) return p + 2;
  buf[p + 2] = ZERO + ones;
  return p + 3;
}

function eligible(rec: Rec): boolean {
  return rec.site !== undefined && !rec.hasValue && rec.fields === undefined && (rec.kind === K_ENTER || rec.kind === K_EXIT);
}

/**
 * What every line starts with: `{"timestamp":…,"level":…,"logger":…,"trace_id":…` and the
 * span ids when the record has them. The level and logger part is encoded once per level.
 */
export class LineHead {
  private readonly levels: Buffer[] = [];

  constructor(private readonly logger: string) {}

  private levelBytes(level: number): Buffer {
    return (this.levels[level] ??= Buffer.from('","level":' + levelJson(level) + "," + this.logger + '"trace_id":'));
  }

  /** An upper bound of the bytes `write` writes for `rec`. */
  room(rec: Rec): number {
    // The timestamp is at most 27 characters (`+275760-09-13T00:00:00.000Z`); a trace id
    // JSON-escaped at most 6 bytes per character plus its quotes (non-ASCII ones decline).
    const spans = (rec.spanId === undefined ? 0 : SPAN_OPEN.length + rec.spanId.length + 1) + (rec.parentSpanId === undefined ? 0 : PARENT_OPEN.length + rec.parentSpanId.length + 1);
    return HEAD.length + 27 + this.levelBytes(rec.level).length + rec.traceId.length * 6 + 2 + spans;
  }

  /** Writes the head at `at`; returns its end, or -1 when a part is not ASCII. Throws on an invalid time. */
  write(rec: Rec, buf: Buffer, at: number): number {
    let p = copy(buf, at, HEAD);
    p = ascii(buf, p, isoTimestamp(rec.time));
    if (p < 0) return -1;
    p = copy(buf, p, this.levelBytes(rec.level));
    p = ascii(buf, p, traceJson(rec.traceId));
    if (p < 0) return -1;
    // Span ids are 16 hex characters (runtime/trace/): written as they are, as in json.ts.
    if (rec.spanId !== undefined) {
      p = ascii(buf, copy(buf, p, SPAN_OPEN), rec.spanId);
      if (p < 0) return -1;
      buf[p++] = QUOTE;
    }
    if (rec.parentSpanId !== undefined) {
      p = ascii(buf, copy(buf, p, PARENT_OPEN), rec.parentSpanId);
      if (p < 0) return -1;
      buf[p++] = QUOTE;
    }
    return p;
  }
}

/** Entry and exit lines of one pipeline's JSON files (`logger` is `loggerFragment(name)`). */
export class CallLineEncoder implements LineEncoder<Rec> {
  private readonly head: LineHead;

  constructor(logger: string) {
    this.head = new LineHead(logger);
  }

  measure(rec: Rec): number {
    if (!eligible(rec)) return -1;
    const b = siteBytes(rec.site!);
    const tail = rec.kind === K_ENTER ? Math.max(b.enterRoot.length, b.enterNested.length) : Math.max(b.exitRoot.length, b.exitNested.length) + EXIT_ROOM;
    return this.head.room(rec) + tail;
  }

  encode(rec: Rec, buf: Buffer, at: number): number {
    try {
      const b = siteBytes(rec.site!);
      let p = this.head.write(rec, buf, at);
      if (p < 0) return -1;
      if (rec.kind === K_ENTER) return copy(buf, p, rec.root ? b.enterRoot : b.enterNested);
      p = copy(buf, p, rec.root ? b.exitRoot : b.exitNested);
      p = duration(buf, p, rec.ms);
      if (p < 0) return -1;
      buf[p] = CLOSE;
      return p + 1;
    } catch {
      // An invalid time (toISOString throws): the string path writes what it can.
      return -1;
    }
  }
}
