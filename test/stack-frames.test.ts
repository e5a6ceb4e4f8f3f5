/**
 * Stack traces keep their names (SEMANTICS.md rule 25): a throw in a tagged async function
 * shows the same innermost frame (function name, line and column in the TypeScript source)
 * as a build without logcrest, on both build paths, and every frame of that build is still
 * there, in order. The only frame added is the function's own, awaiting its body, at the
 * line of its closing brace (two when the body is awaited whole).
 *
 * fixtures/stack-frames/input.ts is also an ordinary fixture (names without source maps,
 * through the parity test); here each build runs with --enable-source-maps.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture } from "../fixtures/build-esbuild";
import { buildFixturesWithTspc, type FixtureBuild } from "./helpers/tspc-fixtures";
import { assertTransformerBuilt, REPO_ROOT } from "./helpers/tspc-project";

const FIXTURE = "stack-frames";
const out = mkdtempSync(path.join(tmpdir(), "lc-stack-frames-"));
let tspc: FixtureBuild;

beforeAll(() => {
  assertTransformerBuilt();
  tspc = buildFixturesWithTspc([FIXTURE], "esnext");
}, 120_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  tspc?.project.cleanup();
});

/** Runs `stacks()` of a built entry with source maps on: frames of input.ts per scenario. */
function stacks(entry: string, nodeArgs: string[] = []): Promise<Record<string, string[]>> {
  const script = `import(${JSON.stringify(require("node:url").pathToFileURL(entry).href)}).then((m) => (m.stacks ?? m.default.stacks)()).then((r) => process.stdout.write(JSON.stringify(r)))`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--enable-source-maps", ...nodeArgs, "--input-type=module", "-e", script],
      { cwd: REPO_ROOT, env: { ...process.env, LOGCREST_DIR: path.join(out, "logs"), NO_COLOR: "1" }, timeout: 20_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as Record<string, string[]>)),
    );
  });
}

let reference: Record<string, string[]>;

async function uninstrumented(): Promise<Record<string, string[]>> {
  if (reference === undefined) {
    const file = path.join(out, "plain.mjs");
    const built = await buildFixture(FIXTURE, file, { plugin: { include: ["no-such-dir/**"] }, entry: `export { stacks } from "./input";` });
    expect(built.errors).toEqual([]);
    reference = await stacks(file);
  }
  return reference;
}

const where = (frame: string): string => frame.slice(frame.lastIndexOf("@") + 1);
const named = (frame: string): string => frame.slice(0, frame.lastIndexOf("@"));

/**
 * The innermost frame is the plain build's (name, line, column); every frame of the plain
 * build is still there, in order (compared by position: under --enable-source-maps Node
 * takes callers' names from each map's `names`, which differ between builds). Frames added
 * are the tagged function's own, awaiting its body: one, or two when the body is awaited
 * whole (a return inside the user's try, SEMANTICS.md rule 10).
 */
function checkAgainst(got: Record<string, string[]>, want: Record<string, string[]>): void {
  expect(Object.keys(got)).toEqual(Object.keys(want));
  for (const scenario of Object.keys(want)) {
    const expected = want[scenario]!;
    const actual = got[scenario]!;
    const context = `${scenario}: ${JSON.stringify(actual)} against ${JSON.stringify(expected)}`;
    expect(expected.length, context).toBeGreaterThan(1);
    expect(actual[0], context).toBe(expected[0]);
    const positions = expected.map(where);
    expect(actual.filter((f) => positions.includes(where(f))).map(where), context).toEqual(positions);
    const added = actual.filter((f) => !positions.includes(where(f)));
    expect(added.length, context).toBeLessThanOrEqual(scenario === "returnInTry" ? 2 : 1);
    for (const f of added) expect(named(f), context).toBe(named(expected[0]!));
  }
}

describe("stack traces of tagged async functions name the same frames as without logcrest", () => {
  it("the plain build is what the fixture expects (the check can fail)", async () => {
    const want = await uninstrumented();
    expect(want.method![0]).toMatch(/^OrderService\.chargeCard@11:\d+$/);
    expect(want.subclass![0]).toMatch(/^Sub\.chargeCard@11:\d+$/);
    expect(want.declaration![0]).toMatch(/^refund@45:\d+$/);
  });

  it("esbuild plugin", async () => {
    const file = path.join(out, "esbuild.mjs");
    const built = await buildFixture(FIXTURE, file, { entry: `export { stacks } from "./input";` });
    expect(built.errors).toEqual([]);
    checkAgainst(await stacks(file), await uninstrumented());
  });

  it("tspc (ts-patch)", async () => {
    expect(tspc.build.status).toBe(0);
    checkAgainst(await stacks(tspc.entry(FIXTURE), tspc.nodeArgs), await uninstrumented());
  });
});
