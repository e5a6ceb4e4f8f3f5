/**
 * JSON lines: the fast per-record builder must equal the definition
 * `JSON.stringify(coerce(recordObject(rec)))` exactly, and no value loses a record.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coerce } from "../runtime/format/coerce";
import { escapeJsonText } from "../runtime/format/escape";
import { fastLine, formatJson, jsonLine, loggerFragment, quoteJson } from "../runtime/format/json";
import { CRITICAL, DEBUG, ERROR, INFO, WARNING } from "../runtime/levels";
import { K_ENTER, K_EXIT, K_FAIL, K_FLOW_END, K_FLOW_START, K_LOG, Rec } from "../runtime/record";
import { recordObject } from "../runtime/record-object";
import { makeSite } from "../runtime/sites";
import { rec } from "./helpers/runtime-recs";

/** The share of recArb's records the fast builder takes, measured at about 0.6. */
const FAST_SHARE_FLOOR = 0.5;

const line = (r: Rec, name = "app_logger"): string => jsonLine(r, loggerFragment(name), name);
const reference = (r: Rec, name = "app_logger"): string => escapeJsonText(JSON.stringify(coerce(recordObject(r, name))));

function cyclic(): unknown {
  const a: Record<string, unknown> = { name: "a" };
  a.self = a;
  return a;
}

const awkward = fc.constantFrom<() => unknown>(
  () => 12345678901234567890n,
  () => function namedFn() {},
  () => () => 1,
  () => Symbol("sym"),
  () => new Map<unknown, unknown>([["k", 1], [2, new Set([1n])]]),
  () => new Set(["x", undefined]),
  () => new TypeError("bad thing"),
  () => new Date(0),
  () => new Date(Number.NaN),
  () => [1, undefined, () => 2],
  () => ({ toJSON: () => { throw new Error("no json"); } }),
  () => ({ get boom() { throw new RangeError("getter"); }, ok: 1 }),
  cyclic,
  () => NaN,
  () => -Infinity,
  () => -0,
  () => "line\nbreak\u2028\u001b[31m",
  () => undefined,
  () => null,
  () => Object.assign(new Error("with code"), { code: "E_X" }),
  () => new Error("outer", { cause: new Error("inner") }),
  () => Buffer.from("hi"),
);

/** Text with the characters every escaper must handle (C0, DEL, C1, bidi, U+2028/9, quotes, surrogates). */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom("\n", "\r", "\u001b", "\u0000", "\u007f", "\u0085", "\u009b", "\u061c", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069", '"', "\\", "\ud800"),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: hostile },
  { weight: 3, arbitrary: fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true, withSparseArray: true, withBoxedValues: true, withTypedArray: true }) },
  { weight: 2, arbitrary: awkward.map((make) => make()) },
  { weight: 1, arbitrary: fc.array(awkward.map((make) => make()), { maxLength: 3 }) },
);

const key = fc.oneof(
  fc.string(),
  hostile,
  fc.constantFrom("message", "level", "args", "elapsed_ms", "result", "exception", "field_message", "__proto__", "timestamp", "dropped"),
);

const fields = fc.option(fc.dictionary(key, value, { maxKeys: 5 }), { nil: undefined });

const siteArb = fc.option(
  fc.record({
    name: fc.oneof(fc.string(), hostile),
    file: fc.oneof(fc.constant(""), fc.string(), hostile),
    line: fc.nat(100000),
  }).map((s) => makeSite(s.name, s.file, s.line, INFO, 0)),
  { nil: undefined },
);

