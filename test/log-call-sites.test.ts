/**
 * Call sites on log records (issue 15): the runtime takes the site generated code appends
 * only when a module's table made it, writes `function`/`file`/`line` where a tagged
 * record has them (record object and JSON line alike), and a disabled level still stops at
 * its one compare. Then the real thing: CommonJS sources that `require("logcrest")`, built
 * by the esbuild plugin, and a file with log calls but no tag built by tspc, each run in a
 * child process. fixtures/log-call-sites runs the ES module forms through every build path.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import logcrest from "../esbuild-plugin/index";
import { REPO_ROOT } from "../fixtures/build-esbuild";
import { runFixture } from "../fixtures/runner";
import { F_LOG_CALL, LOG_SITE_ARGUMENT } from "../runtime/contract";
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
/** The logger's methods with the site parameter generated code fills (runtime/contract.ts). */
const methods = log as unknown as Record<string, (...args: unknown[]) => void>;

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

  it("each method reads the site right after its declared parameters", () => {
    for (const [method, at] of Object.entries(LOG_SITE_ARGUMENT)) expect(methods[method]!.length, method).toBe(at + 1);
  });
});

describe("log records with a call site", () => {
  let mem: MemoryPipeline;
  beforeEach(() => {
    mem = installMemoryPipeline();
  });

  it("carry function, file and line where a tagged record has them, for every method", () => {
    methods.info!("placed", { orderId: "ord-42" }, place);
    methods.exception!("failed", new RangeError("no stock"), { orderId: "ord-42" }, place);
    methods.log!(30, "numeric level", undefined, table[1]);
    const [info, exception, numeric] = mem.objects();
    expect(Object.keys(info!)).toEqual(["timestamp", "level", "logger", "trace_id", "function", "file", "line", "message", "orderId"]);
    expect(info).toMatchObject({ function: "OrderService.place", file: "src/orders.ts", line: 12, message: "placed", orderId: "ord-42" });
    expect(exception).toMatchObject({ level: "ERROR", function: "OrderService.place", line: 12, message: "failed", orderId: "ord-42" });
    expect(String(exception!.exception)).toMatch(/^RangeError: no stock\n\s+at /);
    expect(numeric).toMatchObject({ level: "WARNING", function: "<module>", file: "src/orders.ts", line: 30 });
  });

  it("the JSON fast path writes the same line as the record object", () => {
    methods.warn!("low stock", { sku: "a\u2028b", n: 3 }, place);
    methods.debug!("no fields", undefined, place);
    for (const rec of mem.recs) {
      const fast = jsonLine(rec, loggerFragment("app_logger"), "app_logger");
      expect(fast).toBe(slowJsonLine(rec, "app_logger"));
      expect(JSON.parse(fast)).toMatchObject({ function: "OrderService.place", file: "src/orders.ts", line: 12 });
    }
  });

  it("a stray extra argument is not a site: the record is as without one, and the argument is not written", () => {
    methods.info!("stray", { k: 1 }, { name: "fake", file: "fake.ts", line: 1, json: '"function":"fake"' });
    methods.error!("stray string", undefined, "src/orders.ts");
    for (const record of mem.objects()) {
      expect(record).not.toHaveProperty("function");
      expect(record).not.toHaveProperty("file");
      expect(JSON.stringify(record)).not.toContain("fake");
    }
  });

  it("a disabled level writes nothing, with a site or without", () => {
    S.minLevel = 30;
    methods.info!("below the level", { k: 1 }, place);
    methods.debug!("below the level", undefined, place);
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
      "lc.configure({ console: false });",
      'R.warn("renamed, at top level");',
      "console.log(charge(5), own({ info: (m) => `own: ${m}` }));",
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
        ["renamed, at top level", "<module>", "src/main.ts", 14],
        ["charging", "charge", "src/main.ts", 5],
      ]);
    } finally {
      project.cleanup();
    }
  });
});
