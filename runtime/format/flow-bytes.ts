/**
 * JSON lines of flow records (flow_start, flow_end) written straight into a file's chunk
 * as bytes: the dedicated serialiser of issue 13. Every HTTP request writes these two
 * records, so they are as common as entry and exit records are in tagged code.
 *
 * The generic builder (json.ts) walks the flow fields key by key (a reserved-key check, a
 * key cache lookup and a value walk for each), builds the message from a template and
 * scans it again for escapes, and makes a line string that is flattened when it is
 * encoded. Here the fields are the ones flow-state.ts writes, in its order, so every key is
 * a constant; the `function` and message prefix of a site (a tagged `@flow`, or an HTTP
 * route: runtime/http/route-name.ts) is encoded once per site, on its first record; and
 * only what changes per record (timestamp, ids, durations, the step list, status and path)
 * is written, as ASCII a character at a time where it is ASCII.
 *
 * The bytes are exactly `jsonLine()`'s (test/runtime-json-bytes.test.ts). A record whose
 * fields are not that layout (annotations, labels, a failure, an abort, a user field in a
 * test) is declined and takes the string path, as is one whose bound exceeds
 * `maxRecordSize` (json.ts then cuts it).
 */
import { valueConfig } from "../capture";
import { K_FLOW_END, K_FLOW_START, type Rec, type Site } from "../record";
import { quoteJson } from "./json";
import { ascii, copy, LineHead, type LineEncoder } from "./json-bytes";

/** flow_start's fields (flow-state.ts `emitFlowStart`), without args. */
const START_KEYS: readonly string[] = ["flow_id", "flow_type"];
/** A successful flow_end's fields (flow-state.ts `endFlow`). */
const END_KEYS: readonly string[] = ["flow_id", "flow_type", "flow_status", "total_ms", "steps", "timeline", "step_offsets_ms"];
/** What an HTTP request flow adds after them (runtime/http/request-flow.ts `finish`). */
const HTTP_KEYS: readonly string[] = ["http_status", "route", "path"];
const STEP_KEYS: readonly string[] = ["fn", "ms", "status"];

const QUOTE = 0x22;
const COMMA = 0x2c;
const CLOSE = 0x7d; // }
const FUNCTION_OPEN = Buffer.from(',"function":');
const START_MESSAGE = Buffer.from(',"message":"[Flow Start] \'');
const END_MESSAGE = Buffer.from(',"message":"[Flow End] \'');
const NAME_CLOSE = Buffer.from("' | flow_id=");
const START_TAIL = Buffer.from('","flow_id":');
const START_CLOSE = Buffer.from(',"flow_type":"flow_start"}');
const SUCCESS_IN = Buffer.from(" | success in ");
const END_ID = Buffer.from('ms","flow_id":');
const END_STATUS = Buffer.from(',"flow_type":"flow_end","flow_status":"success","total_ms":');
const STEPS = Buffer.from(',"steps":');
const TIMELINE = Buffer.from(',"timeline":[');
const OFFSETS = Buffer.from('],"step_offsets_ms":[');
const STEP_FN = Buffer.from('{"fn":');
const STEP_MS = Buffer.from(',"ms":');
const STEP_STATUS = Buffer.from(',"status":');
const HTTP_STATUS = Buffer.from('],"http_status":');
const ROUTE = Buffer.from(',"route":');
const PATH = Buffer.from(',"path":');
const ARRAY_END = Buffer.from("]}");
/** A number as JSON or `toFixed(2)`: at most this many characters (`-1.7976931348623157e+308`). */
const NUMBER_ROOM = 32;
/** Constant bytes of a flow_end line besides the head and the site's prefix, with room to spare. */
const END_ROOM = 256;
/** A JSON string of `n` UTF-16 units: each at most 6 bytes (`\u001b`), plus the quotes. */
const stringRoom = (text: string): number => text.length * 6 + 2;

/** A site's `,"function":…,"message":"[Flow Start] 'name' | flow_id=` and its flow_end twin. */
interface SitePrefixes {
  readonly start: Buffer;
  readonly end: Buffer;
}

const prefixes = new WeakMap<Site, SitePrefixes>();

