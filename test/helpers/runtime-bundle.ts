/**
 * Child-process tests run the runtime from source: esbuild bundles runtime/index.ts into one
 * CommonJS file the child `require`s (no dependence on a `dist/` another test may be
 * rebuilding). The child then exits for real: process.exit(), uncaught exceptions.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { buildSync } from "esbuild";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

const root = join(__dirname, "..", "..");
export const CHILD = join(__dirname, "runtime-child.cjs");

export function bundleRuntime(outDir: string): string {
  const outfile = join(outDir, "logcrest-runtime.cjs");
  buildSync({
    entryPoints: [join(root, "runtime", "index.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    logLevel: "silent",
  });
  return outfile;
}

/** For a test file: bundles the runtime once before its tests, removes it after; the path, once built. */
export function runtimeBundleForSuite(): () => string {
  let dir = "";
  let file = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "lc-bundle-"));
    file = bundleRuntime(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => file;
}

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one scenario of runtime-child.cjs in `cwd` with a clean LOGCREST_* environment. */
export function runChild(bundle: string, scenario: string, cwd: string, env: Record<string, string> = {}): ChildResult {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("LOGCREST_") && k !== "NODE_OPTIONS" && !k.startsWith("VITEST") && v !== undefined) clean[k] = v;
  }
  const r = spawnSync(process.execPath, [CHILD, scenario], {
    cwd,
    env: { ...clean, LOGCREST_TEST_RUNTIME: bundle, NO_COLOR: "1", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
