/**
 * The load step of `logcrest/register`, one function for both hook APIs: the synchronous
 * `module.registerHooks` (in-thread, Node >= 22.15, covers `require` too) and the
 * asynchronous `module.register` (off-thread, Node 20). It sees each module's source after
 * the hooks registered before it (or Node's own loader) read it, and before type stripping
 * or tsx compile it, so the tags are still there.
 */
import { fileURLToPath } from "node:url";
import { withInlineMap } from "../../transformer/text/transform";
import { diagnosticsError, fileStep, type AdapterOptions, type FileStep } from "../file-step";

export interface Loaded {
  format?: string | null | undefined;
  source?: string | ArrayBuffer | NodeJS.TypedArray | null | undefined;
  shortCircuit?: boolean;
}

/** Formats whose source is JavaScript or TypeScript text (not json, wasm, builtin, addon). */
const TEXT_FORMATS = new Set(["module", "commonjs", "module-typescript", "commonjs-typescript", undefined, null]);

export function makeStep(options: AdapterOptions & { root: string }): FileStep {
  return fileStep(options, options.root);
}

function text(source: Loaded["source"]): string {
  if (typeof source === "string") return source;
  return Buffer.from(source as Uint8Array).toString("utf8");
}

/**
 * The instrumented module, or `loaded` itself. A bad tag throws the located LC error, which
 * fails this import (or require) only: the loader and every other module go on.
 */
export function instrumentLoaded(step: FileStep, url: string, loaded: Loaded): Loaded {
  if (!url.startsWith("file:") || !TEXT_FORMATS.has(loaded.format ?? undefined)) return loaded;
  const file = fileURLToPath(url);
  if (!step.accepts(file)) return loaded;
  // The async API hands CommonJS over without a source: the CommonJS loader (or tsx's
  // require hook) reads and compiles it itself. A source returned here would bypass that
  // compile, so such a module is left to it.
  if (loaded.source === undefined || loaded.source === null) return loaded;
  const outcome = step.run(text(loaded.source), file);
  if (outcome.kind === "unchanged") return loaded;
  if (outcome.kind === "failed") throw diagnosticsError(outcome.diagnostics, step.root);
  return { ...loaded, source: withInlineMap(outcome.code, outcome.map) };
}
