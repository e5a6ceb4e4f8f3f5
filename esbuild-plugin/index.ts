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
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import type { Loader, OnLoadResult, PartialMessage, Plugin } from "esbuild";
import { fileFilter, resolveMinLevel, type BuildOptions } from "../transformer/options";
import type { Diagnostic } from "../transformer/plan";
import { mayContainTag } from "../transformer/tags";
import { transform, withInlineMap, type TransformOptions, type TransformResult } from "../transformer/transform";

export type { Diagnostic } from "../transformer/plan";
export type { RawSourceMap } from "../transformer/input-map";
export { transform, withInlineMap };
export type { TransformOptions, TransformResult };

export interface LogcrestPluginOptions extends BuildOptions {
  /** Runtime module specifier the instrumented code imports. Default `"logcrest"`. */
  readonly runtime?: string;
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
      const accepts = fileFilter({ ...options, root });
      const userLoaders = build.initialOptions.loader ?? {};
      build.onLoad({ filter: FILTER }, async (args): Promise<OnLoadResult | undefined> => {
        if (args.namespace !== "file" || !accepts(args.path)) return undefined;
        const text = await readFile(args.path, "utf8");
        // Let esbuild load untagged files itself: no parse, no copy.
        if (!mayContainTag(text)) return undefined;
        const ext = path.extname(args.path).toLowerCase();
        const loader = userLoaders[ext] ?? DEFAULT_LOADERS[ext] ?? "js";
        const result = transform(text, args.path, { ...options, root });
        if (result.diagnostics.length > 0) {
          return { errors: result.diagnostics.map((d) => toMessage(d, text, root)) };
        }
        const contents = result.map === undefined ? text : withInlineMap(result.code, result.map);
        return { contents, loader, resolveDir: path.dirname(args.path) };
      });
    },
  };
}

export default logcrest;
