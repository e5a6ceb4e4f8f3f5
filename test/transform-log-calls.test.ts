/**
 * The analysis core's call sites (transformer/core/log-calls.ts): which calls are calls of
 * logcrest's `log`, under which function name and line, and how both emitters pass the site
 * (as the call's receiver: `log.info(a)` → `log.info.call(SITE, a)`).
 * The records they lead to are proven by fixtures/log-call-sites and test/log-call-sites.test.ts.
 */
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { analyze, analyzeSourceFile } from "../transformer/core/analyze";
import { mayNeedTransform } from "../transformer/core/gate";
import { mayCallLog } from "../transformer/core/log-calls";
import { pickNames } from "../transformer/core/prelude";
import { callSiteReceiver } from "../transformer/core/shape";
import { transform } from "../transformer/text/transform";

const run = (text: string, file = "/proj/src/a.ts", options = {}) => analyze(text, file, { root: "/proj", ...options });
/** `[function name, line, method]` of every call site found. */
const sites = (text: string, file?: string) => run(text, file).logCalls.map((c) => [c.name, c.line, c.method]);
const IMPORT = 'import { log } from "logcrest";\n';

describe("which calls are logcrest's log", () => {
  it("every Logger method, through a named, a renamed and a namespace import", () => {
    const text = [
      'import { log, log as L } from "logcrest";',
      'import * as lc from "logcrest";',
      'log.debug("a"); log.info("a"); log.warn("a"); log.warning("a"); log.error("a"); log.critical("a");',
      'L.exception("b", err); lc.log.log(30, "c");',
      'log.trace("not a method"); lc.info("not through .log"); other.info("not ours"); lc.other.info("no");',
    ].join("\n");
    expect(sites(text)).toEqual([
      ["<module>", 3, "debug"],
      ["<module>", 3, "info"],
      ["<module>", 3, "warn"],
      ["<module>", 3, "warning"],
      ["<module>", 3, "error"],
      ["<module>", 3, "critical"],
      ["<module>", 4, "exception"],
      ["<module>", 4, "log"],
    ]);
  });

  it("CommonJS: destructured (also renamed) require, the module object, require(...).log, import = require", () => {
    expect(sites('const { log } = require("logcrest");\nlog.info("a");')).toEqual([["<module>", 2, "info"]]);
    expect(sites('const { log: R } = require("logcrest");\nR.info("a");')).toEqual([["<module>", 2, "info"]]);
    expect(sites('const lc = require("logcrest");\nlc.log.info("a");')).toEqual([["<module>", 2, "info"]]);
    expect(sites('const log = require("logcrest").log;\nlog.info("a");')).toEqual([["<module>", 2, "info"]]);
    expect(sites('import lc = require("logcrest");\nlc.log.info("a");')).toEqual([["<module>", 2, "info"]]);
    // A require inside the function that uses it, after a call site in the text.
    expect(sites('function f() { later(); const { log } = require("logcrest"); log.info("a") }')).toEqual([["f", 1, "info"]]);
  });

  it("another module's log, a type-only import, a log never imported: not ours", () => {
    expect(sites('import { log } from "./my-logger";\nlog.info("a"); // logcrest')).toEqual([]);
    expect(sites('import { log } from "logcrest/http";\nlog.info("a");')).toEqual([]);
    expect(sites('import type { log } from "logcrest";\nlog.info("a");')).toEqual([]);
    expect(sites('import { type log } from "logcrest";\nlog.info("a");')).toEqual([]);
    expect(sites('import { flow } from "logcrest";\nlog.info("a");')).toEqual([]);
    expect(sites('const { flow } = require("logcrest");\nlog.info("a");')).toEqual([]);
  });

  it("a binding named like ours in a nearer scope shadows it: parameter, variable, catch, for, function, class, var hoisted", () => {
    const cases = [
      "function f(log) { log.info('a') }",
      "function f({ log }) { log.info('a') }",
      "const f = (log) => log.info('a');",
      "function f() { const log = mine; log.info('a') }",
      "function f() { if (x) { var log = mine } log.info('a') }",
      "function f() { log.info('a'); var log = mine }",
      "try { g() } catch (log) { log.info('a') }",
      "for (const log of loggers) log.info('a');",
      "function f() { function log() {} log.info('a') }",
      "const g = function log() { log.info('a') };",
      "{ let log = mine; log.info('a') }",
      "switch (x) { case 1: const log = mine; log.info('a') }",
      "class K { static { var log = mine; log.info('a') } }",
    ];
    for (const body of cases) expect(sites(IMPORT + body), body).toEqual([]);
    const ns = 'import * as lc from "logcrest";\nfunction f(lc) { lc.log.info("a") }';
    expect(sites(ns)).toEqual([]);
  });

  it("a shadowing binding reaches only its own scope: calls outside it stay ours", () => {
    const text = IMPORT + "function f(log) { log.info('shadowed') }\nfunction g() { log.info('ours') }\n{ let log = 1 }\nlog.info('ours too');";
    expect(sites(text)).toEqual([["g", 3, "info"], ["<module>", 5, "info"]]);
  });

  it("spread arguments and more arguments than declared are ours too (the site is no argument)", () => {
    const text = IMPORT + 'log.info(...args); log.info("a", {}, extra); log.exception("a", e, {}, extra); log.log(20, ...rest);';
    expect(sites(text)).toEqual([["<module>", 2, "info"], ["<module>", 2, "info"], ["<module>", 2, "exception"], ["<module>", 2, "log"]]);
  });

  it("optional calls and a parenthesized callee are left alone", () => {
    const text = IMPORT + 'import * as lc from "logcrest";\nlog?.info("a"); log.info?.("a"); (log.info)("a"); lc.log?.info("a"); lc?.log.info("a");';
    expect(sites(text)).toEqual([]);
  });
});

