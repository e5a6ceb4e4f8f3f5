// The functions of the values part (bench/parts/values.mjs): what capturing values at the
// call costs. Same body each time; only the tag differs. Built by the esbuild plugin.

export interface Order {
  id: string;
  qty: number;
  customer: { name: string; email: string; password: string };
  lines: Array<{ sku: string; price: number }>;
}

/** @logcrest */
export function argsOff(order: Order): number {
  return (order.qty * 31 + 7) | 0;
}

/** @logcrest logArgs */
export function argsOn(order: Order): number {
  return (order.qty * 31 + 7) | 0;
}

/** @logcrest logArgs */
export function argsPrimitive(qty: number, id: string): number {
  return (qty * 31 + 7 + id.length) | 0;
}
