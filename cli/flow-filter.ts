/**
 * The flow filters of `view`: `--failed`, `--flow <id>`, `--since <time>`, `--last N`.
 * The first three are tested per flow while streaming; `--last` needs the whole
 * (start-ordered) list and is applied after.
 */
import type { Flow } from "./read-flows";

export interface FlowFilter {
  readonly failedOnly: boolean;
  readonly flowId: string | undefined;
  /** Epoch ms; flows that started before are left out (flows with an unknown start too). */
  readonly sinceMs: number | undefined;
  readonly last: number | undefined;
}

export function matchesFilter(flow: Flow, filter: FlowFilter): boolean {
  if (filter.failedOnly && flow.status !== "failed") return false;
  if (filter.flowId !== undefined && flow.id !== filter.flowId) return false;
  if (filter.sinceMs !== undefined && !(flow.startMs >= filter.sinceMs)) return false;
  return true;
}

/** Start order; flows with an unknown start (NaN) first, in the order they were read. */
export function byStart(a: Flow, b: Flow): number {
  const an = Number.isNaN(a.startMs);
  const bn = Number.isNaN(b.startMs);
  if (an || bn) return an === bn ? 0 : an ? -1 : 1;
  return a.startMs - b.startMs;
}

/** Sorts in start order (stable) and keeps the last N when asked. */
export function selectFlows(flows: Flow[], filter: FlowFilter): Flow[] {
  flows.sort(byStart);
  return filter.last !== undefined && flows.length > filter.last ? flows.slice(flows.length - filter.last) : flows;
}
