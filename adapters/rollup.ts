/**
 * `logcrest/rollup` and `logcrest/vite`: one plugin object over the Rollup plugin contract,
 * which Rollup 4, Rolldown (tsdown), Vite 7/8 and so Vitest all run.
 *
 *   rollup.config.js:  plugins: [logcrest({ include: ["src/**"] }), typescript()]
 *   vite.config.ts:    plugins: [logcrest()]     (enforce: "pre": before Vite's own TS step)
 *
 * `transform(code, id)` sees the source before any TypeScript plugin strips the comments
 * (put it first in Rollup; Vite orders it by `enforce`). The returned map is the map from
 * that source, which the tool chains with the maps of the plugins after it.
 */
import * as path from "node:path";
import type { RawSourceMap } from "../transformer/text/input-map";
import { diagnosticLine, fileStep, type AdapterOptions, type FileStep } from "./file-step";

export type LogcrestRollupOptions = AdapterOptions;

/** The parts of Rollup's/Vite's plugin context and types this plugin uses (no import of either). */
interface TransformContext {
  error(err: { message: string; id?: string; loc?: { file?: string; line: number; column: number } }): never;
}
interface ResolvedViteConfig {
  readonly root: string;
}
type TransformHandler = (this: TransformContext, code: string, id: string) => { code: string; map: RawSourceMap } | null;

export interface LogcrestRollupPlugin {
  readonly name: "logcrest";
  readonly enforce: "pre";
  configResolved(config: ResolvedViteConfig): void;
  buildStart(): void;
  readonly transform: { readonly filter: { readonly code: RegExp }; readonly handler: TransformHandler };
}

/**
 * The byte scan's words (core/gate.ts: a tag, or `logcrest` for a log call) as a hook filter:
 * Rolldown, and so Vite 8, then skips the call into JavaScript for every other module, which
 * was most of the plugin's cost on a warm rebuild. Rollup >= 4.38 applies it too; older
 * versions ignore it and the handler's own scan decides.
 */
const MAY_NEED_TRANSFORM = /logcrest|@flow/;

export function logcrest(options: LogcrestRollupOptions = {}): LogcrestRollupPlugin {
  let root = options.root;
  let step: FileStep | undefined = root === undefined ? undefined : fileStep(options, root);
  if (step === undefined) fileStep({ ...options, cache: false }, process.cwd()); // bad options fail now, not per file
  const ensure = (): FileStep => (step ??= fileStep(options, root ?? process.cwd()));
  return {
    name: "logcrest",
    enforce: "pre",
    // Vite: `file` in records and the include globs are relative to the Vite root.
    configResolved(config) {
      if (root === undefined && step === undefined) {
        root = config.root;
        step = fileStep(options, root);
      }
    },
    buildStart() {
      ensure();
    },
    transform: {
      filter: { code: MAY_NEED_TRANSFORM },
      handler(code, id) {
        // Virtual modules (\0...) and query variants (?raw, ?worker) are not source files.
        if (id.startsWith("\0")) return null;
        const file = id.replace(/[?#].*$/, "");
        if (!path.isAbsolute(file)) return null;
        const s = ensure();
        if (!s.accepts(file)) return null;
        const out = s.run(code, file);
        if (out.kind === "unchanged") return null;
        if (out.kind === "failed") {
          const first = out.diagnostics[0]!;
          return this.error({
            message: out.diagnostics.map((d) => diagnosticLine(d, s.root)).join("\n"),
            id: file,
            loc: { file, line: first.line, column: first.column - 1 },
          });
        }
        return { code: out.code, map: out.map };
      },
    },
  };
}

export default logcrest;
