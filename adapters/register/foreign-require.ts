/**
 * `require` under tsx. tsx compiles CommonJS in its own `Module._extensions` handlers, which
 * read each file themselves (`fs.readFileSync`) and so never ask the load hooks: a `require`d
 * `.ts`/`.cts` would run uninstrumented. With the synchronous hooks (`module.registerHooks`,
 * Node >= 22.15), every `require` is resolved through our `resolve` hook first; there, any
 * `_extensions` handler that is not one Node had when we started (tsx installs its handlers
 * after us: `node --import logcrest/register --import tsx`) is wrapped once. The wrapper runs
 * the file step on the file's text and, when it instruments, hands that handler our text for
 * its one read of that file, then gets out of the way.
 */
import fsModule from "node:fs";
import * as nodeModule from "node:module";
import { withInlineMap } from "../../transformer/text/transform";
import { diagnosticsError, type FileStep } from "../file-step";

type Handler = (this: unknown, module: unknown, filename: string) => unknown;
const WRAPPED = Symbol.for("logcrest.register.foreignRequire");

/** `Module._extensions` (internal but stable since Node 0.x; require hooks of every kind patch it). */
const extensions = (nodeModule as unknown as { Module: { _extensions: Record<string, Handler | undefined> } }).Module._extensions;

/** The `fs` object tsx reads through (`require("fs")`), whose `readFileSync` we lend for one read. */
const fs = fsModule as { readFileSync: typeof fsModule.readFileSync };

/** One read of `file` answers `text`; every other read, and that file's next one, is the real one. */
function answerNextRead(file: string, text: string): () => void {
  const real = fs.readFileSync;
  const once = function (this: unknown, path: fsModule.PathOrFileDescriptor, options?: unknown) {
    if (path !== file) return (real as (...a: unknown[]) => unknown).apply(this, [path, options]);
    fs.readFileSync = real;
    const encoding = typeof options === "string" ? options : (options as { encoding?: string } | undefined)?.encoding;
    return encoding === undefined || encoding === null ? Buffer.from(text) : text;
  } as typeof fsModule.readFileSync;
  fs.readFileSync = once;
  return () => {
    if (fs.readFileSync === once) fs.readFileSync = real;
  };
}

const TYPESCRIPT = /\.[cm]?tsx?$/;

function wrap(step: FileStep, handler: Handler): Handler {
  const wrapped: Handler = function (this: unknown, module, filename) {
    // TypeScript only (`.cts` and `.mts` come through the `.js` handler): tsx hands plain
    // JavaScript back to Node's own handler, which asks the load hooks itself.
    if (!TYPESCRIPT.test(filename) || !step.accepts(filename)) return handler.call(this, module, filename);
    const outcome = step.run(fs.readFileSync(filename, "utf8"), filename);
    if (outcome.kind === "unchanged") return handler.call(this, module, filename);
    if (outcome.kind === "failed") throw diagnosticsError(outcome.diagnostics, step.root);
    const restore = answerNextRead(filename, withInlineMap(outcome.code, outcome.map));
    try {
      return handler.call(this, module, filename);
    } finally {
      restore();
    }
  };
  (wrapped as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return wrapped;
}

/**
 * Call once at start (before tsx loads); call the returned function before each resolution:
 * it wraps the handlers installed since, and costs a few property reads otherwise.
 */
export function coverForeignRequire(step: FileStep): () => void {
  const nodeOwn = new Map(Object.entries(extensions));
  return () => {
    for (const [ext, handler] of Object.entries(extensions)) {
      if (typeof handler !== "function" || handler === nodeOwn.get(ext) || (handler as unknown as Record<symbol, unknown>)[WRAPPED] === true) continue;
      extensions[ext] = wrap(step, handler);
    }
  };
}
