/**
 * Interop over real HTTP with services instrumented by the real OpenTelemetry SDK (its own
 * W3C propagator, no logcrest bridge), both ways: an OTel caller's trace enters a logcrest
 * service and keeps its 32-hex id; a logcrest caller's trace enters an OTel service, which
 * sees the same W3C trace id and the logcrest span as its parent.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context, ROOT_CONTEXT, trace, type TextMapGetter } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { currentTraceId } from "../runtime/context";
import { instrument } from "../runtime/http/index";
import { traceHeaders } from "../runtime/trace/headers";
import { setPropagation } from "../runtime/trace/propagate";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";
import { callDownstream, checkout } from "./helpers/trace-steps";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer("otel-service");
const w3c = new W3CTraceContextPropagator();
const headerGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

let mem: MemoryPipeline;
let logcrestService: FastifyInstance;
let logcrestUrl: string;
let otelServer: Server;
let otelUrl: string;

beforeAll(async () => {
  logcrestService = Fastify();
  instrument(logcrestService);
  logcrestService.get("/work", async () => ({ trace: currentTraceId() }));
  logcrestUrl = await logcrestService.listen({ port: 0, host: "127.0.0.1" });
  // A service instrumented by hand with the OTel SDK: extract, start a SERVER span, end it.
  otelServer = createServer((req, res) => {
    const parent = w3c.extract(ROOT_CONTEXT, req.headers, headerGetter);
    const span = tracer.startSpan("otel-service GET", {}, parent);
    res.end(JSON.stringify({ traceId: span.spanContext().traceId }));
    span.end();
  });
  await new Promise<void>((resolve) => otelServer.listen(0, "127.0.0.1", resolve));
  otelUrl = `http://127.0.0.1:${(otelServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  setPropagation(false);
  logcrestService.server.closeAllConnections();
  await logcrestService.close();
  otelServer.closeAllConnections();
  await new Promise((r) => otelServer.close(r));
});
beforeEach(() => {
  mem = installMemoryPipeline();
  exporter.reset();
});

describe("OpenTelemetry interop over HTTP", () => {
  it("an OTel caller → a logcrest service: one trace id (OTel's 32 hex), the OTel span is the flow's parent", async () => {
    const span = tracer.startSpan("caller");
    const headers: Record<string, string> = {};
    w3c.inject(trace.setSpan(context.active(), span), headers, { set: (c, k, v) => void (c[k] = v) });
    const body = (await (await fetch(`${logcrestUrl}/work`, { headers })).json()) as { trace: string };
    span.end();
    await new Promise((r) => setTimeout(r, 20));
    const otelTrace = span.spanContext().traceId;
    expect(body.trace).toBe(otelTrace);
    const end = mem.objects().find((r) => r.flow_type === "flow_end")!;
    expect(end.trace_id).toBe(otelTrace);
    expect(end.parent_span_id).toBe(span.spanContext().spanId);
  });

  it("a logcrest caller → an OTel service: the same W3C trace id, the logcrest span is the OTel span's parent", async () => {
    setPropagation(true);
    try {
      let seen: { traceId: string } | undefined;
      let local: string | undefined;
      await checkout(1, () =>
        callDownstream(async () => {
          local = currentTraceId();
          seen = (await (await fetch(`${otelUrl}/`)).json()) as { traceId: string };
        }),
      );
      expect(local).toMatch(/^[0-9a-f]{8}$/);
      expect(seen!.traceId).toBe(`000000000000000000000000${local!}`);
      const otelSpan = exporter.getFinishedSpans()[0]!;
      const flowStart = mem.objects().find((r) => r.flow_type === "flow_start")!;
      expect(otelSpan.parentSpanContext?.spanId).toBe(flowStart.span_id);
      expect(otelSpan.parentSpanContext?.isRemote).toBe(true);
    } finally {
      setPropagation(false);
    }
  });

  it("the OTel SDK's propagator reads what traceHeaders() writes", async () => {
    let extracted: ReturnType<typeof trace.getSpanContext>;
    let local: string | undefined;
    await checkout(1, () => {
      local = currentTraceId();
      extracted = trace.getSpanContext(w3c.extract(ROOT_CONTEXT, traceHeaders() as Record<string, string>, headerGetter));
    });
    const flowStart = mem.objects().find((r) => r.flow_type === "flow_start")!;
    expect(extracted!).toEqual({ traceId: `000000000000000000000000${local!}`, spanId: flowStart.span_id, traceFlags: 1, isRemote: true });
  });
});
