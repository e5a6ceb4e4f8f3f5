/**
 * The comments of the shipped sources become the .d.ts docs users read in their editor (and
 * stay in dist/*.js). They may cite the README, which users have, but not the project's
 * internal SPEC, which they do not.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repo = resolve(__dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

describe("shipped docs", () => {
  it("cite no SPEC section (users do not have the SPEC)", () => {
    const tsconfig = JSON.parse(readFileSync(join(repo, "tsconfig.json"), "utf8")) as { include: string[] };
    const offenders: string[] = [];
    for (const top of tsconfig.include.filter((t) => existsSync(join(repo, t)))) {
      for (const file of sources(join(repo, top))) {
        readFileSync(file, "utf8")
          .split("\n")
          .forEach((line, i) => {
            if (/\bSPEC\b/.test(line)) offenders.push(`${file.slice(repo.length + 1)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });
});
