/**
 * The layout's one behavioural promise: the ts-patch path (tspc) loads the analysis core and
 * its own emitter, never the text emitter and its magic-string (ESM-only, and not needed to
 * build TypeScript factory nodes).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
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
});
