/**
 * The "business code" the HTTP test apps call: tagged functions written by hand in the
 * exact shape the transformer emits (docs/ARCHITECTURE.md §1), so the HTTP integrations are
 * tested against the real hot core without depending on a build.
 */
import { currentFlowId, currentTraceId } from "../../runtime/context";
import { __lc } from "../../runtime/generated";
import { log } from "../../runtime/log";
import type { Site } from "../../runtime/record";

// rows: [name, line, level, flags]; flags 8 = ASYNC, 4 = FLOW
const $S = __lc.sites("src/shop.ts", [
  ["loadOrder", 1, 20, 8],
  ["priceOrder", 2, 20, 8],
  ["checkStock", 3, 20, 8],
  ["reserveStock", 4, 20, 8],
  ["chargeCard", 5, 20, 8],
  ["slowStep", 6, 20, 8],
  ["parseBody", 7, 20, 0],
]);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const tagged = <A extends unknown[], R>(site: number, body: (...a: A) => Promise<R>) => taggedIn($S, site, body);

/** The async shape the transformer emits, around a plain body, for a site of `sites`. */
function taggedIn<A extends unknown[], R>(sites: readonly Site[], site: number, body: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a: A) => {
    const $f = __lc.enter(sites[site]!);
    return __lc.run($f, async () => {
      try {
        return await body(...a);
      } catch ($e) {
        __lc.fail($f, $e);
        throw $e;
      } finally {
        __lc.exit($f);
      }
    });
  };
}

/** What the handler saw of the context, sent back in the response body. */
export interface Seen {
  id: string;
  flowId: string | undefined;
  traceId: string | undefined;
}

export const loadOrder = tagged(0, async (id: string): Promise<Seen> => {
  await sleep(2);
  // A user record inside the flow: it must carry this request's trace id.
  log.info("order loaded", { order: id });
  return { id, flowId: currentFlowId(), traceId: currentTraceId() };
});
export const priceOrder = tagged(1, async (id: string) => {
  await sleep(1);
  return id.length * 100;
});
/** Slower than reserveStock, so it ends second but must still be listed first. */
export const checkStock = tagged(2, async () => {
  await sleep(15);
  return true;
});
export const reserveStock = tagged(3, async () => {
  await sleep(3);
  return true;
});

/** Every error chargeCard threw, so tests can check identity at the framework's handler. */
export const thrown: Error[] = [];
export const chargeCard = tagged(4, async (): Promise<never> => {
  await sleep(1);
  const err = new Error("card declined");
  thrown.push(err);
  throw err;
});
export const slowStep = tagged(5, async (ms: number) => {
  await sleep(ms);
  return "slow done";
});
/**
 * A `@flow`-tagged function called inside a request: degrades to a step with a warning.
 * The warning is once per call site, so each test app makes its own (a fresh site).
 */
export function makeCheckoutFlow(): (id: string) => Promise<Seen> {
  const [site] = __lc.sites("src/checkout.ts", [["checkoutFlow", 1, 20, 4 | 8, "checkout"]]);
  return async (id: string) => {
    const $f = __lc.enter(site!);
    return __lc.run($f, async () => {
      try {
        return await loadOrder(id);
      } catch ($e) {
        __lc.fail($f, $e);
        throw $e;
      } finally {
        __lc.exit($f);
      }
    });
  };
}
/** A sync tagged function, called after a framework parsed the request body. */
export function parseBody(body: unknown): string {
  const $f = __lc.enter($S[6]!);
  try {
    return JSON.stringify(body);
  } catch ($e) {
    __lc.fail($f, $e);
    throw $e;
  } finally {
    __lc.exit($f);
  }
}

/** Errors thrown straight from a handler (no step), for identity checks. */
export const crashes: Error[] = [];
export function crash(): never {
  const err = new Error("handler crashed");
  crashes.push(err);
  throw err;
}

// The two steps of the load test (test/http-load.test.ts): each logs the request it belongs
// to, so records can be checked against the trace they carry.
const $L = __lc.sites("src/load.ts", [
  ["lookupStep", 1, 20, 8],
  ["jitteredStep", 2, 20, 8],
]);

const taggedAt = <A extends unknown[], R>(site: number, body: (...a: A) => Promise<R>) => taggedIn($L, site, body);

export const lookupStep = taggedAt(0, async (req: string) => {
  await Promise.resolve();
  log.info("looked up", { req });
});
/** Waits a random 0-3 ms, so concurrent requests interleave differently on every run. */
export const jitteredStep = taggedAt(1, async (req: string) => {
  await sleep(Math.floor(Math.random() * 4));
  log.info("jittered", { req });
});
