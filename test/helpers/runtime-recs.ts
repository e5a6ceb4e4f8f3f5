/** Builds `Rec` objects the way the hot core does, for tests of the pipeline alone. */
import { INFO } from "../../runtime/levels";
import { K_FLOW_END, K_FLOW_START, K_LOG, Rec, type Site } from "../../runtime/record";
import { makeSite } from "../../runtime/sites";

export function site(name = "work", file = "src/work.ts", line = 7, level = INFO): Site {
  return makeSite(name, file, line, level, 0);
}

export function rec(fields: Partial<Rec> = {}): Rec {
  const r = new Rec();
  r.time = Date.UTC(2026, 10, 25, 13, 34, 53, 123);
  r.kind = K_LOG;
  r.level = INFO;
  r.message = "hello";
  Object.assign(r, fields);
  return r;
}

export function logRec(level: number, message: string, fields?: Record<string, unknown>): Rec {
  return rec({ level, message, fields });
}

export function flowRec(kind: typeof K_FLOW_START | typeof K_FLOW_END, id = "checkout-3a7e2b1f"): Rec {
  return rec({
    kind,
    name: "checkout",
    root: true,
    traceId: id.slice(-8),
    fields:
      kind === K_FLOW_START
        ? { flow_id: id, flow_type: "flow_start" }
        : { flow_id: id, flow_type: "flow_end", flow_status: "success", total_ms: 1.5, steps: 0, timeline: [] },
  });
}
