/**
 * Span ids on records (SPEC §3) and traceHeaders() (SPEC §10): a flow is a span, every step
 * is a span whose parent is the flow's; log records carry the span they run in; a trace
 * from a caller keeps its id (short when it has zero high bits) and its span is the parent.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { currentTraceId } from "../runtime/context";
import { closeFlow, openFlow, runInFlow } from "../runtime/flow-api";
import { log } from "../runtime/log";
import { traceHeaders } from "../runtime/trace/headers";
import { incomingTrace } from "../runtime/trace/spans";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";
import { checkout, failingCheckout, report } from "./helpers/trace-steps";

const HEX16 = /^[0-9a-f]{16}$/;
let mem: MemoryPipeline;
beforeEach(() => {
  mem = installMemoryPipeline();
});

describe("span ids on records", () => {
  it("a flow is a span; each step is a span whose parent is the flow's; user records carry the span they run in", async () => {
    await checkout(5);
    const recs = mem.objects();
    const start = recs.find((r) => r.flow_type === "flow_start")!;
    const end = recs.find((r) => r.flow_type === "flow_end")!;
    expect(start.span_id).toMatch(HEX16);
    expect(end.span_id).toBe(start.span_id);
    expect(end.parent_span_id).toBeUndefined();
    const steps = recs.filter((r) => r.function === "validate" || r.function === "charge");
    expect(steps).toHaveLength(4); // entry and exit of each
    for (const s of steps) expect(s.parent_span_id).toBe(start.span_id);
    const validate = steps.filter((r) => r.function === "validate");
    const charge = steps.filter((r) => r.function === "charge");
    expect(validate[0]!.span_id).toBe(validate[1]!.span_id);
    expect(charge[0]!.span_id).toBe(charge[1]!.span_id);
    expect(new Set([start.span_id, validate[0]!.span_id, charge[0]!.span_id]).size).toBe(3);
    const user = recs.find((r) => r.message === "charging")!;
    expect(user.span_id).toBe(start.span_id);
    expect(user.parent_span_id).toBeUndefined();
    // The JSON key order: span ids right after trace_id.
    expect(Object.keys(end).slice(0, 6)).toEqual(["timestamp", "level", "logger", "trace_id", "span_id", "function"]);
  });

  it("a root call outside a flow is a span of a new trace; outside any trace records have no span", async () => {
    log.info("outside");
    report();
    const [outside, enter, exit] = mem.objects();
    expect(outside!.trace_id).toBe("Global");
    expect(outside!.span_id).toBeUndefined();
    expect(enter!.span_id).toMatch(HEX16);
    expect(exit!.span_id).toBe(enter!.span_id);
    expect(enter!.parent_span_id).toBeUndefined();
  });

  it("a user field named span_id does not overwrite the record's", async () => {
    report(() => log.info("x", { span_id: "mine", parent_span_id: "also" }));
    const rec = mem.objects().find((r) => r.message === "x")!;
    expect(rec.span_id).toMatch(HEX16);
    expect(rec.field_span_id).toBe("mine");
    expect(rec.field_parent_span_id).toBe("also");
  });
});

describe("traceHeaders()", () => {
  it("is {} outside any trace", () => {
    expect(traceHeaders()).toEqual({});
  });

  it("inside a local trace: the 8-hex id with zero high bits, the current span, sampled", async () => {
    let headers: ReturnType<typeof traceHeaders> = {};
    let trace: string | undefined;
    await checkout(1, () => {
      headers = traceHeaders();
      trace = currentTraceId();
    });
    const start = mem.objects().find((r) => r.flow_type === "flow_start")!;
    expect(trace).toMatch(/^[0-9a-f]{8}$/);
    expect(headers).toEqual({ traceparent: `00-000000000000000000000000${trace}-${start.span_id as string}-01` });
  });

  it("in a request that came with traceparent: the caller's trace, flags and tracestate go on", () => {
    const caller = "4bf92f3577b34da6a3ce929d0e0e4736";
    const headers = { traceparent: `00-${caller}-00f067aa0ba902b7-00`, tracestate: "vendor=x,bad key=1" };
    const handle = openFlow({ name: "GET /x", trace: incomingTrace(headers, "GET") })!;
    const seen = runInFlow(handle, () => ({ headers: traceHeaders(), trace: currentTraceId() }));
    closeFlow(handle);
    expect(seen.trace).toBe(caller);
    expect(seen.headers).toEqual({ traceparent: `00-${caller}-${handle.context.spanId}-00`, tracestate: "vendor=x" });
    const end = mem.objects().find((r) => r.flow_type === "flow_end")!;
    expect(end.trace_id).toBe(caller);
    expect(end.parent_span_id).toBe("00f067aa0ba902b7");
  });

  it("a caller's short logcrest id comes back in its 8-hex form", () => {
    const headers = { get: (n: string) => (n === "traceparent" ? "00-0000000000000000000000003a7e2b1f-00f067aa0ba902b7-01" : null) };
    const handle = openFlow({ name: "GET /x", trace: incomingTrace(headers, "GET") })!;
    expect(runInFlow(handle, currentTraceId)).toBe("3a7e2b1f");
    closeFlow(handle);
  });

  it.each([
    ["malformed", "00-xyz"],
    ["all-zero trace", `00-${"0".repeat(32)}-00f067aa0ba902b7-01`],
    ["header injection", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nx: y"],
    ["a list of two", ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]],
  ])("a %s traceparent is ignored: a new local trace starts", (_name, value) => {
    const handle = openFlow({ name: "GET /x", trace: incomingTrace({ traceparent: value }, "GET") })!;
    expect(runInFlow(handle, currentTraceId)).toBe(handle.flow.id.slice(-8));
    closeFlow(handle);
    expect(mem.objects().find((r) => r.flow_type === "flow_end")!.parent_span_id).toBeUndefined();
  });

  it("a headers object that throws is ignored too", () => {
    const hostile = { get traceparent(): never { throw new Error("boom"); } };
    const handle = openFlow({ name: "GET /x", trace: incomingTrace(hostile, "GET") })!;
    expect(handle.flow.parentSpanId).toBeUndefined();
    closeFlow(handle);
  });

  it("a failing flow still links its failing step to the flow span", async () => {
    await expect(failingCheckout()).rejects.toThrow("card declined");
    const recs = mem.objects();
    const start = recs.find((r) => r.flow_type === "flow_start")!;
    const crash = recs.find((r) => r.function === "refuse" && r.level === "ERROR")!;
    expect(crash.parent_span_id).toBe(start.span_id);
  });
});
