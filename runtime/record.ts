/**
 * The record type: what travels from the caller's path to the writer.
 *
 * The hot path only builds a `Rec` and queues it; messages, timestamps and JSON are made
 * later, in batches, by the pipeline. The wording of messages is in record-message.ts, the
 * public record shape (README: Configuration) in record-object.ts.
 */
import * as contract from "./contract";

import type { SiteBytes } from "./format/json-bytes";
import type { RedactPath } from "./redact";

/** Record kinds. Plain numbers so the hot path compares small integers. */
export const K_LOG = 0;
export const K_ENTER = 1;
export const K_EXIT = 2;
export const K_FAIL = 3;
export const K_FLOW_START = 4;
export const K_FLOW_END = 5;

/** Site flags, as emitted by the transformer: the contract's numbers (runtime/contract.ts). */
export const F_LOG_ARGS = contract.F_LOG_ARGS;
export const F_LOG_RESULT = contract.F_LOG_RESULT;
export const F_FLOW = contract.F_FLOW;
export const F_ASYNC = contract.F_ASYNC;
/** `@flow labelFrom=...`: the label comes from the 3rd argument of `enter` (empty → bare hex). */
export const F_LABEL_FROM = contract.F_LABEL_FROM;

/**
 * One tagged function, built once per module load from a row of literals. Everything a
 * record needs about the function is computed here, not per call.
 */
export interface Site {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly level: number;
  readonly flags: number;
  /** Cleaned static flow label, or "" for none. */
  readonly label: string;
  /** Pre-serialised `"function":…,"file":…,"line":…` fragment of the JSON record. */
  readonly json: string;
  /** `'name'` as it appears in messages. */
  readonly quoted: string;
  /** The LOGCREST_NESTED_FLOW warning is emitted once per call site. */
  nestedFlowWarned: boolean;
  /** The site's static JSON bytes, made by format/json-bytes.ts on first use. */
  bytes: SiteBytes | undefined;
  /** The tag's `redact=` paths (argument index first), or undefined. */
  readonly redact: readonly RedactPath[] | undefined;
}

/** A timeline step of a flow (README: What a tagged call writes), as kept while the flow runs. */
export interface Step {
  fn: string;
  /** Monotonic start time; not written to records. */
  start: number;
  /** Duration, set when the step ends. */
  ms: number;
  status: "ok" | "failed" | "interrupted" | "running";
}

/**
 * One record. Built only through this constructor, with every field in the same order, so
 * every record has one hidden class and the formatters' property reads stay monomorphic.
 */
export class Rec {
  /** elapsed_ms (EXIT/FAIL) or total_ms (FLOW_END), unrounded. */
  ms = 0;
  /** The user's message (K_LOG). */
  message: string | undefined = undefined;
  /** ENTER: args (logArgs); EXIT: result (logResult); FAIL: the thrown value. */
  value: unknown = undefined;
  hasValue = false;
  /** Size of the captured values (runtime/capture.ts), for the queue's byte bound. */
  size = 0;
  /** K_LOG: the user's fields. Flow kinds: the flow fields (flow_id, timeline, ...). */
  fields: Record<string, unknown> | undefined = undefined;
  /** `span_id`: the call's or flow's own span; for K_LOG the span of the context. */
  spanId: string | undefined = undefined;
  /** `parent_span_id`: the span that contains this one (calls and flows only). */
  parentSpanId: string | undefined = undefined;

  constructor(
    readonly kind: number,
    readonly level: number,
    /** Epoch milliseconds, fractional (timeOrigin + performance.now()). */
    readonly time: number,
    /** The active trace id, or "Global" outside any trace. */
    readonly traceId: string,
    readonly site: Site | undefined,
    /** Name for `function` when there is no site (HTTP routes, block flows). */
    readonly name: string | undefined,
    /** Written as `[Root]` (true) or `[Nested]` in entry/exit messages. */
    readonly root: boolean,
  ) {}
}

/** Flow records go to `flows/` only (README: Configuration). */
export function isFlowRecord(rec: Rec): boolean {
  return rec.kind === K_FLOW_START || rec.kind === K_FLOW_END;
}
