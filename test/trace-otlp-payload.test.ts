/**
 * otlpHandler's payloads are real OTLP/HTTP JSON: for the same spans and log records, the
 * bodies it sends equal what the OpenTelemetry JS exporter (@opentelemetry/exporter-trace-otlp-http)
 * and serializer (@opentelemetry/otlp-transformer) send, up to proto3 JSON's defaults.
 *
 * The spans handed to OpenTelemetry are rebuilt from what logcrest sent, read by the OTLP
 * field names; then each side's body is compared whole. A wrong field name, nesting, type
 * or time unit on our side shows as a difference. Semantic checks pin the enum values.
 */
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type AttributeValue } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { JsonLogsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { afterEach, describe, expect, it } from "vitest";
import type { LogRecord } from "../runtime/handlers/types";
import { OtlpHandler } from "../runtime/trace/otlp-handler";
import { startReceiver, type Receiver } from "./helpers/otlp-receiver";

const TRACE = "3a7e2b1f";
const FLOW_SPAN = "a1b2c3d4e5f60718";
const STEP1 = "1111111111111111";
const STEP2 = "2222222222222222";
const CALLER = "99aa99aa99aa99aa";

/** One HTTP flow of two steps (the second crashed), as the pipeline hands records to handlers. */
function records(): LogRecord[] {
  const base = { logger: "svc", trace_id: TRACE };
  return [
    { ...base, timestamp: "2026-12-01T10:00:00.010Z", level: "INFO", span_id: STEP1, parent_span_id: FLOW_SPAN, function: "loadOrder", file: "src/orders.ts", line: 12, message: "[Nested] 'loadOrder' finished in 4.25ms", elapsed_ms: 4.25 },
    { ...base, timestamp: "2026-12-01T10:00:00.020Z", level: "INFO", span_id: FLOW_SPAN, message: "loading", order: 42, ratio: 0.5, ok: true, tags: ["a", "b"], nested: { k: "v" } },
    { ...base, timestamp: "2026-12-01T10:00:00.030Z", level: "ERROR", span_id: STEP2, parent_span_id: FLOW_SPAN, function: "charge", file: "src/pay.ts", line: 7, message: "[Nested] 'charge' crashed after 1.50ms | TypeError: card declined", elapsed_ms: 1.5, exception: "TypeError: card declined\n    at charge (src/pay.ts:8:11)" },
    {
      ...base,
      timestamp: "2026-12-01T10:00:00.040Z",
      level: "ERROR",
      span_id: FLOW_SPAN,
      parent_span_id: CALLER,
      function: "POST /orders/:id",
      message: "[Flow End] 'POST /orders/:id' | flow_id=post-orders-42-3a7e2b1f | failed at 'charge' (step 2/2) after 35.00ms | TypeError: card declined",
      flow_id: "post-orders-42-3a7e2b1f",
      flow_type: "flow_end",
      flow_status: "failed",
      total_ms: 35,
      steps: 2,
      timeline: [{ fn: "loadOrder", ms: 4.25, status: "ok" }, { fn: "charge", ms: 1.5, status: "failed" }],
      step_offsets_ms: [1, 20],
      failed_at: "charge",
      step: "2/2",
      flow_error: "TypeError: card declined",
      route: "/orders/:id",
      path: "/orders/42",
      http_status: 500,
    },
  ] as LogRecord[];
}

type AnyValue = { stringValue?: string; boolValue?: boolean; intValue?: number | string; doubleValue?: number; arrayValue?: { values: AnyValue[] }; kvlistValue?: { values: KeyValue[] } };
type KeyValue = { key: string; value: AnyValue };

/** OTLP AnyValue → the JS value OpenTelemetry's API takes. */
function fromAny(v: AnyValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue !== undefined) return v.arrayValue.values.map(fromAny);
  if (v.kvlistValue !== undefined) return Object.fromEntries(v.kvlistValue.values.map((kv) => [kv.key, fromAny(kv.value)]));
  return undefined;
}
function fromAttributes(list: KeyValue[]): Attributes {
  return Object.fromEntries(list.map((kv) => [kv.key, fromAny(kv.value) as AttributeValue]));
}
function hrTime(nanos: string): [number, number] {
  const n = BigInt(nanos);
  return [Number(n / 1_000_000_000n), Number(n % 1_000_000_000n)];
}

