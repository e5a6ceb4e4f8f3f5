/**
 * Plugin options in the tsconfig entry (SPEC §8), under a real `tspc`: `minLevel` compiles
 * instrumentation out (no code left at all), `include`/`exclude` pick files, and `file` in
 * records is relative to the tsconfig's directory whatever directory tspc runs from.
 */
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, dirname } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, REPO_ROOT, runNode, runTspc, unexpectedStderr, type TsProject } from "./helpers/tspc-project";

const projects: TsProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

const LEVELS_TS = `/** @logcrest debug */
export function chatty(): number {
  return 1;
}

/** @logcrest */
export function normal(): number {
  return 2;
}

/** @logcrest warn */
export function important(): number {
  return 3;
}
`;

const MAIN_TS = `import { chatty, normal, important } from "./levels.js";
console.log(chatty() + normal() + important());
`;

function functionsIn(records: Record<string, unknown>[]): string[] {
  return [...new Set(records.map((r) => String(r.function)))].sort();
}

describe("minLevel", () => {
  it("compiles out functions tagged below it: no runtime call left, no record", () => {
    assertTransformerBuilt();
    const project = makeTsProject({ output: "esm", plugin: { minLevel: "warn" }, files: { "src/levels.ts": LEVELS_TS, "src/main.ts": MAIN_TS } });
    projects.push(project);
    const build = runTspc(project.dir);
    expect(build.stdout + build.stderr).toBe("");
    const js = readFileSync(outputPath(project, "src/levels.ts"), "utf8");
    const chatty = js.slice(js.indexOf("function chatty"), js.indexOf("function normal"));
    expect(chatty).not.toContain("_lc");
    expect(js.slice(js.indexOf("function normal"), js.indexOf("function important"))).not.toContain("_lc");
    expect(js.slice(js.indexOf("function important"))).toContain(".enter(");
    const run = runNode(project, outputPath(project, "src/main.ts"));
    expect(unexpectedStderr(run.stderr)).toBe("");
    expect(run.stdout).toBe("6\n");
    expect(functionsIn(readRecords(run.logDir))).toEqual(["important"]);
  });

  it("a file whose every tag is below minLevel gets no prelude at all", () => {
    const project = makeTsProject({ output: "cjs", plugin: { minLevel: 50 }, files: { "src/levels.ts": LEVELS_TS } });
    projects.push(project);
    expect(runTspc(project.dir).status).toBe(0);
    const js = readFileSync(outputPath(project, "src/levels.ts"), "utf8");
    expect(js).not.toContain("logcrest\")");
    expect(js).not.toContain("_lc");
  });
});

describe("include / exclude", () => {
  it("instruments only included files that are not excluded", () => {
    const tagged = (name: string) => `/** @logcrest */\nexport function ${name}(): string {\n  return "${name}";\n}\n`;
    const project = makeTsProject({
      output: "cjs",
      plugin: { include: ["src/traced/**"], exclude: ["**/*.skip.ts"] },
      files: {
        "src/traced/a.ts": tagged("a"),
        "src/traced/deep/b.ts": tagged("b"),
        "src/traced/c.skip.ts": tagged("c"),
        "src/other.ts": tagged("d"),
        "src/main.ts": `import { a } from "./traced/a";\nimport { b } from "./traced/deep/b";\nimport { c } from "./traced/c.skip";\nimport { d } from "./other";\nconsole.log(a() + b() + c() + d());\n`,
      },
    });
    projects.push(project);
    const build = runTspc(project.dir);
    expect(build.stdout + build.stderr).toBe("");
    const run = runNode(project, outputPath(project, "src/main.ts"));
    expect(run.stdout).toBe("abcd\n");
    const records = readRecords(run.logDir);
    expect(functionsIn(records)).toEqual(["a", "b"]);
    expect(records.find((r) => r.function === "b")).toMatchObject({ file: "src/traced/deep/b.ts", line: 2 });
  });
});

describe("file in records", () => {
  it("is relative to the tsconfig's directory, also when tspc runs elsewhere", () => {
    const project = makeTsProject({ output: "cjs", files: { "src/app/x.ts": `/** @logcrest */\nexport function x(): number {\n  return 1;\n}\nx();\n` } });
    projects.push(project);
    // Run from the repository, pointing -p at the project (as a monorepo build script would).
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", join(project.dir, "tsconfig.json")], {
      cwd: dirname(REPO_ROOT),
      encoding: "utf8",
    });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(outputPath(project, "src/app/x.ts"), "utf8")).toContain(`.sites("src/app/x.ts", [["x", 2, 20, 0]])`);
    const run = runNode(project, outputPath(project, "src/app/x.ts"));
    expect(readRecords(run.logDir)[0]).toMatchObject({ function: "x", file: "src/app/x.ts", line: 2 });
  });
});
