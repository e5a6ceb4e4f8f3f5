/**
 * The OpenTelemetry bridge (`configure({ otel: true })`, README: Distributed tracing): flows and tagged calls
 * become spans of the app's own tracer provider, and records carry those spans' ids.
 *
 * `@opentelemetry/api` is an optional peer: it is looked up only when the option is on,
 * from this package and then from the app's working directory, never at load. With the
 * option off, or the API absent, nothing here runs: the hot path only finds `S.otel`
 * undefined. Without a registered provider the API hands out non-recording spans with an
 * invalid context; those are ignored, so the records keep logcrest's own ids.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { S } from "../state";
import { warnOnce } from "../warn-once";
import type { RemoteParent } from "./w3c";

/** The few members of @opentelemetry/api 1.x the bridge uses. */
export interface OtelSpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
  traceState?: unknown;
}
export interface OtelSpan {
  spanContext(): OtelSpanContext;
  setAttribute(key: string, value: string | number | boolean): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: unknown): void;
  updateName(name: string): unknown;
  end(): void;
}
interface OtelContext {
  readonly __brand?: unknown;
}
interface OtelTracer {
  startSpan(name: string, options: { kind?: number; attributes?: Record<string, string | number | boolean> }, context?: OtelContext): OtelSpan;
}
interface OtelApi {
  trace: {
    getTracer(name: string, version?: string): OtelTracer;
    setSpan(context: OtelContext, span: OtelSpan): OtelContext;
    setSpanContext(context: OtelContext, spanContext: OtelSpanContext): OtelContext;
    getSpan(context: OtelContext): OtelSpan | undefined;
    isSpanContextValid(spanContext: OtelSpanContext): boolean;
  };
  context: {
    active(): OtelContext;
    with<T>(context: OtelContext, fn: () => T): T;
  };
  ROOT_CONTEXT: OtelContext;
  createTraceState?(raw?: string): unknown;
}

export const KIND_INTERNAL = 0;
export const KIND_SERVER = 1;
const STATUS_ERROR = 2;

/** A started span and what the records need of it. */
export interface BridgedSpan {
  readonly span: OtelSpan;
  /** The name it was started with. */
  readonly name: string;
  /** 32 lowercase hex (the W3C form). */
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly flags: number;
}

export class OtelBridge {
  private readonly tracer: OtelTracer;
  constructor(private readonly api: OtelApi) {
    this.tracer = api.trace.getTracer("logcrest", "0.1.0");
  }

  /**
   * A span with no logcrest parent: a flow, or a root call. Its parent is the caller's span
   * from `traceparent` when there is one, else whatever span the app has active (an
   * auto-instrumented HTTP server span, a span of the app's own).
   */
  startRoot(name: string, kind: number, remote: RemoteParent | undefined, attributes?: Record<string, string | number | boolean>): BridgedSpan | undefined {
    const api = this.api;
    let parent: OtelContext;
    let parentSpanId: string | undefined;
    if (remote !== undefined) {
      const traceState = remote.tracestate !== undefined && api.createTraceState !== undefined ? api.createTraceState(remote.tracestate) : undefined;
      parent = api.trace.setSpanContext(api.ROOT_CONTEXT, {
        traceId: remote.traceId,
        spanId: remote.spanId,
        traceFlags: remote.flags,
        isRemote: true,
        ...(traceState !== undefined ? { traceState } : {}),
      });
      parentSpanId = remote.spanId;
    } else {
      parent = api.context.active();
      const active = api.trace.getSpan(parent)?.spanContext();
      if (active !== undefined && api.trace.isSpanContextValid(active)) parentSpanId = active.spanId;
    }
    return this.start(name, kind, parent, parentSpanId, attributes);
  }

  /** A tagged call inside a bridged trace: a child of the context's span. */
  startChild(name: string, parent: BridgedSpan): BridgedSpan | undefined {
    return this.start(name, KIND_INTERNAL, this.api.trace.setSpan(this.api.ROOT_CONTEXT, parent.span), parent.spanId, undefined);
  }

