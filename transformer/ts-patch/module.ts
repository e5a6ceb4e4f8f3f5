/**
 * Which module syntax a file is emitted in, so the runtime import takes the right form.
 *
 * A `before` transformer runs ahead of TypeScript's own module transform. A synthesized
 * `import { __lc as X }` survives import elision, but under CommonJS output the module
 * transform would turn it into `const logcrest_1 = require(...)` WITHOUT rewriting our
 * synthesized references to `X` (they have no parse-tree node to resolve), so `X` would be
 * undefined at run time. CommonJS output therefore gets a plain `require` declaration.
 */
import type * as ts from "typescript";

export type RuntimeImportForm = "import" | "require";

/** Subset of `Program` that exists on TS 5.6+; older versions fall back below. */
interface ProgramWithEmitFormat {
  getEmitModuleFormatOfFile?(file: ts.SourceFile): ts.ModuleKind;
}

/** The module kind `file` is emitted as (CommonJS, ESNext, ...). */
export function emitModuleKind(tsi: typeof ts, program: ts.Program, file: ts.SourceFile): ts.ModuleKind {
  const byProgram = (program as ts.Program & ProgramWithEmitFormat).getEmitModuleFormatOfFile;
  if (typeof byProgram === "function") return byProgram.call(program, file);
  const options = program.getCompilerOptions();
  const kind = options.module ?? defaultModuleKind(tsi, options);
  const M = tsi.ModuleKind;
  // node16 .. nodenext: the file's own format (.mts/.cts, package.json "type").
  if (kind >= M.Node16 && kind <= M.NodeNext) return file.impliedNodeFormat ?? M.CommonJS;
  return kind;
}

function defaultModuleKind(tsi: typeof ts, options: ts.CompilerOptions): ts.ModuleKind {
  const target = options.target ?? tsi.ScriptTarget.ES5;
  return target >= tsi.ScriptTarget.ES2015 ? tsi.ModuleKind.ES2015 : tsi.ModuleKind.CommonJS;
}

/**
 * `"import"` for ES module output, `"require"` for CommonJS (also UMD, which runs as
 * CommonJS under Node). `undefined` for AMD and System: their loaders have no synchronous
 * `require("logcrest")`, and a synthesized import would not be rewritten (see above).
 */
export function runtimeImportForm(tsi: typeof ts, kind: ts.ModuleKind): RuntimeImportForm | undefined {
  const M = tsi.ModuleKind;
  if (kind === M.AMD || kind === M.System) return undefined;
  if (kind === M.None || kind === M.CommonJS || kind === M.UMD) return "require";
  return "import";
}
