/**
 * The one step every text-emitter adapter (load hook, Vite, Rollup, webpack, rspack, Bun)
 * runs on a file the tool hands it: filter, byte scan, persistent cache, transform. The
 * adapters differ only in how they receive the file and how they report the outcome, so
 * this is the whole contract between them and the core (the esbuild plugin does the same
 * with esbuild's loaders on top).
 */
import * as path from "node:path";
import { fileFilter, resolveMinLevel, type BuildOptions } from "../transformer/core/options";
import type { Diagnostic } from "../transformer/core/plan";
import { mayNeedTransform } from "../transformer/core/gate";
import { openCache, type TransformCache } from "../transformer/text/cache";
import { extractInlineMap, type RawSourceMap } from "../transformer/text/input-map";
import { transform, withInlineMap, type TransformOptions } from "../transformer/text/transform";

/** The options of every `logcrest/<tool>` adapter (README: the same on every build path). */
export interface AdapterOptions extends BuildOptions {
  /** Runtime module specifier the instrumented code imports. Default `"logcrest"`. */
  readonly runtime?: string;
  /** Transform cache directory, or `false`. Default `<root>/node_modules/.cache/logcrest`. */
  readonly cache?: string | false;
}

export type FileOutcome =
  | { readonly kind: "unchanged" }
  | { readonly kind: "instrumented"; readonly code: string; readonly map: RawSourceMap }
  | { readonly kind: "failed"; readonly diagnostics: readonly Diagnostic[] };

const UNCHANGED: FileOutcome = { kind: "unchanged" };

/** Files a TypeScript/JavaScript transform can read (no .vue, .svelte, .json, ...). */
export const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export interface FileStep {
  readonly root: string;
  /** True when `file` (absolute) is a source file inside include/exclude. */
  accepts(file: string): boolean;
  run(code: string, file: string): FileOutcome;
}

/** Validates the options once (a bad `minLevel` fails when the adapter is created). */
export function fileStep(options: AdapterOptions, root: string): FileStep {
  resolveMinLevel(options.minLevel);
  const fileOptions: TransformOptions = { ...options, root };
  const inScope = fileFilter(fileOptions);
  const cache: TransformCache | undefined = openCache(options, root);
  return {
    root,
    accepts: (file) => SOURCE_FILE.test(file) && inScope(file),
    run(code, file) {
      if (!mayNeedTransform(code)) return UNCHANGED;
      const key = cache?.key(path.relative(root, file), code);
      const hit = key === undefined ? undefined : cache!.get(key);
      if (hit !== undefined) return hit === "" ? UNCHANGED : fromCached(hit);
      const result = transform(code, file, fileOptions);
      if (result.diagnostics.length > 0) return { kind: "failed", diagnostics: result.diagnostics };
      if (result.map === undefined) {
        if (key !== undefined) cache!.set(key, "");
        return UNCHANGED;
      }
      if (key !== undefined) cache!.set(key, withInlineMap(result.code, result.map));
      return { kind: "instrumented", code: result.code, map: result.map };
    },
  };
}

/** Cache entries are the code with its map inline (what esbuild stores too): split them again. */
function fromCached(entry: string): FileOutcome {
  const split = extractInlineMap(entry);
  if (split === undefined) return UNCHANGED;
  return { kind: "instrumented", code: split.code, map: split.map };
}

/** `src/a.ts:3:5: LC002 message`, the compiler-style line (as `logcrest check` prints it). */
export function diagnosticLine(d: Diagnostic, root: string): string {
  return `${path.relative(root, d.file) || d.file}:${d.line}:${d.column}: ${d.code} ${d.message}`;
}

/** Every diagnostic of a file as one Error, for tools that take a thrown error. */
export function diagnosticsError(diagnostics: readonly Diagnostic[], root: string): Error {
  const err = new Error(diagnostics.map((d) => diagnosticLine(d, root)).join("\n"));
  err.name = "LogcrestError";
  return err;
}
