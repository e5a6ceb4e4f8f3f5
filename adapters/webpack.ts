/**
 * `logcrest/webpack` (webpack 5) and `logcrest/rspack` (@rspack/core): one plugin over the
 * compiler API both tools share. It adds a pre-enforced loader rule, so the shared file step
 * sees each source file before the user's TypeScript loader (swc-loader, esbuild-loader,
 * rspack's builtin:swc-loader) strips the comments that carry the tags.
 *
 *   webpack.config.js / rspack.config.js:  plugins: [logcrest({ include: ["src/**"] })]
 *
 * The loader returns the map from the source; the next loader chains it (swc reads it as its
 * input map) and the tool keeps the chain to the output.
 */
import * as path from "node:path";
import { fileStep, SOURCE_FILE, type AdapterOptions } from "./file-step";
import { registerStep } from "./webpack-steps";

export type LogcrestWebpackOptions = AdapterOptions;

/** The parts of webpack's/rspack's compiler this plugin uses (no import of either). */
interface Compiler {
  readonly context: string;
  readonly options: { module: { rules?: unknown[] } };
}

export interface LogcrestWebpackPlugin {
  readonly name: "logcrest";
  apply(compiler: Compiler): void;
}

/** Compiled beside this file (dist/adapters/webpack-loader.js): tools load loaders by path. */
const LOADER = path.join(__dirname, "webpack-loader.js");

class LogcrestPlugin implements LogcrestWebpackPlugin {
  readonly name = "logcrest" as const;
  constructor(private readonly options: LogcrestWebpackOptions) {
    fileStep({ ...options, cache: false }, options.root ?? process.cwd()); // bad options fail now, not per file
  }

  apply(compiler: Compiler): void {
    // `file` in records and the include globs are relative to the tool's context (its root).
    const step = fileStep(this.options, this.options.root ?? compiler.context);
    // Rspack passes loader options through its native side as JSON: hand over an id, not the step.
    const id = registerStep(step);
    const rules = (compiler.options.module.rules ??= []);
    rules.push({ enforce: "pre", test: SOURCE_FILE, use: [{ loader: LOADER, options: { step: id } }] });
  }
}

export function logcrest(options: LogcrestWebpackOptions = {}): LogcrestWebpackPlugin {
  return new LogcrestPlugin(options);
}

export default logcrest;
