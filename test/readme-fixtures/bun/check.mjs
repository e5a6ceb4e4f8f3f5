// The app ran instrumented (built by Bun.build and run under Node, or run by `bun run` with
// the plugin preloaded): a checkout flow with chargeCard as its step, and the call's own
// records. The logs are removed afterwards, so the next run of the project is checked alone.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

function records(sub) {
  const dir = join("logs", sub);
  return readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), "utf8").trim().split("\n").map((l) => JSON.parse(l)));
}
const end = records("flows").find((r) => r.flow_type === "flow_end");
if (end?.flow_status !== "success" || end.timeline?.[0]?.fn !== "chargeCard" || !/^checkout-[0-9a-f]{8}$/.test(end.flow_id)) {
  throw new Error(`no instrumented checkout flow: ${JSON.stringify(end)}`);
}
const calls = records("success").filter((r) => r.function === "chargeCard");
if (calls.length !== 2 || calls[0].file !== "src/main.ts") throw new Error(`expected chargeCard's entry and exit records, got ${JSON.stringify(calls)}`);
rmSync("logs", { recursive: true });
console.log("ok");
