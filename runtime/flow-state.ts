/**
 * Flow bookkeeping shared by `@flow` functions, the `flow()` block form and the HTTP
 * integrations (README: What a tagged call writes): ids, the bounded timeline, step outcomes and the two records.
 */
import { captureArgs, captureFailure, lastSize } from "./capture";
import { wall } from "./clock";
import { emit } from "./emit";
import { flowId, hex8 } from "./ids";
import { ERROR } from "./levels";
import { describeError } from "./errors";
import { K_FLOW_END, K_FLOW_START, Rec, type Site, type Step } from "./record";
import { round2 } from "./record-object";
import type { Context, FlowState } from "./state";
import { endFlowSpan, startSpan, type IncomingTrace } from "./trace/spans";
import { warnOnce } from "./warn-once";

/**
 * Steps kept per flow. Past this a loop inside a flow would grow memory without limit, so
 * further steps are counted (`steps`) but not stored, and the record says how many were
 * left out (`timeline_dropped`).
 */
export const MAX_STEPS = 1000;

/**
 * A new flow. Its trace is local (the id's hex suffix) unless `incoming` brings the caller's
 * trace (HTTP) or the OpenTelemetry bridge supplies the span (runtime/trace/spans.ts).
 */
export function newFlow(name: string, cleanedLabel: string, level: number, start: number, incoming?: IncomingTrace): FlowState {
  const hex = hex8();
  const span = startSpan(name, hex, incoming);
  return {
    id: flowId(cleanedLabel, hex),
    traceId: span.traceId,
    name,
    level,
    start,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    link: span.link,
    timeline: [],
    stepCount: 0,
    thrown: undefined,
    thrownBy: undefined,
    ended: false,
    annotations: undefined,
    labels: undefined,
  };
}

/** Key of the compiled redaction tree for flows without a site (block form, HTTP). */
const BLOCK_FLOWS = {};

/** The context a flow's code runs in. */
export function flowContext(flow: FlowState): Context {
  return { traceId: flow.traceId, flow, spanId: flow.spanId, link: flow.link };
}

export function emitFlowStart(flow: FlowState, site: Site | undefined, time: number, args: unknown, hasArgs: boolean): void {
  const rec = new Rec(K_FLOW_START, flow.level, wall(time), flow.traceId, site, flow.name, true);
  rec.spanId = flow.spanId;
  rec.parentSpanId = flow.parentSpanId;
  rec.fields = { flow_id: flow.id, flow_type: "flow_start" };
  if (hasArgs) {
    // A copy first: the block form and integrations hand in an array the caller still owns.
    rec.value = captureArgs(Array.isArray(args) ? args.slice() : [], site ?? BLOCK_FLOWS, site?.redact);
    rec.size = lastSize;
    rec.hasValue = true;
  }
  emit(rec);
}

/** Starts a step; returns its 1-based position, or 0 when the flow has already ended. */
export function addStep(flow: FlowState, step: Step): number {
  if (flow.ended) return 0;
  const ordinal = ++flow.stepCount;
  if (ordinal <= MAX_STEPS) flow.timeline.push(step);
  return ordinal;
}

/** A step threw `err`: `failed` if no step threw this value before, else `interrupted`. */
export function stepThrew(flow: FlowState, step: Step, ordinal: number, err: unknown): void {
  const thrown = flow.thrown;
  if (thrown !== undefined && thrown.includes(err)) {
    step.status = "interrupted";
    return;
  }
  step.status = "failed";
  if (thrown === undefined) {
    flow.thrown = [err];
    flow.thrownBy = [{ fn: step.fn, ordinal }];
  } else {
    thrown.push(err);
    flow.thrownBy!.push({ fn: step.fn, ordinal });
  }
}

export interface FlowOutcome {
  /** The value that ended the flow, if it was thrown. */
  error?: unknown;
  /** The flow failed (a throw, or e.g. a 5xx response without one). */
  failed?: boolean;
  /** flow_error text when there is no thrown value (`"HTTPError: 500 Internal Server Error"`). */
  errorText?: string;
  /** Extra top-level fields for flow_end (`http_status`, `aborted`). */
  fields?: Record<string, unknown>;
  /**
   * `function` of flow_end when it differs from flow_start's: an HTTP request is named by
   * its raw path when it starts and by its route template once routing has matched it.
   */
  name?: string;
}

