/**
 * Flows without a tag: the `flow()` block form (the seed's `with log_flow(...)`) and the
 * handle API the HTTP integrations use (docs/ARCHITECTURE.md §5).
 */
import { mono } from "./clock";
import { activeFlow, storage } from "./context";
import { ensureReady } from "./emit";
import { degradeNestedFlow, emitFlowStart, endFlow, flowContext, newFlow, type FlowOutcome } from "./flow-state";
import { enter, exit, fail } from "./frame";
import { cleanLabel } from "./ids";
import { INFO, parseLevel } from "./levels";
import { F_LOG_ARGS, type Site } from "./record";
import { makeSite } from "./sites";
import { S, type Context, type FlowState } from "./state";
import type { IncomingTrace } from "./trace/spans";

export interface OpenFlowOptions {
  /** The `function` of the flow records (`"GET /orders/42"`, or the block's name). */
  name: string;
  /** Raw label; cleaned here (README: What a tagged call writes). Empty or missing: a bare hex id. */
  label?: string;
  /** Level of flow_start and a successful flow_end. Default INFO. */
  level?: number;
  /** Logged in flow_start when given. */
  args?: unknown[];
  /** Key for the once-only nested-flow warning (default: `name`). */
  warnKey?: string;
  /**
   * An HTTP request's trace context (`incomingTrace(headers, method)`, runtime/trace/spans.ts):
   * the flow joins the caller's trace, and with the OpenTelemetry bridge it is a SERVER span.
   */
  trace?: IncomingTrace;
}

export interface FlowHandle {
  /** The flow id, e.g. for an `X-Flow-ID` header. */
  readonly id: string;
  readonly context: Context;
  readonly flow: FlowState;
}

/**
 * Starts a flow. Returns `undefined` when a flow is already active: the nested-flow warning
 * is emitted and the caller simply goes on inside the outer flow. Also `undefined` when the
 * level is below the configured minimum.
 */
export function openFlow(options: OpenFlowOptions): FlowHandle | undefined {
  const level = options.level ?? INFO;
  ensureReady();
  if (level < S.minLevel) return undefined;
  const outer = activeFlow();
  if (outer !== undefined) {
    degradeNestedFlow(undefined, options.warnKey ?? options.name, outer, cleanLabel(options.label));
    return undefined;
  }
  const t = mono();
  const flow = newFlow(options.name, cleanLabel(options.label), level, t, options.trace);
  emitFlowStart(flow, undefined, t, options.args, options.args !== undefined);
  return { id: flow.id, context: flowContext(flow), flow };
}

/**
 * Runs `fn` inside the flow's context and returns what it returns. With the OpenTelemetry
 * bridge, the flow's span is also OpenTelemetry's active span inside `fn`.
 */
export function runInFlow<T>(handle: FlowHandle, fn: () => T): T {
  const otel = handle.flow.link?.otel;
  if (otel !== undefined && S.otel !== undefined) {
    const bridge = S.otel;
    return storage().run(handle.context, () => bridge.withSpan(otel, fn));
  }
  const als = storage();
  // Already in the flow's context (a framework hook that runs inside the request's own
  // continuation): `run` would switch to the same store and back, which costs a context
  // frame per call on Node 24 and a store swap on Node 20, for nothing.
  if (als.getStore() === handle.context) return fn();
  return als.run(handle.context, fn);
}

/** Writes the flow's one flow_end. Later calls do nothing, so every exit path may call it. */
export function closeFlow(handle: FlowHandle, outcome?: FlowOutcome): void {
  endFlow(handle.flow, undefined, mono(), outcome);
}

/**
 * `closeFlow` with flow_end written at `site` (named `outcome.name`): an HTTP route's site,
 * made once per route (runtime/http/route-name.ts), so the route's name is serialised once.
 */
export function closeFlowAt(handle: FlowHandle, site: Site | undefined, outcome: FlowOutcome): void {
  endFlow(handle.flow, site, mono(), outcome);
}

export interface FlowOptions {
  label?: string;
  /** Name in records; default: the function's name, else the cleaned label, else "flow". */
  name?: string;
  level?: number | string;
  /** Log `args` in flow_start. */
  args?: unknown[];
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * Runs `fn` and calls `done` once it has settled: at once for a sync result or throw,
 * when the promise settles for an async one. The result (or the same thrown value) goes
 * back to the caller unchanged.
 */
function settled<T>(fn: () => T, done: (outcome?: { error: unknown }) => void): T {
  let result: T;
  try {
    result = fn();
  } catch (err) {
    done({ error: err });
    throw err;
  }
  if (!isPromiseLike(result)) {
    done();
    return result;
  }
  return Promise.resolve(result).then(
    (value) => {
      done();
      return value;
    },
    (err: unknown) => {
      done({ error: err });
      throw err;
    },
  ) as T;
}

// Sites for degraded (nested) block flows, made once per name; bounded so that dynamic
// names cannot grow it without limit.
const blockSites = new Map<string, Site>();
function blockSite(name: string, level: number, logArgs: boolean): Site {
  const key = `${name}\0${level}\0${logArgs ? 1 : 0}`;
  let site = blockSites.get(key);
  if (site === undefined) {
    // Never F_ASYNC: a nested step opens no context, so there is nothing to scope.
    site = makeSite(name, "", 0, level, logArgs ? F_LOG_ARGS : 0);
    if (blockSites.size < 1000) blockSites.set(key, site);
  }
  return site;
}

/**
 * `flow(label | options, fn)`: runs `fn` inside a flow. Returns fn's result (a promise
 * when fn returns one); a throw or rejection ends the flow as failed and propagates
 * unchanged. Inside an active flow it warns and runs as a step of the outer flow.
 */
export function flow<T>(labelOrOptions: string | FlowOptions | undefined, fn: () => T): T {
  const options: FlowOptions = typeof labelOrOptions === "string" ? { label: labelOrOptions } : (labelOrOptions ?? {});
  const level = options.level === undefined ? INFO : (parseLevel(options.level) ?? INFO);
  const name = options.name ?? (fn.name || cleanLabel(options.label) || "flow");
  const outer = activeFlow();
  if (outer !== undefined) {
    degradeNestedFlow(undefined, name, outer, cleanLabel(options.label));
    return asStep(name, level, options.args, fn);
  }
  const handle = openFlow({ name, label: options.label, level, args: options.args });
  if (handle === undefined) return fn(); // level disabled
  return settled(
    () => runInFlow(handle, fn),
    (outcome) => closeFlow(handle, outcome),
  );
}

/** A nested block flow is timed and recorded like a tagged call, as a step. */
function asStep<T>(name: string, level: number, args: unknown[] | undefined, fn: () => T): T {
  const site = blockSite(name, level, args !== undefined);
  const f = enter(site, args);
  return settled(fn, (outcome) => {
    if (outcome !== undefined) fail(f, outcome.error);
    exit(f);
  });
}
