/**
 * The loader the `logcrest/webpack` and `logcrest/rspack` plugin puts first (enforce: "pre").
 * A bad tag fails the module with the located LC lines, which the tool lists as its own
 * "Module build failed" error.
 */
import { diagnosticsError } from "./file-step";
import { stepById } from "./webpack-steps";

/** The parts of webpack's/rspack's loader context this loader uses. */
interface LoaderContext {
  readonly resourcePath: string;
  getOptions(): { step?: unknown };
  callback(err: Error | null, code?: string, map?: unknown): void;
}

function logcrestLoader(this: LoaderContext, source: string, inputMap?: unknown): void {
  const step = stepById(this.getOptions().step);
  if (step === undefined) {
    this.callback(new Error("logcrest: this loader is added by the logcrest plugin (plugins: [logcrest()]), not used on its own"));
    return;
  }
  const file = this.resourcePath;
  const out = step.accepts(file) ? step.run(source, file) : { kind: "unchanged" as const };
  if (out.kind === "unchanged") this.callback(null, source, inputMap);
  else if (out.kind === "failed") this.callback(diagnosticsError(out.diagnostics, step.root));
  // webpack names a map's sources relative to the module's folder unless they are absolute
  // (its loaders' convention); the transform names the file alone.
  else this.callback(null, out.code, { ...out.map, sources: out.map.sources.map(() => file) });
}

export = logcrestLoader;
