/**
 * `logcrest/bun`: one plugin for `Bun.build` and for Bun's runtime (`Bun.plugin`).
 *
 *   build.ts:    await Bun.build({ entrypoints: ["src/main.ts"], outdir: "dist", target: "node",
 *                  sourcemap: "linked", plugins: [logcrest({ include: ["src/**"] })] });
 *   preload.ts:  Bun.plugin(logcrest({ include: ["src/**"] }));   (bunfig.toml: preload = ["./preload.ts"])
 *
 * Bun's plugin API has esbuild's shape: `onLoad` hands each file over, and the shared file
 * step's output goes back with Bun's own loader for that file. Bun reads no source map from
 * `onLoad` contents, so the map Bun writes points into our output; `onEnd` chains our map of
 * each instrumented file into it (./bun-maps.ts). The runtime needs no map for lines: the
 * emitter adds no line break, so every line keeps its number.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { RawSourceMap } from "../transformer/text/input-map";
import { chainBunOutputs, type BunBuildOutput } from "./bun-maps";
import { scopePattern } from "./bun-scope";
import { diagnosticsError, fileStep, SOURCE_FILE, type AdapterOptions, type FileStep } from "./file-step";

export type LogcrestBunOptions = AdapterOptions;

/**
 * The parts of Bun's plugin builder this plugin uses (no dependency on bun-types; written so
 * that bun-types' `BunPlugin` accepts the plugin: test/bun-build.test.ts type-checks that).
 */
type SourceLoader = "js" | "jsx" | "ts" | "tsx";
interface OnLoadArgs {
  readonly path: string;
  /** Bun.build only: the runtime passes the path alone. */
  readonly namespace?: string;
  readonly loader?: string;
}
interface PluginBuilder {
  onLoad(constraints: { filter: RegExp }, callback: (args: OnLoadArgs) => { contents: string; loader: SourceLoader } | undefined): unknown;
  /** Bun.build only (the runtime plugin has no end). */
  onEnd?(callback: (result: BunBuildOutput) => void | Promise<void>): unknown;
  /** Bun.build's config; absent under the runtime. */
  readonly config?: object;
}
export interface LogcrestBunPlugin {
  readonly name: "logcrest";
  setup(build: PluginBuilder): void;
}

/** Bun's loader for a source file, by extension (the runtime does not pass one). */
function loaderOf(file: string): SourceLoader {
  if (/\.[cm]?ts$/.test(file)) return "ts";
  if (file.endsWith(".tsx")) return "tsx";
  if (file.endsWith(".jsx")) return "jsx";
  return "js";
}

export function logcrest(options: LogcrestBunOptions = {}): LogcrestBunPlugin {
  const root = path.resolve(options.root ?? process.cwd());
  const step: FileStep = fileStep(options, root); // a bad minLevel fails here, not per file
  return {
    name: "logcrest",
    setup(build) {
      // Bun.build has a config and lets a callback pass a file on (undefined); the runtime
      // has neither, and wants contents for every file its filter matches.
      const bundling = build.config !== undefined;
      // Our map of each file instrumented in this build, for onEnd (Bun.build only: the
      // runtime has no end, and needs no map for its lines).
      const maps = new Map<string, RawSourceMap>();
      build.onLoad({ filter: bundling ? SOURCE_FILE : scopePattern({ ...options, root }) }, (args) => {
        if ((args.namespace ?? "file") !== "file" || !step.accepts(args.path)) return bundling ? undefined : asRead(args.path);
        const text = readFileSync(args.path, "utf8");
        // Bun's loader for a file the filter matched is one of the source loaders.
        const loader = (args.loader as SourceLoader | undefined) ?? loaderOf(args.path);
        const out = step.run(text, args.path);
        if (out.kind === "unchanged") return bundling ? undefined : { contents: text, loader };
        // Bun lists a thrown error as its own build error (or import error under the runtime).
        if (out.kind === "failed") throw diagnosticsError(out.diagnostics, step.root);
        if (bundling) maps.set(args.path, out.map);
        return { contents: out.code, loader };
      });
      if (typeof build.onEnd === "function") {
        build.onEnd((result) => {
          try {
            chainBunOutputs(result, maps);
          } catch (err) {
            // The bundle is good; only its map still points into our output. Say so, do not fail the build.
            process.emitWarning(`logcrest: could not chain source maps into Bun's output (${String(err)}); stack columns may be off`, { code: "LOGCREST_BUN_MAP" });
          } finally {
            maps.clear(); // a watch rebuild starts over
          }
        });
      }
    },
  };
}

/** The runtime's fallback for a file its filter matched that the step does not accept (a filter/step mismatch). */
function asRead(file: string): { contents: string; loader: SourceLoader } {
  return { contents: readFileSync(file, "utf8"), loader: loaderOf(file) };
}

export default logcrest;
