/**
 * The analysis core: which functions get a plan, under which name, and which tags are
 * located errors. Behaviour of the emitted code is covered by the fixtures.
 */
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyze, analyzeSourceFile } from "../transformer/core/analyze";
import { Code } from "../transformer/core/plan";

const run = (text: string, file = "/proj/src/a.ts", options = {}) => analyze(text, file, { root: "/proj", ...options });
const names = (text: string) => run(text).plans.map((p) => p.name);
const codes = (text: string) => run(text).diagnostics.map((d) => d.code);

describe("targets and record names", () => {
  it("declarations, export, export default", () => {
    expect(names("/** @logcrest */ function f() {}\n/** @logcrest */ export function g() {}\n/** @logcrest */ export default function () {}")).toEqual(["f", "g", "default"]);
  });

  it("function expressions and arrows take the variable, property or assignment name", () => {
    const text = [
      "/** @logcrest */ const a = function inner() {};",
      "/** @logcrest */ let b = async (x) => x;",
      "const o = { /** @logcrest */ c: () => 1, /** @logcrest */ d() {}, /** @logcrest */ get e() { return 1 } };",
      "/** @logcrest */ module.exports.h = () => 1;",
      "export default /** @logcrest */ () => 2;",
      "call(/** @logcrest */ () => 3);",
      "call(/** @logcrest name=cb */ () => 3);",
    ].join("\n");
    expect(names(text)).toEqual(["a", "b", "c", "d", "e", "h", "default", "<anonymous>", "cb"]);
  });

  it("class members: Class.method, static, #private, computed, get/set, constructor, property arrows", () => {
    const text = `class A extends B {
      /** @logcrest */ constructor() { super(); }
      /** @logcrest */ m() {}
      /** @logcrest */ static s() {}
      /** @logcrest */ #p() {}
      /** @logcrest */ [Symbol.iterator]() {}
      /** @logcrest */ ["with space"]() {}
      /** @logcrest */ get x() { return 1 }
      /** @logcrest */ set x(v) {}
      /** @logcrest */ h = () => 1;
    }
    const C = class { /** @logcrest */ m() {} };`;
    expect(names(text)).toEqual(["A.constructor", "A.m", "A.s", "A.#p", "A[Symbol.iterator]", 'A["with space"]', "A.x", "A.x", "A.h", "C.m"]);
  });

  it("non-ASCII member names read as identifiers (K.ñ), other strings as K[\"...\"]", () => {
    const text = `class K {
      /** @logcrest */ ñ() {}
      /** @logcrest */ 名前() {}
      /** @logcrest */ static $_día() {}
      /** @logcrest */ #ünï() {}
      /** @logcrest */ "ñ-x"() {}
      /** @logcrest */ "1a"() {}
    }`;
    expect(names(text)).toEqual(["K.ñ", "K.名前", "K.$_día", "K.#ünï", 'K["ñ-x"]', 'K["1a"]']);
  });

  it("overloads: the tag on the first signature or on the implementation, one plan for the implementation", () => {
    const r = run("/** @logcrest */ function f(a: string): void;\nfunction f(a: number): void;\nfunction f(a: any) {}\nfunction g(): void;\n/** @logcrest */ function g() {}");
    expect(r.diagnostics).toEqual([]);
    expect(r.plans.map((p) => [p.name, p.line])).toEqual([["f", 3], ["g", 5]]);
  });

  it("a class-level tag instruments every method with a body; a method's own tag wins", () => {
    const r = run("/** @logcrest debug */ abstract class K { constructor() {} abstract a(): void; b() {} static c() {} get d() { return 1 } e = () => 1; /** @logcrest error */ f() {} }");
    expect(r.plans.map((p) => [p.name, p.level])).toEqual([["K.constructor", 10], ["K.b", 10], ["K.c", 10], ["K.d", 10], ["K.f", 40]]);
  });

  it("the JSDoc stays attached across a // @ts-expect-error line and decorators", () => {
    expect(names("/** @logcrest */\n// @ts-expect-error\nfunction f() {}")).toEqual(["f"]);
    expect(names("class A { @dec() /** @logcrest */ m() {} }")).toEqual(["A.m"]);
    expect(names("class A { /** @logcrest */ @dec() m() {} }")).toEqual(["A.m"]);
  });

  it("pragmas and line comments are never tags", () => {
    const r = run("// @flow\n/* @flow */\n/* @logcrest */ function f() {}\n// @logcrest\nfunction g() {}");
    expect(r.plans).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it("files without a tag word are not parsed at all", () => {
    const r = run("this is ( not even valid {{ code");
    expect(r).toEqual({ plans: [], diagnostics: [], logCalls: [] });
  });
});

describe("plan details", () => {
  it("file relative to the root, line and column of the name", () => {
    const [p] = run("\n\n  /** @logcrest */ function hello() {}").plans;
    expect(p).toMatchObject({ file: "src/a.ts", line: 3, column: 29, kind: "logcrest", level: 20 });
  });

  it("prologue after directives and after a constructor's super(), with the missing semicolon flagged", () => {
    const text = 'class A extends B { /** @logcrest */ constructor(a) { "use strict"\n foo()\n super(a)\n bar() } }';
    const [p] = run(text).plans;
    expect(p!.prologueAt).toBe(text.indexOf("super(a)") + "super(a)".length);
    expect(p!.prologueNeedsSemicolon).toBe(true);
    const [q] = run('/** @logcrest */ function f() { "use strict"; return 1 }').plans;
    expect(q!.prologueAt).toBe('/** @logcrest */ function f() { "use strict";'.length);
    expect(q!.prologueNeedsSemicolon).toBe(false);
  });

  it("own returns only, with shapes", () => {
    const text = "/** @logcrest logResult */ function f(a) { if (a) return a, 1; const g = () => { return 2 }; return x + 1; return; }";
    const [p] = run(text).plans;
    expect(p!.returns.map((r) => [text.slice(r.exprStart, r.exprEnd), r.exprShape])).toEqual([["a, 1", "comma"], ["x + 1", "other"], ["", "simple"]]);
  });

  it("marks returns inside the function's own try statements (not nested functions')", () => {
    const text = "/** @logcrest */ async function f() { try { return a } catch { return b } finally { g(() => { return c }) } return d }";
    const [p] = run(text).plans;
    expect(p!.returns.map((r) => [text.slice(r.exprStart, r.exprEnd), r.insideTry])).toEqual([["a", true], ["b", true], ["d", false]]);
  });

  it("labelFrom resolves to a parameter, a destructured property, a rest element or arguments[i]", () => {
    const lf = (src: string) => run(src).plans[0]!.labelFrom!.expression;
    expect(lf("/** @flow labelFrom=id */ function f(x, id) {}")).toBe("id");
    expect(lf("/** @flow labelFrom=tenant */ const f = ({ tenant: t }) => 1;")).toBe("t");
    expect(lf("/** @flow labelFrom=1 */ function f(a, { b }) {}")).toBe("arguments[1]");
    expect(lf("/** @flow labelFrom=1 */ const f = (a, { b }) => 1;")).toBe("{ b }");
    expect(lf("/** @flow labelFrom=2 */ function f(a, ...rest) {}")).toBe("rest[1]");
    expect(lf("/** @flow labelFrom=0 */ function f(this: X, a) {}")).toBe("a");
  });

  it("async bodies: var names that redeclare parameters are listed", () => {
    const [p] = run("/** @logcrest */ async function f(a, { b }) { var a = a || 1; for (var b of []) {} var c; function g() { var a } }").plans;
    expect(p!.varShadowedParams).toEqual(["a", "b"]);
  });

  it("minLevel compiles out lower tags but still validates them", () => {
    const r = run("/** @logcrest debug */ function a() {}\n/** @logcrest error */ function b() {}\n/** @logcrest debug nope */ function c() {}", undefined, { minLevel: "warn" });
    expect(r.plans.map((p) => [p.name, p.siteIndex])).toEqual([["b", 0]]);
    expect(r.diagnostics.map((d) => d.code)).toEqual([Code.UnknownOption]);
  });

  it("analyzeSourceFile takes a SourceFile parsed by another TypeScript instance (same offsets)", () => {
    const text = "/** @logcrest */ export const f = (a: number) => a;";
    const sf = ts.createSourceFile("/proj/src/a.ts", text, ts.ScriptTarget.Latest, true);
    expect(analyzeSourceFile(sf, { root: "/proj" }, ts).plans).toEqual(run(text).plans);
  });
});

describe("diagnostics: never a crash, never a silent skip", () => {
  it.each([
    ["/** @logcrest */ function* g() {}", Code.Generator],
    ["/** @logcrest */ async function* g() {}", Code.Generator],
    ["abstract class A { /** @logcrest */ abstract m(): void }", Code.NoBody],
    ["/** @logcrest */ declare function d(): void;", Code.NoBody],
    ["/** @logcrest */ function o(): void;", Code.NoBody],
    ["/** @flow labelFrom=nope */ function f(a) {}", Code.NoSuchParameter],
    ["/** @flow labelFrom=3 */ const f = (a) => a;", Code.NoSuchParameter],
    ["/** @logcrest */\n/** @flow */ function f() {}", Code.Conflict],
    ["/** @logcrest */ function f(): void;\n/** @logcrest */ function f() {}", Code.Conflict],
    ["/** @logcrest */ const n = 5;", Code.NotAFunction],
    ["/** @logcrest */ const w = wrap(() => 1);", Code.NotAFunction],
    ["/** @flow */ class A {}", Code.NotAFunction],
    ["/** @logcrest sometimes */ function f() {}", Code.UnknownOption],
    ["/** @logcrest level=chatty */ function f() {}", Code.UnknownLevel],
    ["/** @logcrest */ class G { *gen() {} }", Code.Generator],
  ])("%s → %s", (text, code) => {
    const r = run(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual([code]);
    const d = r.diagnostics[0]!;
    expect(d.file).toBe("/proj/src/a.ts");
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(text.slice(d.start, d.start + d.length).length).toBe(d.length);
  });

  it("locates the bad word by line and column", () => {
    const [d] = run("\n/**\n * @logcrest info   logArg\n */\nfunction f() {}").diagnostics;
    expect(d).toMatchObject({ code: Code.UnknownOption, line: 3, column: 21, length: 6 });
  });

  it("reports every bad tag of a file, and still plans the good ones", () => {
    const r = run("/** @logcrest x */ function a() {}\n/** @logcrest */ function b() {}\n/** @flow labelFrom=q */ function c() {}");
    expect(codes("/** @logcrest x */ function a() {}\n/** @logcrest */ function b() {}\n/** @flow labelFrom=q */ function c() {}")).toEqual([Code.UnknownOption, Code.NoSuchParameter]);
    expect(r.plans.map((p) => p.name)).toEqual(["b"]);
  });

  it("a tag word in an import's header comment is not an error (file-level docs)", () => {
    expect(run('/** @flow */\nimport x from "y";').diagnostics).toEqual([]);
  });
});
