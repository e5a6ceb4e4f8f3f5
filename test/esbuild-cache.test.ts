/**
 * The esbuild plugin's persistent cache: a rebuild of an unchanged file reads the stored
 * output instead of parsing again; any change to the text, the options or the path is a
 * different entry; files with bad tags are never cached; `cache: false` stores nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import logcrest from "../esbuild-plugin/index";

const work = mkdtempSync(path.join(tmpdir(), "lc-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;

function project(source: string): { dir: string; cache: string } {
  const dir = path.join(work, `p${++n}`);
  mkdirSync(path.join(dir, "src"), { recursive: true });
  writeFileSync(path.join(dir, "src/a.ts"), source);
  return { dir, cache: path.join(dir, "cache") };
}

async function build(dir: string, options: Parameters<typeof logcrest>[0]): Promise<string> {
  const r = await esbuild.build({
    entryPoints: [path.join(dir, "src/a.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    external: ["logcrest"],
    absWorkingDir: dir,
    logLevel: "silent",
    plugins: [logcrest(options)],
  });
  return r.outputFiles[0]!.text;
}

const TAGGED = "/** @logcrest */\nexport function f(x: number) { return x + 1; }\n";

describe("persistent transform cache", () => {
  it("a rebuild of an unchanged file uses the stored output", async () => {
    const { dir, cache } = project(TAGGED);
    const first = await build(dir, { cache });
    expect(first).toContain(".enter(");
    const entries = readdirSync(cache);
    expect(entries).toHaveLength(1);
    // Prove the second build reads the entry: plant a change in it (esbuild drops comments).
    const entry = path.join(cache, entries[0]!);
    writeFileSync(entry, readFileSync(entry, "utf8").replace("return x + 1", "return x + 41"));
    expect(await build(dir, { cache })).toContain("x + 41");
  });

  it("changed text, options or a changed path make new entries", async () => {
    const { dir, cache } = project(TAGGED);
    await build(dir, { cache });
    writeFileSync(path.join(dir, "src/a.ts"), TAGGED.replace("x + 1", "x + 2"));
    expect(await build(dir, { cache })).toContain("x + 2");
    await build(dir, { cache, minLevel: "warn" }); // below minLevel: nothing to instrument
    expect(readdirSync(cache)).toHaveLength(3);
    // the minLevel build's entry says "unchanged", and its output has no instrumentation
    expect(await build(dir, { cache, minLevel: "warn" })).not.toContain(".enter(");
  });

  it("files with bad tags are never cached: the error comes every time", async () => {
    const { dir, cache } = project("/** @logcrest loud */\nexport function f() {}\n");
    for (let i = 0; i < 2; i++) {
      await expect(build(dir, { cache })).rejects.toThrow(/LC001/);
    }
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });

  it("cache: false stores nothing; the default lives in node_modules/.cache/logcrest", async () => {
    const { dir } = project(TAGGED);
    mkdirSync(path.join(dir, "node_modules"));
    await build(dir, { cache: false });
    expect(existsSync(path.join(dir, "node_modules/.cache"))).toBe(false);
    await build(dir, {});
    expect(readdirSync(path.join(dir, "node_modules/.cache/logcrest"))).toHaveLength(1);
  });
});