describe("names and lines", () => {
  it("the enclosing function is named as a tagged function would be, tagged or not", () => {
    const text = [
      IMPORT.trim(),
      "function plain() { log.info('a') }",
      "/** @logcrest */ function tagged() { log.info('a') }",
      "/** @logcrest name=billing */ function renamed() { log.info('a') }",
      "class Orders { place() { log.info('a') } static make() { log.info('a') } constructor() { log.info('a') } get total() { log.info('a'); return 1 } h = () => log.info('a') }",
      "const arrow = () => log.info('a');",
      "const obj = { m() { log.info('a') }, p: function () { log.info('a') } };",
      "items.forEach(() => log.info('a'));",
      "export default function () { log.info('a') }",
      "/** @logcrest name=Billing */ class Pay { charge() { log.info('a') } }",
    ].join("\n");
    expect(run(text).logCalls.map((c) => c.name)).toEqual([
      "plain",
      "tagged",
      "billing",
      "Orders.place",
      "Orders.make",
      "Orders.constructor",
      "Orders.total",
      "Orders.h",
      "arrow",
      "m",
      "p",
      "<anonymous>",
      "default",
      "Billing.charge",
    ]);
  });

  it("a tagged function compiled out by minLevel still names its calls by its tag", () => {
    const r = run(IMPORT + "/** @logcrest debug name=quiet */ function q() { log.info('a') }", undefined, { minLevel: "info" });
    expect(r.plans).toEqual([]);
    expect(r.logCalls.map((c) => c.name)).toEqual(["quiet"]);
  });

  it("module top level, class static blocks and field initializers are <module> (outside any function)", () => {
    const text = IMPORT + "log.info('a');\nclass K { static { log.info('a') } x = log.info('a') }";
    expect(run(text).logCalls.map((c) => c.name)).toEqual(["<module>", "<module>", "<module>"]);
  });

  it("the line is the method name's (where a stack frame points), the file is project-relative", () => {
    const [c] = run(IMPORT + "\nlog\n  .warn(\n  'a')").logCalls;
    expect(c).toMatchObject({ line: 4, file: "src/a.ts", method: "warn", hasArguments: true });
  });

  it("site rows come after the functions' rows; calls on one line of one function share a row", () => {
    const text = IMPORT + "/** @logcrest */ function f() { log.info('a'); log.warn('b')\n log.info('c') }\nlog.info('d'); log.info('e');";
    const r = run(text);
    expect(r.plans.map((p) => p.siteIndex)).toEqual([0]);
    expect(r.logCalls.map((c) => [c.name, c.line, c.siteIndex])).toEqual([
      ["f", 2, 1],
      ["f", 2, 1],
      ["f", 3, 2],
      ["<module>", 4, 3],
      ["<module>", 4, 3],
    ]);
  });

  it("analyzeSourceFile (the tspc path's parse) finds the same calls at the same offsets", () => {
    const text = IMPORT + "export function f(n: number) { log.info('a', { n }); return n }";
    const sf = ts.createSourceFile("/proj/src/a.ts", text, ts.ScriptTarget.Latest, true);
    expect(analyzeSourceFile(sf, { root: "/proj" }, ts).logCalls).toEqual(run(text).logCalls);
  });
});