function sitePrefixes(site: Site): SitePrefixes {
  let p = prefixes.get(site);
  if (p === undefined) {
    // The message is escaped piece by piece: JSON escapes character by character, and the
    // name sits between ASCII quotes, so no surrogate pair is split between pieces.
    const open = (text: string): string => quoteJson(text).slice(0, -1);
    p = {
      start: Buffer.from("," + site.json + ',"message":' + open(`[Flow Start] ${site.quoted} | flow_id=`)),
      end: Buffer.from("," + site.json + ',"message":' + open(`[Flow End] ${site.quoted} | flow_id=`)),
    };
    prefixes.set(site, p);
  }
  return p;
}

/** Writes the JSON-escaped characters of `text` (no quotes), as `quoteJson` escapes them. */
function jsonChars(buf: Buffer, at: number, text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === QUOTE || c === 0x5c || c >= 0x7f) {
      // Something to escape, or not ASCII: the whole text the exact way, from the start.
      const quoted = quoteJson(text);
      return at + buf.write(quoted.slice(1, quoted.length - 1), at);
    }
    buf[at + i] = c;
  }
  return at + n;
}

function jsonString(buf: Buffer, at: number, text: string): number {
  buf[at] = QUOTE;
  const p = jsonChars(buf, at + 1, text);
  buf[p] = QUOTE;
  return p + 1;
}

/** A number as JSON writes it (`null` for NaN and the infinities). */
function jsonNumber(buf: Buffer, at: number, n: number): number {
  return ascii(buf, at, Number.isFinite(n) ? String(n) : "null");
}

function hasKeys(keys: readonly string[], want: readonly string[], from: number): boolean {
  for (let i = 0; i < want.length; i++) if (keys[from + i] !== want[i]) return false;
  return true;
}

/** A plain array (what JSON writes as one without help), or undefined. */
function plainArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype ? (value as unknown[]) : undefined;
}

/** A timeline entry as endFlow makes it: a plain `{fn, ms, status}` with a string, a number, a string. */
function isStep(e: unknown): e is { fn: string; ms: number; status: string } {
  if (typeof e !== "object" || e === null || Object.getPrototypeOf(e) !== Object.prototype || "toJSON" in e) return false;
  const s = e as Record<string, unknown>;
  const keys = Object.keys(s);
  return keys.length === 3 && hasKeys(keys, STEP_KEYS, 0) && typeof s.fn === "string" && typeof s.ms === "number" && typeof s.status === "string";
}

/**
 * Bytes past the head and the name a flow_end needs, or -1 when its fields are not the
 * layout this encoder writes. Reads every value the line will hold.
 */
function endRoom(f: Record<string, unknown>, keys: readonly string[]): number {
  if (keys.length !== END_KEYS.length && keys.length !== END_KEYS.length + HTTP_KEYS.length) return -1;
  if (!hasKeys(keys, END_KEYS, 0) || f.flow_type !== "flow_end" || f.flow_status !== "success") return -1;
  if (typeof f.total_ms !== "number" || typeof f.steps !== "number") return -1;
  const timeline = plainArray(f.timeline);
  const offsets = plainArray(f.step_offsets_ms);
  if (timeline === undefined || offsets === undefined) return -1;
  let room = END_ROOM + 3 * NUMBER_ROOM;
  for (let i = 0; i < timeline.length; i++) {
    const step = timeline[i];
    if (!isStep(step)) return -1;
    room += 40 + stringRoom(step.fn) + NUMBER_ROOM + stringRoom(step.status);
  }
  for (let i = 0; i < offsets.length; i++) {
    if (typeof offsets[i] !== "number") return -1;
    room += NUMBER_ROOM + 1;
  }
  if (keys.length === END_KEYS.length) return room;
  if (!hasKeys(keys, HTTP_KEYS, END_KEYS.length)) return -1;
  if (typeof f.http_status !== "number" || typeof f.route !== "string" || typeof f.path !== "string") return -1;
  return room + NUMBER_ROOM + stringRoom(f.route) + stringRoom(f.path);
}

/** flow_start and successful flow_end lines of one pipeline's JSON files (`logger` is `loggerFragment(name)`). */
export class FlowLineEncoder implements LineEncoder<Rec> {
  private readonly head: LineHead;
  /** The record `measure` last took, and its bound: `encode` never writes past it. */
  private measured: Rec | undefined = undefined;
  private bound = 0;

  constructor(logger: string) {
    this.head = new LineHead(logger);
  }

