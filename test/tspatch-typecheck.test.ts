/**
 * Under a type-checked tspc build, a `// @ts-expect-error` between the tag and the
 * function keeps working: the instrumented build passes the checker exactly as the
 * plain file does, and the output runs with its records.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, REPO_ROOT, runNode, runTspc, type TsProject } from "./helpers/tspc-project";

const source = readFileSync(join(REPO_ROOT, "fixtures/ts-expect-error/input.ts"), "utf8");
const main = `import { check } from "./input.js";\nimport { flush } from "logcrest";\nconsole.log(JSON.stringify(check()));\nawait flush();\n`;
const projects: TsProject[] = [];
beforeAll(() => assertTransformerBuilt());
afterAll(() => projects.forEach((p) => p.cleanup()));

describe("@ts-expect-error above a tagged function, type-checked", () => {
  it("builds without errors and runs instrumented", () => {
    const project = makeTsProject({ files: { "src/input.ts": source, "src/main.ts": main }, output: "esm" });
    projects.push(project);
    const build = runTspc(project.dir);
    expect(build.stdout + build.stderr).toBe("");
    expect(build.status).toBe(0);
    const run = runNode(project, outputPath(project, "src/main.ts"));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ untyped: 4, typed: 5, length: 1 });
    const messages = readRecords(run.logDir).map((r) => r.message);
    expect(messages).toContainEqual("[Root] Invoking 'untyped'");
    expect(messages).toContainEqual("[Root] Invoking 'typed'");
  });

  it("the directives are load-bearing: without them the same build fails type-checking", () => {
    const project = makeTsProject({
      files: { "src/input.ts": source.replace(/\/\/ @ts-expect-error[^\n]*\n/g, "//\n"), "src/main.ts": main },
      output: "esm",
    });
    projects.push(project);
    const build = runTspc(project.dir);
    expect(build.status).not.toBe(0);
    expect(build.stdout).toMatch(/TS7006|TS2322/);
  });
});
