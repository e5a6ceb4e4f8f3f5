/**
 * `engines` honest: every package the lock file installs accepts the Node running the suite
 * (CI runs it on 20, 24 and 26), so `npm ci` prints no EBADENGINE warning; and our two
 * packages declare the same floor.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const repo = join(__dirname, "..");
const json = (rel: string): Record<string, unknown> => JSON.parse(readFileSync(join(repo, rel), "utf8")) as Record<string, unknown>;

describe("engines", () => {
  it(`every locked package accepts this Node (${process.version})`, () => {
    const lock = json("package-lock.json") as { packages: Record<string, { engines?: { node?: string } | string[]; link?: boolean }> };
    const refused: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      const range = pkg.engines !== undefined && !Array.isArray(pkg.engines) ? pkg.engines.node : undefined;
      if (range !== undefined && !semver.satisfies(process.version, range)) refused.push(`${where}: node ${range}`);
    }
    expect(refused).toEqual([]);
  });

  it("logcrest and @logcrest/build declare the same Node floor, which this Node meets", () => {
    const runtime = (json("package.json").engines as { node: string }).node;
    expect((json("packages/build/package.json").engines as { node: string }).node).toBe(runtime);
    expect(semver.satisfies(process.version, runtime)).toBe(true);
  });
});