/** Writes the one flow_end record. Steps still running are `interrupted`. */
export function endFlow(flow: FlowState, site: Site | undefined, now: number, outcome: FlowOutcome | undefined): void {
  if (flow.ended) return;
  flow.ended = true;
  const timeline = flow.timeline.map((s) => {
    if (s.status === "running") return { fn: s.fn, ms: round2(now - s.start), status: "interrupted" as const };
    return { fn: s.fn, ms: round2(s.ms), status: s.status };
  });
  // When each step started, relative to the flow: what makes a real waterfall possible
  // (concurrent steps overlap) without changing the {fn, ms, status} entries the README documents.
  const offsets = flow.timeline.map((s) => round2(s.start - flow.start));
  const total = now - flow.start;
  const failed = outcome !== undefined && (outcome.failed === true || "error" in outcome);
  const fields: Record<string, unknown> = {
    flow_id: flow.id,
    flow_type: "flow_end",
    flow_status: failed ? "failed" : "success",
    total_ms: round2(total),
    steps: flow.stepCount,
    timeline,
    step_offsets_ms: offsets,
  };
  if (flow.stepCount > MAX_STEPS) fields.timeline_dropped = flow.stepCount - MAX_STEPS;
  const name = outcome?.name ?? flow.name;
  if (failed) {
    let failedAt = name;
    let position = 0;
    if (outcome !== undefined && "error" in outcome && flow.thrown !== undefined) {
      const i = flow.thrown.indexOf(outcome.error);
      if (i >= 0) {
        failedAt = flow.thrownBy![i]!.fn;
        position = flow.thrownBy![i]!.ordinal;
      }
    }
    fields.failed_at = failedAt;
    fields.step = `${position}/${flow.stepCount}`;
    fields.flow_error =
      outcome !== undefined && "error" in outcome ? describeError(outcome.error) : (outcome?.errorText ?? "Error: flow failed");
    if (outcome !== undefined && "error" in outcome) {
      // The stack once (issue 15): here when no crash record of a step wrote it (the flow's
      // own body threw), else the name of the record that did.
      const err = captureFailure(outcome.error, flow.name);
      if (err.ref !== undefined) fields.exception_ref = err.ref;
      else fields.exception = err.text;
    }
  }
  if (flow.labels !== undefined) fields.labels = flow.labels;
  // annotate() refused every key written above, so annotations add and never replace.
  if (flow.annotations !== undefined) for (const [key, value] of flow.annotations) fields[key] = value;
  if (outcome?.fields !== undefined) Object.assign(fields, outcome.fields);
  const rec = new Rec(K_FLOW_END, failed ? ERROR : flow.level, wall(now), flow.traceId, site, name, true);
  rec.ms = total;
  rec.fields = fields;
  rec.spanId = flow.spanId;
  rec.parentSpanId = flow.parentSpanId;
  emit(rec);
  if (flow.link !== undefined) {
    endFlowSpan(flow.link, name, failed, outcome?.error, failed ? (fields.flow_error as string) : undefined, fields);
  }
}

/**
 * README ("What a tagged call writes"): a flow inside an active flow warns and becomes a step. Once per call site for
 * tagged functions (the flag on the site is one load's site table), once per `key` for
 * block and HTTP flows (process-wide, runtime/warn-once.ts).
 */
/** Distinct labels kept per flow from `@flow` calls that ran as its steps. */
export const MAX_LABELS = 32;

/**
 * README ("What a tagged call writes"): a flow started inside an active flow warns and runs as a step of the outer one;
 * its label (the business id a `labelFrom` carries) goes on the outer flow's flow_end.
 */
export function degradeNestedFlow(site: Site | undefined, key: string, outer: FlowState, cleanedLabel: string): void {
  warnNestedFlow(site, key, outer.id);
  if (cleanedLabel === "") return;
  const labels = outer.labels ?? (outer.labels = []);
  if (labels.length < MAX_LABELS && !labels.includes(cleanedLabel)) labels.push(cleanedLabel);
}

export function warnNestedFlow(site: Site | undefined, key: string, outerId: string): void {
  const message = `'${key}' started a flow inside active flow ${outerId}; it runs as a step of the outer flow instead`;
  if (site === undefined) {
    warnOnce("LOGCREST_NESTED_FLOW", key, message);
    return;
  }
  if (site.nestedFlowWarned) return;
  site.nestedFlowWarned = true;
  process.emitWarning(message, { code: "LOGCREST_NESTED_FLOW" });
}
