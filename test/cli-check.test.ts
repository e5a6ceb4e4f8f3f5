/**
 * `logcrest check`: the real bin on a real source tree. Its diagnostics are compared with
 * what the esbuild build reports for the same files: one analysis core, one answer.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempLogDir } from "./helpers/cli-fixtures";
import { runCli } from "./helpers/cli-run";

function write(root: string, rel: string, text: string): void {
  mkdirSync(join(root, rel, ".."), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** One valid tagged function in every file type the build compiles, and files that must be skipped. */
function validProject(): string {
  const root = tempLogDir("logcrest-check-");
  write(
    root,
    "src/orders.ts",
    [
      "export class OrderService {",
      "  /** @logcrest warn logResult */",
      "  process(id: string) { return id; }",
      "}",
      "",
      "/** @flow checkout logArgs */",
      "export async function checkout(order: { id: string }) { return order.id; }",
      "",
      "/** @flow labelFrom=requestId */",
      "export const handle = async (requestId: string) => requestId;",
    ].join("\n"),
  );
  write(root, "src/view.tsx", "/** @logcrest */\nexport function Row() { return <div />; }\n");
  write(root, "src/a.mts", "/** @logcrest debug */\nexport function a() {}\n");
  write(root, "src/b.cts", "/** @logcrest */\nexport function b() {}\n");
  write(root, "lib/c.js", "/** @logcrest error */\nfunction c() {}\nmodule.exports = { c };\n");
  write(root, "lib/d.mjs", "/** @logcrest name=dee */\nexport const d = function () {};\n");
  write(root, "lib/e.cjs", "/** @logcrest */\nexports.e = () => 1;\n");
  write(root, "lib/f.jsx", "/** @logcrest */\nexport function F() { return <p />; }\n");
  write(root, "src/untagged.ts", "export const x = 1; // @flow pragma-like line comment is not a tag\n");
  // never looked at: dependencies, build output, git internals, declaration files, other types
  for (const skipped of ["node_modules/dep/index.js", "dist/out.js", ".git/hooks/x.js", "src/nested/node_modules/y.ts"]) {
    write(root, skipped, "/** @logcrest nonsense */\nfunction z() {}\n");
  }
  write(root, "src/types.d.ts", "/** @logcrest nonsense */\nexport declare function z(): void;\n");
  write(root, "src/notes.md", "/** @logcrest nonsense */\n");
  return root;
}

interface CheckJson {
  functions: {
    file: string;
    line: number;
    name: string;
    tag: string;
    shape: string;
    level: string;
    label: string | null;
    labelFrom: string | number | null;
    logArgs: boolean;
    logResult: boolean;
    redact: { option: string; paths: (string | number)[][] } | null;
  }[];
  problems: { file: string; line: number; column: number; code: string; message: string }[];
  files: number;
}

