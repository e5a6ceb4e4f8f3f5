/**
 * The "business code" the HTTP test apps call: tagged TypeScript instrumented by the real
 * text emitter (test/helpers/instrumented.ts), so the HTTP integrations run exactly the code
 * the transformer emits around their steps.
 */
import { instrumented } from "./instrumented";

/** What the handler saw of the context, sent back in the response body. */
export interface Seen {
  id: string;
  flowId: string | undefined;
  traceId: string | undefined;
}

interface Steps {
  sleep(ms: number): Promise<void>;
  thrown: Error[];
  loadOrder(id: string): Promise<Seen>;
  priceOrder(id: string): Promise<number>;
  checkStock(): Promise<boolean>;
  reserveStock(): Promise<boolean>;
  chargeCard(): Promise<never>;
  slowStep(ms: number): Promise<string>;
  parseBody(body: unknown): string;
  lookupStep(req: string): Promise<void>;
  jitteredStep(req: string): Promise<void>;
}

const STEPS = `import { currentFlowId, currentTraceId, log } from "logcrest";

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** @logcrest */
export async function loadOrder(id: string) {
  await sleep(2);
  // A user record inside the flow: it must carry this request's trace id.
  log.info("order loaded", { order: id });
  return { id, flowId: currentFlowId(), traceId: currentTraceId() };
}
/** @logcrest */
export async function priceOrder(id: string) {
  await sleep(1);
  return id.length * 100;
}
/** Slower than reserveStock, so it ends second but must still be listed first.
 * @logcrest
 */
export async function checkStock() {
  await sleep(15);
  return true;
}
/** @logcrest */
export async function reserveStock() {
  await sleep(3);
  return true;
}

/** Every error chargeCard threw, so tests can check identity at the framework's handler. */
export const thrown: Error[] = [];
/** @logcrest */
export async function chargeCard(): Promise<never> {
  await sleep(1);
  const err = new Error("card declined");
  thrown.push(err);
  throw err;
}
/** @logcrest */
export async function slowStep(ms: number) {
  await sleep(ms);
  return "slow done";
}
/** A sync tagged function, called after a framework parsed the request body.
 * @logcrest
 */
export function parseBody(body: unknown): string {
  return JSON.stringify(body);
}

// The two steps of the load test (test/http-load.test.ts): each logs the request it belongs
// to, so records can be checked against the trace they carry.
/** @logcrest */
export async function lookupStep(req: string) {
  await Promise.resolve();
  log.info("looked up", { req });
}
/** Waits a random 0-3 ms, so concurrent requests interleave differently on every run.
 * @logcrest
 */
export async function jitteredStep(req: string) {
  await sleep(Math.floor(Math.random() * 4));
  log.info("jittered", { req });
}
`;

/** A @flow-tagged function: its own module per copy, so each copy is a fresh call site. */
const CHECKOUT = `/** @flow checkout */
export async function checkoutFlow(id: string, load: (id: string) => Promise<unknown>) {
  return await load(id);
}
`;

// Several test files import this helper at once in different workers: one file name per
// worker, so no worker imports a file another is still writing.
const WORKER = process.env.VITEST_POOL_ID ?? String(process.pid);
// vitest runs this file as an ES module, where top-level await is valid; tsc sees the
// package as CommonJS and rejects only that (TS1309), the types are still checked.
// @ts-expect-error TS1309
const steps = (await instrumented<Steps>(`http-steps-${WORKER}`, STEPS)).module;

export const { sleep, thrown, loadOrder, priceOrder, checkStock, reserveStock, chargeCard, slowStep, parseBody, lookupStep, jitteredStep } =
  steps;

let checkoutCopies = 0;
/**
 * A `@flow`-tagged function called inside a request: degrades to a step with a warning.
 * The warning is once per call site, so each test app makes its own (a fresh site: a fresh
 * instrumented module, made on first call).
 */
export function makeCheckoutFlow(): (id: string) => Promise<Seen> {
  const name = `http-checkout-${WORKER}-${checkoutCopies++}`;
  type Checkout = { checkoutFlow(id: string, load: (id: string) => Promise<Seen>): Promise<Seen> };
  let copy: Promise<Checkout> | undefined;
  return async (id: string) => {
    copy ??= instrumented<Checkout>(name, CHECKOUT).then((m) => m.module);
    return (await copy).checkoutFlow(id, loadOrder);
  };
}

/** Errors thrown straight from a handler (no step), for identity checks. */
export const crashes: Error[] = [];
export function crash(): never {
  const err = new Error("handler crashed");
  crashes.push(err);
  throw err;
}
