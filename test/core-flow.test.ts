/**
 * Flows in the hot core (SPEC §4), driven by tagged functions built by the real emitter:
 * ids and labels, context lifecycle, timeline, failure analysis, nesting, the block form,
 * concurrency and the timeline bound.
 */
import fc from "fast-check";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { currentFlowId, currentTimeline, currentTraceId } from "../runtime/context";
import { flow } from "../runtime/flow-api";
import { MAX_STEPS } from "../runtime/flow-state";
import { cleanLabel } from "../runtime/ids";
import { log } from "../runtime/log";
import { instrumented } from "./helpers/instrumented";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";

/**
 * One tagged wrapper per site, built by the real emitter (test/helpers/instrumented.ts): each
 * runs the body a test gives it, so every test below runs the emitted shape around its body.
 */
const SOURCE = `type Body = (...a: any[]) => any;
/** @logcrest */
export function validate(body: Body, a: unknown[]) { return body(...a); }
/** @logcrest */
export function charge(body: Body, a: unknown[]) { return body(...a); }
/** @logcrest */
export function ship(body: Body, a: unknown[]) { return body(...a); }
/** @flow Check-Out! */
export function checkout(body: Body, a: unknown[]) { return body(...a); }
/** @flow */
export function bare(body: Body, a: unknown[]) { return body(...a); }
/** @flow labelFrom=label */
export function byRequest(label: unknown, body: Body, a: unknown[]) { return body(...a); }
/** @logcrest */
export async function asyncStep(body: Body, a: unknown[]) { return await body(...a); }
/** @flow async */
export async function asyncFlow(body: Body, a: unknown[]) { return await body(...a); }
/** @flow inner */
export function innerFlow(body: Body, a: unknown[]) { return body(...a); }
/** @logcrest */
export function tick(body: Body, a: unknown[]) { return body(...a); }
`;
type Wrapper = (body: (...a: never[]) => unknown, a: unknown[]) => unknown;
type Wrappers = Record<string, Wrapper> & { byRequest(label: unknown, body: (...a: never[]) => unknown, a: unknown[]): unknown };
const NAMES = ["validate", "charge", "ship", "checkout", "bare", "byRequest", "asyncStep", "asyncFlow", "innerFlow", "tick"];
let W: Wrappers;
beforeAll(async () => {
  W = (await instrumented<Wrappers>("core-flow-shop", SOURCE)).module;
});

type Fn<A extends unknown[], R> = (...a: A) => R;
/** Site `i` (a sync tagged function) around a plain body. */
function sync<A extends unknown[], R>(i: number, body: Fn<A, R>, label?: (...a: A) => unknown): Fn<A, R> {
  const name = NAMES[i]!;
  return (...a: A) => (label ? W.byRequest(label(...a), body as never, a) : W[name]!(body as never, a)) as R;
}
/** Site `i` (an async tagged function) around a plain body. */
function asyncShape<A extends unknown[], R>(i: number, body: Fn<A, Promise<R>>): Fn<A, Promise<R>> {
  const name = NAMES[i]!;
  return (...a: A) => W[name]!(body as never, a) as Promise<R>;
}

const validate = sync(0, (n: number) => n > 0);
const charge = sync(1, (n: number) => {
  if (n > 100) throw Object.assign(new Error("gateway timeout"), { name: "ConnectionError" });
  return "ok";
});
const ship = sync(2, () => charge(1000));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const asyncStep = asyncShape(6, async (ms: number) => {
  await sleep(ms);
  return currentFlowId();
});

let mem: MemoryPipeline;
beforeEach(() => {
  mem = installMemoryPipeline();
});
const flowRecs = () => mem.objects().filter((r) => r.flow_type !== undefined);