const recArb = fc
  .record({
    kind: fc.constantFrom(K_LOG, K_ENTER, K_EXIT, K_FAIL, K_FLOW_START, K_FLOW_END),
    level: fc.constantFrom(DEBUG, INFO, WARNING, ERROR, CRITICAL, 25, 0),
    time: fc.double({ min: 0, max: 4102444800000, noNaN: true }),
    traceId: fc.oneof(fc.constant("Global"), fc.stringMatching(/^[0-9a-f]{8}$/), fc.string()),
    site: siteArb,
    name: fc.option(fc.oneof(fc.string(), hostile), { nil: undefined }),
    root: fc.boolean(),
    ms: fc.oneof(fc.double(), fc.double({ min: 0, max: 1e6, noNaN: true })),
    message: fc.option(fc.oneof(fc.string(), hostile), { nil: undefined }),
    hasValue: fc.boolean(),
    value,
    fields,
    flowFailed: fc.boolean(),
    // An HTTP request's flow_end: status, route and path from the client and the app.
    http: fc.option(fc.record({ status: fc.oneof(fc.constantFrom(200, 404, 499), fc.integer()), route: fc.oneof(fc.string(), hostile), path: fc.oneof(fc.string(), hostile) }), { nil: undefined }),
  })
  .map((p) => {
    const r = new Rec(p.kind, p.level, p.time, p.traceId, p.site, p.name, p.root);
    r.ms = p.ms;
    r.message = p.message;
    r.hasValue = p.hasValue;
    r.value = p.value;
    r.fields = p.fields;
    if (p.kind === K_FLOW_START || p.kind === K_FLOW_END) {
      // Flow records always carry their flow fields (the message reads them).
      r.fields = {
        flow_id: "checkout-3a7e2b1f",
        flow_type: p.kind === K_FLOW_START ? "flow_start" : "flow_end",
        ...(p.kind === K_FLOW_END
          ? p.flowFailed
            ? { flow_status: "failed", failed_at: "step", step: "1/2", flow_error: "Error: x", timeline: [{ fn: "a", ms: 1, status: "failed" }] }
            : { flow_status: "success", total_ms: 1, steps: 0, timeline: [], step_offsets_ms: [] }
          : {}),
        ...(p.kind === K_FLOW_END && p.http !== undefined ? { http_status: p.http.status, route: p.http.route, path: p.http.path } : {}),
        ...(p.fields ?? {}),
      };
    }
    return r;
  });

