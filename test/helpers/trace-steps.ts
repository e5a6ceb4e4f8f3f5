/**
 * Tagged functions in the exact shape the transformer emits (docs/ARCHITECTURE.md §1), for
 * the tracing tests: a flow of two steps (sync and async), a failing step, a root call.
 */
import { __lc } from "../../runtime/generated";
import { log } from "../../runtime/log";
import { asyncShape, syncShape } from "./tagged-shape";

// rows: [name, line, level, flags, label]; flags 4 = FLOW, 8 = ASYNC
const $S = __lc.sites("src/orders.ts", [
  ["validate", 1, 20, 0],
  ["charge", 2, 20, 8],
  ["checkout", 3, 20, 4 | 8, "checkout"],
  ["refuse", 4, 20, 8],
  ["failingCheckout", 5, 20, 4 | 8, "fail"],
  ["report", 6, 20, 0],
  ["callDownstream", 7, 20, 8],
  ["checkStock", 8, 20, 0],
]);

export const validate = syncShape($S[0]!, (n: number) => n > 0);
export const charge = asyncShape($S[1]!, async (n: number, during?: () => unknown) => {
  await new Promise((r) => setTimeout(r, 1));
  log.info("charging", { amount: n });
  return during?.();
});
export const refuse = asyncShape($S[3]!, async () => {
  await new Promise((r) => setTimeout(r, 1));
  throw new TypeError("card declined");
});
/** `@flow checkout`: validate, then charge (which may run `during` inside the step). */
export const checkout = asyncShape($S[2]!, async (n: number, during?: () => unknown) => {
  validate(n);
  return charge(n, during);
});
/** `@flow fail`: validate, then a step that throws. */
export const failingCheckout = asyncShape($S[4]!, async () => {
  validate(1);
  await refuse();
});
/** A root call (no flow): a trace of its own. */
export const report = syncShape($S[5]!, (during?: () => unknown) => during?.());
/** An async step that calls another service (`call` makes the request). */
export const callDownstream = asyncShape($S[6]!, async <T>(call: () => Promise<T>): Promise<T> => call());
/** A sync step of the downstream service. */
export const checkStock = syncShape($S[7]!, (sku: string) => sku.length > 0);