describe("flow ids and labels", () => {
  it("cleans labels as the spec says", () => {
    expect(cleanLabel("My flow!")).toBe("my-flow");
    expect(cleanLabel("GET /orders/42")).toBe("get-orders-42");
    expect(cleanLabel("--x--")).toBe("x");
    expect(cleanLabel("!!!")).toBe("");
    expect(cleanLabel("a".repeat(31) + "-b")).toBe("a".repeat(31));
    expect(cleanLabel(undefined)).toBe("");
  });

  it("cleaned labels are always safe, short and canonical (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (raw) => {
        const out = cleanLabel(raw);
        expect(out).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
        expect(out.length).toBeLessThanOrEqual(32);
        expect(cleanLabel(out)).toBe(out);
      }),
    );
  });

  it("static label, bare id, and labelFrom with a missing value", () => {
    const checkout = sync(3, () => currentFlowId());
    const bare = sync(4, () => currentFlowId());
    const byRequest = sync(5, (_req: { id?: string }) => currentFlowId(), (req) => req.id);
    expect(checkout()).toMatch(/^check-out-[0-9a-f]{8}$/);
    expect(bare()).toMatch(/^[0-9a-f]{8}$/);
    expect(byRequest({ id: "Req 7" })).toMatch(/^req-7-[0-9a-f]{8}$/);
    expect(byRequest({})).toMatch(/^[0-9a-f]{8}$/);
    expect(byRequest({ id: "" })).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe("flow lifecycle and timeline", () => {
  it("records a successful flow with its steps, and every record carries the flow's trace id", () => {
    const checkout = sync(3, (n: number) => {
      log.info("paying", { amount: n });
      validate(n);
      charge(n);
      expect(currentTimeline()!.map((s) => s.fn)).toEqual(["validate", "charge"]);
      return currentFlowId();
    });
    const id = checkout(10)!;
    const hex = id.slice(-8);
    expect(currentFlowId()).toBeUndefined();
    expect(currentTraceId()).toBeUndefined();
    const all = mem.objects();
    expect(new Set(all.map((r) => r.trace_id))).toEqual(new Set([hex]));
    const [start, end] = flowRecs();
    expect(start).toMatchObject({
      flow_id: id,
      flow_type: "flow_start",
      function: "checkout",
      message: `[Flow Start] 'checkout' | flow_id=${id}`,
      level: "INFO",
    });
    expect(end).toMatchObject({ flow_id: id, flow_type: "flow_end", flow_status: "success", steps: 2, level: "INFO" });
    expect(end!.timeline).toEqual([
      { fn: "validate", ms: expect.any(Number), status: "ok" },
      { fn: "charge", ms: expect.any(Number), status: "ok" },
    ]);
    // each step's start after the flow's start, in start order
    const offsets = end!.step_offsets_ms as number[];
    expect(offsets).toHaveLength(2);
    expect(offsets[0]).toBeGreaterThanOrEqual(0);
    expect(offsets[1]).toBeGreaterThanOrEqual(offsets[0]!);
    expect(typeof end!.total_ms).toBe("number");
    expect(end).not.toHaveProperty("failed_at");
    // the flow function writes only flow records, steps write their own
    expect(all.filter((r) => r.function === "checkout").map((r) => r.flow_type)).toEqual(["flow_start", "flow_end"]);
  });

  it("failure: failed step, interrupted steps, step N/M and flow_error", () => {
    const checkout = sync(3, () => {
      validate(1);
      ship(); // ship -> charge(1000) throws: charge failed, ship interrupted
    });
    expect(() => checkout()).toThrow("gateway timeout");
    const end = flowRecs()[1]!;
    expect(end).toMatchObject({
      level: "ERROR",
      flow_status: "failed",
      failed_at: "charge",
      step: "3/3",
      flow_error: "ConnectionError: gateway timeout",
      steps: 3,
    });
    expect((end.timeline as Array<{ fn: string; status: string }>).map((s) => [s.fn, s.status])).toEqual([
      ["validate", "ok"],
      ["ship", "interrupted"],
      ["charge", "failed"],
    ]);
    expect(end.message).toMatch(/failed at 'charge' \(step 3\/3\)/);
  });

  it("a throw from the flow body itself: failed_at is the flow, step 0/M, non-Error thrown values", () => {
    const checkout = sync(3, () => {
      validate(1);
      throw "out of stock";
    });
    expect(() => checkout()).toThrow("out of stock");
    expect(flowRecs()[1]).toMatchObject({
      failed_at: "checkout",
      step: "0/1",
      flow_error: "NonError: out of stock",
    });
  });

  it("a caught step failure does not fail the flow", () => {
    const checkout = sync(3, () => {
      try {
        charge(1000);
      } catch {
        return "recovered";
      }
    });
    expect(checkout()).toBe("recovered");
    const end = flowRecs()[1]!;
    expect(end.flow_status).toBe("success");
    expect(end.timeline).toEqual([{ fn: "charge", ms: expect.any(Number), status: "failed" }]);
  });

  it("async flow: concurrent steps each appear in start order, time until settled", async () => {
    const asyncFlow = asyncShape(7, async () => {
      const ids = await Promise.all([asyncStep(30), asyncStep(5), asyncStep(15)]);
      return ids;
    });
    const ids = await asyncFlow();
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^async-[0-9a-f]{8}$/);
    const end = flowRecs()[1]!;
    expect(end.steps).toBe(3);
    expect((end.timeline as Array<{ ms: number }>).map((s) => s.ms >= 4)).toEqual([true, true, true]);
    // started together: their offsets are within a millisecond, far less than any step took
    const offsets = end.step_offsets_ms as number[];
    expect(offsets).toHaveLength(3);
    expect(Math.max(...offsets) - Math.min(...offsets)).toBeLessThan(2);
    expect((end.timeline as Array<{ ms: number }>)[0]!.ms).toBeGreaterThan((end.timeline as Array<{ ms: number }>)[1]!.ms);
    expect(end.total_ms as number).toBeGreaterThanOrEqual(25);
  });

  it("a step still running when the flow ends is interrupted", async () => {
    let late!: Promise<unknown>;
    const checkout = sync(3, () => {
      late = asyncStep(20);
    });
    checkout();
    await late;
    const end = flowRecs()[1]!;
    expect(end.timeline).toEqual([{ fn: "asyncStep", ms: expect.any(Number), status: "interrupted" }]);
  });

  it("two concurrent flows never share ids or steps", async () => {
    const asyncFlow = asyncShape(7, async (ms: number) => [await asyncStep(ms), currentTraceId()]);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => asyncFlow(i % 5)));
    expect(new Set(results.map((r) => r[0])).size).toBe(20);
    for (const [id, trace] of results) expect(String(id).endsWith(String(trace))).toBe(true);
    const ends = flowRecs().filter((r) => r.flow_type === "flow_end");
    expect(ends).toHaveLength(20);
    expect(ends.every((e) => e.steps === 1)).toBe(true);
  });

  it("the timeline is bounded; steps past the bound are counted", () => {
    const tick = sync(9, () => 1);
    const checkout = sync(3, () => {
      for (let i = 0; i < MAX_STEPS + 250; i++) tick();
    });
    checkout();
    const end = flowRecs()[1]!;
    expect(end.steps).toBe(MAX_STEPS + 250);
    expect((end.timeline as unknown[]).length).toBe(MAX_STEPS);
    expect(end.timeline_dropped).toBe(250);
  });
});

