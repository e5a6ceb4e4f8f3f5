/**
 * Builds the instrumented functions and the log calls' `.call(SITE, ...)` of one file as
 * TypeScript nodes, from the analysis core's plans. The shape is not written here: core/shape.ts renders it as text around a
 * placeholder (the same text the esbuild path inserts), this file parses that skeleton with
 * the user's TypeScript and splices the original statements in (ts-patch/text.ts).
 *
 * Plans point at functions by offset; a plan's `fnStart`/`fnEnd` are the function node's
 * `getStart()`/`end` in the very SourceFile the core analyzed, so nodes are matched by
 * position. Original statements are moved, never re-created, so they keep their text
 * ranges and tsc's own source maps still map them to the TypeScript lines. Everything we
 * add is synthesized (no position), so it maps to nothing.
 */
import type * as ts from "typescript";
import type { FunctionPlan, LogCallPlan, ReturnSite } from "../core/plan";
import type { Names } from "../core/prelude";
import { callSiteReceiver, functionSkeleton, returnSkeleton } from "../core/shape";
import { expressionFromText, fromSkeleton } from "./text";

type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export interface EmitResult {
  readonly sourceFile: ts.SourceFile;
  /** Plans whose function was not found in the tree (another transformer replaced it). */
  readonly unmatched: readonly FunctionPlan[];
}

/**
 * Rewrites every planned function and log call of `sf`. Returns `sf` itself when there is
 * no plan. The prelude (runtime import + site table) is added by the caller.
 */
export function instrumentFunctions(
  tsi: typeof ts,
  ctx: ts.TransformationContext,
  sf: ts.SourceFile,
  plans: readonly FunctionPlan[],
  calls: readonly LogCallPlan[],
  names: Names,
): EmitResult {
  if (plans.length === 0 && calls.length === 0) return { sourceFile: sf, unmatched: [] };
  const byStart = new Map<number, FunctionPlan>();
  // A call found by the core gets its site as receiver; one it no longer finds (another
  // transformer replaced it) just writes a record without `function`/`file`/`line`.
  const callsByStart = new Map<number, LogCallPlan>(calls.map((c) => [c.callStart, c]));
  // The returns the plan rewrites (`return await EXPR`, `return L.ret(F, EXPR)`).
  const returns = new Map<number, { plan: FunctionPlan; site: ReturnSite }>();
  for (const plan of plans) {
    byStart.set(plan.fnStart, plan);
    for (const site of plan.rewrittenReturns) returns.set(site.start, { plan, site });
  }
  const matched = new Set<FunctionPlan>();
  // Offsets where something changes; a subtree containing none of them is returned as is,
  // unvisited (most of a file, usually).
  const targets = [...byStart.keys(), ...returns.keys(), ...callsByStart.keys()].sort((a, b) => a - b);

  const visit = (node: ts.Node): ts.Node => {
    // Plans know original nodes only; a node without a position was made by someone else.
    const positioned = node.pos >= 0 && !(node.flags & tsi.NodeFlags.Synthesized);
    if (positioned && !anyWithin(targets, node.pos, node.end)) return node;
    if (positioned && isFunctionLike(tsi, node)) {
      const plan = byStart.get(node.getStart(sf));
      if (plan !== undefined && plan.fnEnd === node.end) {
        matched.add(plan);
        const inner = tsi.visitEachChild(node, visit, ctx);
        return instrument(inner, plan);
      }
    }
    if (positioned && tsi.isReturnStatement(node) && node.expression !== undefined) {
      const own = returns.get(node.getStart(sf));
      if (own !== undefined) {
        const inner = tsi.visitEachChild(node, visit, ctx);
        const skeleton = returnSkeleton(own.plan, names, own.site.exprShape)!;
        const [statement] = fromSkeleton(tsi, ctx, skeleton, [], inner.expression!);
        return ctx.factory.updateReturnStatement(inner, (statement as ts.ReturnStatement).expression);
      }
    }
    if (positioned && tsi.isCallExpression(node)) {
      const call = callsByStart.get(node.getStart(sf));
      if (call !== undefined && call.callEnd === node.end) {
        const inner = tsi.visitEachChild(node, visit, ctx);
        // `log.info(a, b)` → `log.info.call(SITE, a, b)`: the site as receiver, the argument nodes as they were.
        const f = ctx.factory;
        const site = expressionFromText(tsi, ctx, callSiteReceiver(call, names));
        return f.updateCallExpression(inner, f.createPropertyAccessExpression(inner.expression, "call"), inner.typeArguments, [site, ...inner.arguments]);
      }
    }
    return tsi.visitEachChild(node, visit, ctx);
  };

  const instrument = (node: FunctionLike, plan: FunctionPlan): ts.Node => {
    const body = node.body;
    if (body === undefined) throw new Error(`logcrest/transformer: internal error: plan for '${plan.name}' has no body`);
    let head: ts.Statement[] = [];
    let statements: ts.Statement[];
    if (tsi.isBlock(body)) {
      // Directives and a constructor's top-level super(...) stay ahead of the prologue.
      const split = body.statements.findIndex((s) => originalEnd(tsi, s) > plan.prologueAt || originalEnd(tsi, s) < 0);
      const at = split < 0 ? body.statements.length : split;
      head = body.statements.slice(0, at);
      statements = fromSkeleton(tsi, ctx, functionSkeleton(plan, names), body.statements.slice(at), undefined);
    } else {
      // Expression body: `x => EXPR` becomes `x => { ... return EXPR ... }`.
      statements = fromSkeleton(tsi, ctx, functionSkeleton(plan, names), [], body);
    }
    const newBody = ctx.factory.createBlock([...head, ...statements], true);
    if (tsi.isBlock(body)) tsi.setTextRange(newBody, body);
    return tsi.visitEachChild(node, (child) => (child === body ? newBody : child), ctx);
  };

  const out = tsi.visitEachChild(sf, visit, ctx);
  return { sourceFile: out, unmatched: plans.filter((p) => !matched.has(p)) };
}

/** Whether the sorted `offsets` hold one in [start, end). */
function anyWithin(offsets: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < offsets.length && offsets[lo]! < end;
}

function isFunctionLike(tsi: typeof ts, node: ts.Node): node is FunctionLike {
  return (
    tsi.isFunctionDeclaration(node) ||
    tsi.isFunctionExpression(node) ||
    tsi.isArrowFunction(node) ||
    tsi.isMethodDeclaration(node) ||
    tsi.isConstructorDeclaration(node) ||
    tsi.isGetAccessorDeclaration(node) ||
    tsi.isSetAccessorDeclaration(node)
  );
}

/** End offset of the original node behind `node` (a statement we may have rebuilt), or -1. */
function originalEnd(tsi: typeof ts, node: ts.Node): number {
  const original = tsi.getOriginalNode(node);
  return original.pos >= 0 ? original.end : -1;
}
