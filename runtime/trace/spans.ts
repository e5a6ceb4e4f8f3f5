/**
 * Where a flow's or a root call's span comes from (README: Distributed tracing), in one place for the
 * hot core (frame.ts, flow-state.ts) to call:
 *
 * - the OpenTelemetry bridge when it is on and a provider is registered: the OTel span's
 *   ids (its trace id kept at 32 hex, or written short when it has zero high bits);
 * - else the caller's `traceparent` (HTTP requests): its trace, and its span as parent;
 * - else a new local trace: 8-hex trace id, a random span id, no parent.
 */
import { hex8 } from "../ids";
import { S, type TraceLink } from "../state";
import { endSpan, KIND_INTERNAL, KIND_SERVER, type BridgedSpan } from "./otel";
import { spanId } from "./span-id";
import { localTraceId, parseRemoteParent, type RemoteParent } from "./w3c";

/** What an HTTP integration knows of an incoming request when it opens the request's flow. */
export interface IncomingTrace {
  /** The caller's trace, from its `traceparent` / `tracestate` (undefined: none, or malformed). */
  readonly remote: RemoteParent | undefined;
  /** The request method, for the SERVER span's `http.request.method`. */
  readonly method: string;
}

interface HeaderBag {
  get?(name: string): string | null;
  [name: string]: unknown;
}

/**
 * The trace context of an incoming request from its headers: a Node `req.headers` object
 * or fetch-style `Headers` (`get`). A malformed or hostile header is ignored: a new trace
 * starts.
 */
export function incomingTrace(headers: unknown, method: string): IncomingTrace {
  let traceparent: unknown;
  let tracestate: unknown;
  try {
    if (headers !== undefined && headers !== null && typeof headers === "object") {
      const bag = headers as HeaderBag;
      if (typeof bag.get === "function") {
        traceparent = bag.get("traceparent");
        tracestate = bag.get("tracestate");
      } else {
        traceparent = bag.traceparent;
        tracestate = bag.tracestate;
      }
    }
  } catch {
    // A headers object that throws is one more hostile input.
  }
  return { remote: parseRemoteParent(traceparent, tracestate), method };
}

/** The ids a new flow or root call starts with. */
export interface SpanStart {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  link: TraceLink | undefined;
}

/**
 * The span of a new flow (`incoming` for HTTP request flows) or root call. `localHex` is the
 * trace id of a local trace (a flow's id suffix).
 */
export function startSpan(name: string, localHex: string, incoming: IncomingTrace | undefined): SpanStart {
  const remote = incoming?.remote;
  const bridge = S.otel;
  if (bridge !== undefined) {
    const bridged = bridge.startRoot(
      name,
      incoming === undefined ? KIND_INTERNAL : KIND_SERVER,
      remote,
      incoming === undefined ? undefined : { "http.request.method": incoming.method },
    );
    if (bridged !== undefined) {
      return {
        traceId: localTraceId(bridged.traceId),
        spanId: bridged.spanId,
        parentSpanId: bridged.parentSpanId,
        link: { flags: bridged.flags, tracestate: remote?.tracestate, otel: bridged },
      };
    }
  }
  if (remote !== undefined) {
    return {
      traceId: localTraceId(remote.traceId),
      spanId: spanId(),
      parentSpanId: remote.spanId,
      link: { flags: remote.flags, tracestate: remote.tracestate, otel: undefined },
    };
  }
  return { traceId: localHex, spanId: spanId(), parentSpanId: undefined, link: undefined };
}

/** A root call's span (a tagged call outside any trace). */
export function startRootSpan(name: string): SpanStart {
  return startSpan(name, hex8(), undefined);
}

/** A tagged call inside a bridged trace: its child span, or `undefined` to use a local id. */
export function startChildSpan(name: string, link: TraceLink | undefined): BridgedSpan | undefined {
  const parent = link?.otel;
  const bridge = S.otel;
  return parent === undefined || bridge === undefined ? undefined : bridge.startChild(name, parent);
}

/**
 * Ends a flow's OpenTelemetry span: the HTTP response status and the route template as
 * attributes (the span is renamed to the route name the flow ended with), ERROR on failure.
 */
export function endFlowSpan(link: TraceLink | undefined, name: string, failed: boolean, error: unknown, errorText: string | undefined, fields: Record<string, unknown> | undefined): void {
  const otel = link?.otel;
  if (otel === undefined) return;
  let attributes: Record<string, unknown> | undefined;
  if (fields !== undefined && typeof fields.http_status === "number") {
    attributes = { "http.response.status_code": fields.http_status };
    if (typeof fields.route === "string") attributes["http.route"] = fields.route;
  }
  endSpan(otel, failed, error, errorText, attributes, name);
}
