/**
 * `annotate(fields)`: business fields on the current flow's `flow_end` (README: What a tagged call writes), e.g.
 * `annotate({ orderId })` inside a request flow, so that the flow can be found by the id
 * the business knows it by. Outside a flow it does nothing and returns false; it never
 * throws into the app. The values are taken at the call, bounded and redacted
 * (runtime/capture.ts), as `log.*` fields are: a later change to the object does not reach
 * flow_end, and configured redaction applies.
 */
import { captureFields } from "./capture";
import { activeFlow } from "./context";
import { RESERVED_KEYS } from "./record-object";
import type { FlowState } from "./state";
import { warnOnce } from "./warn-once";

/**
 * Keys flow records write themselves: the record's own keys, the flow fields (README: What a tagged call writes),
 * what the HTTP integrations add, and the trace-context span ids. An annotation may not
 * shadow any of them, or a flow could be made to look like another.
 */
const FLOW_KEYS: ReadonlySet<string> = new Set([
  ...RESERVED_KEYS,
  "flow_id",
  "flow_type",
  "flow_status",
  "total_ms",
  "steps",
  "timeline",
  "step_offsets_ms",
  "timeline_dropped",
  "failed_at",
  "step",
  "flow_error",
  "labels",
  "args",
  "http_status",
  "route",
  "path",
  "aborted",
  "process_exit",
  "span_id",
  "parent_span_id",
  "__proto__",
]);

/** Annotation keys kept per flow; past this, further keys are dropped (with a warning). */
export const MAX_ANNOTATIONS = 64;

function refuse(key: string): void {
  warnOnce(
    "LOGCREST_RESERVED_FIELD",
    key,
    `annotate(): '${key}' is a field logcrest writes itself; it was not added (choose another name, e.g. 'app_${key}')`,
  );
}

function add(flow: FlowState, key: string, value: unknown): void {
  const bag = flow.annotations ?? (flow.annotations = new Map());
  if (!bag.has(key) && bag.size >= MAX_ANNOTATIONS) {
    warnOnce("LOGCREST_ANNOTATIONS_FULL", flow.name, `annotate(): more than ${MAX_ANNOTATIONS} fields on flow '${flow.name}'; the rest are dropped`);
    return;
  }
  bag.set(key, value);
}

/**
 * Adds `fields` as top-level fields of the current flow's flow_end (a later value for the
 * same key replaces the earlier one). Returns true when a flow took them (keys logcrest
 * writes itself are left out, each with a one-time warning), false outside a flow.
 */
export function annotate(fields: Readonly<Record<string, unknown>>): boolean {
  try {
    const flow = activeFlow();
    if (flow === undefined) return false;
    const captured = captureFields(fields);
    if (captured === undefined) return true;
    for (const key of Object.keys(captured)) {
      if (FLOW_KEYS.has(key)) refuse(key);
      else add(flow, key, captured[key]);
    }
    return true;
  } catch {
    // A hostile fields object (a throwing getter or Proxy) costs its fields, nothing more.
    return activeFlow() !== undefined;
  }
}
