import { log } from "logcrest";
import { reserveItem } from "./inventory";
import { PaymentGateway } from "./payments";

export interface Order {
  id: string;
  items: Array<{ sku: string; quantity: number }>;
  cents: number;
}

const gateway = new PaymentGateway(50_000);

/** @logcrest logArgs */
export function validate(order: Order): void {
  if (order.items.length === 0) throw new TypeError(`order ${order.id} has no items`);
}

/** @logcrest */
const priceWithTax = (cents: number): number => Math.round(cents * 1.2);

/**
 * One checkout is one flow; its id is labelled with the order id (`ord-7-3a7e2b1f`).
 * @flow labelFrom=id
 */
export async function checkout({ id, items, cents }: Order): Promise<string> {
  return placeOrder({ id, items, cents });
}

/**
 * The same work for a caller that already is a flow: an HTTP request through instrument()
 * is one, so its handler calls this instead of checkout() (a `@flow` inside a flow only
 * warns LOGCREST_NESTED_FLOW and runs as a step).
 * @logcrest
 */
export async function payOrder(order: Order): Promise<string> {
  return placeOrder(order);
}

/** The steps of a checkout (untagged: the steps it calls are what the timeline shows). */
async function placeOrder({ id, items, cents }: Order): Promise<string> {
  validate({ id, items, cents });
  // reservations run concurrently: each is its own step in the timeline
  await Promise.all(items.map((item) => reserveItem(item.sku, item.quantity)));
  const { receipt } = await gateway.charge(id, priceWithTax(cents));
  log.info("order confirmed", { orderId: id, receipt });
  return receipt;
}
