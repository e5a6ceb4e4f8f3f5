/**
 * The source files `logcrest check` looks at: the paths given (files are taken as they
 * are; directories are walked), skipping node_modules, dist and .git, keeping the file
 * types the build paths compile. Declaration files (.d.ts) hold no function bodies and
 * are never compiled, so they are left out. Symbolic links to directories are not
 * followed (no cycles). Results are sorted, so output is stable.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "./args";

export const SOURCE_EXTENSIONS: readonly string[] = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx"];
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(["node_modules", "dist", ".git"]);

function isSource(name: string): boolean {
  if (/\.d\.[mc]?ts$/.test(name)) return false;
  return SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext));
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path, out);
    } else if (entry.isFile() && isSource(entry.name)) {
      out.push(path);
    }
  }
}

export function sourceFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      throw new InputError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (isDir) walk(p, out);
    else out.push(p); // a file named explicitly is checked whatever its extension
  }
  return [...new Set(out)];
}