describe("quoteJson", () => {
  it("is JSON.stringify for every string, with the escaper's set as \\uHHHH: controls, quotes, backslashes, lone surrogates, long text", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ unit: "binary-ascii", maxLength: 300 }),
      fc.constantFrom("", "\u2028", "\ud800", "a\"b", "c\\d", "\u007f", "x".repeat(257)),
    );
    fc.assert(
      fc.property(text, (s) => {
        expect(quoteJson(s)).toBe(escapeJsonText(JSON.stringify(s)));
        expect(JSON.parse(quoteJson(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("JSON lines", () => {
  it("the fast builder equals JSON.stringify(coerce(recordObject(rec))) for any record, and is what most take", () => {
    // jsonLine() falls back to the reference itself, so comparing it alone would pass for a
    // fast builder that always bailed: compare the fast builder's own output, and count it.
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(recArb, fc.string(), (r, name) => {
        runs++;
        const want = reference(r, name);
        const text = line(r, name);
        expect(text).toBe(want);
        // Nothing from the escaper's set survives raw, and the line is still valid JSON.
        expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        JSON.parse(text);
        let own: string | undefined;
        try {
          own = fastLine(r, loggerFragment(name));
        } catch {
          own = undefined; // a hostile value: jsonLine() took the slow path above
        }
        if (own !== undefined) {
          fast++;
          expect(own).toBe(want);
        }
      }),
      { numRuns: 2000 },
    );
    // About half of these records carry awkward keys on purpose (message, __proto__, "0"...).
    expect(fast / runs).toBeGreaterThan(FAST_SHARE_FLOOR);
  });

  it("takes the fast builder for every record of the usual shapes (no field shadowing a record key)", () => {
    const usual = recArb.filter(
      (r) => r.fields === undefined || Object.keys(r.fields).every((k) => /^[a-z_]{1,12}$/.test(k) && !["timestamp", "level", "logger", "trace_id", "function", "file", "line", "message", "args", "elapsed_ms", "result", "exception", "__proto__"].includes(k)),
    );
    fc.assert(
      fc.property(usual, (r) => {
        let own: string | undefined;
        try {
          own = fastLine(r, loggerFragment("app_logger"));
        } catch {
          return; // a value whose getter throws: the slow path is the point
        }
        expect(own).toBe(reference(r));
      }),
      { numRuns: 1000 },
    );
  });

  it("writes the SPEC §5 example record", () => {
    const r = rec({
      kind: K_EXIT,
      level: INFO,
      traceId: "3a7e2b1f",
      site: makeSite("OrderService.process", "src/orders.ts", 12, INFO, 0),
      root: true,
      ms: 1.2345,
    });
    expect(line(r)).toBe(
      '{"timestamp":"2026-11-25T13:34:53.123Z","level":"INFO","logger":"app_logger","trace_id":"3a7e2b1f",' +
        '"function":"OrderService.process","file":"src/orders.ts","line":12,' +
        `"message":"[Root] 'OrderService.process' finished in 1.23ms","elapsed_ms":1.23}`,
    );
  });

  it("coerces every value JSON cannot hold and keeps the record", () => {
    const circle: Record<string, unknown> = { n: 1 };
    circle.me = circle;
    const shared = { s: 1 };
    const r = rec({
      fields: {
        big: 10n ** 20n,
        fn: function handler() {},
        sym: Symbol("tag"),
        map: new Map<unknown, unknown>([["a", 1], [{ k: 1 }, 2]]),
        set: new Set([1, 2]),
        err: Object.assign(new TypeError("nope"), { code: "E_NOPE" }),
        date: new Date(Date.UTC(2020, 0, 2)),
        arr: [undefined, () => 0],
        circle,
        twice: [shared, shared],
        badJson: { toJSON() { throw new Error("toJSON failed"); } },
        getter: { get x() { throw new Error("getter failed"); } },
        gone: undefined,
        nan: NaN,
      },
    });
    const out = JSON.parse(line(r)) as Record<string, any>;
    expect(out.message).toBe("hello");
    expect(out.big).toBe("100000000000000000000");
    expect(out.fn).toBe("[Function handler]");
    expect(out.sym).toBe("Symbol(tag)");
    expect(out.map).toEqual({ a: 1, '{"k":1}': 2 });
    expect(out.set).toEqual([1, 2]);
    expect(out.err).toMatchObject({ name: "TypeError", message: "nope", code: "E_NOPE" });
    expect(out.err.stack).toContain("TypeError: nope");
    expect(out.date).toBe("2020-01-02T00:00:00.000Z");
    expect(out.arr).toEqual([null, "[Function anonymous]"]);
    expect(out.circle).toEqual({ n: 1, me: "[Circular]" });
    expect(out.twice).toEqual([{ s: 1 }, { s: 1 }]);
    expect(out.badJson).toBe("[Unserializable: Error: toJSON failed]");
    expect(out.getter).toEqual({ x: "[Unserializable: Error: getter failed]" });
    expect("gone" in out).toBe(false);
    expect(out.nan).toBeNull();
  });

  it("a field getter that throws at the top level still gives a line, marked", () => {
    const fieldsObj = {};
    Object.defineProperty(fieldsObj, "bad", { enumerable: true, get: () => { throw new Error("top getter"); } });
    const out = JSON.parse(line(rec({ fields: fieldsObj }))) as Record<string, unknown>;
    expect(out.message).toBe("hello");
    expect(String(out.logcrest_error)).toContain("top getter");
  });

  it("user fields never overwrite the record's own keys", () => {
    const out = JSON.parse(line(rec({ fields: { message: "forged", level: "CRITICAL", ok: 1 } }))) as Record<string, unknown>;
    expect(out).toMatchObject({ message: "hello", level: "INFO", field_message: "forged", field_level: "CRITICAL", ok: 1 });
  });

  it("deep nesting is cut, not a stack overflow", () => {
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 10000; i++) deep = (deep.d = {}) as Record<string, unknown>;
    const text = line(rec({ fields: { top } }));
    // Format-time coercion guards depth 64 (captured values were cut at maxDepth already).
    expect(text).toContain('"d":"[Object]"');
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it("formatJson is the public formatter for record objects", () => {
    const r = rec({ fields: { n: 1n } });
    expect(formatJson(recordObject(r, "svc"))).toBe(line(r, "svc"));
  });
});
