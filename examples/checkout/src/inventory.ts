import { log } from "logcrest";

const stock = new Map<string, number>([
  ["book", 12],
  ["lamp", 3],
  ["chair", 0],
]);

/** @logcrest debug */
export async function reserveItem(sku: string, quantity: number): Promise<void> {
  await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
  const left = stock.get(sku) ?? 0;
  if (left < quantity) throw new OutOfStockError(`${sku}: ${left} left, ${quantity} wanted`);
  stock.set(sku, left - quantity);
  log.debug("reserved", { sku, quantity, left: left - quantity });
}

export class OutOfStockError extends Error {
  override name = "OutOfStockError";
}