  measure(rec: Rec): number {
    this.measured = undefined;
    try {
      const bound = this.room(rec);
      if (bound < 0 || bound > valueConfig().maxRecordSize) return -1;
      this.measured = rec;
      this.bound = bound;
      return bound;
    } catch {
      return -1; // a hostile fields object (a throwing getter or Proxy): the string path copes
    }
  }

  private room(rec: Rec): number {
    const kind = rec.kind;
    if (kind !== K_FLOW_START && kind !== K_FLOW_END) return -1;
    const f = rec.fields;
    if (f === undefined || typeof f.flow_id !== "string") return -1;
    const keys = Object.keys(f);
    let room: number;
    if (kind === K_FLOW_START) {
      if (rec.hasValue || keys.length !== START_KEYS.length || !hasKeys(keys, START_KEYS, 0) || f.flow_type !== "flow_start") return -1;
      room = 64;
    } else {
      room = endRoom(f, keys);
      if (room < 0) return -1;
    }
    const site = rec.site;
    if (site !== undefined) {
      const p = sitePrefixes(site);
      room += kind === K_FLOW_START ? p.start.length : p.end.length;
    } else if (rec.name !== undefined) {
      room += 64 + 2 * stringRoom(rec.name);
    } else return -1;
    return this.head.room(rec) + room + 2 * stringRoom(f.flow_id);
  }

  encode(rec: Rec, buf: Buffer, at: number): number {
    try {
      if (rec !== this.measured && this.measure(rec) < 0) return -1;
      this.measured = undefined;
      const end = this.write(rec, buf, at);
      // Written past its bound (a getter that answered differently the second time): the
      // bytes are not trusted; the string path writes the line.
      return end < 0 || end - at > this.bound ? -1 : end;
    } catch {
      return -1; // an invalid time (toISOString throws), or a hostile value
    }
  }

  private write(rec: Rec, buf: Buffer, at: number): number {
    let p = this.head.write(rec, buf, at);
    if (p < 0) return -1;
    const start = rec.kind === K_FLOW_START;
    const site = rec.site;
    if (site !== undefined) {
      const prefix = sitePrefixes(site);
      p = copy(buf, p, start ? prefix.start : prefix.end);
    } else {
      const name = rec.name!;
      p = jsonString(buf, copy(buf, p, FUNCTION_OPEN), name);
      p = jsonChars(buf, copy(buf, p, start ? START_MESSAGE : END_MESSAGE), name);
      p = copy(buf, p, NAME_CLOSE);
    }
    const f = rec.fields!;
    const id = f.flow_id as string;
    p = jsonChars(buf, p, id);
    if (start) {
      p = jsonString(buf, copy(buf, p, START_TAIL), id);
      return copy(buf, p, START_CLOSE);
    }
    p = ascii(buf, copy(buf, p, SUCCESS_IN), rec.ms.toFixed(2));
    if (p < 0) return -1;
    p = jsonString(buf, copy(buf, p, END_ID), id);
    p = jsonNumber(buf, copy(buf, p, END_STATUS), f.total_ms as number);
    p = jsonNumber(buf, copy(buf, p, STEPS), f.steps as number);
    p = copy(buf, p, TIMELINE);
    const timeline = f.timeline as Array<{ fn: string; ms: number; status: string }>;
    for (let i = 0; i < timeline.length; i++) {
      if (i > 0) buf[p++] = COMMA;
      const step = timeline[i]!;
      p = jsonString(buf, copy(buf, p, STEP_FN), step.fn);
      p = jsonNumber(buf, copy(buf, p, STEP_MS), step.ms);
      p = jsonString(buf, copy(buf, p, STEP_STATUS), step.status);
      buf[p++] = CLOSE;
    }
    p = copy(buf, p, OFFSETS);
    const offsets = f.step_offsets_ms as number[];
    for (let i = 0; i < offsets.length; i++) {
      if (i > 0) buf[p++] = COMMA;
      p = jsonNumber(buf, p, offsets[i]!);
    }
    if (f.http_status === undefined) return copy(buf, p, ARRAY_END);
    p = jsonNumber(buf, copy(buf, p, HTTP_STATUS), f.http_status as number);
    p = jsonString(buf, copy(buf, p, ROUTE), f.route as string);
    p = jsonString(buf, copy(buf, p, PATH), f.path as string);
    buf[p] = CLOSE;
    return p + 1;
  }
}
