/**
 * W3C Trace Context headers: what is accepted, what is refused, and that no input at all
 * makes the parsers throw or return something malformed (fast-check).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatTraceparent,
  localTraceId,
  parseRemoteParent,
  parseTraceparent,
  parseTracestate,
  w3cTraceId,
} from "../runtime/trace/w3c";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

describe("traceparent", () => {
  it("parses the recommendation's example", () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, flags: 1 });
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)).toEqual({ traceId: TRACE, spanId: SPAN, flags: 0 });
  });

  it("accepts a later version with extra fields, reading only the four it knows", () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-what-ever`)).toEqual({ traceId: TRACE, spanId: SPAN, flags: 1 });
    expect(parseTraceparent(`cc-${TRACE}-${SPAN}-09`)).toEqual({ traceId: TRACE, spanId: SPAN, flags: 9 });
  });

  it("trims optional whitespace around the value", () => {
    expect(parseTraceparent(`  00-${TRACE}-${SPAN}-01 `)?.traceId).toBe(TRACE);
  });

  it.each([
    ["empty", ""],
    ["version ff", `ff-${TRACE}-${SPAN}-01`],
    ["version 00 with a suffix", `00-${TRACE}-${SPAN}-01-extra`],
    ["a later version glued to more text", `01-${TRACE}-${SPAN}-01extra`],
    ["upper-case hex", `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ["all-zero trace id", `00-${"0".repeat(32)}-${SPAN}-01`],
    ["all-zero span id", `00-${TRACE}-${"0".repeat(16)}-01`],
    ["short trace id", `00-${TRACE.slice(1)}-${SPAN}-01`],
    ["non-hex", `00-${TRACE.slice(0, 31)}g-${SPAN}-01`],
    ["wrong separators", `00_${TRACE}_${SPAN}_01`],
    ["two headers joined by Node", `00-${TRACE}-${SPAN}-01, 00-${TRACE}-${SPAN}-01`],
    ["CRLF injection", `00-${TRACE}-${SPAN}-01\r\nx-evil: 1`],
    ["huge", `00-${TRACE}-${SPAN}-01-${"a".repeat(100_000)}`],
  ])("refuses %s", (_name, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it.each([undefined, null, 42, {}, ["x"], Symbol("s")])("refuses a non-string %s", (value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it("round-trips what it formats", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{32}$/).filter((t) => !/^0+$/.test(t)),
        fc.stringMatching(/^[0-9a-f]{16}$/).filter((s) => !/^0+$/.test(s)),
        fc.boolean(),
        (trace, span, sampled) => {
          const header = formatTraceparent(trace, span, sampled ? 1 : 0);
          expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
          expect(parseTraceparent(header)).toEqual({ traceId: trace, spanId: span, flags: sampled ? 1 : 0 });
        },
      ),
    );
  });

  it("never throws, and anything it accepts has well-formed ids", () => {
    const near = fc
      .tuple(fc.constantFrom("00", "01", "ff", "0", "zz"), fc.string(), fc.string(), fc.string())
      .map(([v, a, b, c]) => `${v}-${a}-${b}-${c}`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), near, fc.anything()), (value) => {
        const parsed = parseTraceparent(value);
        if (parsed === undefined) return;
        expect(parsed.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(parsed.spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(parsed.flags).toBeGreaterThanOrEqual(0);
        expect(parsed.flags).toBeLessThanOrEqual(255);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("tracestate", () => {
  it("keeps valid members in order, drops invalid ones and repeated keys", () => {
    expect(parseTracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")).toBe("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    expect(parseTracestate("a=1, BAD=2 ,b=x=y,c=3,a=4,tenant@sys=5,=6,d")).toBe("a=1,c=3,tenant@sys=5");
    expect(parseTracestate(["a=1", "b=2"])).toBe("a=1,b=2");
  });

  it("keeps at most 32 members and 512 characters", () => {
    const many = Array.from({ length: 40 }, (_, i) => `k${i}=v`).join(",");
    expect(parseTracestate(many)!.split(",")).toHaveLength(32);
    const long = Array.from({ length: 10 }, (_, i) => `k${i}=${"v".repeat(200)}`).join(",");
    expect(parseTracestate(long)!.length).toBeLessThanOrEqual(512);
  });

  it("refuses control characters in values (no header injection on the way out)", () => {
    expect(parseTracestate("a=1\r\nx-evil: 1")).toBeUndefined();
    expect(parseTracestate("a=ok,b=\u0000")).toBe("a=ok");
  });

  it("never throws, and what it keeps is a valid bounded list", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.string()), fc.anything(), fc.string({ unit: "binary", maxLength: 3000 })), (value) => {
        const out = parseTracestate(value);
        if (out === undefined) return;
        expect(out.length).toBeLessThanOrEqual(512);
        const members = out.split(",");
        expect(members.length).toBeLessThanOrEqual(32);
        for (const m of members) expect(m).toMatch(/^[a-z0-9][a-z0-9_\-*/@]*=[\x20-\x2b\x2d-\x3c\x3e-\x7e]*[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/);
        expect(new Set(members.map((m) => m.split("=")[0])).size).toBe(members.length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("trace ids (SPEC §3)", () => {
  it("a local 8-hex id travels with zero high bits and comes back short", () => {
    expect(w3cTraceId("3a7e2b1f")).toBe("0000000000000000000000003a7e2b1f");
    expect(localTraceId("0000000000000000000000003a7e2b1f")).toBe("3a7e2b1f");
  });

  it("any other id keeps its 32 hex characters", () => {
    expect(w3cTraceId(TRACE)).toBe(TRACE);
    expect(localTraceId(TRACE)).toBe(TRACE);
    expect(localTraceId("0000000000000000000000013a7e2b1f")).toBe("0000000000000000000000013a7e2b1f");
  });

  it("short and long forms round-trip", () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[0-9a-f]{8}$/), fc.stringMatching(/^[0-9a-f]{32}$/)), (id) => {
        const wire = w3cTraceId(id);
        expect(wire).toHaveLength(32);
        const back = localTraceId(wire);
        expect(w3cTraceId(back)).toBe(wire);
        if (id.length === 8) expect(back).toBe(id);
      }),
    );
  });

  it("parseRemoteParent takes a one-element header list and refuses several", () => {
    const tp = `00-${TRACE}-${SPAN}-01`;
    expect(parseRemoteParent([tp], "a=1")).toEqual({ traceId: TRACE, spanId: SPAN, flags: 1, tracestate: "a=1" });
    expect(parseRemoteParent([tp, tp], undefined)).toBeUndefined();
    expect(parseRemoteParent(tp, "%%%")).toEqual({ traceId: TRACE, spanId: SPAN, flags: 1, tracestate: undefined });
  });
});
