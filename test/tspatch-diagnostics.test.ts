/**
 * Bad tags and bad plugin options fail a real `tspc` build with tsc errors that name the
 * file, line and column (ts-patch's addDiagnostic), and the process exits non-zero.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertTransformerBuilt, makeTsProject, runTspc, type ProcessResult, type TsProject } from "./helpers/tspc-project";

const projects: TsProject[] = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

function build(files: Record<string, string>, plugin?: Record<string, unknown>): ProcessResult {
  const project = makeTsProject({ output: "cjs", files, plugin });
  projects.push(project);
  return runTspc(project.dir);
}

/** 1-based line and column of the first occurrence of `needle` in `text`, as tsc prints them. */
function locate(text: string, needle: string): string {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' not in the fixture`);
  const before = text.slice(0, at).split("\n");
  return `(${before.length},${before[before.length - 1]!.length + 1})`;
}

const BAD = `export class Svc {
  /** @logcrest verbose */
  a(): number {
    return 1;
  }
}

/** @logcrest level=loud */
export function b(): void {}

/** @flow labelFrom=orderId */
export function c(id: string): string {
  return id;
}

/** @logcrest */
export function* d(): Generator<number> {
  yield 1;
}

export abstract class E {
  /** @logcrest */
  abstract run(): void;
}

/** @logcrest */
export const notAFunction = 42;

/** @logcrest logArgs=yes */
export function f(): void {}

/** @logcrest logArgs redact=pasword */
export function g(password: string): void {}
`;

describe("bad tags under tspc", () => {
  let result: ProcessResult;
  beforeAll(() => {
    assertTransformerBuilt();
    result = build({ "src/bad.ts": BAD, "src/good.ts": "/** @logcrest */\nexport function fine(): number {\n  return 1;\n}\n" });
  }, 60_000);

  it("fails the build", () => {
    expect(result.status).not.toBe(0);
  });

  it.each([
    ["LC001", "verbose", /unknown option 'verbose' in @logcrest; allowed: LEVEL/],
    ["LC002", "level=loud", /unknown level 'loud'.*allowed levels: debug, info, warn, warning, error, critical/],
    ["LC003", "labelFrom=orderId", /labelFrom=orderId: .*no parameter.*'orderId'.*parameters: id/],
    ["LC004", "@logcrest */\nexport function* d", /generator 'd'/],
    ["LC005", "@logcrest */\n  abstract run", /'E.run', which has no body/],
    ["LC008", "@logcrest */\nexport const notAFunction", /not attached to a function/],
    ["LC007", "logArgs=yes", /'logArgs' takes no value/],
    ["LC003", "pasword", /redact=pasword: 'g' has no parameter or destructured property 'pasword' \(parameters: password\)/],
  ])("%s is a tsc error at the offending text", (code, needle, message) => {
    const where = locate(BAD, needle);
    const line = result.stdout.split("\n").find((l) => l.startsWith(`src/bad.ts${where}: error TS92`) && l.includes(`[logcrest ${code}]`));
    expect(line, `no ${code} diagnostic at src/bad.ts${where} in:\n${result.stdout}`).toBeDefined();
    expect(line).toMatch(message);
    expect(line).toContain(`error TS92000${Number(code.slice(2))}:`);
  });

  it("reports nothing for a file without a bad tag", () => {
    expect(result.stdout).not.toContain("src/good.ts");
  });

  it("reports each problem once", () => {
    const ours = result.stdout.split("\n").filter((l) => l.includes("[logcrest"));
    expect(ours).toHaveLength(8);
  });
});

describe("bad plugin options under tspc", () => {
  const good = { "src/a.ts": "/** @logcrest */\nexport function a(): number {\n  return 1;\n}\n" };

  it("an unknown option is an error naming the allowed ones", () => {
    assertTransformerBuilt();
    const r = build(good, { minlevel: "warn" });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain(`error TS920000: [logcrest] unknown option "minlevel" in the tsconfig plugin entry; allowed: include, exclude, minLevel`);
  });

  it("an unknown minLevel is an error", () => {
    const r = build(good, { minLevel: "loud" });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/error TS920000: \[logcrest\] logcrest: unknown minLevel "loud"/);
  });

  it('"after": true stops the build instead of running on lowered JavaScript', () => {
    const r = build(good, { after: true });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("expected a function or an object with a 'after' property");
  });

  it("include that is not a glob list is an error", () => {
    const r = build(good, { include: 3 });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain(`"include" in the tsconfig plugin entry must be a glob or an array of globs, got 3`);
  });
});
