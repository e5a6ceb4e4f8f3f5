/**
 * The layout's one behavioural promise: the ts-patch path (tspc) loads the analysis core and
 * its own emitter, never the text emitter and its magic-string (ESM-only, and not needed to
 * build TypeScript factory nodes). And the build side reads only the runtime modules the build
 * package carries (its `files`, which scripts/build.mjs copies), so it works installed alone.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const DIST = join(__dirname, "..", "dist", "cjs");

function loadedBy(entry: string): string[] {
  const probe = `require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  return JSON.parse(execFileSync(process.execPath, ["-e", probe], { encoding: "utf8" })) as string[];
}

describe("layout", () => {
  it("logcrest/transformer (tspc) does not load magic-string or the text emitter", () => {
    const loaded = loadedBy(join(DIST, "transformer", "ts-patch", "index.js"));
    expect(loaded.some((f) => f.includes(join("transformer", "core", "analyze.js")))).toBe(true);
    expect(loaded.filter((f) => f.includes("magic-string"))).toEqual([]);
    expect(loaded.filter((f) => f.includes(join("transformer", "text")))).toEqual([]);
  });

  it("the esbuild plugin loads the text emitter (so the probe above can tell)", () => {
    const loaded = loadedBy(join(DIST, "esbuild-plugin", "index.js"));
    expect(loaded.some((f) => f.includes(join("transformer", "text", "codegen.js")))).toBe(true);
    expect(loaded.some((f) => f.includes("magic-string"))).toBe(true);
  });

  it("the build side loads no runtime module but those the build package carries", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "packages", "build", "package.json"), "utf8")) as { files: string[] };
    const carried = pkg.files.filter((f) => f.startsWith("runtime/")).map((f) => f.replace(/\.ts$/, ".js"));
    expect(carried).toContain("runtime/redact-path.js"); // the tag grammar parses redact= paths with it
    for (const entry of [join("transformer", "ts-patch", "index.js"), join("esbuild-plugin", "index.js")]) {
      const runtime = loadedBy(join(DIST, entry))
        .map((f) => relative(DIST, f).split(sep).join("/"))
        .filter((f) => f.startsWith("runtime/"));
      expect(runtime.length, entry).toBeGreaterThan(0);
      expect(runtime.filter((f) => !carried.includes(f)), entry).toEqual([]);
    }
  });
});
