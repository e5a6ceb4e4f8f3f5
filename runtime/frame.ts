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
import { addStep, degradeNestedFlow, emitFlowStart, endFlow, newFlow, stepThrew } from "./flow-state";
import { hex8, joinLabels } from "./ids";
import { ERROR } from "./levels";
import { F_ASYNC, F_FLOW, F_LABEL_FROM, F_LOG_ARGS, K_ENTER, K_EXIT, K_FAIL, Rec, type Site, type Step } from "./record";
import { S, type Context, type FlowState } from "./state";

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
  return new Rec(kind, level, wall(time), f.traceId, f.site, undefined, f.root);
}

function openFlow(site: Site, t: number, args: unknown, label: unknown): Frame {
  const cleaned = (site.flags & F_LABEL_FROM) !== 0 ? joinLabels(site.label, label) : site.label;
  const flow = newFlow(site.name, cleaned, site.level, t);
  const f = new Frame(site, t, flow.traceId);
  f.root = true;
  f.flow = flow;
  f.ctx = { traceId: flow.traceId, flow };
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
      f = new Frame(site, t, hex8());
      f.root = true;
      f.ctx = { traceId: f.traceId, flow: undefined };
    } else {
      f = new Frame(site, t, store.traceId);
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
 * stack traces show the same frame as the uninstrumented method.
 */
export function run<T>(f: Frame | null, body: () => T, self?: unknown): T {
  return f !== null && f.ctx !== undefined ? storage().run(f.ctx, callBody, body, self) : body.call(self);
}

function callBody<T>(body: () => T, self: unknown): T {
  return body.call(self);
}
