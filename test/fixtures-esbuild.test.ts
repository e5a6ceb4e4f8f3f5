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
