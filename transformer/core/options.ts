/**
 * Build options shared by both build paths (README: Build with esbuild, Troubleshooting): include/exclude globs, minLevel,
 * and the project root that makes `file` in records relative.
 */
import * as path from "node:path";
import { DEFAULT_MIN_LEVEL, LEVEL_WORDS, levelOfWord } from "../../runtime/contract";

export interface BuildOptions {
  /** Globs (relative to `root`) of files to instrument. Default: every file. */
  readonly include?: string | readonly string[];
  /** Globs of files never instrumented. Default `["**\/node_modules/**"]`; giving `exclude` replaces the default. */
  readonly exclude?: string | readonly string[];
  /** Tagged functions below this level are compiled out. Name (`"warn"`) or number (30). */
  readonly minLevel?: string | number;
  /** Project root for relative `file` values and globs. Default: `process.cwd()`. */
  readonly root?: string;
}

/** `minLevel` as a number; DEFAULT_MIN_LEVEL (nothing compiled out) when unset. A bad value is the caller's error: it throws. */
export function resolveMinLevel(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_MIN_LEVEL;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    if (/^\d+$/.test(value.trim())) return Number(value.trim());
    const n = levelOfWord(value.trim());
    if (n !== undefined) return n;
  }
  throw new TypeError(`logcrest: unknown minLevel ${JSON.stringify(value)}; allowed: ${LEVEL_WORDS.join(", ")} or a number`);
}

/** The file as records name it: relative to the root, `/`-separated. */
export function projectFile(fileName: string, root: string | undefined): string {
  const base = root ?? process.cwd();
  const abs = path.resolve(base, fileName);
  const rel = path.relative(base, abs);
  // Relative also above the root (`../shared/util.ts`): an absolute path would put
  // the build machine's directories into every record and make builds differ by checkout.
  // Only a path on another drive (Windows) has no relative form.
  const shown = rel === "" || path.isAbsolute(rel) ? abs : rel;
  return shown.split(path.sep).join("/");
}

/**
 * Glob to RegExp: `**` any depth (also none), `*` within one segment, `?` one char,
 * `{a,b}` alternatives. Matched against the `/`-separated path relative to the root.
 */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        re += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 3 : 2;
        continue;
      }
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else re += c.replace(/[.+^$()|[\]\\]/g, "\\$&");
    i++;
  }
  return new RegExp(`^${re}$`);
}

export type FileFilter = (absolutePath: string) => boolean;

/** Dependencies are not instrumented unless `exclude` is given explicitly. */
export const DEFAULT_EXCLUDE: readonly string[] = ["**/node_modules/**"];

/** include/exclude as one predicate over absolute paths. */
export function fileFilter(options: BuildOptions): FileFilter {
  const root = options.root ?? process.cwd();
  const list = (v: string | readonly string[] | undefined): RegExp[] => (v === undefined ? [] : typeof v === "string" ? [v] : [...v]).map(globToRegExp);
  const include = list(options.include);
  const exclude = list(options.exclude ?? DEFAULT_EXCLUDE);
  return (absolutePath) => {
    const rel = path.relative(root, absolutePath).split(path.sep).join("/");
    if (include.length > 0 && !include.some((r) => r.test(rel))) return false;
    // Files outside the root are matched by their absolute path (a dependency in ../node_modules).
    const probe = rel.startsWith("../") ? absolutePath.split(path.sep).join("/") : rel;
    return !exclude.some((r) => r.test(probe) || r.test(rel));
  };
}
