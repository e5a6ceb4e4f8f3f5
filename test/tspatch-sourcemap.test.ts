/**
 * tsc's own source maps still map instrumented code back to the TypeScript lines: a throw
 * inside a tagged function, run with `node --enable-source-maps`, reports `src/boom.ts:LINE`
 * in the uncaught stack and in the record's `exception`, for sync and async functions, in
 * ES module and CommonJS output.
 */
import { afterAll, describe, expect, it } from "vitest";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, runNode, runTspc, type OutputKind, type TsProject } from "./helpers/tspc-project";

const BOOM_TS = `// Lines matter here: the test expects the throws on lines 7 and 14.

/** @logcrest logArgs */
export function explode(reason: string): number {
  const doubled = reason + reason;
  if (doubled.length > 0) {
    throw new Error("boom: " + doubled);
  }
  return doubled.length;
}

/** @logcrest */
export const later = async (n: number): Promise<number> => {
  await new Promise((r) => setTimeout(r, 1)); throw new RangeError("late " + n);
};
`;

const MAIN_TS = (ext: string) => `import { explode, later } from "./boom${ext}";

later(1).catch((err: Error) => {
  console.log("ASYNC " + (err.stack ?? "").split("\\n").slice(0, 2).join(" | "));
  explode("x");
});
`;

const projects: TsProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

describe.each<OutputKind>(["esm", "cjs"])("source maps from tspc, %s output", (output) => {
  it("a throw inside a tagged function reports its TypeScript line", () => {
    assertTransformerBuilt();
    const project = makeTsProject({ output, files: { "src/boom.ts": BOOM_TS, "src/main.ts": MAIN_TS(".js") } });
    projects.push(project);
    const build = runTspc(project.dir);
    expect(build.stdout + build.stderr).toBe("");
    expect(build.status).toBe(0);
    const run = runNode(project, outputPath(project, "src/main.ts"), ["--enable-source-maps"]);
    // The sync throw is uncaught: node prints its mapped stack and exits 1.
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Error: boom: xx\n\s+at explode \(\S*src[\\/]boom\.ts:7:11\)/);
    // The async body runs in the generated arrow: V8 names that frame `<anonymous>`; the position is the original.
    expect(run.stdout).toMatch(/^ASYNC RangeError: late 1 \| \s*at (?:\S+ \()?\S*src[\\/]boom\.ts:14:53\)?$/m);

    const records = readRecords(run.logDir);
    const crash = records.find((r) => r.function === "explode" && String(r.message).includes("crashed"))!;
    expect(crash).toMatchObject({ level: "ERROR", file: "src/boom.ts", line: 4 });
    expect(String(crash.exception)).toMatch(/boom\.ts:7:11/);
    const late = records.find((r) => r.function === "later" && String(r.message).includes("crashed"))!;
    expect(late).toMatchObject({ line: 13 });
    expect(String(late.exception)).toMatch(/boom\.ts:14:53/);
  });
});
