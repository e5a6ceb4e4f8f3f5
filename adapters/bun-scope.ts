/**
 * The filter of `logcrest/bun` as Bun's runtime plugin: include/exclude as one pattern.
 */
import * as path from "node:path";
import { DEFAULT_EXCLUDE, globToRegExp, type BuildOptions } from "../transformer/core/options";
import { SOURCE_FILE } from "./file-step";

const globBody = (glob: string): string => globToRegExp(glob).source.slice(1, -1);
const list = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === "string" ? [v] : v);

/**
 * The files `include`/`exclude` accept under `root`, as one pattern over absolute paths: the
 * filter Bun's runtime plugin gets. Under the runtime (Bun 1.4) a file an `onLoad` filter
 * matches must be returned as contents, and Bun evaluates such contents as an ES module, so
 * a CommonJS dependency passed back unchanged would break: only files in scope may match.
 * Files outside the root are left to Bun (the load hook and the bundlers match those too).
 */
export function scopePattern(options: BuildOptions & { root: string }): RegExp {
  const root = options.root.split(path.sep).join("/").replace(/\/$/, "");
  const escapedRoot = root.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const include = list(options.include).map(globBody);
  const exclude = list(options.exclude ?? DEFAULT_EXCLUDE).map(globBody);
  const notExcluded = exclude.length === 0 ? "" : `(?!(?:${exclude.join("|")})$)`;
  const included = include.length === 0 ? ".*" : `(?:${include.join("|")})`;
  return new RegExp(`^${escapedRoot}/${notExcluded}(?=${included}$).*${SOURCE_FILE.source}`);
}
