/**
 * `traceHeaders()` (README: Distributed tracing): the W3C headers that continue the current trace in a call to
 * another service. Outside any trace: `{}`.
 */
import { activeContext } from "../context";
import { S } from "../state";
import { formatTraceparent, w3cTraceId } from "./w3c";

export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The current context's trace and span as `traceparent`, and the caller's `tracestate`
 * passed on unchanged. Local traces are sent as sampled; a trace from a caller or from
 * OpenTelemetry keeps the flags it came with. With the bridge on, the span is
 * OpenTelemetry's active one when it is in this trace (the tagged call running now).
 */
export function traceHeaders(): TraceHeaders {
  const ctx = activeContext();
  if (ctx === undefined) return {};
  const link = ctx.link;
  const trace = w3cTraceId(ctx.traceId);
  const span = (link?.otel !== undefined ? S.otel?.activeSpanId(trace) : undefined) ?? ctx.spanId;
  const out: TraceHeaders = { traceparent: formatTraceparent(trace, span, link === undefined ? 1 : link.flags) };
  if (link !== undefined && link.tracestate !== undefined) out.tracestate = link.tracestate;
  return out;
}
