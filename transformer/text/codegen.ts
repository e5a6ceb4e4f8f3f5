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
import type { FunctionPlan, ModuleInfo, ReturnSite } from "../core/plan";
import { isInstrumented, pickNames, prelude, type Names } from "../core/prelude";

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

/** `enter(...)` arguments after the site: args (logArgs) and label (labelFrom). */
function enterCall(p: FunctionPlan, names: Names): string {
  const site = `(${names.sites} || ${names.init}())[${p.siteIndex}]`;
  const args = !p.logArgs
    ? undefined
    : p.isArrow
      ? `[${p.params.map((x) => (x.rest ? "..." : "") + x.valueText).join(", ")}]`
      : "arguments";
  const parts = [site];
  if (args !== undefined || p.labelFrom !== undefined) parts.push(args ?? "void 0");
  if (p.labelFrom !== undefined) parts.push(p.labelFrom.expression);
  return `${names.runtime}.enter(${parts.join(", ")})`;
}

function catchFinally(names: Names): string {
  const { runtime: L, frame: F, error: E } = names;
  return `} catch (${E}) { ${L}.fail(${F}, ${E}); throw ${E} } finally { ${L}.exit(${F}) }`;
}

/** A returned expression as it must read in the instrumented body. */
function returned(p: FunctionPlan, names: Names, shape: ReturnSite["exprShape"]): { open: string; close: string } {
  let open = "";
  let close = "";
  if (p.isAsync) {
    // `return await`: the body's try/finally must see the promise settle (timing, failures).
    open = shape === "simple" ? "await " : "await (";
    close = shape === "simple" ? "" : ")";
  } else if (p.logResult && shape === "comma") {
    open = "(";
    close = ")";
  }
  if (p.logResult) {
    open = `${names.runtime}.ret(${names.frame}, ${open}`;
    close = `${close})`;
  }
  return { open, close };
}

/** Applies one plan's edits. Openers are appended, closers prepended: nested plans at a shared offset nest correctly. */
function instrumentOne(s: MagicString, p: FunctionPlan, names: Names): void {
  const { runtime: L, frame: F } = names;
  const declare = `const ${F} = ${enterCall(p, names)};`;
  const copies = p.varShadowedParams.map((n, i) => ({ name: n, copy: names.copy(i) }));
  const copyOut = copies.map((c) => ` const ${c.copy} = ${c.name};`).join("");
  const copyIn = copies.map((c) => `var ${c.name} = ${c.copy}; `).join("");
  // An async return inside the user's own try must not be awaited there (their catch/finally
  // would see the settling): such bodies run in an inner async arrow awaited by our try.
  const awaitWholeBody = p.awaitWholeBody;
  let tryOpen = " try {";
  let tryClose = ` ${catchFinally(names)}`;
  if (awaitWholeBody) {
    const ret = p.logResult ? `${L}.ret(${F}, ` : "";
    tryOpen = `${copyOut} return await ${L}.run(${F}, async () => { try { return ${ret}await (async () => { ${copyIn}`;
    tryClose = ` })()${p.logResult ? ")" : ""} ${catchFinally(names)} })`;
  } else if (p.isAsync) {
    // `return await`: returning the promise from an async function costs two more microtask
    // ticks than awaiting it (~6% of an async flow step on Node 20, bench/ case 3).
    tryOpen = `${copyOut} return await ${L}.run(${F}, async () => { ${copyIn}try {`;
    tryClose = ` ${catchFinally(names)} })`;
  }

  if (p.expressionBody) {
    const r = returned(p, names, "other");
    const open = p.isAsync || p.logResult ? r.open : "";
    s.appendLeft(p.bodyStart, `{ ${declare}${tryOpen} return ${open}`);
    s.prependLeft(p.bodyEnd, `${p.isAsync || p.logResult ? r.close : ""}${tryClose} }`);
    return;
  }
  const semi = p.prologueNeedsSemicolon ? ";" : "";
  const opener = `${semi} ${declare}${tryOpen}`;
  if (p.prologueAt >= p.bodyEnd - 1) {
    // Nothing after the prologue point (`{}`, `{ "use strict" }`, `{ super() }`): one insertion keeps the order.
    s.appendLeft(p.prologueAt, `${opener}${tryClose} `);
    return;
  }
  s.appendLeft(p.prologueAt, opener);
  s.prependLeft(p.bodyEnd - 1, `${tryClose} `);
  if ((!p.isAsync && !p.logResult) || awaitWholeBody) return;
  for (const ret of p.returns) {
    if (ret.exprStart < 0) continue;
    const r = returned(p, names, ret.exprShape);
    s.appendLeft(ret.exprStart, r.open);
    s.prependLeft(ret.exprEnd, r.close);
  }
}

/**
 * Applies every plan to `text`. `plans` must come from one analysis of this same text.
 * Returns undefined when there is nothing to do (no plans, or the file is already ours).
 */
export function generate(
  text: string,
  plans: readonly FunctionPlan[],
  module: ModuleInfo,
  file: string,
  options: GenerateOptions = {},
): Generated | undefined {
  if (plans.length === 0 || isInstrumented(text)) return undefined;
  // Seeded by the project-relative path (not the absolute one), so a build names things
  // the same in every checkout and on every machine.
  const names = pickNames(text, file);
  const s = new MagicString(text);
  const esm = options.moduleKind !== undefined ? options.moduleKind === "esm" : module.esm || !looksCommonJs(text, options.fileName ?? file);
  const head = prelude(plans, names, file, esm, options.runtime ?? RUNTIME_MODULE);
  s.appendLeft(module.preludeAt, `${module.preludeNeedsSemicolon ? ";" : ""}${module.preludeAt > 0 && !module.preludeNeedsSemicolon && text[module.preludeAt - 1] !== "\n" ? " " : ""}${head}`);
  for (const p of plans) instrumentOne(s, p, names);
  return { code: s.toString(), map: s.generateMap({ hires: true, includeContent: true, source: options.sourceName ?? file }) };
}

/** A file without module syntax is CommonJS when it is `.cjs`/`.cts` or uses `require`/`module.exports`/`exports.x`. */
function looksCommonJs(text: string, fileName: string): boolean {
  if (/\.c[jt]s$/i.test(fileName)) return true;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[A-Za-z_$]/.test(text);
}
