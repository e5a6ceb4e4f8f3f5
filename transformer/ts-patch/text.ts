/**
 * Turns code the shared core describes as text into synthesized nodes of the user's
 * TypeScript: the small expressions of a plan (`ParamInfo.valueText`,
 * `LabelSource.expression`: `a`, `rest[1]`, `arguments[0]`, `{ a, b: c }`, `[x, y]`) and
 * the module prelude of codegen.ts. Both build paths thereby share one definition of
 * them; here they are parsed and rebuilt without positions.
 */
import type * as ts from "typescript";

/**
 * Parses `text` as one expression with `tsi` and returns a deep copy whose nodes have no
 * source positions (so the printer never reads another file's text for them).
 */
export function expressionFromText(tsi: typeof ts, ctx: ts.TransformationContext, text: string): ts.Expression {
  const sf = tsi.createSourceFile("__logcrest_expr.ts", `(${text});`, tsi.ScriptTarget.Latest, false, tsi.ScriptKind.TS);
  const stmt = sf.statements[0];
  if (sf.statements.length !== 1 || stmt === undefined || !tsi.isExpressionStatement(stmt) || !tsi.isParenthesizedExpression(stmt.expression)) {
    throw new Error(`logcrest/transformer: internal error: plan expression is not one expression: ${JSON.stringify(text)}`);
  }
  return synthesize(tsi, ctx, stmt.expression.expression) as ts.Expression;
}

/** Parses `text` as statements with `tsi` and returns position-free deep copies of them. */
export function statementsFromText(tsi: typeof ts, ctx: ts.TransformationContext, text: string): ts.Statement[] {
  const sf = tsi.createSourceFile("__logcrest_prelude.ts", text, tsi.ScriptTarget.Latest, false, tsi.ScriptKind.TS);
  const parseErrors = (sf as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  if (parseErrors !== undefined && parseErrors.length > 0) {
    throw new Error(`logcrest/transformer: internal error: generated prelude does not parse: ${JSON.stringify(text)}`);
  }
  return sf.statements.map((s) => synthesize(tsi, ctx, s) as ts.Statement);
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
