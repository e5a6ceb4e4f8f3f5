/**
 * The entry points instrumented code calls (docs/ARCHITECTURE.md §2). One `Frame` per
 * enabled call; a disabled level returns `null` after a single compare.
 *
 * Context rules:
 *  - a root (no active context) opens a new trace; a `@flow` outside a flow opens a flow;
 *  - sync frames that open a context switch it with `enterWith` and switch back in `exit`
 *    (no closure per call); async frames hand the context to `run`, which scopes it to the
 *    body with `als.run`, so the caller's context is untouched after the first `await`;
 *  - nested calls change no context at all: they only read it.
 */
import { captureArgs, captureFailure, captureValue, lastSize } from "./capture";
import { mono, wall } from "./clock";
import { activeContext, activeFlow, storage } from "./context";
import { emit, ensureReady } from "./emit";
import { addStep, degradeNestedFlow, emitFlowStart, endFlow, flowContext, newFlow, stepThrew } from "./flow-state";
import { joinLabels } from "./ids";
import { ERROR } from "./levels";
import { describeError } from "./record-message";
import { F_ASYNC, F_FLOW, F_LABEL_FROM, F_LOG_ARGS, K_ENTER, K_EXIT, K_FAIL, Rec, type Site, type Step } from "./record";
import { S, type Context, type FlowState } from "./state";
import { endSpan, type BridgedSpan } from "./trace/otel";
import { spanId } from "./trace/span-id";
import { startChildSpan, startRootSpan } from "./trace/spans";

const RUNNING = 0;
const FAILED = 1;
const DONE = 2;

export class Frame {
  state = RUNNING;
  root = false;
  /** The context this frame opened (root or flow); `run` scopes async bodies to it. */
  ctx: Context | undefined = undefined;
  /** Sync frames that switched context restore `prev` on exit. */
  restore = false;
  prev: Context | undefined = undefined;
  /** Set when this frame is a step of a flow. */
  step: Step | undefined = undefined;
  ordinal = 0;
  stepFlow: FlowState | undefined = undefined;
  /** Set when this frame owns a flow (a `@flow` function that started one). */
  flow: FlowState | undefined = undefined;
  /** The `logResult` value as captured when it was returned. */
  result: unknown = undefined;
  resultSize = 0;
  hasResult = false;
  /** This call's span (a flow's span for a `@flow` frame), and the span it runs in. */
  spanId = "";
  parentSpanId: string | undefined = undefined;
  /** This call's OpenTelemetry span (bridge on, runtime/trace/otel.ts). */
  otel: BridgedSpan | undefined = undefined;
  constructor(
    readonly site: Site,
    readonly start: number,
    readonly traceId: string,
  ) {}
}

function argsArray(args: unknown): unknown[] {
  // `arguments` is copied at entry: a sloppy-mode body may reassign parameters later.
  return args === undefined || args === null ? [] : Array.prototype.slice.call(args as ArrayLike<unknown>);
}

function record(kind: number, level: number, f: Frame, time: number): Rec {
  const rec = new Rec(kind, level, wall(time), f.traceId, f.site, undefined, f.root);
  rec.spanId = f.spanId;
  rec.parentSpanId = f.parentSpanId;
  return rec;
}

/** A call outside any trace starts one: its own span is the trace's first. */
function rootFrame(site: Site, t: number): Frame {
  const span = startRootSpan(site.name);
  const f = new Frame(site, t, span.traceId);
  f.root = true;
  f.spanId = span.spanId;
  f.parentSpanId = span.parentSpanId;
  f.otel = span.link?.otel;
  f.ctx = { traceId: span.traceId, flow: undefined, spanId: span.spanId, link: span.link };
  return f;
}

/** A call inside a trace: a span of its own, child of the context's span. */
function nestedFrame(site: Site, t: number, store: Context): Frame {
  const f = new Frame(site, t, store.traceId);
  f.parentSpanId = store.spanId;
  const link = store.link;
  const otel = link === undefined ? undefined : startChildSpan(site.name, link);
  if (otel !== undefined) {
    f.otel = otel;
    f.spanId = otel.spanId;
  } else {
    f.spanId = spanId();
  }
  return f;
}

function openFlow(site: Site, t: number, args: unknown, label: unknown): Frame {
  const cleaned = (site.flags & F_LABEL_FROM) !== 0 ? joinLabels(site.label, label) : site.label;
  const flow = newFlow(site.name, cleaned, site.level, t);
  const f = new Frame(site, t, flow.traceId);
  f.root = true;
  f.flow = flow;
  f.spanId = flow.spanId;
  f.parentSpanId = flow.parentSpanId;
  // The flow's span is OpenTelemetry's active span in an async @flow body (run()); it is
  // ended by endFlow, never by exit()/fail(), which only end the spans of calls.
  f.otel = flow.link?.otel;
  f.ctx = flowContext(flow);
  const logArgs = (site.flags & F_LOG_ARGS) !== 0;
  emitFlowStart(flow, site, t, logArgs ? argsArray(args) : undefined, logArgs);
  return f;
}

