/**
 * The ts-patch path on the oldest and newest TypeScript 5 we claim (5.0 and 5.9, installed
 * as npm aliases): tspc resolves the compiler from the project, so each project here gets
 * its own `node_modules/typescript`. The build must use that compiler, instrument, and
 * write the same records as under TypeScript 6.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, REPO_ROOT, runNode, type TsProject } from "./helpers/tspc-project";

/**
 * tspc loads the compiler next to its own install, so it runs from the project's
 * node_modules (a symlink, kept as such) where `typescript` is the version under test;
 * ts-patch's own dependencies come from the repository's node_modules.
 */
function tspcWith(dir: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ["--preserve-symlinks", "--preserve-symlinks-main", join(dir, "node_modules/ts-patch/bin/tspc.js"), "-p", dir],
    { cwd: dir, encoding: "utf8", timeout: 120_000, env: { ...process.env, NODE_PATH: join(REPO_ROOT, "node_modules") } },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const source = `import { flush } from "logcrest";
/** @logcrest logResult */
export async function add(a: number, b: number): Promise<number> {
  await null;
  return a + b;
}
/** @flow sum-it */
async function total(xs: number[]) {
  let s = 0;
  for (const x of xs) s = await add(s, x);
  return s;
}
total([1, 2, 3]).then(async (v) => {
  console.log(JSON.stringify({ value: v, length: add.length }));
  await flush();
});
`;

// Reports which compiler ts-patch handed to the transformer, then is the real transformer.
const probe = `const real = require(${JSON.stringify(join(REPO_ROOT, "dist/cjs/transformer/ts-patch/index.js"))}).default;
module.exports = function (program, config, extras) {
  console.log("compiler " + extras.ts.version);
  return real(program, config, extras);
};
`;

const projects: TsProject[] = [];
beforeAll(() => assertTransformerBuilt());
afterAll(() => projects.forEach((p) => p.cleanup()));

describe.each([
  ["typescript-5.0", "5.0.4"],
  ["typescript-5.9", "5.9.3"],
])("tspc with %s", (alias, version) => {
  it(`builds with TypeScript ${version} and the build behaves`, () => {
    const project = makeTsProject({
      files: { "src/main.ts": source, "probe.cjs": probe },
      output: "cjs",
      transform: "./probe.cjs",
      include: ["src"],
    });
    projects.push(project);
    symlinkSync(join(REPO_ROOT, "node_modules", alias), join(project.dir, "node_modules/typescript"), "dir");
    symlinkSync(join(REPO_ROOT, "node_modules/ts-patch"), join(project.dir, "node_modules/ts-patch"), "dir");
    // TS 5 knows no "ignoreDeprecations": "6.0"
    const tsconfig = JSON.parse(readFileSync(join(project.dir, "tsconfig.json"), "utf8")) as {
      compilerOptions: Record<string, unknown>;
    };
    delete tsconfig.compilerOptions.ignoreDeprecations;
    writeFileSync(join(project.dir, "tsconfig.json"), JSON.stringify(tsconfig));

    const build = tspcWith(project.dir);
    expect(build.stdout.trim()).toBe(`compiler ${version}`);
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);

    const run = runNode(project, outputPath(project, "src/main.ts"));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ value: 6, length: 2 });
    const records = readRecords(run.logDir);
    const end = records.find((r) => r.flow_type === "flow_end")!;
    expect(end).toMatchObject({ function: "total", flow_status: "success", steps: 3 });
    expect((end.timeline as Array<{ fn: string; status: string }>).map((s) => `${s.fn}:${s.status}`)).toEqual([
      "add:ok",
      "add:ok",
      "add:ok",
    ]);
    expect(records.filter((r) => typeof r.message === "string" && r.message.includes("'add' finished")).map((r) => r.result)).toEqual([1, 3, 6]);
  });
});
