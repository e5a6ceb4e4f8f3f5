/**
 * `logcrest/register`, the Node load hook: real `node` child processes run a project's
 * TypeScript through Node's own type stripping (Node >= 22.18) and through tsx 4, with the
 * tags instrumented as the modules load. ESM imports and CommonJS require, inline source
 * maps, the shared persistent cache, options from the environment and logcrest.build.json,
 * and a bad tag failing the import with the located LC error.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as nodeModule from "node:module";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRecords } from "./helpers/tspc-project";

const REPO = join(__dirname, "..");
const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
/** Node strips types by default from 22.18 (and 23.6). */
const stripsTypes = major > 23 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
/** Synchronous module hooks (Node >= 22.15): every `require` passes our resolve hook, tsx's too. */
const syncHooks = typeof (nodeModule as { registerHooks?: unknown }).registerHooks === "function";

const CALC_TS = `import { log } from "logcrest";
// line 2
/** @logcrest logArgs */
export function add(a: number, b: number): number {
  return a + b;
}

/** @logcrest level=warning */
export async function slow(n: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 1));
  log.info("inside slow");
  return n * 2;
}

/** @logcrest */
export function boom(why: string): never {
  throw new Error("boom " + why);
}
`;

const LEGACY_CTS = `/** @logcrest */
function legacy(x: number): number {
  return x + 1;
}
module.exports = { legacy };
`;