describe("nesting", () => {
  it("a @flow inside a flow warns once per site and becomes a step", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      const innerFlow = sync(8, () => currentFlowId());
      const checkout = sync(3, () => [innerFlow(), innerFlow(), currentFlowId()]);
      const [a, b, outer] = checkout();
      expect(a).toBe(outer);
      expect(b).toBe(outer);
      const codes = warn.mock.calls.map((c) => (c[1] as { code?: string } | undefined)?.code);
      expect(codes.filter((c) => c === "LOGCREST_NESTED_FLOW")).toHaveLength(1);
      expect(flowRecs()).toHaveLength(2);
      expect(flowRecs()[1]!.timeline).toEqual([
        { fn: "innerFlow", ms: expect.any(Number), status: "ok" },
        { fn: "innerFlow", ms: expect.any(Number), status: "ok" },
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("flow() block form", () => {
  it("sync: returns the value, records the flow, restores the caller's context", () => {
    const value = flow("Block Sync", () => {
      validate(3);
      return currentFlowId();
    });
    expect(value).toMatch(/^block-sync-[0-9a-f]{8}$/);
    expect(currentFlowId()).toBeUndefined();
    const [start, end] = flowRecs();
    expect(start!.function).toBe("block-sync");
    expect(start).not.toHaveProperty("file");
    expect(end).toMatchObject({ flow_status: "success", steps: 1 });
  });

  it("async: resolves with fn's value; a rejection propagates unchanged and fails the flow", async () => {
    const err = new RangeError("nope");
    await expect(flow({ label: "a", name: "payBlock" }, async () => asyncStep(2))).resolves.toMatch(/^a-/);
    await expect(
      flow("b", async () => {
        await asyncStep(1);
        throw err;
      }),
    ).rejects.toBe(err);
    const ends = flowRecs().filter((r) => r.flow_type === "flow_end");
    expect(ends[0]).toMatchObject({ function: "payBlock", flow_status: "success" });
    expect(ends[1]).toMatchObject({ flow_status: "failed", failed_at: "b", flow_error: "RangeError: nope", step: "0/1" });
  });

  it("a sync throw propagates unchanged", () => {
    const err = new Error("sync fail");
    expect(() =>
      flow("c", () => {
        throw err;
      }),
    ).toThrow(err);
    expect(flowRecs()[1]).toMatchObject({ flow_status: "failed", flow_error: "Error: sync fail" });
  });

  it("nested block flows warn and run as a step of the outer flow", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      const ids = flow("outer", () => [currentFlowId(), flow("inner-block", () => currentFlowId())]);
      expect(ids[0]).toBe(ids[1]);
      expect(warn.mock.calls.some((c) => (c[1] as { code?: string })?.code === "LOGCREST_NESTED_FLOW")).toBe(true);
      expect(flowRecs()).toHaveLength(2);
      expect(flowRecs()[1]!.timeline).toEqual([{ fn: "inner-block", ms: expect.any(Number), status: "ok" }]);
    } finally {
      warn.mockRestore();
    }
  });
});
