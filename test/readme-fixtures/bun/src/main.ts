// The app of the README's Bun section: bundled by its Bun.build script and run under Node, then run
// under `bun run` with the plugin preloaded (test/readme-examples.test.ts).
import { configure, flush } from "logcrest";

configure({ console: false });

/** @logcrest */
export async function chargeCard(orderId: string, amount: number): Promise<string> {
  return `${orderId} charged ${amount}`;
}

/** @flow checkout */
export async function checkout(orderId: string): Promise<string> {
  return chargeCard(orderId, 10);
}

void checkout("ord-1").then(() => flush());
