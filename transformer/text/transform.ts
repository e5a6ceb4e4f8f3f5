/**
 * One file in, instrumented code + source map + diagnostics out: the string-level entry
 * point the esbuild plugin uses and that any other bundler plugin can call
 * (the unplugin-style `transform(code, id)` contract).
 */
import * as path from "node:path";
import { analyze } from "../core/analyze";
import { wantsFile } from "../core/gate";
import { generate } from "./codegen";
import { composeWithInputMap, extractInlineMap, type RawSourceMap } from "./input-map";
import { fileFilter, projectFile, resolveMinLevel, type BuildOptions, type FileFilter } from "../core/options";
import type { Diagnostic } from "../core/plan";

export interface TransformOptions extends BuildOptions {
  /** Runtime module specifier. Default `"logcrest"`. */
  readonly runtime?: string;
}

export interface TransformResult {
  /** The instrumented code; the input unchanged when there was nothing to do or on diagnostics. */
  readonly code: string;
  /**
   * Map from `code` back to the original source (through the input's own inline map, if it
   * had one). `sources[0]` is the file name relative to the file's directory. Undefined when
   * `code` is the input unchanged.
   */
  readonly map: RawSourceMap | undefined;
  /** Bad tags. When non-empty, `code` is the input unchanged: fail the build. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Instruments one file. `filePath` should be absolute (relative paths resolve against
 * `options.root`). Files outside include/exclude, files with neither a tag nor a call of
 * logcrest's `log`, and files this transform already produced come back unchanged.
 */
export function transform(code: string, filePath: string, options: TransformOptions = {}): TransformResult {
  const root = options.root ?? process.cwd();
  const abs = path.resolve(root, filePath);
  const unchanged: TransformResult = { code, map: undefined, diagnostics: [] };
  if (!wantsFile(code, abs, filterFor(options, root))) return unchanged;
  const result = analyze(code, abs, { root, minLevel: resolveMinLevel(options.minLevel) });
  if (result.diagnostics.length > 0) return { ...unchanged, diagnostics: result.diagnostics };
  // A file with neither a tagged function nor a log call (it only imports `flow`, say) pays
  // the parse, never the emit.
  if (result.module === undefined || (result.plans.length === 0 && result.logCalls.length === 0)) return unchanged;
  const input = extractInlineMap(code);
  const out = generate(input === undefined ? code : input.code, result.plans, result.logCalls, result.module, projectFile(abs, root), {
    runtime: options.runtime,
    fileName: abs,
    sourceName: path.basename(abs),
  });
  if (out === undefined) return unchanged;
  const own = JSON.parse(out.map.toString()) as RawSourceMap;
  return { code: out.code, map: input === undefined ? own : composeWithInputMap(own, input.map), diagnostics: [] };
}

// Compiled include/exclude per options object: a plugin passes the same object for every
// file, and compiling the globs again for each of them showed in the build profile.
const filters = new WeakMap<TransformOptions, { root: string; accepts: FileFilter }>();
function filterFor(options: TransformOptions, root: string): FileFilter {
  const known = filters.get(options);
  if (known !== undefined && known.root === root) return known.accepts;
  const accepts = fileFilter({ ...options, root });
  filters.set(options, { root, accepts });
  return accepts;
}

/** `code` with the map appended as an inline `sourceMappingURL` comment (what esbuild chains). */
export function withInlineMap(code: string, map: RawSourceMap): string {
  return `${code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
}
