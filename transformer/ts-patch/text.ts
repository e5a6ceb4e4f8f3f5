/**
 * Turns code the shared core describes as text into synthesized nodes of the user's
 * TypeScript: the module prelude of core/prelude.ts and the instrumented-function skeletons of
 * core/shape.ts. Both build paths thereby share one definition of them; here they are
 * parsed and rebuilt without positions.
 */
import type * as ts from "typescript";
import { BODY_PLACEHOLDER, EXPR_PLACEHOLDER, SKELETON_FUNCTION } from "../core/shape";

/** Parses `text` as statements with `tsi` and returns position-free deep copies of them. */
export function statementsFromText(tsi: typeof ts, ctx: ts.TransformationContext, text: string): ts.Statement[] {
  const sf = tsi.createSourceFile("__logcrest_prelude.ts", text, tsi.ScriptTarget.Latest, false, tsi.ScriptKind.TS);
  const parseErrors = (sf as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  if (parseErrors !== undefined && parseErrors.length > 0) {
    throw new Error(`logcrest/transformer: internal error: generated prelude does not parse: ${JSON.stringify(text)}`);
  }
  return sf.statements.map((s) => synthesize(tsi, ctx, s) as ts.Statement);
}

/** One expression from text (a log call's site receiver, core/shape.ts), as a position-free node. */
export function expressionFromText(tsi: typeof ts, ctx: ts.TransformationContext, text: string): ts.Expression {
  const [statement] = statementsFromText(tsi, ctx, `(${text});`);
  if (statement === undefined || !tsi.isExpressionStatement(statement) || !tsi.isParenthesizedExpression(statement.expression)) {
    throw new Error(`logcrest/transformer: internal error: generated expression does not parse: ${JSON.stringify(text)}`);
  }
  return statement.expression.expression;
}

/**
 * The instrumented body from a skeleton of core/shape.ts (an async function whose body has
 * the statement `BODY_PLACEHOLDER;` or the identifier `EXPR_PLACEHOLDER`): its statements as
 * position-free nodes, with the original `statements` spliced in for the first and the
 * original `expression` for the second. The originals keep their positions (source maps).
 */
export function fromSkeleton(
  tsi: typeof ts,
  ctx: ts.TransformationContext,
  text: string,
  statements: readonly ts.Statement[],
  expression: ts.Expression | undefined,
): ts.Statement[] {
  const sf = tsi.createSourceFile("__logcrest_shape.ts", text, tsi.ScriptTarget.Latest, false, tsi.ScriptKind.TS);
  const parseErrors = (sf as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  const fn = sf.statements[0];
  if (
    (parseErrors !== undefined && parseErrors.length > 0) ||
    sf.statements.length !== 1 ||
    fn === undefined ||
    !tsi.isFunctionDeclaration(fn) ||
    fn.name?.text !== SKELETON_FUNCTION ||
    fn.body === undefined
  ) {
    throw new Error(`logcrest/transformer: internal error: generated skeleton does not parse: ${JSON.stringify(text)}`);
  }
  let placed = 0;
  const splice = (node: ts.Node): ts.VisitResult<ts.Node> => {
    if (tsi.isExpressionStatement(node) && tsi.isIdentifier(node.expression) && node.expression.text === BODY_PLACEHOLDER) {
      placed++;
      return [...statements];
    }
    if (tsi.isIdentifier(node) && node.text === EXPR_PLACEHOLDER && expression !== undefined) {
      placed++;
      return expression;
    }
    return tsi.visitEachChild(node, splice, ctx);
  };
  const copied = fn.body.statements.map((s) => synthesize(tsi, ctx, s));
  const out = copied.flatMap((s) => {
    const r = splice(s);
    return r === undefined ? [] : Array.isArray(r) ? r : [r];
  }) as ts.Statement[];
  if (placed !== 1) throw new Error(`logcrest/transformer: internal error: skeleton placeholder found ${placed} times: ${JSON.stringify(text)}`);
  return out;
}

/**
 * A fresh copy of `node` and all its descendants, tokens and keywords included, each with
 * pos = end = -1 and no original node. Both matter: the printer takes positions (and the
 * original node's positions) as offsets into the file being emitted and would copy that
 * file's comments next to our code.
 */
function synthesize(tsi: typeof ts, ctx: ts.TransformationContext, node: ts.Node): ts.Node {
  const f = ctx.factory;
  const K = tsi.SyntaxKind;
  const again = (child: ts.Node): ts.Node => synthesize(tsi, ctx, child);
  let copy: ts.Node;
  if (tsi.isIdentifier(node)) copy = f.createIdentifier(node.text);
  else if (tsi.isNumericLiteral(node)) copy = f.createNumericLiteral(node.text);
  else if (tsi.isStringLiteral(node)) copy = f.createStringLiteral(node.text);
  else if (tsi.isOmittedExpression(node)) copy = f.createOmittedExpression(); // `[, b]`
  else if (node.kind === K.TrueKeyword) copy = f.createTrue();
  else if (node.kind === K.FalseKeyword) copy = f.createFalse();
  else if (node.kind === K.NullKeyword) copy = f.createNull();
  else if (node.kind === K.ThisKeyword) copy = f.createThis();
  else if (node.kind >= K.FirstToken && node.kind <= K.LastToken) copy = f.createToken(node.kind as ts.KeywordSyntaxKind);
  else {
    // Interior node: new children force `update*` to build a new node.
    const rebuilt: ts.Node | undefined = tsi.visitEachChild(node, again, ctx, undefined, again);
    if (rebuilt === undefined || rebuilt === node) {
      throw new Error(`logcrest/transformer: internal error: cannot copy ${K[node.kind]} from generated text`);
    }
    copy = rebuilt;
  }
  tsi.setOriginalNode(copy, undefined);
  return tsi.setTextRange(copy, { pos: -1, end: -1 });
}
