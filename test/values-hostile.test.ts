/**
 * Issue 14, "never a throw into the app": any value as message, field, argument, result or
 * flow label. The tagged functions are built through the esbuild plugin and run in a child
 * process; the property (fast-check) runs there: no log.* call throws, no tagged call throws
 * or changes its result or its thrown value. Then every line written is valid JSON within
 * the record bound.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture } from "../fixtures/build-esbuild";

const ROOT = path.join(__dirname, "..");
const OUT = path.join(ROOT, "test", ".out", `values-hostile-${process.pid}`);
const BUNDLE = path.join(OUT, "hostile.mjs");
const LOGS = path.join(OUT, "logs");

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  // fast-check comes from the bundle too, so the driver's properties and the hostile
  // arbitraries share one copy of it.
  await buildFixture("values-hostile", BUNDLE, {
    entry: `export * from "./hostile"; export * as __logcrest from "logcrest"; export * as hostile from "../../test/helpers/hostile-values"; export * as fc from "fast-check";`,
  });
});

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

function allLines(dir: string): string[] {
  const out: string[] = [];
  for (const sub of readdirSync(dir)) {
    for (const name of readdirSync(path.join(dir, sub))) {
      for (const line of readFileSync(path.join(dir, sub, name), "utf8").split("\n")) if (line !== "") out.push(line);
    }
  }
  return out;
}

describe("never a throw into the app", () => {
  it("log.* and tagged calls (logArgs, logResult, labelFrom, async, throws) with any value", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "test/helpers/hostile-driver.mjs"), BUNDLE, LOGS, "150"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 240_000,
      env: { ...process.env, NO_COLOR: "1" },
    });
    expect(r.stderr).not.toMatch(/LOGCREST_RECORD_LOST/);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split("\n").pop()!) as { failures: string[] };
    expect(summary.failures).toEqual([]);
    const lines = allLines(LOGS);
    expect(lines.length).toBeGreaterThan(1000);
    let longest = 0;
    for (const line of lines) {
      JSON.parse(line);
      longest = Math.max(longest, Buffer.byteLength(line));
    }
    expect(longest).toBeLessThanOrEqual(262144);
  }, 300_000);
});