describe("logcrest check", () => {
  let valid: string;
  beforeAll(() => {
    valid = validProject();
  });

  it("lists every tagged function of every compiled file type and exits 0", async () => {
    const r = await runCli(["check"], { cwd: valid });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toEqual([
      "lib/c.js:2  c  @logcrest  function  level=ERROR",
      "lib/d.mjs:2  dee  @logcrest  function  level=INFO",
      "lib/e.cjs:2  e  @logcrest  arrow  level=INFO",
      "lib/f.jsx:2  F  @logcrest  function  level=INFO",
      "src/a.mts:2  a  @logcrest  function  level=DEBUG",
      "src/b.cts:2  b  @logcrest  function  level=INFO",
      "src/orders.ts:3  OrderService.process  @logcrest  function  level=WARNING logResult",
      "src/orders.ts:7  checkout  @flow  async function  level=INFO label=checkout logArgs",
      "src/orders.ts:10  handle  @flow  async arrow  level=INFO labelFrom=requestId",
      "src/view.tsx:2  Row  @logcrest  function  level=INFO",
      "10 tagged function(s) in 8 file(s); 9 file(s) checked; all tags valid",
    ]);
  });

  it("--json lists the same functions with their options", async () => {
    const r = await runCli(["check", "--json"], { cwd: valid });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as CheckJson;
    expect(j.files).toBe(9);
    expect(j.problems).toEqual([]);
    expect(j.functions).toHaveLength(10);
    expect(j.functions.find((f) => f.name === "handle")).toMatchObject({
      file: "src/orders.ts",
      line: 10,
      tag: "@flow",
      shape: "async arrow",
      labelFrom: "requestId",
      label: null,
      logArgs: false,
    });
  });

  it("takes explicit paths: directories and single files", async () => {
    const r = await runCli(["check", "lib", "src/a.mts", "--json"], { cwd: valid });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as CheckJson;
    expect(j.functions.map((f) => `${f.file}:${f.name}`)).toEqual(["lib/c.js:c", "lib/d.mjs:dee", "lib/e.cjs:e", "lib/f.jsx:F", "src/a.mts:a"]);
    // a skipped directory named explicitly is still walked (the user asked for it)
    const explicit = await runCli(["check", "dist"], { cwd: valid });
    expect(explicit.code).toBe(1);
    expect(explicit.stderr).toContain("dist/out.js:1:15: LC001");
  });

  it("exits 1 with file:line:col: LCxxx messages for bad tags, and the build reports the same", async () => {
    const root = tempLogDir("logcrest-check-bad-");
    write(root, "src/ok.ts", "/** @logcrest */\nexport function fine() {}\n");
    write(
      root,
      "src/bad.ts",
      [
        "/** @logcrest verbose */", // LC001 at 1:15
        "export function one() {}",
        "",
        "export const two = {",
        "  /** @logcrest level=loud */", // LC002
        "  m() {},",
        "};",
        "",
        "/** @flow labelFrom=missing */", // LC003
        "export function three(id: string) { return id; }",
        "",
        "/** @logcrest */", // LC004
        "export function* four() {}",
        "",
        "/** @logcrest */", // LC008
        "export const five = 5;",
      ].join("\n"),
    );
    const r = await runCli(["check", "src"], { cwd: root });
    expect(r.code).toBe(1);
    const messages = r.stderr.trim().split("\n");
    expect(messages).toHaveLength(5);
    for (const m of messages) expect(m).toMatch(/^src\/bad\.ts:\d+:\d+: LC00\d \S/);
    expect(messages[0]).toMatch(/^src\/bad\.ts:1:15: LC001 unknown option 'verbose' in @logcrest; allowed: /);
    expect(messages.map((m) => /: (LC\d+) /.exec(m)![1])).toEqual(["LC001", "LC002", "LC003", "LC004", "LC008"]);
    expect(r.stdout).toContain("src/ok.ts:2  fine  @logcrest");
    expect(r.stdout).toContain("5 problem(s)");

    // The esbuild build path fails on the same file with the same codes at the same places.
    const esbuild = (await import("esbuild")) as typeof import("esbuild");
    const { logcrest } = require(join(__dirname, "..", "dist", "cjs", "esbuild-plugin", "index.js")) as {
      logcrest: () => import("esbuild").Plugin;
    };
    const built = await esbuild
      .build({ entryPoints: [join(root, "src/bad.ts")], absWorkingDir: root, write: false, bundle: false, logLevel: "silent", plugins: [logcrest()] })
      .then(
        () => [] as string[],
        (err: { errors: { text: string }[] }) => err.errors.map((e) => e.text),
      );
    const fromBuild = built.map((t) => {
      const m = /^(LC\d+): .*\((src\/bad\.ts:\d+:\d+)\)$/.exec(t);
      return m === null ? t : `${m[2]}: ${m[1]}`;
    });
    const fromCheck = messages.map((m) => /^(\S+:\d+:\d+): (LC\d+)/.exec(m)!.slice(1, 3).join(": "));
    expect(fromBuild).toEqual(fromCheck);

    const j = JSON.parse((await runCli(["check", "src", "--json"], { cwd: root })).stdout) as CheckJson;
    expect(j.problems[0]).toMatchObject({ file: "src/bad.ts", line: 1, column: 15, code: "LC001" });
  });

  it("lists redact= as written (resolved paths in --json) and reports a path naming no parameter", async () => {
    const root = tempLogDir("logcrest-check-redact-");
    write(
      root,
      "src/users.ts",
      [
        "/** @logcrest logArgs redact=password,card.number */",
        "export function signUp(email: string, password: string, card: { number: string }) { return email; }",
        "",
        "/** @flow onboarding logArgs redact=pasword */", // LC003 at 4:37
        "export function onboard(password: string) { return password.length; }",
      ].join("\n"),
    );
    const r = await runCli(["check"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("src/users.ts:2  signUp  @logcrest  function  level=INFO logArgs redact=password,card.number");
    expect(r.stderr.trim()).toBe("src/users.ts:4:37: LC003 redact=pasword: 'onboard' has no parameter or destructured property 'pasword' (parameters: password)");
    const j = JSON.parse((await runCli(["check", "--json"], { cwd: root })).stdout) as CheckJson;
    expect(j.functions.map((f) => [f.name, f.redact])).toEqual([["signUp", { option: "password,card.number", paths: [[1], [2, "number"]] }]]);
  });

  it("escapes control characters of the source in its output", async () => {
    const root = tempLogDir("logcrest-check-esc-");
    write(root, "a.ts", "/** @logcrest name=\u001b[2Jevil */\nexport function a() {}\n");
    const r = await runCli(["check"], { cwd: root });
    expect(r.stdout + r.stderr).not.toContain("\u001b");
  });

  it("exit codes: 1 for a path that does not exist, 2 for usage", async () => {
    const r = await runCli(["check", "no/such/path"], { cwd: valid });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot read no/such/path: ENOENT");
    expect((await runCli(["check", "--frob"], { cwd: valid })).code).toBe(2);
  });
});
