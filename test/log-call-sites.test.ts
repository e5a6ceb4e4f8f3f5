/**
 * Call sites on log records (issue 15): the runtime takes the site generated code passes as
 * the call's receiver (`log.info.call(SITE, ...)`) only when a module's table made it, writes `function`/`file`/`line` where a tagged
 * record has them (record object and JSON line alike), and a disabled level still stops at
 * its one compare. Then the real thing: CommonJS sources that `require("logcrest")`, built
 * by the esbuild plugin, and a file with log calls but no tag built by tspc, each run in a
 * child process. fixtures/log-call-sites runs the ES module forms through every build path.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import logcrest from "../esbuild-plugin/index";
import { REPO_ROOT } from "../fixtures/build-esbuild";
import { runFixture } from "../fixtures/runner";
import { F_LOG_CALL, LOG_METHODS } from "../runtime/contract";
import { jsonLine, loggerFragment, slowJsonLine } from "../runtime/format/json";
import { log } from "../runtime/log";
import { callSite, makeSite, sites } from "../runtime/sites";
import { S } from "../runtime/state";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, runNode, runTspc, unexpectedStderr } from "./helpers/tspc-project";

const work = mkdtempSync(path.join(tmpdir(), "lc-callsite-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const table = sites("src/orders.ts", [
  ["OrderService.place", 12, 0, F_LOG_CALL],
  ["<module>", 30, 0, F_LOG_CALL],
]);
const place = table[0]!;
/** The logger's methods, called as generated code calls them: `methods.info.call(SITE, ...)`. */
const methods = log as unknown as Record<string, (this: unknown, ...args: unknown[]) => void>;

describe("the runtime takes only sites a table made", () => {
  it("callSite: table rows yes; a look-alike, a runtime-made site, primitives, null, a Proxy no", () => {
    expect(callSite(place)).toBe(place);
    expect(callSite({ ...place })).toBeUndefined();
    expect(callSite(makeSite("f", "src/a.ts", 1, 20, 0))).toBeUndefined();
    let trapped = false;
    const proxy = new Proxy(place, { get: () => ((trapped = true), undefined), getPrototypeOf: () => ((trapped = true), null) });
    expect(callSite(proxy)).toBeUndefined();
    expect(trapped).toBe(false);
    for (const v of [undefined, null, 0, "src/orders.ts", true, Symbol("s"), 1n, () => place]) expect(callSite(v)).toBeUndefined();
  });

  it("a site made by one copy of the runtime is known to another (a bundled copy, the ESM wrapper)", async () => {
    vi.resetModules();
    const other = (await import("../runtime/sites.js")) as typeof import("../runtime/sites");
    expect(other.callSite).not.toBe(callSite);
    const made = other.sites("src/b.ts", [["g", 3, 0, F_LOG_CALL]]);
    expect(callSite(made[0])).toBe(made[0]);
    expect(other.callSite(place)).toBe(place);
  });

  it("each method keeps its declared parameters (the site is its receiver, not a parameter)", () => {
    expect(Object.keys(log).sort()).toEqual([...LOG_METHODS].sort());
    expect(LOG_METHODS.map((m) => [m, methods[m]!.length])).toEqual(LOG_METHODS.map((m) => [m, m === "exception" || m === "log" ? 3 : 2]));
  });
});

