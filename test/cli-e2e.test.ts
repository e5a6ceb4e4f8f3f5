/**
 * The CLI on logs written by the real thing: an app built with the esbuild plugin and run
 * with the runtime (both from dist/), then `logcrest view` and `logcrest report` on its
 * log directory. Guards the record shapes the CLI reads against what the runtime writes.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempLogDir } from "./helpers/cli-fixtures";
import { embeddedData } from "./helpers/cli-report-data";
import { runCli } from "./helpers/cli-run";

const DIST = join(__dirname, "..", "dist", "cjs");

const APP = `
import { flush } from "logcrest";
/** @logcrest */
function validate(x: number) { return x; }
/** @logcrest */
async function charge(x: number) { await new Promise((r) => setTimeout(r, 3)); if (x > 1) throw new Error("gateway timeout"); return x; }
/** @logcrest */
async function ship() { await new Promise((r) => setTimeout(r, 1)); }
/** @flow checkout */
async function checkout(x: number) { validate(x); await charge(x); await ship(); }
async function main() {
  await checkout(1);
  await checkout(2).catch(() => {});
  await Promise.all([checkout(1), checkout(1)]);
  await flush();
}
main();
`;

async function buildApp(dir: string): Promise<string> {
  writeFileSync(join(dir, "app.ts"), APP);
  const esbuild = (await import("esbuild")) as typeof import("esbuild");
  const { logcrest } = require(join(DIST, "esbuild-plugin", "index.js")) as { logcrest: () => import("esbuild").Plugin };
  const outfile = join(dir, "app.cjs");
  await esbuild.build({
    entryPoints: [join(dir, "app.ts")],
    absWorkingDir: dir,
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile,
    logLevel: "silent",
    alias: { logcrest: join(DIST, "runtime", "index.js") },
    plugins: [logcrest()],
  });
  return outfile;
}

interface ViewJson {
  flows: { flow_id: string; flow_status: string; failed_at: string | null; step: string | null; flow_error: string | null; timeline: { fn: string; status: string }[] }[];
  skipped: { garbageLines: number; textFiles: string[] };
}

describe("logcrest on logs written by the runtime", () => {
  let dir: string;
  let app: string;
  beforeAll(async () => {
    dir = tempLogDir("logcrest-e2e-");
    app = await buildApp(dir);
  }, 60_000);

  it("view and report read what the runtime writes", async () => {
    execFileSync(process.execPath, [app], { cwd: dir, env: { ...process.env, LOGCREST_DIR: "logs" }, stdio: "ignore" });
    const logs = join(dir, "logs");
    const r = await runCli(["view", logs, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as ViewJson;
    expect(j.skipped.garbageLines).toBe(0);
    expect(j.flows).toHaveLength(4);
    expect(j.flows.map((f) => f.flow_status).sort()).toEqual(["failed", "success", "success", "success"]);
    const failed = j.flows.find((f) => f.flow_status === "failed")!;
    expect(failed).toMatchObject({ failed_at: "charge", step: "2/2", flow_error: "Error: gateway timeout" });
    expect(failed.timeline.map((s) => `${s.fn}:${s.status}`)).toEqual(["validate:ok", "charge:failed"]);
    for (const f of j.flows) expect(f.flow_id).toMatch(/^checkout-[0-9a-f]{8}$/);

    const text = await runCli(["view", logs, "--failed"]);
    expect(text.stdout).toMatch(/charge +█+ +\d+\.\d\d ms {2}failed {2}◀ failed_at/);

    const out = join(dir, "report.html");
    expect((await runCli(["report", logs, "-o", out, "--quiet"])).code).toBe(0);
    const { data } = embeddedData(out);
    expect(data.meta.counts).toMatchObject({ flows: 4, failed: 1, success: 3, calls: 11 }); // validate ×4, charge ×4 (one crash), ship ×3
    expect(data.latency.find((row) => row.fn === "charge" && row.source === "call")).toMatchObject({ n: 4, failures: 1 });
    expect(data.hotspots.map((h) => [h.failedAt, h.count])).toEqual([["charge", 1]]);
  });

  it("skips the runtime's text-mode files (json: false) with a note", async () => {
    execFileSync(process.execPath, [app], {
      cwd: dir,
      env: { ...process.env, LOGCREST_DIR: "textlogs", LOGCREST_JSON: "false" },
      stdio: "ignore",
    });
    const r = await runCli(["view", join(dir, "textlogs"), "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as ViewJson;
    expect(j.flows).toEqual([]);
    expect(j.skipped.textFiles).toHaveLength(1);
    expect(j.skipped.garbageLines).toBe(0);
  });
});
