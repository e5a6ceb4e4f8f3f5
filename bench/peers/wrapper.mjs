// The runtime-wrapper baseline: what a decorator or `wrap(fn)` library does at minimum —
// a closure per call run under AsyncLocalStorage (als.run) and two clock reads — but it
// writes no record. It shows what "no wrapper on the hot path" saves.
import { AsyncLocalStorage } from "node:async_hooks";
import { performance } from "node:perf_hooks";
import { hex8 } from "../lib/ids.mjs";
import { body } from "../lib/workload.mjs";

export const label = "runtime wrapper, decorator style (als.run closure + 2x now), no record";

export async function setup() {
  const als = new AsyncLocalStorage();
  const finished = { calls: 0, lastMs: 0 };
  function traced(fn) {
    return function (...args) {
      const ctx = als.getStore() ?? { traceId: hex8() };
      const t0 = performance.now();
      try {
        return als.run(ctx, () => fn.apply(this, args));
      } finally {
        finished.lastMs = performance.now() - t0;
        finished.calls++;
      }
    };
  }
  function tracedAsync(fn) {
    return function (...args) {
      const ctx = als.getStore() ?? { traceId: hex8() };
      return als.run(ctx, async () => {
        const t0 = performance.now();
        try {
          return await fn.apply(this, args);
        } finally {
          finished.lastMs = performance.now() - t0;
          finished.calls++;
        }
      });
    };
  }
  return {
    sync: traced(body),
    async: tracedAsync(async (x) => {
      await null;
      return body(x);
    }),
    recordsPerCall: 1,
    unit: "wrapped calls completed",
    close: async () => {},
    count: () => finished.calls,
  };
}
