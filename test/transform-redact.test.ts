/**
 * `redact=` on tags (issue 15), the build side: each path's first segment is resolved
 * against the function's parameters at build time and reaches the runtime's site as
 * `[argument index, ...names]`; what cannot be resolved is a located LC error. What the
 * records then show is proven by fixtures/redact-tag through every build path.
 */
import { describe, expect, it } from "vitest";
import { sites, type SiteRow } from "../runtime/sites";
import { analyze } from "../transformer/core/analyze";
import { Code } from "../transformer/core/plan";
import { transform } from "../transformer/text/transform";

const run = (text: string, options = {}) => analyze(text, "/proj/src/a.ts", { root: "/proj", ...options });

/** The resolved paths of the one tagged function in `text`. */
function paths(text: string): unknown {
  const r = run(text);
  expect(r.diagnostics).toEqual([]);
  return r.plans[0]!.redact?.paths;
}

/** The one diagnostic of `text`, with the text it points at. */
function problem(text: string): { code: string; message: string; at: string; line: number; column: number } {
  const r = run(text);
  expect(r.diagnostics).toHaveLength(1);
  const d = r.diagnostics[0]!;
  return { code: d.code, message: d.message, at: text.slice(d.start, d.start + d.length), line: d.line, column: d.column };
}

describe("each path's first segment becomes an argument index", () => {
  it("a parameter name: its index; the rest of the path stays property names", () => {
    expect(paths("/** @logcrest logArgs redact=password,card.number */ function f(email, password, card) {}")).toEqual([[1], [2, "number"]]);
  });

  it("a property of a destructured parameter: that parameter's index, then the property", () => {
    expect(paths("/** @logcrest logArgs redact=card.number */ const pay = (user, { card, amount }) => amount;")).toEqual([[1, "card", "number"]]);
    // The key is the argument's property, whatever the binding is called.
    expect(paths("/** @logcrest logArgs redact=card.number */ function f({ card: c }) {}")).toEqual([[0, "card", "number"]]);
    // A nested pattern below the property does not matter: the path is in the argument.
    expect(paths("/** @logcrest logArgs redact=card.number */ function f({ card: { number } }) {}")).toEqual([[0, "card", "number"]]);
  });

  it("a parameter name wins over a destructured property of the same name", () => {
    expect(paths("/** @logcrest logArgs redact=card */ function f({ card: c }, card) {}")).toEqual([[1]]);
  });

  it("an index or * as written; an index past the parameters only with a rest parameter", () => {
    expect(paths("/** @logcrest logArgs redact=0.token,*.secret,[1] */ function f(a, b) {}")).toEqual([[0, "token"], ["*", "secret"], [1]]);
    expect(paths("/** @logcrest logArgs redact=5 */ function f(a, ...more) {}")).toEqual([[5]]);
  });

  it("one element of a rest parameter is an argument index; all of a leading one is *", () => {
    expect(paths("/** @logcrest logArgs redact=items[1].pin */ function f(label, ...items) {}")).toEqual([[2, "pin"]]);
    expect(paths("/** @logcrest logArgs redact=items.*.pin,items */ const f = (...items) => 0;")).toEqual([["*", "pin"], ["*"]]);
  });

  it("the runtime's path syntax: brackets, quoted keys, one quoted value", () => {
    // Double quotes also keep a key with a space in one tag word.
    expect(paths(`/** @logcrest logArgs redact=req.headers["x-api-key"],req['x-y'],req["a b"] */ function f(req) {}`)).toEqual([
      [0, "headers", "x-api-key"],
      [0, "x-y"],
      [0, "a b"],
    ]);
    expect(paths(`/** @logcrest logArgs redact="password,card.number" */ function f(password, card) {}`)).toEqual([[0], [1, "number"]]);
  });

  it("TypeScript's `this:` parameter takes no argument", () => {
    expect(paths("/** @logcrest logArgs redact=token */ function f(this: Window, token: string) {}")).toEqual([[0]]);
  });

  it("on @flow, and on a class tag for each method", () => {
    expect(paths("/** @flow checkout logArgs redact=order.card */ async function f(order) {}")).toEqual([[0, "card"]]);
    const r = run("/** @logcrest logArgs redact=*.password */ class A { m(x) {} static n(y, z) {} }");
    expect(r.diagnostics).toEqual([]);
    expect(r.plans.map((p) => [p.name, p.redact?.paths])).toEqual([
      ["A.m", [["*", "password"]]],
      ["A.n", [["*", "password"]]],
    ]);
  });
});

