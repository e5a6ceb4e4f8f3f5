/**
 * The one mutable runtime of the process.
 *
 * Everything that must not split between copies of this package (the ESM wrapper and the
 * CJS build, two installs, a copy bundled into an app) lives on one object kept at
 * `globalThis[Symbol.for("logcrest.runtime.v1")]`. The first copy loaded creates it;
 * later copies adopt it, so they share the queue, the config and the trace context.
 */
import type { AsyncLocalStorage } from "node:async_hooks";
import type { Rec } from "./record";
import type { BridgedSpan, OtelBridge } from "./trace/otel";

/** What the hot path hands records to (runtime/pipeline.ts implements it). */
export interface Pipeline {
  /** Queue one record; never blocks, never throws. */
  push(rec: Rec): void;
  /** Resolves when everything queued so far is written and every handler has flushed. */
  flush(): Promise<void>;
  /** Writes everything queued now, synchronously (process `exit`). */
  flushSync(): void;
  /** Flush, then close files and handlers. The pipeline takes no records after this. */
  close(): Promise<void>;
  /** Synchronous close, for `exit`. */
  closeSync(): void;
  /**
   * Process `exit`: writes everything synchronously, and from then on every record at once
   * (an app's own later `exit` listeners may still log). Outputs stay open.
   */
  exitFlush(): void;
}

/** The active trace/flow context, the value kept in AsyncLocalStorage. */
export interface Context {
  readonly traceId: string;
  /** The flow this context belongs to, if any (runtime/flow-state.ts). */
  readonly flow: FlowState | undefined;
  /** The span records in this context belong to: the flow's or the root call's (16 hex). */
  readonly spanId: string;
  /** What a trace that did not start here brings along; `undefined` for a local trace. */
  readonly link: TraceLink | undefined;
}

/** A trace joined from a caller's `traceparent` or from OpenTelemetry (runtime/trace/). */
export interface TraceLink {
  /** W3C trace flags passed on in `traceparent` (bit 0: sampled). */
  readonly flags: number;
  /** The caller's `tracestate`, passed on unchanged. */
  readonly tracestate: string | undefined;
  /** The context's OpenTelemetry span, when the bridge is on (runtime/trace/otel.ts). */
  readonly otel: BridgedSpan | undefined;
}

/** A running flow (runtime/flow-state.ts owns the logic; the shape lives here to avoid cycles). */
export interface FlowState {
  readonly id: string;
  readonly traceId: string;
  readonly name: string;
  readonly level: number;
  readonly start: number;
  /** The flow's span, and the caller's span when the trace came from another service. */
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly link: TraceLink | undefined;
  /** Stored steps, in start order; bounded (see flow-state.ts MAX_STEPS). */
  readonly timeline: import("./record").Step[];
  /** All steps started, including those past the bound. */
  stepCount: number;
  /** Values thrown by steps so far: the first step to throw a value is `failed`, later ones `interrupted`. */
  thrown: unknown[] | undefined;
  /** For each value in `thrown`, the step that threw it first and its 1-based position. */
  thrownBy: Array<{ fn: string; ordinal: number }> | undefined;
  ended: boolean;
  /** `annotate(fields)`: extra top-level fields for flow_end (runtime/annotate.ts). */
  annotations: Map<string, unknown> | undefined;
  /** Labels of `@flow` calls that ran as steps of this flow (flow_end `labels`). */
  labels: string[] | undefined;
}

export interface RuntimeState {
  readonly version: 1;
  /** Records below this level are never built. -1 until the config is resolved. */
  minLevel: number;
  pipeline: Pipeline | undefined;
  /** Created on the first root: no AsyncLocalStorage tax on an app that never traced. */
  als: AsyncLocalStorage<Context> | undefined;
  /** Builds the pipeline from the resolved config (runtime/lifecycle.ts installs it). */
  build: (() => Pipeline) | undefined;
  /** Records dropped by a bounded queue, not yet reported. */
  dropped: number;
  /** The OpenTelemetry bridge while `otel: true` is in force and the API loaded (runtime/trace/otel.ts). */
  otel: OtelBridge | undefined;
  // Once-only flags and sets: kept here, never in a module variable, so that two copies
  // of the package neither repeat a warning nor install a second exit hook.
  exitHookInstalled: boolean;
  /** `code key` of every Node warning already emitted (runtime/warn-once.ts). */
  warned: Set<string>;
  /** Keys of the stderr reports already printed (runtime/handlers/report.ts). */
  reported: Set<string>;
}

const KEY = Symbol.for("logcrest.runtime.v1");

function create(): RuntimeState {
  return {
    version: 1,
    minLevel: -1,
    pipeline: undefined,
    als: undefined,
    build: undefined,
    dropped: 0,
    otel: undefined,
    exitHookInstalled: false,
    warned: new Set<string>(),
    reported: new Set<string>(),
  };
}

type Holder = { [KEY]?: RuntimeState };
const holder = globalThis as Holder;

/** The process-wide runtime state. */
export const S: RuntimeState = holder[KEY] ?? (holder[KEY] = create());
// A copy built before a field existed created the state without it: add what is missing.
S.warned ??= new Set<string>();
S.reported ??= new Set<string>();
