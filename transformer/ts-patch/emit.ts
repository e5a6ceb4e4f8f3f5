/**
 * Builds the instrumented functions of one file as TypeScript factory nodes, from the
 * analysis core's plans (docs/ARCHITECTURE.md §1 is the shape; the esbuild path emits
 * the same code as text).
 *
 * Plans point at functions by offset; a plan's `fnStart`/`fnEnd` are the function node's
 * `getStart()`/`end` in the very SourceFile the core analyzed, so nodes are matched by
 * position. Original statements are moved, never re-created, so they keep their text
 * ranges and tsc's own source maps still map them to the TypeScript lines. Everything we
 * add is synthesized (no position), so it maps to nothing.
 */
import type * as ts from "typescript";
import type { Names } from "../core/prelude";
import type { FunctionPlan } from "../core/plan";
import { expressionFromText } from "./text";

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
 * Rewrites every planned function of `sf`. Returns `sf` itself when there is no plan.
 * The prelude (runtime import + site table) is added by the caller.
 */
export function instrumentFunctions(
  tsi: typeof ts,
  ctx: ts.TransformationContext,
  sf: ts.SourceFile,
  plans: readonly FunctionPlan[],
  names: Names,
): EmitResult {
  if (plans.length === 0) return { sourceFile: sf, unmatched: [] };
  const f = ctx.factory;
  const byStart = new Map<number, FunctionPlan>();
  // Returns that change: `return await EXPR` in async bodies, `return X.ret(F, EXPR)` with logResult.
  const returns = new Map<number, FunctionPlan>();
  for (const plan of plans) {
    byStart.set(plan.fnStart, plan);
    if ((plan.isAsync || plan.logResult) && !plan.awaitWholeBody) {
      for (const site of plan.returns) if (site.exprStart >= 0) returns.set(site.start, plan);
    }
  }
  const matched = new Set<FunctionPlan>();
  // Offsets where something changes; a subtree containing none of them is returned as is,
  // unvisited (most of a file, usually).
  const targets = [...byStart.keys(), ...returns.keys()].sort((a, b) => a - b);

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
        return f.updateReturnStatement(inner, returned(own, inner.expression!));
      }
    }
    return tsi.visitEachChild(node, visit, ctx);
  };

  /**
   * A returned expression as the instrumented body returns it. Async: `await EXPR`, so the
   * body's try/finally sees the promise settle (timing, failures). logResult:
   * `X.ret(F, EXPR)`. The factory's parenthesizer adds the parentheses a comma needs.
   */
  const returned = (plan: FunctionPlan, expr: ts.Expression): ts.Expression => {
    const value = plan.isAsync ? f.createAwaitExpression(expr) : expr;
    return plan.logResult ? runtimeCall("ret", [f.createIdentifier(names.frame), value]) : value;
  };

  const runtimeCall = (method: string, args: ts.Expression[]): ts.CallExpression =>
    f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(names.runtime), method), undefined, args);

  /** `const F = X.enter((S || init())[i], ARGS?, LABEL?)`: the table is built on first use if the prelude has not run yet. */
  const enterStatement = (plan: FunctionPlan): ts.Statement => {
    const table = f.createParenthesizedExpression(
      f.createLogicalOr(f.createIdentifier(names.sites), f.createCallExpression(f.createIdentifier(names.init), undefined, [])),
    );
    const args: ts.Expression[] = [f.createElementAccessExpression(table, plan.siteIndex)];
    const passed = plan.logArgs ? argumentsValue(plan) : undefined;
    if (passed !== undefined || plan.labelFrom !== undefined) args.push(passed ?? f.createVoidZero());
    if (plan.labelFrom !== undefined) args.push(expressionFromText(tsi, ctx, plan.labelFrom.expression));
    return f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList([f.createVariableDeclaration(names.frame, undefined, undefined, runtimeCall("enter", args))], tsi.NodeFlags.Const),
    );
  };

  /** `arguments` for functions that have it; `[a, b, ...rest]` for arrows. */
  const argumentsValue = (plan: FunctionPlan): ts.Expression => {
    if (!plan.isArrow) return f.createIdentifier("arguments");
    return f.createArrayLiteralExpression(
      plan.params.map((p) => {
        const value = expressionFromText(tsi, ctx, p.valueText);
        return p.rest ? f.createSpreadElement(value) : value;
      }),
    );
  };

  /** `try { BODY } catch (E) { X.fail(F, E); throw E; } finally { X.exit(F); }` */
  const guarded = (body: readonly ts.Statement[]): ts.TryStatement => {
    const frame = f.createIdentifier(names.frame);
    const err = f.createIdentifier(names.error);
    return f.createTryStatement(
      f.createBlock(body, true),
      f.createCatchClause(
        f.createVariableDeclaration(names.error),
        f.createBlock([f.createExpressionStatement(runtimeCall("fail", [frame, err])), f.createThrowStatement(err)], true),
      ),
      f.createBlock([f.createExpressionStatement(runtimeCall("exit", [frame]))], true),
    );
  };

  const instrument = (node: FunctionLike, plan: FunctionPlan): ts.Node => {
    const body = node.body;
    if (body === undefined) throw new Error(`logcrest/transformer: internal error: plan for '${plan.name}' has no body`);
    let head: ts.Statement[];
    let rest: ts.Statement[];
    if (tsi.isBlock(body)) {
      // Directives and a constructor's top-level super(...) stay ahead of the prologue.
      const split = body.statements.findIndex((s) => originalEnd(tsi, s) > plan.prologueAt || originalEnd(tsi, s) < 0);
      const at = split < 0 ? body.statements.length : split;
      head = body.statements.slice(0, at);
      rest = body.statements.slice(at);
    } else {
      // Expression body: `x => EXPR` becomes `x => { ... return EXPR ... }`.
      const expr = returned(plan, body);
      head = [];
      rest = [f.createReturnStatement(expr)];
    }
    const statements = [...head, enterStatement(plan)];
    if (plan.isAsync) {
      // The context is scoped to the body: it runs in an arrow, which keeps `this`,
      // `arguments`, `super` and `new.target` of the function.
      let inner: ts.Statement[];
      if (plan.awaitWholeBody) {
        // A return inside the user's own try stays as written (their catch/finally must not
        // see the returned promise settle): the body runs in one more async arrow, awaited
        // by our try. `return [X.ret(F, ]await (async () => { BODY })()[)]`
        const call = f.createCallExpression(f.createParenthesizedExpression(asyncArrow([...shadowCopiesIn(plan), ...rest])), undefined, []);
        const settled = f.createAwaitExpression(call);
        const value = plan.logResult ? runtimeCall("ret", [f.createIdentifier(names.frame), settled]) : settled;
        inner = [guarded([f.createReturnStatement(value)])];
      } else {
        inner = [...shadowCopiesIn(plan), guarded(rest)];
      }
      statements.push(...shadowCopiesOut(plan));
      // `return await`, not `return`: an async function returning a promise costs two more
      // microtask ticks than awaiting it (the esbuild path emits the same, SEMANTICS.md).
      statements.push(f.createReturnStatement(f.createAwaitExpression(runtimeCall("run", [f.createIdentifier(names.frame), asyncArrow(inner)]))));
    } else {
      statements.push(guarded(rest));
    }
    const newBody = f.createBlock(statements, true);
    if (tsi.isBlock(body)) tsi.setTextRange(newBody, body);
    return tsi.visitEachChild(node, (child) => (child === body ? newBody : child), ctx);
  };

  /** `async () => { STATEMENTS }` */
  const asyncArrow = (statements: ts.Statement[]): ts.ArrowFunction =>
    f.createArrowFunction(
      [f.createModifier(tsi.SyntaxKind.AsyncKeyword)],
      undefined,
      [],
      undefined,
      f.createToken(tsi.SyntaxKind.EqualsGreaterThanToken),
      f.createBlock(statements, true),
    );

  /**
   * An async body that `var`-declares a parameter name gets a new binding inside the arrow
   * that would start `undefined`: copy the value out before (`const C0 = a`) and back in
   * (`var a = C0`), as the esbuild path does (SEMANTICS.md, rule async-var).
   */
  const shadowCopiesOut = (plan: FunctionPlan): ts.Statement[] =>
    plan.varShadowedParams.map((n, i) =>
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList([f.createVariableDeclaration(names.copy(i), undefined, undefined, f.createIdentifier(n))], tsi.NodeFlags.Const),
      ),
    );
  const shadowCopiesIn = (plan: FunctionPlan): ts.Statement[] =>
    plan.varShadowedParams.map((n, i) =>
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList([f.createVariableDeclaration(n, undefined, undefined, f.createIdentifier(names.copy(i)))]),
      ),
    );

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
