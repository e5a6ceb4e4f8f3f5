/**
 * The README's first command: the demo builds examples/checkout through the esbuild plugin,
 * runs it, and shows the log files and the flow timelines. It must keep working.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const here = resolve(__dirname, "..", "examples", "checkout");

/** The environment without colour; FORCE_COLOR removed, as Node warns when both are set. */
function noColour(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  return env;
}

describe("npm run demo", () => {
  it("builds, runs, lists the files and draws the flows", () => {
    const run = spawnSync(process.execPath, [join(here, "run-demo.mjs")], {
      encoding: "utf8",
      env: noColour(),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    // The HTTP route calls payOrder(), not the checkout() flow: a request is already a flow,
    // so the demo shows no nested-flow warning that would read like an error.
    expect(run.stderr).not.toContain("LOGCREST_NESTED_FLOW");
    expect(run.stderr).not.toMatch(/\(node:\d+\) (\[\w+\] )?\w*Warning/); // no Node warning at all
    expect(out).toMatch(/600 {2}examples\/checkout\/logs\/flows\/\d{8}_\d{6}_flows\.log +12 records/);
    expect(out).toMatch(/✓ ord-7-[0-9a-f]{8} {2}checkout {2}success/);
    expect(out).toMatch(/✗ ord-8-[0-9a-f]{8} {2}checkout {2}FAILED/);
    expect(out).toContain("failed at reserveItem step 3/3: OutOfStockError: chair: 0 left, 1 wanted");
    expect(out).toMatch(/✓ demo-client-1-[0-9a-f]{8} {2}POST \/orders\/ord-100\/pay {2}success/);
    expect(out).toContain("failed at PaymentGateway.charge step 5/5: ConnectionError: gateway timeout charging ord-200");
    expect(out).toContain("6 flow(s) shown of 6");

    const flowsDir = join(here, "logs", "flows");
    const flows = readFileSync(join(flowsDir, readdirSync(flowsDir)[0]!), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // the health check is skipped; every other request and flow has a start and an end
    expect(flows.filter((r) => r.flow_type === "flow_start")).toHaveLength(6);
    expect(flows.filter((r) => r.flow_type === "flow_end")).toHaveLength(6);
    expect(flows.some((r) => String(r.function).includes("healthz"))).toBe(false);
    expect(readFileSync(join(here, "report.html"), "utf8")).toContain("<html");
  }, 180_000);
});
