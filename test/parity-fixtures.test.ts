/**
 * Parity between the two build paths: every fixture case is built by esbuild (the plugin)
 * and by a real `tspc` (the ts-patch transformer), in ES module and in CommonJS output; all
 * three builds run in child processes and must observe the same values and write the same
 * records (normalised: timestamps, ids and durations; see fixtures/runner.ts), which are
 * also the case's expected.json.
 *
 * The code tspc emitted for each case is kept as a file snapshot for review
 * (test/tspatch-output/<case>.<format>.js).
 */
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture } from "../fixtures/build-esbuild";
import { listFixturesSync, readExpected, runFixture, type FixtureRun } from "../fixtures/runner";
import { buildFixturesWithTspc, type FixtureBuild } from "./helpers/tspc-fixtures";
import { assertTransformerBuilt, REPO_ROOT } from "./helpers/tspc-project";

const fixtures = listFixturesSync();
const esbuildOut = mkdtempSync(path.join(tmpdir(), "lc-parity-esbuild-"));
const builds: Partial<Record<"esnext" | "cjs", FixtureBuild>> = {};
const esbuildRuns = new Map<string, Promise<FixtureRun>>();

beforeAll(() => {
  assertTransformerBuilt();
  builds.esnext = buildFixturesWithTspc(fixtures, "esnext");
  builds.cjs = buildFixturesWithTspc(fixtures, "cjs");
}, 240_000);

afterAll(() => {
  rmSync(esbuildOut, { recursive: true, force: true });
  builds.esnext?.project.cleanup();
  builds.cjs?.project.cleanup();
});

/** The esbuild run of a case, shared by both formats' comparisons. */
function esbuildRun(name: string): Promise<FixtureRun> {
  let run = esbuildRuns.get(name);
  if (run === undefined) {
    run = (async () => {
      const bundle = path.join(esbuildOut, `${name}.mjs`);
      const built = await buildFixture(name, bundle);
      expect(built.errors).toEqual([]);
      return runFixture(bundle);
    })();
    esbuildRuns.set(name, run);
  }
  return run;
}

describe("fixtures: tspc builds write the same records as esbuild builds", () => {
  it("covers every fixture case", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  for (const format of ["esnext", "cjs"] as const) {
    it(`tspc (${format}) compiles every case without a diagnostic`, () => {
      const build = builds[format]!.build;
      expect(build.stdout + build.stderr).toBe("");
      expect(build.status).toBe(0);
    });

    for (const name of fixtures) {
      it(`${name} (${format}): same behaviour and records as esbuild`, async () => {
        const build = builds[format]!;
        const [viaTspc, viaEsbuild, expected] = await Promise.all([
          runFixture(build.entry(name), { nodeArgs: build.nodeArgs }),
          esbuildRun(name),
          readExpected(name),
        ]);
        expect(viaTspc.result).toEqual(viaEsbuild.result);
        expect(viaTspc.records).toEqual(viaEsbuild.records);
        expect(viaTspc.result).toEqual(expected.result);
        expect(viaTspc.records).toEqual(expected.records);
      });

      it(`${name} (${format}): emitted code`, async () => {
        const code = readFileSync(builds[format]!.entry(name), "utf8").replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n");
        await expect(code).toMatchFileSnapshot(path.join(REPO_ROOT, "test/tspatch-output", `${name}.${format}.js`));
      });
    }
  }
});
