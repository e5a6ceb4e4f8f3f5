/**
 * The byte paths for entry and exit lines (runtime/format/json-bytes.ts) and for flow_start
 * and flow_end lines (runtime/format/flow-bytes.ts) must write exactly the bytes of
 * `jsonLine()` (UTF-8), which are those of the definition
 * `JSON.stringify(coerce(recordObject(rec)))`, decline what they do not handle, and actually
 * be the paths that those records take to the files.
 */
import fc from "fast-check";
import { configureValues, DEFAULT_VALUE_CONFIG, valueConfig } from "../runtime/capture";
import { describe, expect, it, vi } from "vitest";
import type { ResolvedConfig } from "../runtime/config";
import { createPipeline } from "../runtime/create-pipeline";
import { FlowLineEncoder } from "../runtime/format/flow-bytes";
import { jsonLine, loggerFragment } from "../runtime/format/json";
import { CallLineEncoder, type LineEncoder } from "../runtime/format/json-bytes";
import { logFilePaths } from "../runtime/handlers/files";
import { CRITICAL, DEBUG, ERROR, INFO, WARNING } from "../runtime/levels";
import { K_ENTER, K_EXIT, K_FAIL, K_FLOW_END, K_FLOW_START, K_LOG, type Rec } from "../runtime/record";
import { makeSite } from "../runtime/sites";
import { definition as definitionOf, encoded } from "./helpers/encoded-lines";
import { MemoryDriver } from "./helpers/runtime-memory-driver";
import { rec } from "./helpers/runtime-recs";

const LOGGER = "app_logger";

/**
 * Runs `check` on the line of every record of `arb` the encoder takes; returns the share it
 * took (a byte path that declined everything would pass the checks, so callers bound it).
 */
function takenShare(enc: LineEncoder<Rec>, arb: fc.Arbitrary<Rec>, check: (r: Rec, bytes: string) => void): number {
  let taken = 0;
  let runs = 0;
  fc.assert(
    fc.property(arb, (r) => {
      runs++;
      const bytes = encoded(enc, r);
      if (bytes === undefined) return;
      taken++;
      check(r, bytes);
    }),
    { numRuns: 3000 },
  );
  return taken / runs;
}

const hex8 = fc.stringMatching(/^[0-9a-f]{8}$/);
const site = fc
  .record({ name: fc.string({ unit: "binary", maxLength: 30 }), file: fc.oneof(fc.constant(""), fc.string({ unit: "binary", maxLength: 30 })), line: fc.nat(100000) })
  .map((s) => makeSite(s.name, s.file, s.line, INFO, 0));
const callRec = fc
  .record({
    kind: fc.constantFrom(K_ENTER, K_EXIT),
    level: fc.constantFrom(DEBUG, INFO, WARNING, ERROR, CRITICAL, 25, 0, -3, 1.5),
    time: fc.oneof(fc.double({ min: 0, max: 4102444800000, noNaN: true }), fc.constantFrom(Number.NaN, 8.64e15, -1, 1e20)),
    traceId: fc.oneof(hex8, fc.constant("Global"), fc.string({ unit: "binary", maxLength: 20 })),
    site,
    root: fc.boolean(),
    // Durations are written from their digits: half-hundredths (where toFixed and Math.round
    // part ways: 1.115), whole hundredths, the 1e9 edge and any double check that spelling.
    ms: fc.oneof(
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.double(),
      fc.double({ min: 9.99e8, max: 1.01e9, noNaN: true }),
      fc.integer({ min: 0, max: 1e9 }).map((n) => (n + 0.5) / 100),
      fc.integer({ min: 0, max: 1e9 }).map((n) => n / 100),
      fc.constantFrom(1e21, -0, 0.005, 1.005, 1.115, 0.145, 4.35, 999999999.999, 1e-300, 5e-324),
    ),
  })
  .map((p) => rec(p));

