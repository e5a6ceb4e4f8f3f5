/**
 * The OpenTelemetry bridge with the real SDK (@opentelemetry/sdk-trace-base, an
 * InMemorySpanExporter, the AsyncLocalStorage context manager): flows and tagged calls are
 * spans of the app's provider with the right parents, failures are ERROR with the exception
 * recorded, records carry the spans' ids, and the app's own spans nest both ways.
 */
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { instrument } from "../runtime/http/index";
import { currentTraceId } from "../runtime/context";
import { closeFlow, openFlow, runInFlow } from "../runtime/flow-api";
import { S } from "../runtime/state";
import { traceHeaders } from "../runtime/trace/headers";
import { setOtel } from "../runtime/trace/otel";
import { incomingTrace } from "../runtime/trace/spans";
import { __lc } from "../runtime/generated";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";
import { asyncShape } from "./helpers/tagged-shape";
import { checkout, failingCheckout, report } from "./helpers/trace-steps";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer("app");

let mem: MemoryPipeline;
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(() => {
  setOtel(false);
  trace.disable();
  context.disable();
});
beforeEach(() => {
  mem = installMemoryPipeline();
  exporter.reset();
  setOtel(true);
});

const spans = () => exporter.getFinishedSpans();
const byName = (name: string) => spans().find((s) => s.name === name)!;

