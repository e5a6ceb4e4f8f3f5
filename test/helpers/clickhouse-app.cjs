// An application process for the ClickHouse tests: FLOWS flows (every FAIL_EVERY-th one
// fails in its `charge` step), shipped by clickhouseHandler. Prints one JSON line with
// what it did and how long the app's own calls took. Usage: node clickhouse-app.cjs
// Env: CH_URL, CH_PASSWORD, CH_SERVICE, FLOWS, FAIL_EVERY, PACE_MS (pause every 100 flows),
// ENDING ("shutdown" | "exit" | "natural"), HOSTILE (JSON array of strings), HANDLER_OPTS (JSON),
// IDLE_MS (a pause before 10 more records).
"use strict";
const { join } = require("node:path");
const dist = join(__dirname, "..", "..", "dist", "cjs", "runtime");
const { configure, flow, log, shutdown } = require(join(dist, "index.js"));
const { clickhouseHandler } = require(join(dist, "clickhouse", "index.js"));

process.removeAllListeners("warning"); // the nested-flow warning of the steps below, once per process

const env = process.env;
const flows = Number(env.FLOWS ?? 100);
const failEvery = Number(env.FAIL_EVERY ?? 0);
const paceMs = Number(env.PACE_MS ?? 0);
const hostile = env.HOSTILE ? JSON.parse(env.HOSTILE) : [];
const handler = clickhouseHandler({
  url: env.CH_URL,
  password: env.CH_PASSWORD ?? "",
  service: env.CH_SERVICE,
  ...(env.HANDLER_OPTS ? JSON.parse(env.HANDLER_OPTS) : {}),
});
configure({ dir: env.LOG_DIR, console: false, handlers: [handler] });

async function main() {
  let failed = 0;
  let slowestCallMs = 0;
  for (let i = 0; i < flows; i++) {
    const t = performance.now();
    try {
      flow({ label: "order", name: "checkout" }, () => {
        flow({ name: "validate" }, () => i);
        flow({ name: "charge" }, () => {
          if (failEvery > 0 && i % failEvery === 0) throw new Error(`card declined ${i}`);
        });
      });
    } catch {
      failed++;
    }
    slowestCallMs = Math.max(slowestCallMs, performance.now() - t);
    if (paceMs > 0 && i % 100 === 99) await new Promise((r) => setTimeout(r, paceMs));
  }
  if (env.IDLE_MS) {
    // a quiet spell longer than the server's keep-alive, then more records
    await new Promise((r) => setTimeout(r, Number(env.IDLE_MS)));
    for (let i = 0; i < 10; i++) log.info(`after the idle spell ${i}`);
  }
  hostile.forEach((text, i) => log.info(text, { hostile: i, text }));
  const summary = { flows, failed, slowestCallMs, buffered: handler.buffered, dropped: handler.droppedRows };
  if (env.ENDING === "exit") {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    process.exit(0);
  }
  if (env.ENDING === "natural") {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const t = performance.now();
  await shutdown();
  process.stdout.write(`${JSON.stringify({ ...summary, shutdownMs: performance.now() - t, droppedAfter: handler.droppedRows })}\n`);
}
main();