describe("entry and exit lines as bytes", () => {
  it("equal jsonLine() byte for byte for any entry or exit record it takes, whatever the names, levels, times and durations", () => {
    const share = takenShare(new CallLineEncoder(loggerFragment(LOGGER)), callRec, (r, bytes) => {
      expect(bytes).toBe(jsonLine(r, loggerFragment(LOGGER), LOGGER));
    });
    // Declining is allowed only for non-ASCII trace ids and invalid times: most records here are taken.
    expect(share).toBeGreaterThan(0.5);
  });

  it("takes every record with a hex or Global trace id and a valid time (the records the hot path makes)", () => {
    const enc = new CallLineEncoder(loggerFragment("svc ünïcode \"name\""));
    fc.assert(
      fc.property(callRec, hex8, fc.double({ min: 0, max: 4102444800000, noNaN: true }), (r, traceId, time) => {
        const made = rec({ ...r, traceId, time });
        expect(encoded(enc, made)).toBe(jsonLine(made, loggerFragment("svc ünïcode \"name\""), "svc ünïcode \"name\""));
      }),
      { numRuns: 1000 },
    );
  });

  it("declines records with values, fields, no site, another kind, or a non-ASCII part", () => {
    const enc = new CallLineEncoder(loggerFragment(LOGGER));
    const s = makeSite("work", "src/w.ts", 3, INFO, 0);
    expect(encoded(enc, rec({ kind: K_ENTER, site: s, hasValue: true, value: [1] }))).toBeUndefined();
    expect(encoded(enc, rec({ kind: K_EXIT, site: s, fields: { a: 1 } }))).toBeUndefined();
    expect(encoded(enc, rec({ kind: K_EXIT }))).toBeUndefined();
    for (const kind of [K_LOG, K_FAIL, K_FLOW_START]) expect(encoded(enc, rec({ kind, site: s }))).toBeUndefined();
    expect(encoded(enc, rec({ kind: K_ENTER, site: s, traceId: "tràce" }))).toBeUndefined();
    expect(encoded(enc, rec({ kind: K_ENTER, site: s, time: Number.NaN }))).toBeUndefined();
    expect(encoded(enc, rec({ kind: K_ENTER, site: s, traceId: "3a7e2b1f" }))).toBeDefined();
  });
});

const definition = (r: Rec, name = LOGGER): string => definitionOf(r, name);

