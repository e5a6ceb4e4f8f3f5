/**
 * The build-time/run-time contract (runtime/contract.ts), tied end to end: what the
 * transformer writes into a module (levels, flags, rows, the `__lc` members it calls) is
 * read back by the runtime as the same thing. Each assertion goes through the real
 * transformer output and the real runtime functions, not through the shared constants.
 */
import { describe, expect, it } from "vitest";
import * as contract from "../runtime/contract";
import { __lc } from "../runtime/generated";
import { levelName, parseLevel } from "../runtime/levels";
import { callSite, sites, type SiteRow } from "../runtime/sites";
import { analyze } from "../transformer/core/analyze";
import { resolveMinLevel } from "../transformer/core/options";
import { transform } from "../transformer/text/transform";

const ROOT = "/project";

/** The rows of the site table in the prelude of `code`, as the runtime receives them. */
function siteRows(code: string): { file: string; rows: SiteRow[] } {
  const m = /\.sites\(("(?:[^"\\]|\\.)*"), (\[.*?\])\) \}/.exec(code);
  if (m === null) throw new Error(`no site table in:\n${code}`);
  return { file: JSON.parse(m[1]!) as string, rows: JSON.parse(m[2]!) as SiteRow[] };
}

function build(source: string): string {
  const out = transform(source, `${ROOT}/src/orders.ts`, { root: ROOT });
  expect(out.diagnostics).toEqual([]);
  return out.code;
}

describe("the contract between the transformer and the runtime", () => {
  it("every level word means the same level in a tag, in minLevel and in the runtime's config", () => {
    for (const word of contract.LEVEL_WORDS) {
      for (const written of [word, word.toUpperCase()]) {
        const plan = analyze(`/** @logcrest ${written} */\nfunction f() {}\n`, "/p/a.ts", { root: "/p" }).plans[0]!;
        expect(plan.level).toBe(parseLevel(written));
        expect(resolveMinLevel(written)).toBe(parseLevel(written));
      }
    }
    expect(contract.LEVEL_WORDS.map((w) => levelName(parseLevel(w)!))).toEqual(["DEBUG", "INFO", "WARNING", "WARNING", "ERROR", "CRITICAL"]);
  });

  it("words that are not levels are refused on both sides (no inherited keys)", () => {
    for (const word of ["constructor", "toString", "__proto__", "verbose", "hasOwnProperty"]) {
      expect(parseLevel(word)).toBeUndefined();
      expect(() => resolveMinLevel(word)).toThrow(TypeError);
      const result = analyze(`/** @logcrest ${word} */\nfunction f() {}\n`, "/p/a.ts", { root: "/p" });
      expect(result.plans).toEqual([]);
      expect(result.diagnostics.map((d) => d.code)).toEqual(["LC001"]);
    }
  });

  it("a tag without a level gets the default level, and the runtime's site has it", () => {
    const code = build(`/** @logcrest */\nexport function a() {}\n/** @flow checkout */\nexport function b() {}\n`);
    const { file, rows } = siteRows(code);
    const made = sites(file, rows);
    expect(made.map((s) => s.level)).toEqual([contract.DEFAULT_TAG_LEVEL, contract.DEFAULT_TAG_LEVEL]);
    expect(levelName(made[0]!.level)).toBe("INFO");
  });

  it("each tag option reaches the runtime as its flag, and no other flag is set", () => {
    const code = build(
      [
        `/** @logcrest */ export function plain() {}`,
        `/** @logcrest logArgs */ export function args(a: number) { return a }`,
        `/** @logcrest logResult */ export function result() { return 1 }`,
        `/** @logcrest */ export async function later() {}`,
        `/** @flow checkout */ export function flowStatic() {}`,
        `/** @flow labelFrom=id */ export function flowDynamic(id: string) { return id }`,
        `/** @logcrest warn logArgs logResult */ export async function all(x: number) { return x }`,
      ].join("\n"),
    );
    const { file, rows } = siteRows(code);
    expect(file).toBe("src/orders.ts");
    const made = sites(file, rows);
    const { F_ASYNC, F_FLOW, F_LABEL_FROM, F_LOG_ARGS, F_LOG_RESULT } = contract;
    expect(made.map((s) => [s.name, s.line, s.level, s.flags])).toEqual([
      ["plain", 1, 20, 0],
      ["args", 2, 20, F_LOG_ARGS],
      ["result", 3, 20, F_LOG_RESULT],
      ["later", 4, 20, F_ASYNC],
      ["flowStatic", 5, 20, F_FLOW],
      ["flowDynamic", 6, 20, F_FLOW | F_LABEL_FROM],
      ["all", 7, 30, F_LOG_ARGS | F_LOG_RESULT | F_ASYNC],
    ]);
    expect(made[4]!.label).toBe("checkout");
    // The flags are distinct bits, so no combination can be read as another option.
    const bits = Object.values(contract.SITE_FLAGS);
    expect(bits.reduce((a, b) => a | b, 0)).toBe(bits.reduce((a, b) => a + b, 0));
  });

  it("a log call's row reaches the runtime as a LOG_CALL site of its function and line, a site log.* accepts", () => {
    const code = build(['import { log } from "logcrest";', "/** @logcrest */ export function a() {", '  log.info("x");', "}", 'log.warn("y");'].join("\n"));
    const { file, rows } = siteRows(code);
    const made = sites(file, rows);
    expect(made.map((s) => [s.name, s.line, s.flags])).toEqual([
      ["a", 2, 0],
      ["a", 3, contract.F_LOG_CALL],
      ["<module>", 5, contract.F_LOG_CALL],
    ]);
    for (const site of made) expect(callSite(site)).toBe(site);
  });

  it("every runtime member generated code uses exists on __lc, imported under the contract's name", () => {
    const code = build(
      [
        `/** @logcrest logResult */ export function s(a: number) { return a }`,
        `/** @logcrest logArgs */ export async function t(a: number) { if (a) return a; return 0 }`,
        `/** @flow labelFrom=0 */ export const u = async (id: string) => { try { return id } finally {} }`,
      ].join("\n"),
    );
    const imported = /import \{ (\w+) as (_lc\$\w+) \} from "([^"]+)"/.exec(code);
    expect(imported?.[1]).toBe(contract.GENERATED_API);
    expect(imported?.[3]).toBe(contract.RUNTIME_MODULE);
    const alias = imported![2]!.replace("$", "\\$");
    const used = new Set([...code.matchAll(new RegExp(`${alias}\\.(\\w+)`, "g"))].map((m) => m[1]!));
    expect([...used].sort()).toEqual(["enter", "exit", "fail", "ret", "run", "sites", "state"]);
    const api = __lc as unknown as Record<string, unknown>;
    for (const member of used) {
      if (member === "state") expect(typeof (api.state as { minLevel: unknown }).minLevel).toBe("number");
      else expect(typeof api[member]).toBe("function");
    }
  });
});
