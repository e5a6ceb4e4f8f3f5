/**
 * Older `target`s: TypeScript's own downlevel transforms run after ours (async → generators,
 * classes, private fields), so the instrumented code must survive them. The same app as the
 * main build test, CommonJS output, against a plugin-less build of the same target.
 */
import { afterAll, describe, expect, it } from "vitest";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, runNode, runTspc, unexpectedStderr, type TsProject } from "./helpers/tspc-project";
import { CALLS_TS, FORMS_TS, MAIN_TS } from "./helpers/tspc-sources";

const projects: TsProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

function buildAndRun(target: string, noPlugin: boolean): { stdout: string; records: Record<string, unknown>[] } {
  const project = makeTsProject({
    output: "cjs",
    noPlugin,
    compilerOptions: { target },
    files: { "src/forms.ts": FORMS_TS, "src/main.ts": MAIN_TS, "src/calls.ts": CALLS_TS },
  });
  projects.push(project);
  const build = runTspc(project.dir);
  expect(build.stdout + build.stderr).toBe("");
  expect(build.status).toBe(0);
  const run = runNode(project, outputPath(project, "src/main.ts"));
  expect(unexpectedStderr(run.stderr)).toBe("");
  expect(run.status).toBe(0);
  return { stdout: run.stdout, records: readRecords(run.logDir) };
}

describe.each(["es2015", "es2017"])("target %s", (target) => {
  it("behaves like the plugin-less build and still traces async calls", () => {
    assertTransformerBuilt();
    const instrumented = buildAndRun(target, false);
    const plain = buildAndRun(target, true);
    const observed = JSON.parse(instrumented.stdout) as Record<string, unknown>;
    const expected = JSON.parse(plain.stdout) as Record<string, unknown>;
    // \`async function shadow(a) { var a = a + 1 }\`: tsc's own es2015 async downlevel
    // (__awaiter over a generator) loses the parameter's value and yields NaN (null in
    // JSON) without us; the instrumented build copies the value in and keeps the native
    // result, 2. Every other observation is the plugin-less build's.
    const { shadow: shadowed, ...rest } = observed;
    const { shadow: plainShadow, ...plainRest } = expected;
    expect(rest).toEqual(plainRest);
    expect(shadowed).toBe(2);
    expect(plainShadow).toBe(target === "es2015" ? null : 2);
    const slowExits = instrumented.records.filter((r) => r.function === "slow" && String(r.message).includes("finished"));
    expect(slowExits).toHaveLength(2);
    // Tagged records only: the log.info inside `nested` names it too (its call site).
    const nested = instrumented.records.filter((r) => r.function === "nested" && r.message !== "from nested");
    expect(nested).toHaveLength(4);
    for (const r of nested) expect(slowExits.map((s) => s.trace_id)).toContain(r.trace_id);
    const shadowRecords = instrumented.records.filter((r) => r.function === "shadow");
    expect(shadowRecords).toHaveLength(2);
  });
});
