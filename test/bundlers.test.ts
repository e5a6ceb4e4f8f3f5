/**
 * `logcrest/vite` (Vite 8, and so Vitest), `logcrest/rollup` (Rollup 4, Rolldown),
 * `logcrest/webpack` (webpack 5 + swc-loader) and `logcrest/rspack` (builtin:swc-loader): real
 * builds in a temporary project whose `logcrest` is this repository, the output run in a
 * child process and its records read from the files; a Vitest run of a test file that
 * imports a tagged function and asserts on the records it wrote; and a bad tag failing each
 * build with the tool's own error, located file:line:col.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BAD_TS, CALC_TS, project as makeProject, removeProjects } from "./helpers/calc-app";
import { readRecords } from "./helpers/tspc-project";

const REPO = join(__dirname, "..");
afterAll(removeProjects);

const MAIN_TS = `import { configure, flush } from "logcrest";
configure({ console: false });
import { total } from "./calc";
console.log(await total([1, 2, 3]));
await flush();
`;

const project = (files: Record<string, string>): string => makeProject("lc-bundle-", files);

function node(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Build scripts import the tools from this repository's node_modules (absolute paths). */
const tool = (name: string): string => JSON.stringify(require.resolve(name, { paths: [REPO] }));

const BUILDS = {
  "Vite 8 (SSR build)": `import { build } from ${tool("vite")};
import logcrest from "logcrest/vite";
await build({ root: process.cwd(), logLevel: "silent", configFile: false, plugins: [logcrest()],
  build: { ssr: process.env.ENTRY, outDir: "out", sourcemap: true, rollupOptions: { output: { entryFileNames: "main.js" } } } });`,
  "Rollup 4": `import { rollup } from ${tool("rollup")};
import { transform } from ${tool("esbuild")};
import logcrest from "logcrest/rollup";
// Rollup has no TypeScript of its own: a minimal esbuild step after ours (as @rollup/plugin-typescript would be).
const ts = { name: "ts", resolveId(s, from) { return s.startsWith(".") && from ? new URL(s + ".ts", "file://" + from).pathname : null; },
  async transform(code, id) { if (!id.endsWith(".ts")) return null; const r = await transform(code, { loader: "ts", sourcemap: true, sourcefile: id }); return { code: r.code, map: r.map }; } };
const bundle = await rollup({ input: process.env.ENTRY, external: [/^logcrest/, /^node:/], plugins: [logcrest(), ts], onwarn() {} });
await bundle.write({ file: "out/main.js", format: "es", sourcemap: true });`,
  "Rolldown": `import { build } from ${tool("rolldown")};
import logcrest from "logcrest/rollup";
await build({ input: process.env.ENTRY, external: [/^logcrest/, /^node:/], plugins: [logcrest()], logLevel: "silent", output: { file: "out/main.js", format: "es", sourcemap: true } });`,
  "webpack 5 (swc-loader)": `import webpack from ${tool("webpack")};
import logcrest from "logcrest/webpack";
const stats = await new Promise((ok, fail) => webpack({ mode: "none", context: process.cwd(), entry: "./" + process.env.ENTRY, target: "node20",
  devtool: "source-map", externalsType: "module", externals: [/^logcrest/, /^node:/], experiments: { outputModule: true },
  output: { path: process.cwd() + "/out", filename: "main.js", module: true, library: { type: "module" } },
  resolve: { extensions: [".ts", ".js"] }, plugins: [logcrest()],
  module: { rules: [{ test: /\\.ts$/, use: { loader: ${tool("swc-loader")}, options: { sourceMaps: true, jsc: { parser: { syntax: "typescript" }, target: "es2022" } } } }] },
}, (err, s) => (err ? fail(err) : ok(s))));
if (stats.hasErrors()) { for (const e of stats.toJson().errors) process.stderr.write(e.message + "\\n"); process.exit(1); }`,
  "Rspack (builtin:swc-loader)": `import { rspack } from ${tool("@rspack/core")};
import logcrest from "logcrest/rspack";
const stats = await new Promise((ok, fail) => rspack({ mode: "none", context: process.cwd(), entry: "./" + process.env.ENTRY, target: "node20",
  devtool: "source-map", externalsType: "module", externals: [/^logcrest/, /^node:/], experiments: { outputModule: true },
  output: { path: process.cwd() + "/out", filename: "main.js", module: true, library: { type: "module" } },
  resolve: { extensions: [".ts", ".js"] }, plugins: [logcrest()],
  module: { rules: [{ test: /\\.ts$/, loader: "builtin:swc-loader", options: { jsc: { parser: { syntax: "typescript" }, target: "es2022" } } }] },
}, (err, s) => (err ? fail(err) : ok(s))));
if (stats.hasErrors()) { for (const e of stats.toJson().errors) process.stderr.write(e.message + "\\n"); process.exit(1); }`,
} as const;

