// The app the README's esbuild build script bundles, and its Bun section builds and runs
// (test/readme-examples.test.ts).
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