const MAIN_TS = `import { createRequire } from "node:module";
import { configure, flush } from "logcrest";
configure({ console: false });
import { add, slow, boom } from "./calc.ts";
const require = createRequire(import.meta.url);
const { legacy } = require("./legacy.cts") as { legacy(x: number): number };
console.log(add(2, 3), await slow(4), legacy(9));
await flush();
if (process.env.BOOM === "1") boom("now");
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lc-register-"));
  dirs.push(dir);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules/logcrest"), "dir");
  symlinkSync(join(REPO, "node_modules/tsx"), join(dir, "node_modules/tsx"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "lc-register-app", private: true, type: "module" }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function run(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string; logDir: string } {
  const logDir = mkdtempSync(join(dir, "logs-"));
  const r = spawnSync(process.execPath, args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, LOGCREST_DIR: logDir, NODE_NO_WARNINGS: "1", ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, logDir };
}

const TSX = ["--import", "logcrest/register", "--import", "tsx"];
const STRIP = ["--import", "logcrest/register"];

/** Node 26 removed the flag (its type stripping covers what it did). */
const transformTypes = stripsTypes && process.allowedNodeEnvironmentFlags.has("--experimental-transform-types");

const paths: ReadonlyArray<readonly [string, readonly string[]]> = [
  ...(stripsTypes ? [["Node type stripping", STRIP] as const] : []),
  ...(transformTypes ? [["Node --experimental-transform-types", ["--experimental-transform-types", ...STRIP]] as const] : []),
  ["tsx 4", TSX] as const,
];

describe.each(paths)("logcrest/register under %s", (name, nodeArgs) => {
  it("instruments ESM imports and CommonJS require as they load", () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS, "src/legacy.cts": LEGACY_CTS });
    const r = run(dir, [...nodeArgs, "src/main.ts"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("5 8 10");
    const recs = readRecords(r.logDir);
    expect(recs.find((x) => x.function === "add")).toMatchObject({ message: "[Root] Invoking 'add' | args=[2,3]", file: "src/calc.ts", line: 4, args: [2, 3] });
    expect(recs.find((x) => x.message === "inside slow")!.trace_id).toBe(recs.find((x) => x.function === "slow")!.trace_id);
    const legacy = recs.find((x) => x.function === "legacy");
    if (name === "tsx 4" && !syncHooks) {
      // tsx compiles CommonJS in its own require handler, from the file, past every load hook,
      // and on Node 20 no hook of ours runs in that thread before it: the README says so.
      expect(legacy).toBeUndefined();
    } else {
      expect(legacy).toMatchObject({ message: "[Root] Invoking 'legacy'", file: "src/legacy.cts", line: 2 });
    }
  });

  it("stack traces of instrumented code point at the .ts lines (--enable-source-maps)", () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS, "src/legacy.cts": LEGACY_CTS });
    const r = run(dir, ["--enable-source-maps", ...nodeArgs, "src/main.ts"], { BOOM: "1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Error: boom now\n\s+at boom \(\S*src[\\/]calc\.ts:17:9\)/);
  });

  it.runIf(syncHooks)("a bad tag in a required .cts fails that require with the located LC error; the next require works", () => {
    const dir = project({
      "src/main.ts": `import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\ntry { require("./bad.cts"); } catch (err) { console.log("REQUIRE FAILED: " + (err as Error).message); }\nconsole.log(require("./legacy.cts").legacy(1));\n`,
      "src/bad.cts": `const x = 1;\n/** @logcrest levle=info */\nfunction f(): number { return x; }\nmodule.exports = { f };\n`,
      "src/legacy.cts": LEGACY_CTS,
    });
    const r = run(dir, [...nodeArgs, "src/main.ts"], { LOGCREST_CONSOLE: "false" });
    expect(r.stdout).toMatch(/^REQUIRE FAILED: src[\\/]bad\.cts:2:\d+: LC00\d .*levle/m);
    expect(r.stdout.trim().split("\n").pop()).toBe("2");
    expect(r.status).toBe(0);
    expect(readRecords(r.logDir).find((x) => x.function === "legacy")).toMatchObject({ file: "src/legacy.cts", line: 2 });
  });

  it("a bad tag fails the import with the located LC error; the loader goes on", () => {
    const dir = project({
      "src/main.ts": `try { await import("./bad.ts"); } catch (err) { console.log("IMPORT FAILED: " + (err as Error).message); }\nconst ok = await import("./calc.ts");\nconsole.log(ok.add(1, 1));\n`,
      "src/bad.ts": `export const x = 1;\n/** @logcrest levle=info */\nexport function f(): number { return 1; }\n`,
      "src/calc.ts": CALC_TS,
    });
    const r = run(dir, [...nodeArgs, "src/main.ts"]);
    expect(r.stdout).toMatch(/^IMPORT FAILED: src[\\/]bad\.ts:2:\d+: LC00\d .*levle/m);
    expect(r.stdout.trim().split("\n").pop()).toBe("2");
    expect(r.status).toBe(0);
  });
});

describe("logcrest/register options and cache", () => {
  const nodeArgs = stripsTypes ? STRIP : TSX;

  it("writes the shared persistent cache and reads it on the next start", () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS, "src/legacy.cts": LEGACY_CTS });
    const cacheDir = join(dir, "node_modules/.cache/logcrest");
    expect(run(dir, [...nodeArgs, "src/main.ts"]).stdout.trim()).toBe("5 8 10");
    const entries = readdirSync(cacheDir);
    // calc.ts, and legacy.cts where CommonJS goes through the hook (not under tsx); main.ts
    // has no tag word. (This repository's own runtime, symlinked here, adds "nothing to do"
    // entries for its files that mention the tag in comments.)
    expect(entries.length).toBeGreaterThanOrEqual(stripsTypes ? 2 : 1);
    const warm = run(dir, [...nodeArgs, "src/main.ts"]);
    expect(warm.stdout.trim()).toBe("5 8 10");
    expect(readRecords(warm.logDir).some((x) => x.function === "add")).toBe(true);
    expect(readdirSync(cacheDir).sort()).toEqual(entries.sort());
  });

  it("takes minLevel and cache from the environment, and include from logcrest.build.json", () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS, "src/legacy.cts": LEGACY_CTS, "logcrest.build.json": JSON.stringify({ include: ["src/calc.ts"] }) });
    const r = run(dir, [...nodeArgs, "src/main.ts"], { LOGCREST_BUILD_MIN_LEVEL: "warning", LOGCREST_BUILD_CACHE: "false" });
    expect(r.stdout.trim()).toBe("5 8 10");
    const fns = new Set(readRecords(r.logDir).map((x) => x.function));
    expect(fns.has("slow")).toBe(true); // level=warning: kept
    expect(fns.has("add")).toBe(false); // INFO, below minLevel
    expect(fns.has("legacy")).toBe(false); // outside include
    expect(existsSync(join(dir, "node_modules/.cache/logcrest"))).toBe(false);
  });

  it("loaded after tsx (`tsx --import logcrest/register`) it says so instead of silently doing nothing", () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS, "src/legacy.cts": LEGACY_CTS });
    const r = run(dir, [join(REPO, "node_modules/tsx/dist/cli.mjs"), "--import", "logcrest/register", "src/main.ts"], { NODE_NO_WARNINGS: "" });
    expect(r.stdout.trim()).toBe("5 8 10");
    expect(r.stderr).toMatch(/\[LOGCREST_REGISTER_ORDER\] Warning: logcrest\/register is loaded after tsx.*node --import logcrest\/register --import tsx/);
  });

  it("an unknown key in logcrest.build.json stops the start with one line", () => {
    const dir = project({ "src/main.ts": MAIN_TS, "src/calc.ts": CALC_TS, "logcrest.build.json": JSON.stringify({ minlevel: "info" }) });
    const r = run(dir, [...nodeArgs, "src/main.ts"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^logcrest\/register: unknown key "minlevel" in \S+logcrest\.build\.json; allowed: include, exclude, minLevel, cache$/);
  });
});
