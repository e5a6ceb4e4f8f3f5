/**
 * The byte path for entry and exit lines (runtime/format/json-bytes.ts) must write exactly
 * the bytes of `jsonLine()` (UTF-8), decline what it does not handle, and actually be the
 * path that entry and exit records take to the files.
 */
import fc from "fast-check";
import { DEFAULT_VALUE_CONFIG } from "../runtime/capture";
import { describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../runtime/config";
import { createPipeline } from "../runtime/create-pipeline";
import { jsonLine, loggerFragment } from "../runtime/format/json";
import { CallLineEncoder } from "../runtime/format/json-bytes";
import { logFilePaths } from "../runtime/handlers/files";
import { CRITICAL, DEBUG, ERROR, INFO, WARNING } from "../runtime/levels";
import { K_ENTER, K_EXIT, K_FAIL, K_FLOW_START, K_LOG, type Rec } from "../runtime/record";
import { makeSite } from "../runtime/sites";
import { MemoryDriver } from "./helpers/runtime-memory-driver";
import { rec } from "./helpers/runtime-recs";

const LOGGER = "app_logger";

/** The encoder's line for `r`, or undefined when it declines. Written at an offset into dirty memory. */
function encoded(enc: CallLineEncoder, r: Rec): string | undefined {
  const max = enc.measure(r);
  if (max < 0) return undefined;
  const buf = Buffer.alloc(max + 40, 0xee);
  const end = enc.encode(r, buf, 17);
  if (end < 0) return undefined;
  expect(end - 17).toBeLessThanOrEqual(max);
  expect(buf[end]).toBe(0xee); // nothing written past the end it reports
  return buf.toString("utf8", 17, end);
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
    const enc = new CallLineEncoder(loggerFragment(LOGGER));
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(callRec, (r) => {
        runs++;
        const bytes = encoded(enc, r);
        if (bytes !== undefined) {
          taken++;
          expect(bytes).toBe(jsonLine(r, loggerFragment(LOGGER), LOGGER));
        }
      }),
      { numRuns: 3000 },
    );
    // Declining is allowed only for non-ASCII trace ids and invalid times: most records here are taken.
    expect(taken / runs).toBeGreaterThan(0.5);
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