describe.each(Object.entries(BUILDS))("%s", (_name, script) => {
  it("instruments the tagged functions: the built app writes their records", () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS, "build.mjs": script });
    const built = node(dir, ["build.mjs"], { ENTRY: "src/main.ts" });
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
    const logDir = join(dir, "logs");
    const r = node(dir, ["out/main.js"], { LOGCREST_DIR: logDir });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("6");
    const recs = readRecords(logDir);
    expect(recs.find((x) => x.function === "add")).toMatchObject({ file: "src/calc.ts", line: 2, args: [0, 1] });
    const end = recs.find((x) => x.function === "total" && x.steps !== undefined);
    expect(end).toMatchObject({ flow_status: "success", steps: 3, file: "src/calc.ts", line: 7 });
    // The map chained through the tool points back at the TypeScript source.
    const map = JSON.parse(readFileSync(join(dir, "out/main.js.map"), "utf8")) as { sources: string[]; sourcesContent?: string[] };
    const calc = map.sources.findIndex((s) => s.endsWith("src/calc.ts"));
    expect(calc).toBeGreaterThanOrEqual(0);
    // Chained, not restarted: the source the map shows is the tagged TypeScript, not our output.
    expect(map.sourcesContent?.[calc]).toBe(CALC_TS);
  });

  it("a bad tag fails the build with the tool's error, located file:line:col", () => {
    const dir = project({ "src/bad.ts": BAD_TS, "build.mjs": script });
    const built = node(dir, ["build.mjs"], { ENTRY: "src/bad.ts" });
    expect(built.status).not.toBe(0);
    expect(built.stderr).toMatch(/src[\\/]bad\.ts:2:\d+: LC00\d .*levle/);
  });
});

describe("Vitest with logcrest/vite", () => {
  it("a test of a tagged function sees its records", () => {
    const dir = project({
      "src/calc.ts": CALC_TS,
      "vitest.config.mjs": `import logcrest from "logcrest/vite";\nexport default { plugins: [logcrest()], test: { include: ["test/**/*.test.ts"] } };\n`,
      "test/calc.test.ts": `import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { configure, flush } from "logcrest";
import { expect, it } from "vitest";
import { add } from "../src/calc";

it("add writes its records", async () => {
  configure({ dir: "test-logs", console: false });
  expect(add(2, 40)).toBe(42);
  await flush();
  const dir = join("test-logs", "success");
  const recs = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), "utf8").trim().split("\\n").map((l) => JSON.parse(l)));
  expect(recs[0]).toMatchObject({ function: "add", file: "src/calc.ts", line: 2, args: [2, 40] });
  expect(recs[1].message).toMatch(/^\\[Root\\] 'add' finished in /);
});
`,
    });
    const r = node(dir, [join(REPO, "node_modules/vitest/vitest.mjs"), "run", "--root", dir]);
    expect(r.stdout + r.stderr).toMatch(/1 passed/);
    expect(r.status).toBe(0);
  });
});
