/**
 * The other way users run ts-patch: `ts-patch install` patches the project's own
 * `typescript` once, and the plain `tsc` then loads `logcrest/transformer` from tsconfig.
 * The patch is applied to a private copy of TypeScript inside the temp project, never to
 * the repository's node_modules.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, REPO_ROOT, runNode, unexpectedStderr, type TsProject } from "./helpers/tspc-project";

const projects: TsProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

describe("persistently patched tsc (ts-patch install)", () => {
  it("instruments like tspc and fails on a bad tag", () => {
    assertTransformerBuilt();
    const project = makeTsProject({
      output: "cjs",
      files: { "src/a.ts": `/** @logcrest logResult */\nexport function a(n: number): number {\n  return n * 2;\n}\nconsole.log(a(21));\n` },
    });
    projects.push(project);
    cpSync(join(REPO_ROOT, "node_modules/typescript"), join(project.dir, "node_modules/typescript"), { recursive: true });
    const install = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules/ts-patch/bin/ts-patch.js"), "install", "--dir", project.dir], {
      cwd: project.dir,
      encoding: "utf8",
    });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    const tsc = join(project.dir, "node_modules/typescript/lib/tsc.js");
    const build = spawnSync(process.execPath, [tsc, "-p", project.dir], { cwd: project.dir, encoding: "utf8" });
    expect(build.stdout + build.stderr).toBe("");
    expect(build.status).toBe(0);
    expect(readFileSync(outputPath(project, "src/a.ts"), "utf8")).toMatch(/var _lc\$\w+ = require\("logcrest"\)\.__lc;/);
    const run = runNode(project, outputPath(project, "src/a.ts"));
    expect(unexpectedStderr(run.stderr)).toBe("");
    expect(run.stdout).toBe("42\n");
    expect(readRecords(run.logDir).find((r) => r.function === "a" && "result" in r)).toMatchObject({ result: 42, file: "src/a.ts", line: 2 });

    // The same tsc refuses a bad tag with a located error.
    const bad = join(project.dir, "src/bad.ts");
    writeFileSync(bad, `/** @flow labelFrom=missing */\nexport function b(x: string): string {\n  return x;\n}\n`);
    const failed = spawnSync(process.execPath, [tsc, "-p", project.dir], { cwd: project.dir, encoding: "utf8" });
    expect(failed.status).not.toBe(0);
    expect(failed.stdout).toMatch(/^src\/bad\.ts\(1,11\): error TS920003: \[logcrest LC003\] labelFrom=missing/m);
  });
});
