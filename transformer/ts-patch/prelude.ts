/**
 * The module prelude (docs/ARCHITECTURE.md §1: runtime import + site table) as nodes.
 *
 * The text comes from codegen.ts, the same function the esbuild path uses, so both paths
 * emit one prelude (including its marker, which makes a second run a no-op). Only the
 * import form differs: it follows tsc's output format (see ts-patch-module.ts).
 */
import type * as ts from "typescript";
import { RUNTIME_MODULE } from "../../runtime/contract";
import { prelude, type Names } from "../core/prelude";
import type { FunctionPlan, LogCallPlan } from "../core/plan";
import type { RuntimeImportForm } from "./module";
import { statementsFromText } from "./text";

/**
 * `sf` with the prelude inserted where the analysis put it (`ModuleInfo.preludeAt`: after
 * the shebang and the file's directive prologue), the same place as on the esbuild path.
 */
export function withPrelude(
  tsi: typeof ts,
  ctx: ts.TransformationContext,
  sf: ts.SourceFile,
  plans: readonly FunctionPlan[],
  calls: readonly LogCallPlan[],
  names: Names,
  file: string,
  form: RuntimeImportForm,
  preludeAt: number,
): ts.SourceFile {
  const head = statementsFromText(tsi, ctx, prelude(plans, calls, names, file, form === "import", RUNTIME_MODULE));
  const statements = sf.statements;
  let at = 0;
  while (at < statements.length) {
    const original = tsi.getOriginalNode(statements[at]!);
    if (original.pos < 0 || original.end > preludeAt) break;
    at++;
  }
  return ctx.factory.updateSourceFile(sf, [...statements.slice(0, at), ...head, ...statements.slice(at)]);
}
