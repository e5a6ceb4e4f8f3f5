/**
 * Every fixture case, built through the esbuild plugin and run in a child process:
 * the values `check()` observed and the records on disk must equal fixtures/<case>/expected.json
 * (normalised: see fixtures/runner.ts). The emitted code of each case is kept as a file
 * snapshot (fixtures/<case>/output.esbuild.ts) for review.
 *
 * UPDATE_FIXTURES=1 rewrites expected.json from the current run, and still fails each case whose
 * result differed from the file as it was: review the diff, then run again without it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { transform } from "../esbuild-plugin/index";
import { buildFixture, REPO_ROOT } from "../fixtures/build-esbuild";
import { FIXTURES_DIR, listFixturesSync, readExpected, runFixture } from "../fixtures/runner";

const out = mkdtempSync(path.join(tmpdir(), "lc-esbuild-fixtures-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const fixtures = listFixturesSync();

/**
 * Fixtures that prove runtime behaviour through a real build (SPEC §4 flows) rather than a
 * transform rule, so SEMANTICS.md does not name them.
 */
const RUNTIME_FIXTURES = ["flow-block-form", "flow-lifecycle", "flow-long-timeline"];

/** The fixture names in SEMANTICS.md's `*(a, b, ...)*` references (test paths left out). */
function fixturesNamedInSemantics(): Set<string> {
  const text = readFileSync(path.join(REPO_ROOT, "transformer", "SEMANTICS.md"), "utf8");
  const named = new Set<string>();
  for (const m of text.matchAll(/\*\(([^)]*)\)\*/g)) {
    for (const part of m[1]!.split(/[,;]/)) {
      const word = part.trim();
      if (/^[a-z][a-z0-9-]*$/.test(word)) named.add(word);
    }
  }
  return named;
}

describe("fixtures through the esbuild plugin", () => {
  it("every fixture SEMANTICS.md names exists, and every fixture is named there or is a runtime case", () => {
    const named = fixturesNamedInSemantics();
    expect([...named].filter((n) => !fixtures.includes(n)), "named in SEMANTICS.md but missing").toEqual([]);
    expect(fixtures.filter((f) => !named.has(f) && !RUNTIME_FIXTURES.includes(f)), "a fixture no rule names").toEqual([]);
    for (const f of RUNTIME_FIXTURES) expect(fixtures, f).toContain(f);
    for (const f of fixtures) expect(existsSync(path.join(FIXTURES_DIR, f, "expected.json")), `${f}/expected.json`).toBe(true);
  });

  for (const name of fixtures) {
    it(`${name}: behaviour and records`, async () => {
      const bundle = path.join(out, `${name}.mjs`);
      const built = await buildFixture(name, bundle);
      expect(built.errors).toEqual([]);
      const run = await runFixture(bundle);
      // Compared with expected.json as it was before this run: in update mode the new file is
      // written too, but a case that changed still fails once, so an update is never a pass.
      const file = path.join(FIXTURES_DIR, name, "expected.json");
      const expected = existsSync(file) ? await readExpected(name) : undefined;
      if (process.env.UPDATE_FIXTURES === "1") {
        writeFileSync(file, `${JSON.stringify({ result: run.result, records: run.records }, null, 2)}\n`);
      }
      expect(expected, `${name}/expected.json does not exist (UPDATE_FIXTURES=1 writes it)`).toBeDefined();
      expect(run.result).toEqual(expected!.result);
      expect(run.records).toEqual(expected!.records);
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

  it("redact= censors exactly the named parts of the arguments, in every record that shows them", async () => {
    const run = await runCase("redact-tag");
    const all = JSON.stringify(run.raw);
    for (const secret of ["hunter2", "4111111111111111", "5500000000000004", "tok-1", "s3", "2222"]) expect(all).not.toContain(secret);
    expect(byFn(run.raw.success, "signUp")[0]).toMatchObject({ args: ["ann@example.com", "[Redacted]", { number: "[Redacted]", exp: "12/30" }] });
    expect(byFn(run.raw.success, "pay")[0]).toMatchObject({ args: [{ card: { number: "[Redacted]", exp: "01/29" }, amount: 4 }] });
    expect(byFn(run.raw.success, "batch")[0]).toMatchObject({ args: ["nightly", { id: 1, pin: "1111" }, { id: 2, pin: "[Redacted]" }] });
    expect(byFn(run.raw.flows, "checkout")[0]).toMatchObject({ args: [{ token: "[Redacted]", user: "ann" }, { secret: "[Redacted]", note: "kept" }] });
    // The function saw the real values, and the caller's objects kept them.
    expect(run.result).toEqual({ ok: true, value: { a: "ann@example.com:7:1111", b: 8, c: "nightly:2", untouched: true } });
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

