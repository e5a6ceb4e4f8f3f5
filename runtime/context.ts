/**
 * Trace context with AsyncLocalStorage semantics (README: What a tagged call writes): it follows sync calls, `await`,
 * promise callbacks, timers and event emitters.
 *
 * The AsyncLocalStorage is created on the first root call, not at import: once one is active
 * every `await` in the process pays for context propagation (bench/ measures it), so an app
 * that loads LogCrest but never runs instrumented code pays nothing.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { S, type Context, type FlowState } from "./state";
import type { Step } from "./record";
import { round2 } from "./record-object";
import { mono } from "./clock";

export function storage(): AsyncLocalStorage<Context> {
  return S.als ?? (S.als = new AsyncLocalStorage<Context>());
}

/** The active context, without creating the storage. */
export function activeContext(): Context | undefined {
  return S.als === undefined ? undefined : S.als.getStore();
}

/**
 * The flow a new call joins: the active context's flow, unless that flow has ended (code
 * still running in an ended flow's context, a fire-and-forget, starts no new steps and may
 * open a flow of its own). Pass `store` when the caller has already read the context.
 */
export function activeFlow(store: Context | undefined = activeContext()): FlowState | undefined {
  const flow = store === undefined ? undefined : store.flow;
  return flow !== undefined && !flow.ended ? flow : undefined;
}

/** The active trace id, or `undefined` outside any trace (records say "Global"). */
export function currentTraceId(): string | undefined {
  return activeContext()?.traceId;
}

/** The active flow id (`checkout-3a7e2b1f`), or `undefined` outside a flow. */
export function currentFlowId(): string | undefined {
  return activeContext()?.flow?.id;
}

/** A copy of the active flow's timeline so far, or `undefined` outside a flow. */
export function currentTimeline(): Array<{ fn: string; ms: number; status: Step["status"] }> | undefined {
  const flow = activeContext()?.flow;
  if (flow === undefined) return undefined;
  const t = mono();
  return flow.timeline.map((s) => ({ fn: s.fn, ms: round2(s.status === "running" ? t - s.start : s.ms), status: s.status }));
}