  /**
   * The span id of OpenTelemetry's active span when it belongs to trace `w3cTraceId` (a
   * tagged async call's span, or one the app started inside it), else `undefined`.
   */
  activeSpanId(w3cTraceId: string): string | undefined {
    try {
      const sc = this.api.trace.getSpan(this.api.context.active())?.spanContext();
      return sc !== undefined && sc.traceId === w3cTraceId && this.api.trace.isSpanContextValid(sc) ? sc.spanId : undefined;
    } catch {
      return undefined;
    }
  }

  /** Runs `fn` with `span` as OpenTelemetry's active span, so the app's own spans nest under it. */
  withSpan<T>(span: BridgedSpan, fn: () => T): T {
    const api = this.api;
    return api.context.with(api.trace.setSpan(api.context.active(), span.span), fn);
  }

  private start(
    name: string,
    kind: number,
    parent: OtelContext,
    parentSpanId: string | undefined,
    attributes: Record<string, string | number | boolean> | undefined,
  ): BridgedSpan | undefined {
    try {
      const span = this.tracer.startSpan(name, attributes === undefined ? { kind } : { kind, attributes }, parent);
      const sc = span.spanContext();
      // No provider registered: a non-recording span with an invalid context. Ignore it.
      if (!this.api.trace.isSpanContextValid(sc)) return undefined;
      return { span, name, traceId: sc.traceId, spanId: sc.spanId, parentSpanId, flags: sc.traceFlags };
    } catch {
      return undefined;
    }
  }
}

/**
 * Ends a span; a failure sets status ERROR and records the exception. `name`: the span's
 * final name when it changed while it ran (an HTTP flow learns its route template late).
 */
export function endSpan(
  span: BridgedSpan,
  failed: boolean,
  error: unknown,
  errorText: string | undefined,
  attributes: Record<string, unknown> | undefined,
  name?: string,
): void {
  const s = span.span;
  try {
    if (name !== undefined && name !== span.name) s.updateName(name);
    if (attributes !== undefined) {
      for (const key of Object.keys(attributes)) {
        const v = attributes[key];
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") s.setAttribute(key, v);
      }
    }
    if (failed) {
      if (error instanceof Error) s.recordException(error);
      else if (errorText !== undefined) {
        const colon = errorText.indexOf(": ");
        s.recordException({ name: colon > 0 ? errorText.slice(0, colon) : "Error", message: colon > 0 ? errorText.slice(colon + 2) : errorText });
      }
      s.setStatus({ code: STATUS_ERROR, message: errorText });
    }
    s.end();
  } catch {
    // The app's SDK throwing must never reach instrumented code.
  }
}

const OTEL_API = "@opentelemetry/api";

function loadApi(): OtelApi | undefined {
  // Our own resolution first (the package beside us), then the app's (its working
  // directory). Through createRequire, so that a bundler of the app neither inlines the API
  // nor fails the build when it is not installed.
  const from = [join(process.cwd(), "noop.js")];
  if (typeof __filename === "string") from.unshift(__filename);
  for (const base of from) {
    try {
      const api = createRequire(base)(OTEL_API) as OtelApi;
      if (api !== null && typeof api === "object" && typeof api.trace?.getTracer === "function") return api;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/**
 * Turns the bridge on or off. On, with @opentelemetry/api not loadable: a Node warning
 * (once) and the bridge stays off. Loaded once per process and kept on the shared state.
 */
export function setOtel(on: boolean): void {
  if (!on) {
    S.otel = undefined;
    return;
  }
  if (S.otel !== undefined) return;
  const api = loadApi();
  if (api === undefined) {
    warnOnce(
      "LOGCREST_OTEL_UNAVAILABLE",
      "api",
      "otel: true, but @opentelemetry/api cannot be loaded (npm i @opentelemetry/api); flows are not bridged to OpenTelemetry",
    );
    return;
  }
  S.otel = new OtelBridge(api);
}