describe("log records with a call site", () => {
  let mem: MemoryPipeline;
  beforeEach(() => {
    mem = installMemoryPipeline();
  });

  it("carry function, file and line where a tagged record has them, for every method", () => {
    methods.info!.call(place, "placed", { orderId: "ord-42" });
    methods.exception!.call(place, "failed", new RangeError("no stock"), { orderId: "ord-42" });
    methods.log!.call(table[1], 30, "numeric level");
    const [info, exception, numeric] = mem.objects();
    expect(Object.keys(info!)).toEqual(["timestamp", "level", "logger", "trace_id", "function", "file", "line", "message", "orderId"]);
    expect(info).toMatchObject({ function: "OrderService.place", file: "src/orders.ts", line: 12, message: "placed", orderId: "ord-42" });
    expect(exception).toMatchObject({ level: "ERROR", function: "OrderService.place", line: 12, message: "failed", orderId: "ord-42" });
    expect(String(exception!.exception)).toMatch(/^RangeError: no stock\n\s+at /);
    expect(numeric).toMatchObject({ level: "WARNING", function: "<module>", file: "src/orders.ts", line: 30 });
  });

  it("the JSON fast path writes the same line as the record object", () => {
    methods.warn!.call(place, "low stock", { sku: "a\u2028b", n: 3 });
    methods.debug!.call(place, "no fields");
    for (const rec of mem.recs) {
      const fast = jsonLine(rec, loggerFragment("app_logger"), "app_logger");
      expect(fast).toBe(slowJsonLine(rec, "app_logger"));
      expect(JSON.parse(fast)).toMatchObject({ function: "OrderService.place", file: "src/orders.ts", line: 12 });
    }
  });

  it("a receiver that is no site is ignored: a look-alike, a string, the logger itself, none (destructured)", () => {
    methods.info!.call({ name: "fake", file: "fake.ts", line: 1, json: '"function":"fake"' }, "stray", { k: 1 });
    methods.error!.call("src/orders.ts", "stray string");
    log.warn("plain call, receiver log");
    const { critical } = log;
    critical("destructured, no receiver");
    // An extra argument shaped like the old trailing site is just an extra argument.
    methods.info!("extra argument", { k: 1 }, place);
    expect(mem.objects().map((r) => r.message)).toEqual(["stray", "stray string", "plain call, receiver log", "destructured, no receiver", "extra argument"]);
    for (const record of mem.objects()) {
      expect(record).not.toHaveProperty("function");
      expect(record).not.toHaveProperty("file");
      expect(JSON.stringify(record)).not.toContain("fake");
    }
  });

  it("a disabled level writes nothing, with a site or without", () => {
    S.minLevel = 30;
    methods.info!.call(place, "below the level", { k: 1 });
    methods.debug!.call(place, "below the level");
    log.info("below the level");
    expect(mem.recs).toEqual([]);
  });
});

describe("CommonJS sources built by the esbuild plugin", () => {
  it("require forms get their call sites; a shadowing parameter does not", async () => {
    const dir = path.join(work, "cjs");
    mkdirSync(path.join(dir, "src"), { recursive: true });
    writeFileSync(
      path.join(dir, "src/main.cjs"),
      [
        'const { log } = require("logcrest");',
        'const lc = require("logcrest");',
        'const { log: R } = require("logcrest");',
        "function charge(amount) {",
        '  log.info("charging", { amount });',
        "  return amount;",
        "}",
        "const refund = (amount) => lc.log.warn(\"refund\", { amount });",
        "function own(log) { return log.info(\"own logger\"); }",
        "exports.check = () => {",
        "  charge(5);",
        "  refund(2);",
        '  R.error("renamed");',
        '  return own({ info: (m) => "own: " + m });',
        "};",
        "exports.__logcrest = lc;",
        "",
      ].join("\n"),
    );
    const outfile = path.join(dir, "out.cjs");
    const built = await esbuild.build({
      entryPoints: [path.join(dir, "src/main.cjs")],
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile,
      alias: { logcrest: path.join(REPO_ROOT, "runtime/index.ts") },
      plugins: [logcrest({ root: dir, cache: false })],
      logLevel: "silent",
    });
    expect(built.errors).toEqual([]);
    const run = await runFixture(outfile);
    expect(run.result).toEqual({ ok: true, value: "own: own logger" });
    const site = (r: Record<string, unknown>) => [r.message, r.function, r.file, r.line];
    expect(run.records.success.map(site)).toEqual([
      ["charging", "charge", "src/main.cjs", 5],
      ["refund", "refund", "src/main.cjs", 8],
    ]);
    // Called inside the arrow assigned to exports.check: named like a tagged arrow would be.
    expect(run.records.error.map(site)).toEqual([["renamed", "check", "src/main.cjs", 13]]);
  });
});

