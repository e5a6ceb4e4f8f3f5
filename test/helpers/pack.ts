/**
 * The published tarballs, as a user gets them: `npm pack` of the runtime (logcrest) and of
 * the build package (@logcrest/build), and npm projects in temp folders that install them.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(__dirname, "..", "..");

export interface Tarballs {
  readonly runtime: string;
  readonly build: string;
}

/** `pkg@<the version this repository's lock installed>`. */
export const pinned = (pkg: string): string => `${pkg}@${(require(`${pkg}/package.json`) as { version: string }).version}`;

export function run(cmd: string, args: readonly string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Packs both packages into a temp folder. `npm test` has built dist already: --ignore-scripts keeps pack from rebuilding it under other tests reading it. */
export function packTarballs(): Tarballs {
  const out = mkdtempSync(join(tmpdir(), "lc-pack-"));
  const pack = (dir: string): string => join(out, run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", out], dir).trim().split("\n").pop()!);
  return { runtime: pack(REPO), build: pack(join(REPO, "packages", "build")) };
}

/** A new npm project in a temp folder with `packages` installed (tarball paths or `name@version`). */
export function installProject(prefix: string, packages: readonly string[], manifest: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user-app", version: "1.0.0", private: true, ...manifest }));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...packages], dir);
  return dir;
}