describe("the byte scan and the emitted arguments", () => {
  it("lets through files that name logcrest and read log.<method> or rename log, and nothing more", () => {
    expect(mayCallLog('import { log } from "logcrest"; log.info("x")')).toBe(true);
    expect(mayCallLog('const lc = require("logcrest"); lc.log\n  .error("x")')).toBe(true);
    expect(mayCallLog('import { log as L } from "logcrest"; L.info("x")')).toBe(true);
    expect(mayCallLog('const { log: R } = require("logcrest"); R.info("x")')).toBe(true);
    expect(mayCallLog('import { configure } from "logcrest"; console.log("x"); catalog.info()')).toBe(false);
    expect(mayCallLog('log.info("no runtime named")')).toBe(false);
    expect(mayNeedTransform("/** @flow */ function f() {}")).toBe(true);
    expect(mayNeedTransform('import { flow } from "logcrest"; console.log(flow)')).toBe(false);
  });

  it("a file that passes the byte scan but calls no log of ours is parsed, never emitted: unchanged, no map", () => {
    const text = 'import { flow } from "logcrest";\n// log.info is not called here\nexport const f = () => flow("a", () => 1);\n';
    expect(mayNeedTransform(text)).toBe(true);
    const out = transform(text, "/proj/src/a.ts", { root: "/proj" });
    expect(out).toEqual({ code: text, map: undefined, diagnostics: [] });
  });

  it("a function name with U+2028/U+2029 in it keeps the prelude on its line (V8 counts them as line breaks)", () => {
    // The source spells them as escapes; the names hold the characters themselves.
    const text = IMPORT + 'class K {\n  /** @logcrest */ "a\\u2028b"() { log.info("x") }\n  "c\\u2029d"() { log.info("y") }\n}\n';
    const out = transform(text, "/proj/src/a.ts", { root: "/proj" });
    expect(out.diagnostics).toEqual([]);
    const lines = (code: string) => code.split(/\r\n|[\n\r\u2028\u2029]/).length;
    expect(lines(out.code)).toBe(lines(text));
    expect(out.code.split("\n")[0]).toContain('["K[\\"a\\u2028b\\"]",3,0,32], ["K[\\"c\\u2029d\\"]",4,0,32]');
  });

  it("the site is the receiver: `.call` after the callee, `SITE, ` after the `(`; arguments untouched", () => {
    const names = pickNames("", "src/a.ts");
    const [one] = run(IMPORT + 'log.info("a");').logCalls;
    expect(callSiteReceiver(one!, names)).toBe(`(${names.sites} || ${names.init}())[0]`);
    const text =
      IMPORT +
      'log.info(\n  "a", // why\n);\nlog.warn();\nlog.error("c", { k: 1 });\nlog.info /* between */ (...args);\nlog\n  .exception("e", err, {}, extra);\nlog.info(/* first */ "x",);\n';
    const code = transform(text, "/proj/src/a.ts", { root: "/proj" }).code;
    const site = (k: number) => `\\(_lcS\\$\\w+ \\|\\| _lcT\\$\\w+\\(\\)\\)\\[${k}\\]`;
    const lines = code.split("\n");
    // Insertions only: every line of the input is still there, in place, with no line added.
    expect(lines.length).toBe(text.split("\n").length);
    expect(lines[1]).toMatch(new RegExp(`^log\\.info\\.call\\(${site(0)}, $`));
    expect(lines[2]).toBe('  "a", // why');
    expect(lines[3]).toBe(");");
    expect(lines[4]).toMatch(new RegExp(`^log\\.warn\\.call\\(${site(1)}\\);$`));
    expect(lines[5]).toMatch(new RegExp(`^log\\.error\\.call\\(${site(2)}, "c", \\{ k: 1 \\}\\);$`));
    expect(lines[6]).toMatch(new RegExp(`^log\\.info\\.call /\\* between \\*/ \\(${site(3)}, \\.\\.\\.args\\);$`));
    expect(lines[7]).toBe("log");
    expect(lines[8]).toMatch(new RegExp(`^  \\.exception\\.call\\(${site(4)}, "e", err, \\{\\}, extra\\);$`));
    expect(lines[9]).toMatch(new RegExp(`^log\\.info\\.call\\(${site(5)}, /\\* first \\*/ "x",\\);$`));
    expect(lines[0]).toContain('[["<module>",2,0,32], ["<module>",5,0,32], ["<module>",6,0,32], ["<module>",7,0,32], ["<module>",9,0,32], ["<module>",10,0,32]]');
  });
});
