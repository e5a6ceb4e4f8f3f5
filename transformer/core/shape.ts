/**
 * The instrumented-function shape, written once (docs/ARCHITECTURE.md §1 shows it; the
 * rules it keeps are SEMANTICS.md's). Both emitters take their code from here, as text:
 *
 *  - the text emitter (transformer/text/codegen.ts) inserts `bodyWrap().open` at the plan's
 *    prologue point and `.close` before the body's `}`, and `returnWrap()` around each of
 *    the plan's rewritten returns: insertions only, so every original character stays;
 *  - the ts-patch adapter (transformer/ts-patch/emit.ts) parses `functionSkeleton()` and
 *    `returnSkeleton()`, the same text around a placeholder, and splices the original
 *    statements (or expression) in where the placeholder is, as it builds the prelude from
 *    prelude.ts's text (orchestrion-js's templates).
 *
 * There is no second description of the shape for the two paths to drift from.
 */
import type { FunctionPlan, LogCallPlan, ReturnSite } from "./plan";
import type { Names } from "./prelude";

/** Text that goes before and after what it wraps. */
export interface Wrap {
  readonly open: string;
  readonly close: string;
}

/** In a skeleton: the statement `__logcrest_body__;` stands for the original body statements. */
export const BODY_PLACEHOLDER = "__logcrest_body__";
/** In a skeleton: the identifier `__logcrest_expr__` stands for the original expression. */
export const EXPR_PLACEHOLDER = "__logcrest_expr__";
/** Skeletons are parsed as the body of this async function, so `await` parses as the operator. */
export const SKELETON_FUNCTION = "__logcrest_shape__";

/**
 * A JS string literal with no line terminator in it: JSON leaves U+2028/U+2029 raw, and V8
 * counts them as line breaks when it numbers stack-trace lines (SEMANTICS.md rule 19).
 */
export function jsString(text: string): string {
  return withoutLineTerminators(JSON.stringify(text));
}

