/** Builds `Rec` objects the way the hot core does, for tests of the pipeline alone. */
import { INFO } from "../../runtime/levels";
import { K_FLOW_END, K_FLOW_START, K_LOG, Rec, type Site } from "../../runtime/record";
import { makeSite } from "../../runtime/sites";

export function site(name = "work", file = "src/work.ts", line = 7, level = INFO): Site {
  return makeSite(name, file, line, level, 0);
}

/** Any field of a record, for tests; the constructor's fields default to an INFO log record. */
export type RecInit = Partial<{ -readonly [K in keyof Rec]: Rec[K] }>;

export function rec(init: RecInit = {}): Rec {
  const { kind = K_LOG, level = INFO, time = Date.UTC(2026, 10, 25, 13, 34, 53, 123), traceId = "Global", site, name, root = false, ...rest } =
    init;
  const r = new Rec(kind, level, time, traceId, site, name, root);
  r.message = "hello";
  Object.assign(r, rest);
  return r;
}

export function logRec(level: number, message: string, fields?: Record<string, unknown>): Rec {
  return rec({ level, message, fields });
}

export function flowRec(kind: typeof K_FLOW_START | typeof K_FLOW_END, id = "checkout-3a7e2b1f", level = INFO): Rec {
  return rec({
    kind,
    level,
    name: "checkout",
    root: true,
    traceId: id.slice(-8),
    fields:
      kind === K_FLOW_START
        ? { flow_id: id, flow_type: "flow_start" }
        : { flow_id: id, flow_type: "flow_end", flow_status: "success", total_ms: 1.5, steps: 0, timeline: [] },
  });
}