describe("tspc", () => {
  it("a file with log calls and no tag gets the prelude and its sites (CommonJS output)", () => {
    assertTransformerBuilt();
    const main = [
      'import lc = require("logcrest");',
      'const { log: R } = require("logcrest");',
      "",
      "function charge(amount: number): number {",
      '  lc.log.info("charging", { amount });',
      "  return amount;",
      "}",
      "",
      "function own(log: { info(m: string): string }): string {",
      '  return log.info("own logger");',
      "}",
      "",
      "function spread(args: [string, { k: number }]): void {",
      "  R.warn(...args);",
      "}",
      "",
      "lc.configure({ console: false });",
      'R.warn("renamed, at top level");',
      "console.log(charge(5), own({ info: (m) => `own: ${m}` }));",
      'spread(["spread", { k: 1 }]);',
      "",
    ].join("\n");
    const project = makeTsProject({ output: "cjs", files: { "src/main.ts": main } });
    try {
      const build = runTspc(project.dir);
      expect(build.stdout + build.stderr).toBe("");
      expect(build.status).toBe(0);
      const run = runNode(project, outputPath(project, "src/main.ts"));
      expect(unexpectedStderr(run.stderr)).toBe("");
      expect(run.stdout.trim()).toBe("5 own: own logger");
      const site = (r: Record<string, unknown>) => [r.message, r.function, r.file, r.line];
      expect(readRecords(run.logDir).map(site)).toEqual([
        ["renamed, at top level", "<module>", "src/main.ts", 18],
        ["charging", "charge", "src/main.ts", 5],
        ["spread", "spread", "src/main.ts", 14],
      ]);
      // The factory-built call: the site as receiver, the argument nodes as written.
      const code = readFileSync(outputPath(project, "src/main.ts"), "utf8");
      expect(code).toMatch(/lc\.log\.info\.call\(\([\w$]+ \|\| [\w$]+\(\)\)\[0\], "charging", \{ amount \}\)/);
      expect(code).toMatch(/R\.warn\.call\(\([\w$]+ \|\| [\w$]+\(\)\)\[1\], \.\.\.args\)/);
    } finally {
      project.cleanup();
    }
  });
});

describe("Vitest with logcrest/vite: a spy on log.info sees the user's arguments", () => {
  // The user's own test suite, run through the real transform (the package's vite plugin, from
  // dist/): instrumentation must not change what their spies observe (issue 15 follow-up).
  it("toHaveBeenCalledWith(the exact arguments) passes, the site is the receiver, a spread call gets its site", () => {
    const dir = mkdtempSync(path.join(work, "vitest-"));
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "logcrest"), "dir");
    const files: Record<string, string> = {
      "package.json": JSON.stringify({ name: "lc-spy-app", private: true, type: "module" }),
      "vitest.config.mjs": 'import logcrest from "logcrest/vite";\nexport default { plugins: [logcrest()], test: { include: ["test/**/*.test.ts"] } };\n',
      "src/orders.ts": [
        'import { log } from "logcrest";',
        "export function charge(amount: number): void {",
        '  log.info("charging", { amount });',
        "}",
        'export function quiet(): void { log.info("no fields") }',
        "export function spread(args: [string, Record<string, unknown>]): void {",
        "  log.info(...args);",
        "}",
        "",
      ].join("\n"),
      "test/orders.test.ts": `import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { configure, flush, log } from "logcrest";
import { expect, it, vi } from "vitest";
import { charge, quiet, spread } from "../src/orders";

it("a spy sees exactly the user's arguments", async () => {
  configure({ dir: "test-logs", console: false });
  const spy = vi.spyOn(log, "info");
  charge(5);
  quiet();
  spread(["spread", { k: 1 }]);
  expect(spy).toHaveBeenCalledWith("charging", { amount: 5 });
  expect(spy).toHaveBeenCalledWith("no fields");
  expect(spy).toHaveBeenCalledWith("spread", { k: 1 });
  expect(spy.mock.calls).toEqual([["charging", { amount: 5 }], ["no fields"], ["spread", { k: 1 }]]);
  const at = (i: number) => { const s = spy.mock.contexts[i] as { name: string; file: string; line: number }; return [s.name, s.file, s.line]; };
  expect([at(0), at(1), at(2)]).toEqual([["charge", "src/orders.ts", 3], ["quiet", "src/orders.ts", 5], ["spread", "src/orders.ts", 7]]);
  await flush();
  const dir = join("test-logs", "success");
  const recs = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), "utf8").trim().split("\\n").map((l) => JSON.parse(l)));
  expect(recs.map((r) => [r.message, r.function, r.line])).toEqual([["charging", "charge", 3], ["no fields", "quiet", 5], ["spread", "spread", 7]]);
});
`,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "node_modules/vitest/vitest.mjs"), "run", "--root", dir], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 120_000,
    });
    expect(r.stdout + r.stderr).toMatch(/1 passed/);
    expect(r.status).toBe(0);
  });
});