describe("the site row carries the paths to the runtime", () => {
  function rows(source: string): SiteRow[] {
    const out = transform(source, "/proj/src/a.ts", { root: "/proj" });
    expect(out.diagnostics).toEqual([]);
    const m = /\.sites\("src\/a\.ts", (\[.*?\])\) \}/.exec(out.code);
    return JSON.parse(m![1]!) as SiteRow[];
  }

  it("as the 6th element, after the label or an empty one; no element without redact=", () => {
    const table = rows(
      [
        "/** @logcrest logArgs redact=password */ export function a(user, password) {}",
        "/** @flow checkout logArgs redact=card.number */ export function b({ card }) {}",
        "/** @logcrest logArgs */ export function c(x) {}",
      ].join("\n"),
    );
    expect(table).toEqual([
      ["a", 1, 20, 1, "", [[1]]],
      ["b", 2, 20, 1 | 4, "checkout", [[0, "card", "number"]]],
      ["c", 3, 20, 1],
    ]);
    // What the runtime makes of them: the paths as given, and no label from the placeholder.
    const made = sites("src/a.ts", table);
    expect(made.map((s) => [s.label, s.redact])).toEqual([
      ["", [[1]]],
      ["checkout", [[0, "card", "number"]]],
      ["", undefined],
    ]);
  });

  it("the emitted function is the same with or without redact=", () => {
    const body = (tag: string) => {
      const code = transform(`${tag}\nexport function a(user, password) { return user; }\n`, "/proj/src/a.ts", { root: "/proj" }).code;
      return code.slice(code.indexOf("export function"));
    };
    expect(body("/** @logcrest logArgs redact=password */")).toBe(body("/** @logcrest logArgs */"));
  });
});

describe("located errors", () => {
  it("a name the function does not have is LC003 at that path, listing the parameters", () => {
    const text = "function x() {}\n/** @logcrest logArgs redact=password,card.numbr,crad.number */\nfunction signUp(password, card) {}";
    const p = problem(text);
    expect(p).toMatchObject({ code: Code.NoSuchParameter, at: "crad.number", line: 2, column: text.split("\n")[1]!.indexOf("crad") + 1 });
    expect(p.message).toBe("redact=crad.number: 'signUp' has no parameter or destructured property 'crad' (parameters: password, card)");
  });

  it("an index past the last parameter is LC003", () => {
    expect(problem("/** @logcrest logArgs redact=2.token */ const f = (a, b) => a;")).toMatchObject({ code: Code.NoSuchParameter, at: "2.token" });
  });

  it("a class tag names the method that lacks the parameter", () => {
    const r = run("/** @logcrest logArgs redact=password */ class A { login(password) {} logout(user) {} }");
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [Code.NoSuchParameter, "redact=password: 'A.logout' has no parameter or destructured property 'password' (parameters: user)"],
    ]);
  });

  it.each([
    ["redact=", "redact=", /needs one or more paths/],
    ["redact=a..b", "a..b", /'a\.\.b' in 'redact=' is not a path/],
    ["redact=a,,b", "", /empty path/],
    ["redact=a,", "", /empty path/],
    ["redact=a[", "a[", /not a path/],
    ['redact="a, b"', " b", /not a path/],
  ])("%s is LC007 at the bad path", (option, at, message) => {
    const text = `/** @logcrest logArgs ${option} */ function f(a, b) {}`;
    const p = problem(text);
    expect(p.code).toBe(Code.BadValue);
    expect(p.message).toMatch(message);
    // An empty path is pointed at by one character where it should be.
    if (at !== "") expect(p.at).toBe(at);
    else expect(p.column).toBeGreaterThan(text.indexOf("redact=") + "redact=a".length);
  });

  it("a rest parameter after others cannot be redacted whole: LC007 says how to name an element", () => {
    const p = problem("/** @logcrest logArgs redact=items.pin */ function f(label, ...items) {}");
    expect(p).toMatchObject({ code: Code.BadValue, at: "items.pin" });
    expect(p.message).toContain("name one element by its index (items[0])");
  });

  it("without logArgs, or given twice, is LC006 at the option", () => {
    for (const tag of ["@logcrest redact=a", "@logcrest logResult redact=a", "@flow checkout redact=a"]) {
      const p = problem(`/** ${tag} */ function f(a) {}`);
      expect(p).toMatchObject({ code: Code.Conflict, at: "redact=a" });
      expect(p.message).toContain("add logArgs");
    }
    expect(problem("/** @logcrest logArgs redact=a redact=b */ function f(a, b) {}")).toMatchObject({ code: Code.Conflict, at: "redact=b" });
  });

  it("is still checked when minLevel compiles the function out", () => {
    const r = run("/** @logcrest debug logArgs redact=nope */ function f(a) {}", { minLevel: "info" });
    expect(r.plans).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual([Code.NoSuchParameter]);
  });
});