/** proto3 JSON leaves out default values; OpenTelemetry JS writes some of them. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(normalise);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalise(v);
      if (n === undefined || n === 0 || n === "" || (typeof n === "object" && n !== null && Object.keys(n).length === 0)) continue;
      out[k] = n;
    }
    return out;
  }
  return value;
}

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("otlpHandler payloads are OTLP/HTTP JSON", () => {
  it("spans: the same body as @opentelemetry/exporter-trace-otlp-http sends", async () => {
    receiver = await startReceiver();
    const handler = new OtlpHandler({ url: receiver.url, resource: { "service.name": "orders" }, logs: false });
    for (const r of records()) handler.handle(r);
    handler.endBatch();
    await handler.flush();
    const ours = receiver.accepted("/v1/traces");
    expect(ours).toHaveLength(1);
    expect(ours[0]!.headers["content-type"]).toBe("application/json");
    const body = ours[0]!.body as { resourceSpans: Array<{ resource: { attributes: KeyValue[] }; scopeSpans: Array<{ scope: { name: string; version: string }; spans: Array<Record<string, any>> }> }> };
    const rs = body.resourceSpans[0]!;
    const scope = rs.scopeSpans[0]!.scope;
    const spans = rs.scopeSpans[0]!.spans;

    // Semantics first: two step spans and the flow, linked, with OTLP's enum numbers.
    expect(spans.map((s) => s.name)).toEqual(["loadOrder", "charge", "POST /orders/:id"]);
    const [load, charge, flowSpan] = spans as [Record<string, any>, Record<string, any>, Record<string, any>];
    expect(flowSpan.traceId).toBe("0000000000000000000000003a7e2b1f");
    expect(flowSpan.spanId).toBe(FLOW_SPAN);
    expect(flowSpan.parentSpanId).toBe(CALLER);
    expect(load.parentSpanId).toBe(FLOW_SPAN);
    expect(flowSpan.kind).toBe(2); // SPAN_KIND_SERVER
    expect(load.kind).toBe(1); // SPAN_KIND_INTERNAL
    expect(charge.status.code).toBe(2); // STATUS_CODE_ERROR
    expect(flowSpan.endTimeUnixNano).toBe(String(Date.parse("2026-12-01T10:00:00.040Z") * 1_000_000));
    expect(BigInt(flowSpan.endTimeUnixNano) - BigInt(flowSpan.startTimeUnixNano)).toBe(35_000_000n);
    expect(BigInt(load.endTimeUnixNano) - BigInt(load.startTimeUnixNano)).toBe(4_250_000n);
    expect(fromAttributes(flowSpan.attributes)).toMatchObject({ "http.route": "/orders/:id", "http.request.method": "POST", "http.response.status_code": 500 });
    expect(charge.events[0].name).toBe("exception");

    // The same spans through OpenTelemetry's own exporter, to the same receiver.
    const resource = resourceFromAttributes(fromAttributes(rs.resource.attributes));
    const readable: ReadableSpan[] = spans.map((s) => ({
      name: s.name,
      kind: (s.kind - 1) as SpanKind,
      spanContext: () => ({ traceId: s.traceId, spanId: s.spanId, traceFlags: s.flags & 0xff }),
      parentSpanContext: s.parentSpanId === undefined ? undefined : { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: (s.flags & 0x200) !== 0 },
      startTime: hrTime(s.startTimeUnixNano),
      endTime: hrTime(s.endTimeUnixNano),
      duration: [0, 0],
      status: { code: s.status.code as SpanStatusCode, message: s.status.message },
      attributes: fromAttributes(s.attributes),
      links: [],
      events: s.events.map((e: { name: string; timeUnixNano: string; attributes: KeyValue[] }) => ({ name: e.name, time: hrTime(e.timeUnixNano), attributes: fromAttributes(e.attributes) })),
      ended: true,
      resource,
      instrumentationScope: { name: scope.name, version: scope.version },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    }));
    const exporter = new OTLPTraceExporter({ url: `${receiver.url}/v1/traces` });
    await new Promise<void>((resolve, reject) => exporter.export(readable, (r) => (r.code === 0 ? resolve() : reject(r.error))));
    await exporter.shutdown();
    const theirs = receiver.accepted("/v1/traces")[1]!;
    expect(normalise(body)).toEqual(normalise(theirs.body));
  });

  it("logs: the same body as OpenTelemetry's JSON logs serializer makes", async () => {
    receiver = await startReceiver();
    const handler = new OtlpHandler({ url: receiver.url, resource: { "service.name": "orders" }, traces: false });
    const before = BigInt(Date.now()) * 1_000_000n;
    for (const r of records()) handler.handle(r);
    const after = BigInt(Date.now()) * 1_000_000n;
    await handler.flush();
    const ours = receiver.accepted("/v1/logs");
    expect(ours).toHaveLength(1);
    const body = ours[0]!.body as { resourceLogs: Array<{ resource: { attributes: KeyValue[] }; scopeLogs: Array<{ scope: { name: string; version: string }; logRecords: Array<Record<string, any>> }> }> };
    const rl = body.resourceLogs[0]!;
    const logs = rl.scopeLogs[0]!.logRecords;
    expect(logs).toHaveLength(4);
    expect(logs.map((l) => l.severityNumber)).toEqual([9, 9, 17, 17]);
    expect(logs[1]!.body).toEqual({ stringValue: "loading" });
    expect(logs[1]!.spanId).toBe(FLOW_SPAN);
    expect(fromAttributes(logs[1]!.attributes)).toMatchObject({ logger: "svc", order: 42, ratio: 0.5, ok: true, tags: ["a", "b"], nested: { k: "v" } });
    expect(logs[0]!.timeUnixNano).toBe(String(Date.parse("2026-12-01T10:00:00.010Z") * 1_000_000));
    for (const l of logs) {
      expect(BigInt(l.observedTimeUnixNano)).toBeGreaterThanOrEqual(before);
      expect(BigInt(l.observedTimeUnixNano)).toBeLessThanOrEqual(after);
    }

    const resource = resourceFromAttributes(fromAttributes(rl.resource.attributes));
    const readable = logs.map(
      (l) =>
        ({
          hrTime: hrTime(l.timeUnixNano),
          hrTimeObserved: hrTime(l.observedTimeUnixNano),
          spanContext: l.traceId === undefined ? undefined : { traceId: l.traceId, spanId: l.spanId, traceFlags: l.flags },
          severityText: l.severityText,
          severityNumber: l.severityNumber,
          body: fromAny(l.body),
          resource,
          instrumentationScope: rl.scopeLogs[0]!.scope,
          attributes: fromAttributes(l.attributes),
          droppedAttributesCount: 0,
        }) as unknown as ReadableLogRecord,
    );
    const theirs = JSON.parse(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(readable)!));
    expect(normalise(body)).toEqual(normalise(theirs));
  });

  it("sends the configured headers and keeps a base path", async () => {
    receiver = await startReceiver();
    const handler = new OtlpHandler({ url: `${receiver.url}/otlp/`, headers: { authorization: "Bearer k" }, logs: false });
    handler.handle(records()[0]!);
    await handler.flush();
    expect(receiver.received[0]!.path).toBe("/otlp/v1/traces");
    expect(receiver.received[0]!.headers.authorization).toBe("Bearer k");
  });

  it("refuses a bad url with one clear error", () => {
    expect(() => new OtlpHandler({ url: "not a url" })).toThrow(/otlpHandler\(\): "not a url" is not a URL/);
    expect(() => new OtlpHandler({ url: "ftp://x" })).toThrow(/http: or https:/);
    expect(() => new OtlpHandler(undefined as never)).toThrow(/needs \{ url/);
  });
});