describe("OpenTelemetry bridge", () => {
  it("a flow of 2 steps is 3 spans: the flow, and two children of it", async () => {
    await checkout(5);
    expect(spans().map((s) => s.name).sort()).toEqual(["charge", "checkout", "validate"]);
    const flow = byName("checkout");
    const validate = byName("validate");
    const charge = byName("charge");
    expect(flow.parentSpanContext).toBeUndefined();
    expect(flow.kind).toBe(SpanKind.INTERNAL);
    for (const step of [validate, charge]) {
      expect(step.parentSpanContext?.spanId).toBe(flow.spanContext().spanId);
      expect(step.spanContext().traceId).toBe(flow.spanContext().traceId);
      expect(step.status.code).toBe(SpanStatusCode.UNSET);
    }
    // Records carry the spans' ids: the OTel trace id (32 hex), each record its span.
    const recs = mem.objects();
    const otelTrace = flow.spanContext().traceId;
    for (const r of recs) expect(r.trace_id).toBe(otelTrace.startsWith("000000000000000000000000") ? otelTrace.slice(24) : otelTrace);
    expect(recs.find((r) => r.flow_type === "flow_end")!.span_id).toBe(flow.spanContext().spanId);
    const chargeExit = recs.find((r) => r.function === "charge" && r.elapsed_ms !== undefined)!;
    expect(chargeExit.span_id).toBe(charge.spanContext().spanId);
    expect(chargeExit.parent_span_id).toBe(flow.spanContext().spanId);
  });

  it("a failure: the step and the flow are ERROR, with the exception recorded", async () => {
    await expect(failingCheckout()).rejects.toThrow("card declined");
    for (const name of ["refuse", "failingCheckout"]) {
      const span = byName(name);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.status.message).toBe("TypeError: card declined");
      const event = span.events.find((e) => e.name === "exception")!;
      expect(event.attributes?.["exception.type"]).toBe("TypeError");
      expect(event.attributes?.["exception.message"]).toBe("card declined");
    }
    expect(byName("validate").status.code).toBe(SpanStatusCode.UNSET);
  });

  it("an HTTP request flow is a SERVER span with http.route, http.request.method and http.response.status_code", () => {
    const handle = openFlow({ name: "GET /orders/42", trace: incomingTrace({}, "GET") })!;
    runInFlow(handle, () => report());
    closeFlow(handle, { fields: { http_status: 201, route: "/orders/:id", path: "/orders/42" }, ...{ name: "GET /orders/:id" } });
    const server = spans().find((s) => s.kind === SpanKind.SERVER)!;
    // Named by the route the flow ended with, as flow_end's `function`.
    expect(server.name).toBe("GET /orders/:id");
    expect(server.attributes).toMatchObject({ "http.request.method": "GET", "http.route": "/orders/:id", "http.response.status_code": 201 });
    expect(byName("report").parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it("a real Express request: a SERVER span named by its route template, with the HTTP attributes", async () => {
    const app = express();
    instrument(app);
    app.get("/orders/:id", async (_req, res) => {
      await checkout(2);
      res.status(202).json({ ok: true });
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/orders/42`)).json();
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    const request = spans().find((s) => s.kind === SpanKind.SERVER)!;
    expect(request.name).toBe("GET /orders/:id");
    expect(request.attributes).toMatchObject({ "http.request.method": "GET", "http.route": "/orders/:id", "http.response.status_code": 202 });
    // The handler's @flow degrades to a step: its span is a child of the request's.
    expect(byName("checkout").parentSpanContext?.spanId).toBe(request.spanContext().spanId);
  });

  it("a caller's traceparent is the SERVER span's remote parent; the trace id is kept", () => {
    const caller = "4bf92f3577b34da6a3ce929d0e0e4736";
    const handle = openFlow({ name: "GET /x", trace: incomingTrace({ traceparent: `00-${caller}-00f067aa0ba902b7-01` }, "GET") })!;
    const seen = runInFlow(handle, () => ({ trace: currentTraceId(), headers: traceHeaders() }));
    closeFlow(handle, { fields: { http_status: 200 } });
    const server = spans()[0]!;
    expect(server.spanContext().traceId).toBe(caller);
    expect(server.parentSpanContext).toMatchObject({ spanId: "00f067aa0ba902b7", isRemote: true });
    expect(seen.trace).toBe(caller);
    expect(seen.headers.traceparent).toBe(`00-${caller}-${server.spanContext().spanId}-01`);
    expect(mem.objects().find((r) => r.flow_type === "flow_end")!.parent_span_id).toBe("00f067aa0ba902b7");
  });

  it("inside the app's active span, a flow is its child; the app's spans inside a step are the step's children", async () => {
    await tracer.startActiveSpan("app-request", async (appSpan) => {
      await checkout(5, () => tracer.startSpan("db.query").end());
      appSpan.end();
    });
    const app = byName("app-request");
    const flow = byName("checkout");
    expect(flow.parentSpanContext?.spanId).toBe(app.spanContext().spanId);
    expect(flow.spanContext().traceId).toBe(app.spanContext().traceId);
    expect(byName("db.query").parentSpanContext?.spanId).toBe(byName("charge").spanContext().spanId);
    expect(mem.objects().find((r) => r.flow_type === "flow_start")!.parent_span_id).toBe(app.spanContext().spanId);
  });

  it("the app's spans inside an async @flow body are children of the flow's span", async () => {
    const [site] = __lc.sites("src/jobs.ts", [["nightly", 1, 20, 4 | 8, "nightly"]]);
    await asyncShape(site!, async () => tracer.startSpan("app.work").end())();
    expect(byName("app.work").parentSpanContext?.spanId).toBe(byName("nightly").spanContext().spanId);
    expect(byName("nightly").status.code).toBe(SpanStatusCode.UNSET);
  });

  it("traceHeaders() inside an async step names the step's span (OpenTelemetry's active one)", async () => {
    let headers: ReturnType<typeof traceHeaders> = {};
    await checkout(5, () => (headers = traceHeaders()));
    const charge = byName("charge");
    expect(headers.traceparent).toBe(`00-${charge.spanContext().traceId}-${charge.spanContext().spanId}-01`);
  });

  it("a root call is a span too", () => {
    report();
    expect(spans().map((s) => s.name)).toEqual(["report"]);
    expect(mem.objects()[0]!.span_id).toBe(byName("report").spanContext().spanId);
  });

  it("off: no spans, local ids", async () => {
    setOtel(false);
    expect(S.otel).toBeUndefined();
    await checkout(5);
    expect(spans()).toHaveLength(0);
    expect(mem.objects()[0]!.trace_id).toMatch(/^[0-9a-f]{8}$/);
  });

  it("no provider registered: the bridge stays out of the way and records keep logcrest's ids", async () => {
    setOtel(false);
    trace.disable();
    setOtel(true);
    try {
      await checkout(5);
      expect(spans()).toHaveLength(0);
      const recs = mem.objects();
      expect(recs[0]!.trace_id).toMatch(/^[0-9a-f]{8}$/);
      expect(recs[0]!.span_id).toMatch(/^[0-9a-f]{16}$/);
    } finally {
      trace.setGlobalTracerProvider(provider);
    }
    // Registered later than configure({ otel: true }): the bridge picks the provider up.
    await checkout(5);
    expect(spans()).toHaveLength(3);
  });

  it("an SDK that throws never reaches instrumented code", async () => {
    const original = provider.getTracer("logcrest", "0.1.0");
    const startSpan = original.startSpan.bind(original);
    (original as { startSpan: unknown }).startSpan = () => {
      throw new Error("sdk bug");
    };
    try {
      await expect(checkout(5)).resolves.toBeUndefined();
      expect(mem.objects().filter((r) => r.flow_type === "flow_end")).toHaveLength(1);
    } finally {
      (original as { startSpan: unknown }).startSpan = startSpan;
    }
  });
});