export function enter(site: Site, args?: unknown, label?: unknown): Frame | null {
  if (site.level < S.minLevel) return null;
  if (S.minLevel < 0) {
    ensureReady();
    if (site.level < S.minLevel) return null;
  }
  const store = activeContext();
  const t = mono();
  let f: Frame;
  const flow = activeFlow(store);
  if ((site.flags & F_FLOW) !== 0 && flow === undefined) {
    f = openFlow(site, t, args, label);
  } else {
    if ((site.flags & F_FLOW) !== 0) {
      degradeNestedFlow(site, site.name, flow!, (site.flags & F_LABEL_FROM) !== 0 ? joinLabels(site.label, label) : site.label);
    }
    if (store === undefined) {
      f = rootFrame(site, t);
    } else {
      f = nestedFrame(site, t, store);
      if (flow !== undefined) {
        const step: Step = { fn: site.name, start: t, ms: 0, status: "running" };
        const ordinal = addStep(flow, step);
        if (ordinal > 0) {
          f.step = step;
          f.ordinal = ordinal;
          f.stepFlow = flow;
        }
      }
    }
    const rec = record(K_ENTER, site.level, f, t);
    if ((site.flags & F_LOG_ARGS) !== 0) {
      rec.value = captureArgs(argsArray(args), site, site.redact);
      rec.size = lastSize;
      rec.hasValue = true;
    }
    emit(rec);
  }
  if (f.ctx !== undefined && (site.flags & F_ASYNC) === 0) {
    f.prev = store;
    f.restore = true;
    storage().enterWith(f.ctx);
  }
  return f;
}

function restore(f: Frame): void {
  if (f.restore) {
    f.restore = false;
    // enterWith's type wants a Context, but undefined is how "no context" is restored.
    S.als!.enterWith(f.prev as Context);
  }
}

export function exit(f: Frame | null): void {
  if (f === null) return;
  if (f.state === RUNNING) {
    f.state = DONE;
    const t = mono();
    if (f.flow !== undefined) {
      endFlow(f.flow, f.site, t, undefined);
    } else {
      const rec = record(K_EXIT, f.site.level, f, t);
      rec.ms = t - f.start;
      if (f.hasResult) {
        rec.value = f.result;
        rec.size = f.resultSize;
        rec.hasValue = true;
      }
      emit(rec);
      if (f.step !== undefined) {
        f.step.ms = rec.ms;
        f.step.status = "ok";
      }
      if (f.otel !== undefined) endSpan(f.otel, false, undefined, undefined, undefined);
    }
  }
  restore(f);
}

export function fail(f: Frame | null, err: unknown): void {
  if (f === null || f.state !== RUNNING) return;
  f.state = FAILED;
  const t = mono();
  if (f.flow !== undefined) {
    endFlow(f.flow, f.site, t, { error: err });
    return;
  }
  const rec = record(K_FAIL, ERROR, f, t);
  rec.ms = t - f.start;
  // The error as it is now (a later frame may change its message) and whether its stack is already written.
  rec.value = captureFailure(err, f.site.name);
  rec.size = lastSize;
  rec.hasValue = true;
  emit(rec);
  if (f.step !== undefined) {
    f.step.ms = rec.ms;
    stepThrew(f.stepFlow!, f.step, f.ordinal, err);
  }
  if (f.otel !== undefined) endSpan(f.otel, true, err, describeError(err), undefined);
}

/** `return EXPR` under `logResult`: keeps the value for the exit record. */
export function ret<T>(f: Frame | null, value: T): T {
  if (f !== null) {
    f.result = captureValue(value);
    f.resultSize = lastSize;
    f.hasResult = true;
  }
  return value;
}

/**
 * Async bodies: run with the context the frame opened, if any. `self` is the tagged
 * function's `this`, passed as the body's receiver: the body is an arrow, so it cannot
 * change `this`, but V8 names a frame after its receiver (`at OrderService.charge`), so
 * stack traces show the same frame as the uninstrumented method. With the OpenTelemetry
 * bridge, the call's span is also OpenTelemetry's active span in the body, so the app's own
 * spans (and its auto-instrumentation's) nest under it.
 */
export function run<T>(f: Frame | null, body: () => T, self?: unknown): T {
  if (f === null) return body.call(self);
  if (f.otel !== undefined && S.otel !== undefined) {
    const bridge = S.otel;
    const span = f.otel;
    const inner = body;
    body = function (this: unknown): T {
      return bridge.withSpan(span, () => inner.call(this));
    };
  }
  return f.ctx !== undefined ? storage().run(f.ctx, callBody, body, self) : body.call(self);
}

function callBody<T>(body: () => T, self: unknown): T {
  return body.call(self);
}