/** Text with every kind of character an escaper must handle, and long enough runs to pass quoteJson's 256-unit shortcut. */
const hostileUnit = fc.oneof(
  fc.constantFrom("\n", "\r", "\t", "\u001b", "\u0000", "\u007f", "\u0085", "\u009b", "\u061c", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069", '"', "\\", "\ud800", "\udfff", "\ud83d\ude00", "é", "'", "|"),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);
const hostileText = fc.oneof(
  fc.string({ unit: hostileUnit, maxLength: 24 }),
  fc.string({ unit: fc.oneof({ weight: 20, arbitrary: fc.constantFrom("a", "/", "-") }, { weight: 1, arbitrary: hostileUnit }), minLength: 250, maxLength: 300 }),
);
/** What request names and route names look like, and anything else. */
const flowName = fc.oneof(
  fc.constantFrom("GET /orders/42", "GET /orders/:id", "POST <unmatched>", "checkout"),
  hostileText.map((t) => `GET /${t}`),
  hostileText,
);
const flowIdArb = fc.oneof(fc.tuple(fc.stringMatching(/^[a-z0-9-]{0,32}$/), hex8).map(([l, h]) => (l === "" ? h : `${l}-${h}`)), hostileText);
const number = fc.oneof(fc.double(), fc.integer(), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e21, 1.005, 0.005, 5e-7));
const hex16 = fc.stringMatching(/^[0-9a-f]{16}$/);
// As endFlow makes them: object literals (fast-check's own records have another prototype).
const step = fc.record({ fn: flowName, ms: number, status: fc.constantFrom("ok", "failed", "interrupted") }).map((s) => ({ fn: s.fn, ms: s.ms, status: s.status }));
const flowSite = fc.option(
  fc.record({ name: flowName, file: fc.oneof(fc.constant(""), hostileText, fc.constant("src/orders.ts")), line: fc.nat(100000) }).map((x) => makeSite(x.name, x.file, x.line, INFO, 0)),
  { nil: undefined },
);

/** flow_start and successful flow_end records as flow-state.ts builds them, HTTP ones with their status, route and path. */
const flowRec = fc
  .record({
    layout: fc.constantFrom("start", "end", "http"),
    level: fc.constantFrom(DEBUG, INFO, WARNING, ERROR, 25),
    time: fc.oneof(fc.double({ min: 0, max: 4102444800000, noNaN: true }), fc.constantFrom(Number.NaN, 8.64e15)),
    traceId: fc.oneof(hex8, fc.stringMatching(/^[0-9a-f]{32}$/), fc.constant("Global"), hostileText),
    spanId: fc.option(hex16, { nil: undefined }),
    parentSpanId: fc.option(hex16, { nil: undefined }),
    site: flowSite,
    name: flowName,
    id: flowIdArb,
    ms: number,
    total: number,
    steps: fc.array(step, { maxLength: 4 }),
    offsets: fc.array(number, { maxLength: 4 }),
    status: fc.oneof(fc.constantFrom(200, 404, 499), fc.integer()),
    route: fc.oneof(fc.constant("/orders/:id"), hostileText),
    path: fc.oneof(fc.constant("/orders/42"), hostileText),
  })
  .map((p) => {
    const kind = p.layout === "start" ? K_FLOW_START : K_FLOW_END;
    const fields: Record<string, unknown> =
      kind === K_FLOW_START
        ? { flow_id: p.id, flow_type: "flow_start" }
        : { flow_id: p.id, flow_type: "flow_end", flow_status: "success", total_ms: p.total, steps: p.steps.length, timeline: p.steps, step_offsets_ms: p.offsets };
    if (p.layout === "http") Object.assign(fields, { http_status: p.status, route: p.route, path: p.path });
    return rec({ kind, level: p.level, time: p.time, traceId: p.traceId, spanId: p.spanId, parentSpanId: p.parentSpanId, site: p.site, name: p.name, root: true, ms: p.ms, fields });
  });

/** A flow_end of `flowRec`'s HTTP layout with usual values. */
function httpEnd(over: Record<string, unknown> = {}): Rec {
  return rec({
    kind: K_FLOW_END,
    traceId: "3a7e2b1f",
    name: "GET /orders/:id",
    root: true,
    ms: 1.2345,
    fields: {
      flow_id: "get-orders-42-3a7e2b1f",
      flow_type: "flow_end",
      flow_status: "success",
      total_ms: 1.23,
      steps: 1,
      timeline: [{ fn: "loadOrder", ms: 0.5, status: "ok" }],
      step_offsets_ms: [0.1],
      http_status: 200,
      route: "/orders/:id",
      path: "/orders/42",
      ...over,
    },
  });
}

describe("flow_start and flow_end lines as bytes", () => {
  it("equal the definition byte for byte for any record they take: hostile names, route names, paths, flow ids and step names", () => {
    const share = takenShare(new FlowLineEncoder(loggerFragment(LOGGER)), flowRec, (r, bytes) => {
      expect(bytes).toBe(definition(r));
      expect(bytes).toBe(jsonLine(r, loggerFragment(LOGGER), LOGGER));
    });
    // Declining is allowed only for invalid times (a quarter here) and non-ASCII trace ids
    // (most hostile ones): about 0.58 of these are taken; the next test requires all of the usual ones.
    expect(share).toBeGreaterThan(0.45);
  });

  it("takes every such record with a hex or Global trace id and a valid time (the records the runtime makes)", () => {
    const logger = 'svc ünïcode "name"';
    const enc = new FlowLineEncoder(loggerFragment(logger));
    fc.assert(
      fc.property(flowRec, fc.oneof(hex8, fc.constant("Global")), fc.double({ min: 0, max: 4102444800000, noNaN: true }), (r, traceId, time) => {
        const made = rec({ ...r, traceId, time });
        expect(encoded(enc, made)).toBe(definition(made, logger));
      }),
      { numRuns: 2000 },
    );
  });

  it("declines a failed flow, annotations, labels, an abort, args, another key order and values JSON would write differently", () => {
    const enc = new FlowLineEncoder(loggerFragment(LOGGER));
    expect(encoded(enc, httpEnd())).toBe(definition(httpEnd()));
    const declined: Rec[] = [
      httpEnd({ flow_status: "failed", failed_at: "GET /orders/:id", step: "0/1", flow_error: "Error: x" }),
      httpEnd({ orderId: "ord-1" }),
      httpEnd({ labels: ["checkout-42"] }),
      httpEnd({ aborted: true }),
      httpEnd({ http_status: "200" }),
      httpEnd({ route: 42 }),
      httpEnd({ timeline: [{ fn: "a", status: "ok", ms: 1 }] }),
      httpEnd({ timeline: [{ fn: "a", ms: 1, status: "ok", extra: 1 }] }),
      httpEnd({ timeline: [new (class Step { fn = "a"; ms = 1; status = "ok"; })()] }),
      httpEnd({ timeline: [{ fn: "a", ms: 1, status: "ok", toJSON: () => "x" }] }),
      httpEnd({ timeline: [undefined] }),
      httpEnd({ step_offsets_ms: [1, "2"] }),
      httpEnd({ total_ms: 10n }),
      rec({ kind: K_FLOW_END, name: "x", fields: { flow_type: "flow_end", flow_id: "a", flow_status: "success", total_ms: 1, steps: 0, timeline: [], step_offsets_ms: [] } }),
      rec({ kind: K_FLOW_START, name: "x", hasValue: true, value: [1], fields: { flow_id: "a", flow_type: "flow_start" } }),
      rec({ kind: K_FLOW_START, name: "x", fields: { flow_id: "a", flow_type: "flow_start", args: [1] } }),
      rec({ kind: K_FLOW_START, name: "x", fields: { flow_id: 7, flow_type: "flow_start" } }),
      rec({ kind: K_FLOW_START, fields: { flow_id: "a", flow_type: "flow_start" } }),
      rec({ kind: K_EXIT, site: makeSite("f", "f.ts", 1, INFO, 0) }),
      rec({ kind: K_LOG, fields: { flow_id: "a", flow_type: "flow_start" } }),
    ];
    for (const r of declined) {
      expect(encoded(enc, r)).toBeUndefined();
      JSON.parse(jsonLine(r, loggerFragment(LOGGER), LOGGER)); // the string path still writes it
    }
  });

  it("declines fields that throw when read, without throwing", () => {
    const enc = new FlowLineEncoder(loggerFragment(LOGGER));
    const r = httpEnd();
    Object.defineProperty(r.fields, "path", { enumerable: true, get: () => { throw new Error("getter"); } });
    expect(enc.measure(r)).toBe(-1);
    const proxied = httpEnd();
    proxied.fields = new Proxy(proxied.fields!, { ownKeys: () => { throw new Error("trap"); } });
    expect(enc.measure(proxied)).toBe(-1);
    expect(enc.encode(proxied, Buffer.alloc(4096), 0)).toBe(-1);
  });

  it("declines a record that could be over maxRecordSize, so that the string path cuts it", () => {
    const enc = new FlowLineEncoder(loggerFragment(LOGGER));
    const long = httpEnd({ steps: 400, timeline: Array.from({ length: 400 }, (_, i) => ({ fn: `step${i}`, ms: i, status: "ok" })) });
    const before = valueConfig();
    try {
      configureValues({ ...before, maxRecordSize: 4096 });
      expect(encoded(enc, long)).toBeUndefined();
      expect(Buffer.byteLength(jsonLine(long, loggerFragment(LOGGER), LOGGER))).toBeLessThanOrEqual(4096);
    } finally {
      configureValues(before);
    }
    expect(encoded(enc, long)).toBe(definition(long));
  });
});

describe("in the files", () => {
  const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig => ({
    ...DEFAULT_VALUE_CONFIG,
    dir: "/v/logs",
    json: true,
    name: LOGGER,
    propagate: false,
    otel: false,
    level: DEBUG,
    maxSize: 0,
    backupCount: 0,
    queueSize: 0,
    console: false,
    files: true,
    signals: true,
    handlers: [],
    ...over,
  });

  it("entry and exit records mixed with other records: every line as jsonLine() makes it, in order", async () => {
    const driver = new MemoryDriver();
    const p = createPipeline(config(), { stamp: "b", driver });
    const s = makeSite("OrderService.prócess", "src/orders.ts", 12, INFO, 0);
    const recs: Rec[] = [];
    for (let i = 0; i < 300; i++) {
      const r =
        i % 3 === 0
          ? rec({ kind: K_ENTER, site: s, traceId: "3a7e2b1f", root: i % 2 === 0, time: 1764600000000 + i })
          : i % 3 === 1
            ? rec({ kind: K_EXIT, site: s, traceId: "3a7e2b1f", ms: i / 7, time: 1764600000000 + i })
            : rec({ kind: K_LOG, message: `between ${i} ü`, fields: { i } });
      recs.push(r);
      p.push(r);
    }
    await p.close();
    const path = logFilePaths("/v/logs", "b").success;
    expect(driver.lines(path)).toEqual(recs.map((r) => jsonLine(r, loggerFragment(LOGGER), LOGGER)));
  });

  it("flow records go to flows/ through the flow encoder, each line as jsonLine() makes it, in order", async () => {
    const encode = vi.spyOn(FlowLineEncoder.prototype, "encode");
    try {
      const driver = new MemoryDriver();
      const p = createPipeline(config(), { stamp: "f", driver });
      const route = makeSite("GET /orders/:id", "", 0, INFO, 0);
      const recs: Rec[] = [];
      for (let i = 0; i < 200; i++) {
        const id = `req-${i}-3a7e2b1f`;
        const r =
          i % 4 === 0
            ? rec({ kind: K_FLOW_START, name: `GET /orders/${i}ü`, traceId: "3a7e2b1f", spanId: "00f067aa0ba902b7", fields: { flow_id: id, flow_type: "flow_start" }, time: 1764600000000 + i })
            : i % 4 === 1
              ? httpEnd({ flow_id: id, path: `/orders/${i}\u202e` })
              : i % 4 === 2
                ? rec({ ...httpEnd({ flow_id: id }), site: route })
                : httpEnd({ flow_id: id, flow_status: "failed", failed_at: "x", step: "0/0", flow_error: "HTTPError: 500" });
        recs.push(r);
        p.push(r);
        p.push(rec({ kind: K_LOG, message: `between ${i}` }));
      }
      await p.close();
      expect(driver.lines(logFilePaths("/v/logs", "f").flows)).toEqual(recs.map((r) => jsonLine(r, loggerFragment(LOGGER), LOGGER)));
      // Every flow record but the failed quarter went through the encoder.
      expect(encode.mock.results.filter((x) => (x.value as number) >= 0).length).toBe(150);
    } finally {
      encode.mockRestore();
    }
  });

  it("rotation counts the bytes of lines written as bytes exactly (Python's rule: roll before the line that reaches maxSize)", async () => {
    const driver = new MemoryDriver();
    const maxSize = 2000;
    const p = createPipeline(config({ maxSize, backupCount: 50 }), { stamp: "r", driver });
    const s = makeSite("wörk", "src/w.ts", 3, INFO, 0);
    const all: string[] = [];
    for (let i = 0; i < 200; i++) {
      const r = rec({ kind: i % 2 === 0 ? K_ENTER : K_EXIT, site: s, traceId: "0badc0de", ms: i * 1.37, time: 1764600000000 + i });
      all.push(jsonLine(r, loggerFragment(LOGGER), LOGGER));
      p.push(r);
    }
    await p.close();
    const base = logFilePaths("/v/logs", "r").success;
    // Oldest first: the highest backup number, the base file last.
    const age = (f: string): number => (f === base ? 0 : Number(f.slice(base.length + 1)));
    const files = [...driver.files.keys()].filter((f) => f.startsWith(base)).sort((a, b) => age(b) - age(a));
    expect(files.length).toBeGreaterThan(5);
    const contents = files.map((f) => driver.files.get(f)!.chunks.join("")); // latin1: one char per byte
    // Nothing lost or reordered across the rotations.
    expect(contents.join("").split("\n").filter(Boolean)).toEqual(all.map((l) => Buffer.from(l).toString("latin1")));
    for (let i = 0; i < contents.length; i++) {
      const size = contents[i]!.length; // latin1: one char per byte
      expect(size).toBeLessThan(maxSize);
      const next = contents[i + 1]?.split("\n")[0];
      if (next !== undefined) expect(size + next.length + 1).toBeGreaterThanOrEqual(maxSize);
    }
  });
});
