/**
 * Source maps of a `Bun.build` through logcrest. Bun reads no map from a plugin's `onLoad`
 * contents (checked on Bun 1.4: an inline map there is ignored), so the map Bun writes
 * points into our output: right lines (the emitter adds no line break), shifted columns,
 * and our code as the source text. After the build, every map Bun wrote (a `.map` file, or
 * an inline map at the end of an output file) is chained with our map of each file we
 * instrumented, so it points at the original `.ts`, columns and source text included.
 *
 * Only outputs on disk can be fixed: a build without `outdir` hands back in-memory
 * artifacts, which a plugin cannot change.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { composeSources, extractInlineMap, type RawSourceMap } from "../transformer/text/input-map";
import { withInlineMap } from "../transformer/text/transform";

/** The parts of Bun's BuildOutput this step reads (no dependency on bun-types). */
export interface BunBuildOutput {
  readonly outputs: readonly { readonly path: string; readonly kind: string }[];
}

/**
 * `map` (whose sources are named relative to `mapDir`) chained through `ours` (absolute
 * file → our map of it, sources named relative to that file's folder). Undefined when no
 * source of `map` is one of ours.
 */
export function chainBundleMap(map: RawSourceMap, mapDir: string, ours: ReadonlyMap<string, RawSourceMap>): RawSourceMap | undefined {
  const base = path.resolve(mapDir, map.sourceRoot ?? "");
  let chained = false;
  const result = composeSources(map, (source) => {
    const file = path.resolve(base, source);
    const inner = ours.get(file);
    if (inner === undefined) return undefined;
    chained = true;
    // Name our sources as Bun names its own: relative to the map's folder and sourceRoot.
    const sources = inner.sources.map((s) => path.relative(base, path.resolve(path.dirname(file), s)).split(path.sep).join("/"));
    return { ...inner, sources };
  });
  return chained ? result : undefined;
}

/** Rewrites the maps of a finished build that name files we instrumented. */
export function chainBunOutputs(result: BunBuildOutput, ours: ReadonlyMap<string, RawSourceMap>): void {
  if (ours.size === 0) return;
  for (const output of result.outputs) {
    const file = output.path;
    if (!path.isAbsolute(file) || !existsSync(file)) continue; // in memory: nothing written to fix
    if (output.kind === "sourcemap") {
      const map = JSON.parse(readFileSync(file, "utf8")) as RawSourceMap;
      const chained = chainBundleMap(map, path.dirname(file), ours);
      if (chained !== undefined) writeFileSync(file, JSON.stringify(chained));
    } else if (/\.[cm]?js$/.test(file)) {
      // sourcemap: "inline" puts the map at the end of the output file itself.
      const code = readFileSync(file, "utf8");
      const inline = extractInlineMap(code);
      if (inline === undefined) continue;
      const chained = chainBundleMap(inline.map, path.dirname(file), ours);
      if (chained === undefined) continue;
      writeFileSync(file, withInlineMap(inline.code, chained));
    }
  }
}
