/**
 * `logcrest/transformer` under a real `tspc`: a project whose tsconfig loads the plugin the
 * way a user's does is compiled in a child process (ESM via nodenext, ESM via esnext,
 * CommonJS), the output runs in another child process, and both the program's own
 * observations (values, `this`, fn.length, fn.name, thrown identity) and the records it
 * wrote are checked.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertTransformerBuilt, makeTsProject, outputPath, readRecords, runNode, runTspc, unexpectedStderr, type OutputKind, type TsProject } from "./helpers/tspc-project";
import { CALLS_TS, EXPECTED_OUTPUT, FORMS_TS, MAIN_TS } from "./helpers/tspc-sources";

type Rec = Record<string, unknown>;

const projects: TsProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

function byFunction(records: Rec[], name: string): Rec[] {
  return records.filter((r) => r.function === name);
}

describe.each<OutputKind>(["esm", "esnext", "cjs"])("tspc build, %s output", (output) => {
  let project: TsProject;
  let records: Rec[];
  let stdout: string;
  let emitted: string;
  let plainStdout: string;

  beforeAll(() => {
    assertTransformerBuilt();
    project = makeTsProject({ output, files: { "src/forms.ts": FORMS_TS, "src/main.ts": MAIN_TS, "src/calls.ts": CALLS_TS } });
    projects.push(project);
    const build = runTspc(project.dir);
    expect(build.stdout + build.stderr).toBe("");
    expect(build.status).toBe(0);
    emitted = readFileSync(outputPath(project, "src/forms.ts"), "utf8");
    const run = runNode(project, outputPath(project, "src/main.ts"));
    expect(unexpectedStderr(run.stderr)).toBe("");
    expect(run.status).toBe(0);
    stdout = run.stdout;
    records = readRecords(run.logDir);
    // The same app built by tspc without the plugin: what the program must still observe.
    const plain = makeTsProject({ output, noPlugin: true, files: { "src/forms.ts": FORMS_TS, "src/main.ts": MAIN_TS, "src/calls.ts": CALLS_TS } });
    projects.push(plain);
    expect(runTspc(plain.dir).status).toBe(0);
    const plainRun = runNode(plain, outputPath(plain, "src/main.ts"));
    expect(plainRun.status).toBe(0);
    plainStdout = plainRun.stdout;
  }, 120_000);

  it("imports the runtime in the form the output format needs", () => {
    if (output === "cjs") {
      // After tsc's own CommonJS header (`"use strict"`, `__esModule`, `exports.x = x`), before any user code.
      expect(emitted).toMatch(/^"use strict";\n(?:(?:Object\.defineProperty\(exports|exports\.)[^\n]*\n)*var _lc\$\w+ = require\("logcrest"\)\.__lc;/);
      expect(emitted).not.toContain("import ");
    } else {
      expect(emitted).toMatch(/^import \{ __lc as _lc\$\w+ \} from "logcrest";/);
      expect(emitted).not.toContain("require(");
    }
  });

  it("preserves values, this, arguments, super, new.target, fn.length, fn.name, thrown identity and async-ness", () => {
    expect(JSON.parse(stdout)).toEqual(JSON.parse(plainStdout));
    // tsc's CommonJS emit names an anonymous default export function `default_1`, with or without us.
    expect(JSON.parse(stdout)).toEqual({ ...EXPECTED_OUTPUT, def: ["def", output === "cjs" ? "default_1" : "default"] });
  });

  it("names every target form as SPEC §3 says", () => {
    const names = new Set(records.map((r) => r.function));
    for (const name of [
      "declared",
      "arrow",
      "default",
      "expr",
      "Shape.constructor",
      "Shape.area",
      "Shape.make",
      "Shape.#secret",
      "Shape.computed",
      "Shape.onClick",
      "Derived.constructor",
      "Derived.greet",
      "Ctor",
      "count",
      "method",
      "fails",
      "throwsValue",
      "slow",
      "nested",
      "rejects",
      "over",
      "shadow",
      "exprResult",
      "secretArgs",
      "hoistedTarget",
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it("writes entry and exit records with build-time file and line", () => {
    const declared = byFunction(records, "declared");
    expect(declared.map((r) => r.message)).toEqual([
      "[Root] Invoking 'declared'",
      expect.stringMatching(/^\[Root\] 'declared' finished in \d+(\.\d+)?ms$/),
    ]);
    for (const r of declared) {
      expect(r).toMatchObject({ level: "INFO", file: "src/forms.ts", line: 4 });
      expect(r.trace_id).toMatch(/^[0-9a-f]{8}$/);
    }
    expect(declared[0]!.trace_id).toBe(declared[1]!.trace_id);
    expect(typeof declared[1]!.elapsed_ms).toBe("number");
    expect(byFunction(records, "default").every((r) => r.level === "WARNING" && r.line === 12)).toBe(true);
  });

  it("logs args and result only when asked", () => {
    const [enter, exit] = byFunction(records, "arrow");
    expect(enter).toMatchObject({ args: [1, { k: "K" }, 7, 8], message: `[Root] Invoking 'arrow' | args=[1,{"k":"K"},7,8]` });
    expect(exit).toMatchObject({ result: "1K2" });
    expect(byFunction(records, "exprResult")[1]).toMatchObject({ result: 6 });
    const all = JSON.stringify(records);
    expect(all).not.toContain("hunter2");
    for (const r of byFunction(records, "declared")) {
      expect(r).not.toHaveProperty("args");
      expect(r).not.toHaveProperty("result");
    }
  });

  it("records a throw at ERROR with the exception and the same value re-thrown", () => {
    const crash = byFunction(records, "fails").find((r) => String(r.message).includes("crashed"))!;
    expect(crash.level).toBe("ERROR");
    expect(crash.message).toMatch(/^\[Root\] 'fails' crashed after \d+(\.\d+)?ms \| TypeError: bad input$/);
    expect(crash.exception).toContain("TypeError: bad input");
    const nonError = byFunction(records, "throwsValue").find((r) => String(r.message).includes("crashed"))!;
    expect(nonError.level).toBe("ERROR");
    expect(nonError.message).toMatch(/\| NonError: /);
    const rejected = byFunction(records, "rejects").find((r) => String(r.message).includes("crashed"))!;
    expect(rejected.level).toBe("ERROR");
    expect(rejected.message).toMatch(/crashed after .*\| RangeError: late$/);
    // A failed call writes no "finished" record.
    expect(byFunction(records, "fails").some((r) => String(r.message).includes("finished"))).toBe(false);
  });

  it("shares one trace across nested sync and async calls; concurrent roots get their own", () => {
    const slowExits = byFunction(records, "slow").filter((r) => String(r.message).includes("finished"));
    expect(slowExits).toHaveLength(2);
    const traces = new Set(slowExits.map((r) => r.trace_id));
    expect(traces.size).toBe(2);
    // The log.info inside `nested` names it too (its call site), so keep the tagged records apart.
    const nested = byFunction(records, "nested").filter((r) => r.message !== "from nested");
    expect(nested).toHaveLength(4);
    for (const r of nested) {
      expect(traces).toContain(r.trace_id);
      expect(String(r.message)).toMatch(/^\[Nested\] /);
    }
    const userLogs = records.filter((r) => r.message === "from nested");
    expect(userLogs).toHaveLength(2);
    for (const r of userLogs) expect(traces).toContain(r.trace_id);
    for (const r of userLogs) expect(r.function).toBe("nested");
    // async timing lasts until the promise settles: slow(5) took at least ~5ms.
    const ms = slowExits.map((r) => r.elapsed_ms as number).sort((a, b) => b - a);
    expect(ms[0]).toBeGreaterThanOrEqual(4);
  });
});

describe("tspc build, per-file format under nodenext", () => {
  it("a .cts file in an ESM project gets require(), the .mts/.ts files get import", () => {
    assertTransformerBuilt();
    const project = makeTsProject({
      output: "esm",
      files: {
        "src/legacy.cts": `/** @logcrest */\nexport function legacy(): string {\n  return "cjs";\n}\n`,
        "src/main.ts": `import { legacy } from "./legacy.cjs";\n/** @logcrest */\nfunction modern(): string {\n  return legacy() + "+esm";\n}\nconsole.log(modern());\n`,
      },
    });
    projects.push(project);
    const build = runTspc(project.dir);
    expect(build.stdout + build.stderr).toBe("");
    expect(build.status).toBe(0);
    expect(readFileSync(outputPath(project, "src/legacy.cts"), "utf8")).toMatch(/var _lc\$\w+ = require\("logcrest"\)\.__lc;/);
    expect(readFileSync(outputPath(project, "src/main.ts"), "utf8")).toMatch(/import \{ __lc as _lc\$\w+ \} from "logcrest";/);
    const run = runNode(project, outputPath(project, "src/main.ts"));
    expect(unexpectedStderr(run.stderr)).toBe("");
    expect(run.stdout).toBe("cjs+esm\n");
    const records = readRecords(run.logDir);
    const legacy = byFunction(records, "legacy");
    expect(legacy.map((r) => r.message)).toEqual(["[Nested] Invoking 'legacy'", expect.stringMatching(/^\[Nested\] 'legacy' finished/)]);
    expect(legacy[0]).toMatchObject({ file: "src/legacy.cts", line: 2 });
    // One runtime for both module formats: the CJS callee joined the ESM caller's trace.
    expect(legacy[0]!.trace_id).toBe(byFunction(records, "modern")[0]!.trace_id);
  });
});
