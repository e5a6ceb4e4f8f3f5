/**
 * The esbuild adapter: bad tags fail the build with their location, build options
 * (include/exclude, minLevel), the composable transform, and stack traces that point to
 * the original lines (with source maps, and even without them).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import logcrest, { transform } from "../esbuild-plugin/index";
import { REPO_ROOT } from "../fixtures/build-esbuild";
import { runFixture } from "../fixtures/runner";

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), "lc-esbuild-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let caseNo = 0;

/** A fresh project dir with these files. */
function project(files: Record<string, string>): string {
  const dir = path.join(work, `p${++caseNo}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function bundle(dir: string, entry: string, options: Parameters<typeof logcrest>[0] = {}, extra: esbuild.BuildOptions = {}) {
  return esbuild.build({
    entryPoints: [path.join(dir, entry)],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    external: ["logcrest"],
    absWorkingDir: dir,
    logLevel: "silent",
    plugins: [logcrest(options)],
    ...extra,
  });
}

async function buildErrors(source: string): Promise<esbuild.Message[]> {
  const dir = project({ "src/input.ts": source });
  try {
    await bundle(dir, "src/input.ts");
  } catch (err) {
    return (err as esbuild.BuildFailure).errors;
  }
  throw new Error("the build succeeded");
}

describe("bad tags fail the build with their location", () => {
  it.each([
    ["LC001", "/** @logcrest verbose */\nexport function f() {}\n", "verbose", "allowed: LEVEL (debug, info, warn, warning, error, critical), level=LEVEL, logArgs, logResult, name=NAME"],
    ["LC002", "\n/** @logcrest level=loud */\nexport function f() {}\n", "level=loud", "allowed levels: debug, info, warn, warning, error, critical"],
    ["LC003", "/** @flow labelFrom=requestId */\nexport function f(id: string) {}\n", "labelFrom=requestId", "parameters: id"],
    ["LC004", "/** @logcrest */\nexport function* gen() {}\n", "@logcrest", "generators are not supported"],
    ["LC005", "export abstract class A {\n  /** @logcrest */\n  abstract m(): void;\n}\n", "@logcrest", "no body"],
    ["LC006", "/** @logcrest info level=warn */\nexport function f() {}\n", "level=warn", "level given twice"],
    ["LC007", "/** @logcrest logArgs=true */\nexport function f() {}\n", "logArgs=true", "takes no value"],
    ["LC008", "/** @logcrest */\nexport const n = 5;\n", "@logcrest", "not attached to a function"],
  ])("%s", async (code, source, word, detail) => {
    const errors = await buildErrors(source);
    expect(errors).toHaveLength(1);
    const e = errors[0]!;
    expect(e.text.startsWith(`${code}: `)).toBe(true);
    expect(e.text).toContain(detail);
    const lines = source.split("\n");
    const line = lines.findIndex((l) => l.includes(word));
    expect(e.location).toMatchObject({ file: "src/input.ts", line: line + 1, column: lines[line]!.indexOf(word), lineText: lines[line] });
    expect(e.text).toContain(`src/input.ts:${line + 1}:${lines[line]!.indexOf(word) + 1}`);
  });

  it("reports every bad tag of every file, not only the first", async () => {
    const dir = project({
      "a.ts": "/** @logcrest nope */ export function a() {}\n/** @flow labelFrom=z */ export function c(y: number) {}\n",
      "b.ts": "/** @logcrest level=11 */ export function b() {}\n",
    });
    const failure = await esbuild
      .build({ entryPoints: [path.join(dir, "a.ts"), path.join(dir, "b.ts")], bundle: true, write: false, outdir: path.join(dir, "out"), absWorkingDir: dir, logLevel: "silent", plugins: [logcrest()] })
      .then(
        () => undefined,
        (err: esbuild.BuildFailure) => err,
      );
    expect(failure?.errors.map((e) => [e.location?.file, e.text.slice(0, 5)]).sort()).toEqual([["a.ts", "LC001"], ["a.ts", "LC003"], ["b.ts", "LC002"]]);
  });

  it("an invalid minLevel fails when the plugin is created", () => {
    expect(() => logcrest({ minLevel: "loud" })).toThrow(/unknown minLevel "loud"/);
  });
});

describe("build options", () => {
  const files = {
    "src/a.ts": 'import { b } from "./b";\nimport { c } from "../vendor/c";\n/** @logcrest */ export function a() { return b() + c(); }\n/** @logcrest debug */ export function quiet() {}\n',
    "src/b.ts": "/** @logcrest */ export function b() { return 1; }\n",
    "vendor/c.ts": "/** @logcrest */ export function c() { return 2; }\n",
  };

  it("dependencies in node_modules are left alone unless exclude is given explicitly", async () => {
    const dir = project({
      "main.ts": 'import { dep } from "dep";\n/** @logcrest */ export function main() { return dep(); }\n',
      "node_modules/dep/index.ts": "/** @logcrest */ export function dep() { return 1; }\n",
    });
    const byDefault = (await bundle(dir, "main.ts")).outputFiles![0]!.text;
    expect(byDefault).toContain('.sites("main.ts"');
    expect(byDefault).not.toContain('.sites("node_modules/dep/index.ts"');
    const opted = (await bundle(dir, "main.ts", { exclude: [] })).outputFiles![0]!.text;
    expect(opted).toContain('.sites("node_modules/dep/index.ts"');
  });

  it("include/exclude globs relative to the root", async () => {
    const dir = project(files);
    const out = (await bundle(dir, "src/a.ts", { include: ["src/**"], exclude: ["**/b.ts"] })).outputFiles![0]!.text;
    expect(out).toContain('.sites("src/a.ts"');
    expect(out).not.toContain('.sites("src/b.ts"');
    expect(out).not.toContain('.sites("vendor/c.ts"');
    const all = (await bundle(dir, "src/a.ts")).outputFiles![0]!.text;
    expect(all).toContain('.sites("src/b.ts"');
    expect(all).toContain('.sites("vendor/c.ts"');
  });

  it("minLevel compiles out lower tags: the function is left untouched", async () => {
    const dir = project(files);
    const out = (await bundle(dir, "src/a.ts", { minLevel: "info" })).outputFiles![0]!.text;
    expect(out).toContain('["a", 3, 20, 0]');
    expect(out).not.toContain('"quiet"');
    expect(out).toMatch(/function quiet\(\) \{\s*\}/);
  });

  it("file in records is relative to the build's working directory", async () => {
    const dir = project(files);
    const out = (await bundle(dir, "src/a.ts", {}, { absWorkingDir: path.join(dir, "src") })).outputFiles![0]!.text;
    expect(out).toContain('.sites("a.ts"');
  });
});

describe("composable transform()", () => {
  it("another plugin's onLoad can call transform() (esbuild runs only the first onLoad that returns)", async () => {
    const dir = project({ "m.ts": "/** @logcrest */ export function m() { return 1; }\n" });
    const other: esbuild.Plugin = {
      name: "other",
      setup(build) {
        build.onLoad({ filter: /\.ts$/ }, (args) => {
          const own = readFileSync(args.path, "utf8").replace("return 1", "return 2"); // its own rewrite
          const r = transform(own, args.path, { root: dir });
          expect(r.diagnostics).toEqual([]);
          return { contents: r.code, loader: "ts" };
        });
      },
    };
    const out = await esbuild.build({ entryPoints: [path.join(dir, "m.ts")], bundle: true, write: false, format: "esm", external: ["logcrest"], plugins: [other, logcrest()], logLevel: "silent" });
    const text = out.outputFiles[0]!.text;
    expect(text).toContain('.sites("m.ts"');
    expect(text).toContain("return 2");
  });

  it("returns diagnostics and the code unchanged for bad tags", () => {
    const code = "/** @logcrest nope */ function f() {}";
    const r = transform(code, "/p/x.ts", { root: "/p" });
    expect(r.code).toBe(code);
    expect(r.map).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["LC001", 1, 15]]);
  });
});

describe("running bundles", () => {
  let runtimeEsm: string;
  beforeAll(async () => {
    // The runtime as one ES module, so untransformed-by-esbuild output can import it by path.
    runtimeEsm = path.join(work, "runtime.mjs");
    await esbuild.build({ entryPoints: [path.join(REPO_ROOT, "runtime/index.ts")], bundle: true, platform: "node", format: "esm", outfile: runtimeEsm, logLevel: "silent" });
  });

  const thrower = [
    "// line 1",
    "/** @logcrest */",
    "export function fail(): never {",
    '  throw new Error("deep failure");',
    "}",
    "export function check() {",
    "  try { fail(); } catch (e) { return (e as Error).stack; }",
    "}",
    "",
  ].join("\n");

  it("with --enable-source-maps, a throw inside a tagged function reports its original input.ts:line", async () => {
    const dir = project({ "src/input.ts": thrower });
    const outfile = path.join(dir, "out.mjs");
    await esbuild.build({
      stdin: { contents: 'export { check } from "./src/input"; export * as __logcrest from "logcrest";', resolveDir: dir, loader: "ts" },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile,
      sourcemap: "inline",
      alias: { logcrest: path.join(REPO_ROOT, "runtime/index.ts") },
      plugins: [logcrest({ root: dir, include: ["src/**"] })],
      logLevel: "silent",
    });
    const r = await runFixture(outfile, { nodeArgs: ["--enable-source-maps"] });
    expect(r.result.ok).toBe(true);
    const stack = String(r.result.value);
    expect(stack).toMatch(/at fail \(.*src\/input\.ts:4:9\)/);
    // The ERROR record's exception is the same mapped stack.
    expect(r.raw.error[0]!.exception).toMatch(/src\/input\.ts:4:9/);
    expect(r.records.error[0]).toMatchObject({ function: "fail", line: 3, message: "[Root] 'fail' crashed after <ms> | Error: deep failure" });
  });

  it("without source maps, the transformed file's stack lines are the original lines", async () => {
    const js = thrower.replace("(): never", "()").replace("(e as Error)", "e");
    const dir = project({ "input.mjs": js });
    const r = transform(js, path.join(dir, "input.mjs"), { root: dir, runtime: runtimeEsm });
    expect(r.code.split("\n").findIndex((l) => l.includes("deep failure"))).toBe(3);
    const file = path.join(dir, "plain.mjs");
    writeFileSync(file, `${r.code}\nexport * as __logcrest from ${JSON.stringify(runtimeEsm)};\n`);
    const out = await runFixture(file);
    expect(String(out.result.value)).toMatch(/at fail \(.*plain\.mjs:4:\d+\)/);
  });

  it("a CommonJS .js file gets a require() prelude and runs", async () => {
    const dir = project({
      "lib.cjs": '/** @logcrest logResult */\nfunction twice(x) { return x * 2 }\nexports.check = () => ({ v: twice(21) });\nexports.__logcrest = require("logcrest");\n',
    });
    const outfile = path.join(dir, "out.cjs");
    await esbuild.build({
      entryPoints: [path.join(dir, "lib.cjs")],
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile,
      alias: { logcrest: path.join(REPO_ROOT, "runtime/index.ts") },
      plugins: [logcrest({ root: dir })],
      logLevel: "silent",
    });
    const r = await runFixture(outfile);
    expect(r.result).toEqual({ ok: true, value: { v: 42 } });
    expect(r.records.success.map((x) => x.message)).toEqual(["[Root] Invoking 'twice'", "[Root] 'twice' finished in <ms> | result=42"]);
  });

  it("TSX components are instrumented with the tsx loader", async () => {
    const dir = project({
      "c.tsx": '/** @logcrest */\nexport function Hello({ name }: { name: string }) { return <b title={name}>{name}</b>; }\nexport function check() { return Hello({ name: "x" }); }\nexport * as __logcrest from "logcrest";\n',
    });
    const outfile = path.join(dir, "out.mjs");
    writeFileSync(path.join(dir, "jsx.ts"), "export const jsx = (t: string, p: object) => ({ t, p }); export const jsxs = jsx;\n");
    await esbuild.build({
      entryPoints: [path.join(dir, "c.tsx")],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile,
      jsx: "automatic",
      jsxImportSource: "fakejsx",
      alias: { logcrest: path.join(REPO_ROOT, "runtime/index.ts"), "fakejsx/jsx-runtime": path.join(dir, "jsx.ts") },
      plugins: [logcrest({ root: dir })],
      logLevel: "silent",
    });
    const r = await runFixture(outfile);
    expect(r.result).toEqual({ ok: true, value: { t: "b", p: { title: "x", children: "x" } } });
    expect(r.records.success.map((x) => x.function)).toEqual(["Hello", "Hello"]);
  });
});
