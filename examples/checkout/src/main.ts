import type { AddressInfo } from "node:net";
import { configure, flow, flush, log, shutdown } from "logcrest";
import { checkout } from "./orders";
import { startServer } from "./server";

configure({ dir: process.env.DEMO_LOG_DIR ?? "logs", name: "checkout-demo" });

async function main(): Promise<void> {
  log.info("demo starting");

  // 1. A flow that succeeds: validate, two concurrent reservations, a charge.
  await checkout({ id: "ord-7", items: [{ sku: "book", quantity: 2 }, { sku: "lamp", quantity: 1 }], cents: 4_200 });

  // 2. A flow that fails: the chair is out of stock.
  await checkout({ id: "ord-8", items: [{ sku: "book", quantity: 1 }, { sku: "chair", quantity: 1 }], cents: 900 }).catch(
    (err: Error) => log.warn(`checkout ord-8 failed as planned: ${err.message}`),
  );

  // 3. The block form, for code that is not one function.
  await flow("nightly-report", async () => {
    log.info("report generated", { rows: 3 });
  });

  // 4. HTTP: every request is a flow with an X-Flow-ID header.
  const server = await startServer();
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  for (const [path, headers] of [
    ["/orders/ord-100/pay", { "x-request-id": "Demo Client 1" }],
    ["/orders/ord-200/pay", {}],
    ["/orders/ord-999/pay", {}],
  ] as const) {
    const res = await fetch(base + path, { method: "POST", headers });
    log.info(`POST ${path} -> ${res.status}`, { flowId: res.headers.get("x-flow-id") });
  }
  await fetch(`${base}/healthz`);
  await new Promise<void>((resolve) => server.close(() => resolve()));

  await flush();
  await shutdown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
