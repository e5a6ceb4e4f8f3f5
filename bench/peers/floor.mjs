// The hand-written floor: the least code that does the same work as an instrumented call
// — trace id in AsyncLocalStorage, entry and exit JSON lines built from a precomputed
// prefix, written in batches (one fs.write per turn). Nothing generic, nothing
// configurable: a lower bound, not a product.
import { AsyncLocalStorage } from "node:async_hooks";
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { hex8 } from "../lib/ids.mjs";
import { countFileLines } from "../lib/lines.mjs";
import { makeBatchWriter } from "../lib/floor-writer.mjs";
import { FN, FILE, LINE, body } from "../lib/workload.mjs";

export const label = "hand-written floor: precomputed JSON prefix + batched fs.write + ALS";

export async function setup({ dir }) {
  const file = join(dir, "floor.log");
  const writer = makeBatchWriter(file);
  const als = new AsyncLocalStorage();
  const origin = performance.timeOrigin;
  const P = '{"level":"INFO","logger":"app_logger","time":';
  const T = ',"trace_id":"';
  const site = `","function":${JSON.stringify(FN)},"file":${JSON.stringify(FILE)},"line":${LINE}`;
  const ENTER_ROOT = `${site},"message":"[Root] Invoking '${FN}'"}\n`;
  const ENTER_NESTED = `${site},"message":"[Nested] Invoking '${FN}'"}\n`;
  const exit = (root, ms) =>
    `${site},"message":"[${root ? "Root" : "Nested"}] '${FN}' finished in ${ms.toFixed(2)}ms","elapsed_ms":${ms}}\n`;

  const sync = (x) => {
    const store = als.getStore();
    const root = store === undefined;
    const traceId = root ? hex8() : store;
    const t0 = performance.now();
    writer.push(P + (origin + t0) + T + traceId + (root ? ENTER_ROOT : ENTER_NESTED));
    const r = root ? als.run(traceId, body, x) : body(x);
    const t1 = performance.now();
    writer.push(P + (origin + t1) + T + traceId + exit(root, t1 - t0));
    return r;
  };
  const asyncBody = async (x) => {
    await null;
    return body(x);
  };
  const async = async (x) => {
    const store = als.getStore();
    const root = store === undefined;
    const traceId = root ? hex8() : store;
    const t0 = performance.now();
    writer.push(P + (origin + t0) + T + traceId + (root ? ENTER_ROOT : ENTER_NESTED));
    const r = await (root ? als.run(traceId, asyncBody, x) : asyncBody(x));
    const t1 = performance.now();
    writer.push(P + (origin + t1) + T + traceId + exit(root, t1 - t0));
    return r;
  };
  return {
    sync,
    async,
    recordsPerCall: 2,
    flush: () => writer.flush(),
    close: () => writer.close(),
    count: () => countFileLines(file),
  };
}
