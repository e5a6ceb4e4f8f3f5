/**
 * `logcrest/bun` in `Bun.build` (target node): real builds in bun child processes, in a
 * temporary project whose `logcrest` is this repository, the bundle run under Node and its
 * records read from the files; stack traces of the bundle under `--enable-source-maps`
 * (Bun ignores a plugin's map, so this proves the chaining after the build); a bad tag
 * failing the build with Bun's own error; the options every path takes; and the plugin's
 * structural types against bun-types.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBun } from "./helpers/bun";
import { BAD_TS, CALC_TS, positionOf, project as makeProject, removeProjects } from "./helpers/calc-app";
import { readRecords } from "./helpers/tspc-project";

const REPO = join(__dirname, "..");
afterAll(removeProjects);

const MAIN_TS = `import { configure, flush } from "logcrest";
configure({ console: false });
import { alarm, total } from "./calc";
console.log(await total([1, 2, 3]), alarm());
await flush();
`;

/** Bun.build as a user's build script writes it; the plugin options and map mode come from the environment. */
const BUILD_TS = `import logcrest from "logcrest/bun";
const result = await Bun.build({
  entrypoints: [process.env.ENTRY ?? "src/main.ts"],
  outdir: "dist",
  target: "node",
  sourcemap: (process.env.SOURCEMAP ?? "linked") as "linked",
  external: ["logcrest"],
  plugins: [logcrest(JSON.parse(process.env.OPTIONS ?? "{}"))],
});
if (!result.success) process.exit(1);
`;

const project = (files: Record<string, string>): string => makeProject("lc-bun-build-", { "build.ts": BUILD_TS, ...files });

async function build(dir: string, env: Record<string, string> = {}): Promise<void> {
  const r = await runBun(["build.ts"], dir, env);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

function node(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1", ...env } });
}

describe("Bun.build with logcrest/bun", () => {
  it("instruments the tagged functions: the bundle run under Node writes their records", async () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS });
    await build(dir, { OPTIONS: JSON.stringify({ include: ["src/**"] }) });
    const logDir = join(dir, "logs");
    const r = node(dir, ["dist/main.js"], { LOGCREST_DIR: logDir });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("6 alarm");
    const recs = readRecords(logDir);
    expect(recs.find((x) => x.function === "add")).toMatchObject({ file: "src/calc.ts", line: 2, args: [0, 1] });
    expect(recs.find((x) => x.function === "total" && x.steps !== undefined)).toMatchObject({ flow_status: "success", steps: 3, file: "src/calc.ts", line: 7 });
    expect(recs.filter((x) => x.function === "add").map((x) => x.trace_id)).toEqual(Array(6).fill(recs.find((x) => x.function === "total")!.trace_id));
  });

  it("stack traces of the bundle point at the .ts lines and columns (node --enable-source-maps), linked and inline maps", async () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS });
    const at = (needle: string): string => Object.values(positionOf(CALC_TS, needle)).join(":");
    const throwAt = at('new Error("boom "');
    const callAt = at("boom(sum)");
    for (const mode of ["linked", "inline"]) {
      await build(dir, { SOURCEMAP: mode });
      const r = node(dir, ["--enable-source-maps", "dist/main.js"], { BOOM: "1", LOGCREST_DIR: join(dir, "logs") });
      expect(r.status, mode).toBe(1);
      const frames = r.stderr.split("\n").filter((l) => /^\s+at /.test(l));
      expect(frames[0], mode).toMatch(new RegExp(`^\\s+at boom \\(\\S*src/calc\\.ts:${throwAt}\\)$`));
      expect(frames[1], mode).toMatch(new RegExp(`^\\s+at total \\(\\S*src/calc\\.ts:${callAt}\\)$`));
      // No frame is left pointing into the bundle: the frame our async wrapper adds maps to the function's own lines.
      expect(frames.filter((f) => f.includes("dist/main.js")), mode).toEqual([]);
    }
  });

  it("the map Bun writes shows the tagged TypeScript, not our output (linked and external .map files)", async () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS });
    for (const mode of ["linked", "external"]) {
      rmSync(join(dir, "dist"), { recursive: true, force: true });
      await build(dir, { SOURCEMAP: mode });
      const map = JSON.parse(readFileSync(join(dir, "dist/main.js.map"), "utf8")) as { sources: string[]; sourcesContent: string[]; debugId?: string };
      const calc = map.sources.indexOf("../src/calc.ts");
      expect(calc, `${mode}: ${map.sources.join(", ")}`).toBeGreaterThanOrEqual(0);
      expect(map.sourcesContent[calc], mode).toBe(CALC_TS);
      expect(map.sources.filter((s) => s.endsWith("calc.ts")), mode).toHaveLength(1);
      expect(map.debugId, `${mode}: Bun's own fields stay`).toMatch(/^[0-9A-F]{32}$/);
    }
  });

  it("a bad tag fails the build with Bun's error, located file:line:col, with the LC code", async () => {
    const dir = project({ "src/bad.ts": BAD_TS });
    const r = await runBun(["build.ts"], dir, { ENTRY: "src/bad.ts" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/error: src[\\/]bad\.ts:2:\d+: LC00\d .*levle/);
    expect(existsSync(join(dir, "dist"))).toBe(false);
  });

  it("the plugin's types fit Bun's own (bun-types): Bun.build and Bun.plugin accept it", () => {
    const dir = project({
      "check.ts": `import logcrest from "logcrest/bun";
await Bun.build({ entrypoints: ["src/main.ts"], plugins: [logcrest({ include: ["src/**"], minLevel: "info", cache: false })] });
Bun.plugin(logcrest());
// @ts-expect-error: the options are checked too
logcrest({ include: 42 });
`,
      "tsconfig.json": JSON.stringify({
        compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, skipLibCheck: true, types: ["bun-types"] },
        files: ["check.ts"],
      }),
    });
    symlinkSync(join(REPO, "node_modules/bun-types"), join(dir, "node_modules/bun-types"), "dir");
    const r = node(dir, [join(REPO, "node_modules/typescript/lib/tsc.js"), "-p", "."]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("takes include/exclude, minLevel and cache as every path does", async () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS });
    const records = async (options: object): Promise<Record<string, unknown>[]> => {
      rmSync(join(dir, "logs"), { recursive: true, force: true });
      await build(dir, { OPTIONS: JSON.stringify(options) });
      const r = node(dir, ["dist/main.js"], { LOGCREST_DIR: join(dir, "logs") });
      expect(r.status).toBe(0);
      return readRecords(join(dir, "logs"));
    };
    const names = (recs: Record<string, unknown>[]) => [...new Set(recs.map((r) => r.function))].sort();
    expect(names(await records({ minLevel: "warn", cache: false }))).toEqual(["alarm"]);
    expect(await records({ exclude: ["src/calc.ts"], cache: false })).toEqual([]);
    expect(await records({ include: ["lib/**"], cache: false })).toEqual([]);
    const cache = join(dir, "lc-cache");
    expect(names(await records({ cache }))).toEqual(["add", "alarm", "total"]);
    const entries = readdirSync(cache).map((f) => [f, statSync(join(cache, f)).mtimeMs]);
    expect(entries.length).toBeGreaterThan(0);
    // A second build is served from the cache (no entry written again) and writes the same records.
    expect(names(await records({ cache }))).toEqual(["add", "alarm", "total"]);
    expect(readdirSync(cache).map((f) => [f, statSync(join(cache, f)).mtimeMs])).toEqual(entries);
  });
});