/** JSON text as JS source with U+2028/U+2029 escaped (JSON has them only inside strings, so this stays the same value). */
export function withoutLineTerminators(json: string): string {
  return json.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * `const F = LEVEL < L.state.minLevel ? null : L.enter((S || T())[i], ARGS?, LABEL?);`
 * The level check is inline, so a disabled call makes no call at all. `state.minLevel` is
 * -1 until the runtime has resolved its config, so the first call reaches `enter`, which
 * resolves it; `configure()` changes it at run time. The table is built on first use if
 * the prelude has not run yet (SEMANTICS.md rule 18).
 */
function declareFrame(p: FunctionPlan, names: Names): string {
  const { runtime: L, frame: F } = names;
  const args = !p.logArgs ? undefined : p.isArrow ? `[${p.params.map((x) => (x.rest ? "..." : "") + x.valueText).join(", ")}]` : "arguments";
  const parts = [siteAt(names, p.siteIndex)];
  if (args !== undefined || p.labelFrom !== undefined) parts.push(args ?? "void 0");
  if (p.labelFrom !== undefined) parts.push(p.labelFrom.expression);
  return `const ${F} = ${p.level} < ${L}.state.minLevel ? null : ${L}.enter(${parts.join(", ")});`;
}

/** Row `index` of the module's site table, built on first use if the prelude has not run yet (SEMANTICS.md rule 18). */
function siteAt(names: Names, index: number): string {
  return `(${names.sites} || ${names.init}())[${index}]`;
}

/**
 * The receiver a call of logcrest's `log` gets: its site, a table read (no allocation).
 * Both emitters make `log.info(a, b)` into `log.info.call(SITE, a, b)`: the call is still a
 * call of the real `log.info` (spies and mocks see it, with exactly the user's arguments,
 * evaluated once and in order, spread ones included); the runtime reads the site from `this`.
 */
export function callSiteReceiver(c: LogCallPlan, names: Names): string {
  return siteAt(names, c.siteIndex);
}

/** Closes our `try {`: the same value is re-thrown; a disabled frame (`null`) calls nothing. */
function catchFinally(names: Names): string {
  const { runtime: L, frame: F, error: E } = names;
  return `} catch (${E}) { if (${F} !== null) ${L}.fail(${F}, ${E}); throw ${E} } finally { if (${F} !== null) ${L}.exit(${F}) }`;
}

/**
 * An async arrow V8 names like the original function: `{ "NAME": async () => { BODY } }["NAME"]`.
 * An arrow keeps `this`, `arguments`, `super` and `new.target`; the name (and the receiver
 * it is called with) make a throw's frame read `at OrderService.charge`, as without us.
 */
function namedArrow(p: FunctionPlan): Wrap {
  const key = jsString(p.frameName);
  return { open: `{ ${key}: async () => { `, close: ` } }[${key}]` };
}

/** How an inner arrow is called: with the function's receiver, which V8 names the frame after. */
function receiverCall(p: FunctionPlan): string {
  return p.isArrow ? "()" : ".call(this)";
}

/**
 * What goes around the body. Block bodies: `open` right after the prologue point (after `{`,
 * the directives and a constructor's `super(...)`), `close` right before the closing `}`.
 * Expression bodies (arrows): `open` before the expression and `close` after it; they add
 * the braces and the `return`. Nothing here contains a line break.
 */
export function bodyWrap(p: FunctionPlan, names: Names): Wrap {
  const { runtime: L, frame: F } = names;
  const declare = declareFrame(p, names);
  const guardClose = ` ${catchFinally(names)}`;
  let open: string;
  let close: string;
  if (!p.isAsync) {
    open = ` ${declare} try {`;
    close = guardClose;
  } else {
    // The trace context is scoped to the body, so the body runs in an arrow that `run` calls
    // inside the frame's context. `return await`: returning the promise would cost two more
    // microtask ticks, and the caller's frame would drop out of async stack traces.
    const copies = p.varShadowedParams.map((n, i) => ({ name: n, copy: names.copy(i) }));
    const copyOut = copies.map((c) => ` const ${c.copy} = ${c.name};`).join("");
    const copyIn = copies.map((c) => `var ${c.name} = ${c.copy}; `).join("");
    const B = names.body;
    const arrow = namedArrow(p);
    const start = ` ${declare}${copyOut} const ${B} = ${arrow.open}`;
    const finish = `${arrow.close}; return await (${F} === null ? ${B}${receiverCall(p)} : ${L}.run(${F}, ${B}${p.isArrow ? "" : ", this"}))`;
    if (p.awaitWholeBody) {
      // A return inside the user's own try is not awaited in place (their catch/finally would
      // see it settle): the whole body runs in one more async arrow, awaited by our try.
      const ret = p.logResult ? `${L}.ret(${F}, ` : "";
      open = `${start}try { return ${ret}await ${arrow.open}${copyIn}`;
      close = `${arrow.close}${receiverCall(p)}${p.logResult ? ")" : ""}${guardClose}${finish}`;
    } else {
      open = `${start}${copyIn}try {`;
      close = `${guardClose}${finish}`;
    }
  }
  if (!p.expressionBody) return { open, close: `${close} ` };
  const r = returnWrap(p, names, "other") ?? { open: "", close: "" };
  return { open: `{${open} return ${r.open}`, close: `${r.close}${close} }` };
}

/**
 * What goes around the expression of a rewritten `return` (FunctionPlan.rewrittenReturns):
 * async bodies `await` it, so our try/finally sees the promise settle; `logResult` keeps the
 * value (`L.ret(F, EXPR)` returns it unchanged). Undefined when a return stays as written.
 */
export function returnWrap(p: FunctionPlan, names: Names, shape: ReturnSite["exprShape"]): Wrap | undefined {
  if (!p.isAsync && !p.logResult) return undefined;
  let open = "";
  let close = "";
  if (p.isAsync) {
    open = shape === "simple" ? "await " : "await (";
    close = shape === "simple" ? "" : ")";
  } else if (shape === "comma") {
    open = "(";
    close = ")";
  }
  if (p.logResult) {
    open = `${names.runtime}.ret(${names.frame}, ${open}`;
    close = `${close})`;
  }
  return { open, close };
}

/**
 * The instrumented body as one parsable function: `bodyWrap()` around `BODY_PLACEHOLDER;`
 * (block bodies) or `EXPR_PLACEHOLDER` (expression bodies).
 */
export function functionSkeleton(p: FunctionPlan, names: Names): string {
  const w = bodyWrap(p, names);
  const body = p.expressionBody ? `${w.open}${EXPR_PLACEHOLDER}${w.close}` : `{${w.open} ${BODY_PLACEHOLDER};${w.close}}`;
  return `async function ${SKELETON_FUNCTION}() ${body}`;
}

/** A rewritten return as one parsable function: `return OPEN EXPR_PLACEHOLDER CLOSE`. */
export function returnSkeleton(p: FunctionPlan, names: Names, shape: ReturnSite["exprShape"]): string | undefined {
  const w = returnWrap(p, names, shape);
  return w === undefined ? undefined : `async function ${SKELETON_FUNCTION}() { return ${w.open}${EXPR_PLACEHOLDER}${w.close} }`;
}
