/**
 * Code generation for the esbuild path: plans → magic-string edits (docs/ARCHITECTURE.md §1).
 *
 * Only insertions, never a deletion or overwrite, so every original character keeps its
 * position in the source map, and no inserted text contains a line break, so stack traces
 * keep their lines even without a map. The rules each edit follows are in SEMANTICS.md.
 */
// magic-string 1.x is ESM-only. Compiled to CommonJS this is `require("magic-string")`, which
// Node >= 20.19 serves from the ES module (require(esm)); vitest imports it natively.
// @ts-expect-error TS1479: tsconfig's node16 mode does not model require(esm).
import MagicString from "magic-string";
import type { SourceMap } from "magic-string" with { "resolution-mode": "import" };
import { RUNTIME_MODULE } from "../../runtime/contract";
import type { FunctionPlan, LogCallPlan, ModuleInfo } from "../core/plan";
import { isInstrumented, pickNames, prelude, type Names } from "../core/prelude";
import { bodyWrap, callSiteReceiver, returnWrap } from "../core/shape";

export interface GenerateOptions {
  /** Module specifier of the runtime. Default `"logcrest"`. */
  readonly runtime?: string;
  /** Force the prelude form; default from the module info (`import` for ES modules). */
  readonly moduleKind?: "esm" | "cjs";
  /** Used to decide the prelude form when the file has no module syntax (`.cjs` → require). */
  readonly fileName?: string;
  /** `sources[0]` of the map, as the consumer resolves it (esbuild: relative to the file's directory). Default: `file`. */
  readonly sourceName?: string;
}

export interface Generated {
  readonly code: string;
  /** High-resolution map from the output back to `text`. */
  readonly map: SourceMap;
}

/**
 * Applies one plan's edits: the shape of core/shape.ts, inserted around the body and each
 * rewritten return. Openers are appended, closers prepended: nested plans at a shared
 * offset nest correctly.
 */
function instrumentOne(s: MagicString, p: FunctionPlan, names: Names): void {
  const w = bodyWrap(p, names);
  if (p.expressionBody) {
    s.appendLeft(p.bodyStart, w.open);
    s.prependLeft(p.bodyEnd, w.close);
    return;
  }
  const opener = `${p.prologueNeedsSemicolon ? ";" : ""}${w.open}`;
  if (p.prologueAt >= p.bodyEnd - 1) {
    // Nothing after the prologue point (`{}`, `{ "use strict" }`, `{ super() }`): one insertion keeps the order.
    s.appendLeft(p.prologueAt, `${opener}${w.close}`);
    return;
  }
  s.appendLeft(p.prologueAt, opener);
  s.prependLeft(p.bodyEnd - 1, w.close);
  for (const ret of p.rewrittenReturns) {
    const r = returnWrap(p, names, ret.exprShape)!;
    s.appendLeft(ret.exprStart, r.open);
    s.prependLeft(ret.exprEnd, r.close);
  }
}

/**
 * A log call gets its site as receiver with two insertions: `.call` right after the callee
 * and `SITE, ` (`SITE` without arguments) right after the `(`, so `log.info(a)` becomes
 * `log.info.call(SITE, a)`. Nothing the user wrote moves or is re-ordered, a comment between
 * callee and `(` stays where it was, and no line break is added.
 */
function callWithSite(s: MagicString, c: LogCallPlan, names: Names): void {
  s.appendLeft(c.calleeEnd, ".call");
  s.appendLeft(c.openParen + 1, `${callSiteReceiver(c, names)}${c.hasArguments ? ", " : ""}`);
}

/**
 * Applies every plan to `text`. `plans` and `calls` must come from one analysis of this same
 * text. Returns undefined when there is nothing to do (no plans and no calls, or the file is
 * already ours).
 */
export function generate(
  text: string,
  plans: readonly FunctionPlan[],
  calls: readonly LogCallPlan[],
  module: ModuleInfo,
  file: string,
  options: GenerateOptions = {},
): Generated | undefined {
  if ((plans.length === 0 && calls.length === 0) || isInstrumented(text)) return undefined;
  // Seeded by the project-relative path (not the absolute one), so a build names things
  // the same in every checkout and on every machine.
  const names = pickNames(text, file);
  const s = new MagicString(text);
  const esm = options.moduleKind !== undefined ? options.moduleKind === "esm" : module.esm || !looksCommonJs(text, options.fileName ?? file);
  const head = prelude(plans, calls, names, file, esm, options.runtime ?? RUNTIME_MODULE);
  s.appendLeft(module.preludeAt, `${module.preludeNeedsSemicolon ? ";" : ""}${module.preludeAt > 0 && !module.preludeNeedsSemicolon && text[module.preludeAt - 1] !== "\n" ? " " : ""}${head}`);
  for (const p of plans) instrumentOne(s, p, names);
  for (const c of calls) callWithSite(s, c, names);
  return { code: s.toString(), map: s.generateMap({ hires: true, includeContent: true, source: options.sourceName ?? file }) };
}

/** A file without module syntax is CommonJS when it is `.cjs`/`.cts` or uses `require`/`module.exports`/`exports.x`. */
function looksCommonJs(text: string, fileName: string): boolean {
  if (/\.c[jt]s$/i.test(fileName)) return true;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[A-Za-z_$]/.test(text);
}
