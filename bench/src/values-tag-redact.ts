// The values part's tag-redaction variant, in its own file: a build whose transformer does
// not know `redact=` yet fails on this file only (bench/cases/values.mjs reports that).
import type { Order } from "./values";

/** @logcrest logArgs redact=order.customer.password */
export function argsTagRedact(order: Order): number {
  return (order.qty * 31 + 7) | 0;
}
