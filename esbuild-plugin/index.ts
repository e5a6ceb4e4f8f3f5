/**
 * `logcrest/esbuild`: the esbuild adapter over the analysis core.
 *
 *   import logcrest from "logcrest/esbuild";
 *   await esbuild.build({ entryPoints: ["src/main.ts"], bundle: true, plugins: [logcrest()] });
 *
 * esbuild runs only the FIRST plugin `onLoad` callback that returns contents for a file.
 * If another plugin also loads .ts/.js files (for example a plugin that compiles Vue or
 * rewrites imports), put logcrest before it for files it should see, or call the
 * composable `transform(code, path, options)` from inside that plugin's own `onLoad`.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Loader, OnLoadResult, PartialMessage, Plugin } from "esbuild";
import { fileFilter, resolveMinLevel, type BuildOptions } from "../transformer/core/options";
import type { Diagnostic } from "../transformer/core/plan";
import { mayNeedTransform } from "../transformer/core/gate";
import { transform, withInlineMap, type TransformOptions, type TransformResult } from "../transformer/text/transform";
import { openCache } from "../transformer/text/cache";

export type { Diagnostic } from "../transformer/core/plan";
export type { RawSourceMap } from "../transformer/text/input-map";
export { transform, withInlineMap };
export type { TransformOptions, TransformResult };

export interface LogcrestPluginOptions extends BuildOptions {
  /** Runtime module specifier the instrumented code imports. Default `"logcrest"`. */
  readonly runtime?: string;
  /**
   * Where transformed files are kept between builds (transformer/text/cache.ts): a directory,
   * or `false` for none. Default `<root>/node_modules/.cache/logcrest` when `node_modules`
   * exists there.
   */
  readonly cache?: string | false;
}

const FILTER = /\.(?:[cm]?[jt]s|[jt]sx)$/;

const DEFAULT_LOADERS: Readonly<Record<string, Loader>> = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
};

/** esbuild's location: 1-based line, 0-based column counted in UTF-8 bytes. */
export function toMessage(d: Diagnostic, text: string, root: string): PartialMessage {
  const lineStart = d.start - (d.column - 1);
  let lineEnd = text.indexOf("\n", lineStart);
  if (lineEnd === -1) lineEnd = text.length;
  const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, "");
  const column = Buffer.byteLength(lineText.slice(0, d.column - 1));
  const length = Buffer.byteLength(text.slice(d.start, Math.min(d.start + d.length, lineEnd)));
  const file = path.relative(root, d.file) || d.file;
  return {
    id: d.code,
    text: `${d.code}: ${d.message} (${file}:${d.line}:${d.column})`,
    location: { file, line: d.line, column, length, lineText },
  };
}

export function logcrest(options: LogcrestPluginOptions = {}): Plugin {
  resolveMinLevel(options.minLevel); // a bad minLevel fails at plugin creation, not per file
  return {
    name: "logcrest",
    setup(build) {
      const root = options.root ?? build.initialOptions.absWorkingDir ?? process.cwd();
      // One options object for every file: transform() keeps its compiled filter per object.
      const fileOptions: TransformOptions = { ...options, root };
      const accepts = fileFilter(fileOptions);
      const userLoaders = build.initialOptions.loader ?? {};
      const cache = openCache(options, root);
      build.onLoad({ filter: FILTER }, (args): OnLoadResult | undefined => {
        if (args.namespace !== "file" || !accepts(args.path)) return undefined;
        // Synchronous: fs/promises.readFile costs four thread-pool round trips per file,
        // several times the read itself on 1,000 small modules (bench/, case 6).
        const text = readFileSync(args.path, "utf8");
        // Let esbuild load files with no tag and no log call itself: no parse, no copy.
        if (!mayNeedTransform(text)) return undefined;
        const ext = path.extname(args.path).toLowerCase();
        const loader = userLoaders[ext] ?? DEFAULT_LOADERS[ext] ?? "js";
        const resolveDir = path.dirname(args.path);
        const key = cache?.key(path.relative(root, args.path), text);
        const hit = key === undefined ? undefined : cache!.get(key);
        if (hit !== undefined) return hit === "" ? undefined : { contents: hit, loader, resolveDir };
        const result = transform(text, args.path, fileOptions);
        if (result.diagnostics.length > 0) {
          return { errors: result.diagnostics.map((d) => toMessage(d, text, root)) };
        }
        const contents = result.map === undefined ? undefined : withInlineMap(result.code, result.map);
        if (key !== undefined) cache!.set(key, contents ?? "");
        return contents === undefined ? undefined : { contents, loader, resolveDir };
      });
    },
  };
}

export default logcrest;
