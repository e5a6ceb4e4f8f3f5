/**
 * The small tagged app the bundler and Bun tests build and run: a logArgs function, a flow
 * that calls it three times across an await, a function that throws when BOOM is set (for
 * stack traces), and a warn-level tag (for minLevel). `BAD_TS` has one bad tag on line 2.
 * `project()` makes the temporary project such a test builds in.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const REPO = resolve(__dirname, "../..");
export const CALC_TS = `/** @logcrest logArgs */
export function add(a: number, b: number): number {
  return a + b;
}

/** @flow bundle-check */
export async function total(xs: number[]): Promise<number> {
  let sum = 0;
  for (const x of xs) sum = add(sum, x);
  await new Promise((resolve) => setTimeout(resolve, 1));
  if (process.env.BOOM) boom(sum);
  return sum;
}

/** @logcrest */
export function boom(n: number): never { const label = "sum " + n; throw new Error("boom " + label); }

/** @logcrest warn */
export function alarm(): string {
  return "alarm";
}
`;

export const BAD_TS = `export const x = 1;\n/** @logcrest levle=info */\nexport function f(): number { return 1; }\n`;

/** 1-based line and column of `needle` in `text` (what V8 prints for a frame there). */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`${JSON.stringify(needle)} is not in the text`);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const made: string[] = [];

/**
 * A temporary `"type": "module"` project whose `logcrest` is this repository (as a user's
 * install would be), with `files` (paths relative to it) written. `removeProjects()` in
 * `afterAll` deletes every one this test file made.
 */
export function project(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO, join(dir, "node_modules", "logcrest"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "lc-test-app", private: true, type: "module" }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export function removeProjects(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
