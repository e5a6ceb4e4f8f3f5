/**
 * Deeply nested tagged functions under tspc (issue 14). TypeScript's emitter prints
 * recursively and each instrumented level is deeper than the original: up to the limit they
 * build and run; beyond it the build fails with a located error (the same 500-level file
 * without logcrest is the control: TypeScript itself manages that depth).
 */
import { afterAll, describe, expect, it } from "vitest";
import { MAX_NESTED_TAGGED } from "../transformer/ts-patch/depth";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, runNode, runTspc, unexpectedStderr, type TsProject } from "./helpers/tspc-project";

/** `depth` tagged arrows, each the expression body of the one before: `() => () => ... => 1`. */
export function nestedArrows(depth: number): string {
  return `export const deep = ${"/** @logcrest */ () => ".repeat(depth)}1;\n`;
}

/** Calls each level in turn: `deep()()...()`. */
const MAIN_TS = `import { deep } from "./deep.js";\nlet f: unknown = deep;\nlet n = 0;\nwhile (typeof f === "function") { f = f(); n++; }\nconsole.log(JSON.stringify([n, f]));\n`;

const projects: TsProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

function project(depth: number, noPlugin: boolean): TsProject {
  const p = makeTsProject({ output: "cjs", noPlugin, files: { "src/deep.ts": nestedArrows(depth), "src/main.ts": MAIN_TS } });
  projects.push(p);
  return p;
}

describe("nesting depth", () => {
  it.each([
    [MAX_NESTED_TAGGED, false],
    [500, true],
  ])("%i nested tagged arrows build with tspc and run (without logcrest: %s)", (depth, noPlugin) => {
    assertTransformerBuilt();
    const p = project(depth, noPlugin);
    const build = runTspc(p.dir);
    expect(build.stdout + build.stderr).toBe("");
    expect(build.status).toBe(0);
    const run = runNode(p, outputPath(p, "src/main.ts"));
    expect(unexpectedStderr(run.stderr)).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([depth, 1]);
    expect(readRecords(run.logDir)).toHaveLength(noPlugin ? 0 : 2 * depth);
  }, 300_000);

  it("500 nested tagged arrows: a located LC009 error, not a stack overflow inside TypeScript", () => {
    assertTransformerBuilt();
    const p = project(500, false);
    const build = runTspc(p.dir);
    expect(build.status).not.toBe(0);
    const out = build.stdout + build.stderr;
    expect(out).not.toContain("RangeError");
    // The first tagged arrow past the limit: column of its `(` on the one line of the file.
    const column = "export const deep = ".length + (MAX_NESTED_TAGGED * "/** @logcrest */ () => ".length) + "/** @logcrest */ ".length + 1;
    expect(out).toContain(`src/deep.ts(1,${column}): error TS920009: [logcrest LC009]`);
    expect(out).toContain(`at most ${MAX_NESTED_TAGGED}`);
  }, 300_000);
});
