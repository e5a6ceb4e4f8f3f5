/**
 * Every fixture case, built through the esbuild plugin and run in a child process:
 * the values `check()` observed and the records on disk must equal fixtures/<case>/expected.json
 * (normalised: see fixtures/runner.ts). The emitted code of each case is kept as a file
 * snapshot (fixtures/<case>/output.esbuild.ts) for review.
 *
 * UPDATE_FIXTURES=1 rewrites expected.json from the current run: review the diff before committing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { transform } from "../esbuild-plugin/index";
import { buildFixture, REPO_ROOT } from "../fixtures/build-esbuild";
import { FIXTURES_DIR, listFixturesSync, readExpected, runFixture } from "../fixtures/runner";

const out = mkdtempSync(path.join(tmpdir(), "lc-esbuild-fixtures-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const fixtures = listFixturesSync();

describe("fixtures through the esbuild plugin", () => {
  it("has a case per target form", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of fixtures) {
    it(`${name}: behaviour and records`, async () => {
      const bundle = path.join(out, `${name}.mjs`);
      const built = await buildFixture(name, bundle);
      expect(built.errors).toEqual([]);
      const run = await runFixture(bundle);
      if (process.env.UPDATE_FIXTURES === "1") {
        writeFileSync(path.join(FIXTURES_DIR, name, "expected.json"), `${JSON.stringify({ result: run.result, records: run.records }, null, 2)}\n`);
      }
      const expected = await readExpected(name);
      expect(run.result).toEqual(expected.result);
      expect(run.records).toEqual(expected.records);
    });

    it(`${name}: emitted code`, async () => {
      const file = path.join(FIXTURES_DIR, name, "input.ts");
      const result = transform(readFileSync(file, "utf8"), file, { root: REPO_ROOT });
      expect(result.diagnostics).toEqual([]);
      await expect(result.code).toMatchFileSnapshot(path.join(FIXTURES_DIR, name, "output.esbuild.ts"));
    });
  }
});

/** Assertions written by hand, independent of expected.json, on the properties that matter most. */
describe("cross-checks that do not depend on expected.json", () => {
  async function runCase(name: string) {
    const bundle = path.join(out, `x-${name}.mjs`);
    expect((await buildFixture(name, bundle)).errors).toEqual([]);
    return runFixture(bundle);
  }
  const byFn = (recs: Record<string, unknown>[], fn: string) => recs.filter((r) => r.function === fn);

  it("no secret reaches a record without logArgs/logResult", async () => {
    const run = await runCase("secure-by-default");
    const all = JSON.stringify(run.raw);
    expect(all).not.toContain("s3cr3t");
    expect(all).not.toContain("token-for-ann");
    expect(byFn(run.raw.success, "login").every((r) => !("args" in r) && !("result" in r))).toBe(true);
    expect(byFn(run.raw.success, "audited")[0]).toMatchObject({ args: ["export"] });
  });

  it("nested sync and awaited async calls share the root's trace id; separate roots do not", async () => {
    const sync = await runCase("sync-declaration");
    const [first] = sync.raw.success;
    const firstTrace = first!.trace_id as string;
    expect(firstTrace).toMatch(/^[0-9a-f]{8}$/);
    expect(sync.raw.success.slice(0, 6).every((r) => r.trace_id === firstTrace)).toBe(true);
    expect(sync.raw.success[6]!.trace_id).not.toBe(firstTrace);
    const asyncRun = await runCase("async-functions");
    const load = byFn(asyncRun.raw.success, "load");
    const fetchRow = byFn(asyncRun.raw.success, "fetchRow");
    expect(fetchRow.map((r) => r.trace_id)).toEqual([load[0]!.trace_id, load[0]!.trace_id]);
    // Timing until the promise settles: load waits 20 ms before returning.
    expect(load[1]!.elapsed_ms as number).toBeGreaterThanOrEqual(15);
  });

  it("thrown values keep their identity and the ERROR record carries the stack", async () => {
    const run = await runCase("throws");
    expect(run.result).toMatchObject({ ok: true, value: { sameError: true, sameObject: true, string: "plain string" } });
    expect(String(run.raw.error[0]!.exception)).toMatch(/^TypeError: bad input\n\s+at /);
  });
});

