/**
 * The structural facts code generation needs about one function: its parameters, where
 * the prologue goes, its own `return`s, and which `var`s would change meaning if an async
 * body moved into an arrow. Pure reads of the AST; no tag logic here.
 */
import type * as ts from "typescript";
import { Code, LogcrestError, type LabelSource, type ParamInfo, type RedactSource, type ReturnSite } from "./plan";
import type { RedactOption, TagOptions } from "./tags";
import type { TsApi } from "./ts-api";

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

/** Nodes that start a new function scope (their `return`s and `var`s are not ours). */
export function isFunctionScope(api: TsApi, node: ts.Node): boolean {
  return (
    api.isFunctionDeclaration(node) ||
    api.isFunctionExpression(node) ||
    api.isArrowFunction(node) ||
    api.isMethodDeclaration(node) ||
    api.isConstructorDeclaration(node) ||
    api.isGetAccessorDeclaration(node) ||
    api.isSetAccessorDeclaration(node) ||
    api.isClassStaticBlockDeclaration(node)
  );
}

/** Real parameters: TypeScript's `this:` pseudo-parameter is erased at build time. */
export function realParams(api: TsApi, fn: FunctionNode): ts.ParameterDeclaration[] {
  return fn.parameters.filter((p) => !(api.isIdentifier(p.name) && p.name.text === "this"));
}

export function describeParams(api: TsApi, sf: ts.SourceFile, fn: FunctionNode): ParamInfo[] {
  return realParams(api, fn).map((p) => {
    const bindings: string[] = [];
    collectBindings(api, p.name, bindings);
    return {
      name: api.isIdentifier(p.name) ? p.name.text : undefined,
      rest: p.dotDotDotToken !== undefined,
      valueText: patternValue(api, sf, p.name),
      bindings,
    };
  });
}

function collectBindings(api: TsApi, name: ts.BindingName, out: string[]): void {
  if (api.isIdentifier(name)) {
    out.push(name.text);
    return;
  }
  for (const el of name.elements) {
    if (api.isBindingElement(el)) collectBindings(api, el.name, out);
  }
}

/**
 * A side-effect-free expression for a parameter's value at entry: the identifier, or a
 * destructuring pattern rebuilt from its bindings (`{ a, b: c }` → `{ a: a, b: c }`).
 * Defaults are dropped (the binding already holds the defaulted value) and computed keys
 * become their binding name, so nothing the user wrote is evaluated twice.
 */
function patternValue(api: TsApi, sf: ts.SourceFile, name: ts.BindingName): string {
  if (api.isIdentifier(name)) return name.text;
  if (api.isArrayBindingPattern(name)) {
    const parts = name.elements.map((el) => {
      if (api.isOmittedExpression(el)) return "";
      return (el.dotDotDotToken ? "..." : "") + patternValue(api, sf, el.name);
    });
    return `[${parts.join(", ")}${name.elements.length > 0 && api.isOmittedExpression(name.elements[name.elements.length - 1]!) ? "," : ""}]`;
  }
  const parts = name.elements.map((el) => {
    if (el.dotDotDotToken) return `...${patternValue(api, sf, el.name)}`;
    const value = patternValue(api, sf, el.name);
    const key = el.propertyName;
    if (key === undefined) return value;
    if (api.isComputedPropertyName(key)) return `${JSON.stringify(api.isIdentifier(el.name) ? el.name.text : "computed")}: ${value}`;
    return `${key.getText(sf)}: ${value}`;
  });
  return `{ ${parts.join(", ")} }`;
}

/** Where the prologue goes: after `{`, the directive prologue, and a constructor's top-level `super(...)`. */
export function prologuePosition(
  api: TsApi,
  sf: ts.SourceFile,
  body: ts.Block,
  isConstructor: boolean,
): { at: number; needsSemicolon: boolean } {
  let at = body.getStart(sf) + 1;
  let needsSemicolon = false;
  const statements = body.statements;
  let i = 0;
  for (; i < statements.length; i++) {
    const s = statements[i]!;
    if (!(api.isExpressionStatement(s) && api.isStringLiteral(s.expression))) break;
    at = s.end;
    needsSemicolon = !s.getText(sf).endsWith(";");
  }
  if (isConstructor) {
    for (let j = i; j < statements.length; j++) {
      const s = statements[j]!;
      if (api.isExpressionStatement(s) && api.isCallExpression(s.expression) && s.expression.expression.kind === api.SyntaxKind.SuperKeyword) {
        at = s.end;
        needsSemicolon = !s.getText(sf).endsWith(";");
        break;
      }
    }
  }
  return { at, needsSemicolon };
}

/** The `return` statements of this function, not of functions nested in it. */
export function ownReturns(api: TsApi, sf: ts.SourceFile, body: ts.Node): ReturnSite[] {
  const out: ReturnSite[] = [];
  const visit = (node: ts.Node, inTry: boolean): void => {
    if (isFunctionScope(api, node)) return;
    if (api.isReturnStatement(node)) {
      const e = node.expression;
      out.push({
        start: node.getStart(sf),
        end: node.end,
        exprStart: e === undefined ? -1 : e.getStart(sf),
        exprEnd: e === undefined ? -1 : e.end,
        exprShape: e === undefined ? "simple" : expressionShape(api, e),
        insideTry: inTry,
      });
    }
    const childInTry = inTry || api.isTryStatement(node);
    api.forEachChild(node, (child) => visit(child, childInTry));
  };
  api.forEachChild(body, (child) => visit(child, false));
  return out;
}

export function expressionShape(api: TsApi, e: ts.Expression): ReturnSite["exprShape"] {
  if (api.isBinaryExpression(e) && e.operatorToken.kind === api.SyntaxKind.CommaToken) return "comma";
  if (
    api.isIdentifier(e) ||
    api.isCallExpression(e) ||
    api.isPropertyAccessExpression(e) ||
    api.isElementAccessExpression(e) ||
    api.isParenthesizedExpression(e) ||
    api.isStringLiteral(e) ||
    api.isNumericLiteral(e) ||
    api.isBigIntLiteral(e) ||
    api.isNoSubstitutionTemplateLiteral(e) ||
    api.isTemplateExpression(e) ||
    api.isArrayLiteralExpression(e) ||
    api.isObjectLiteralExpression(e) ||
    e.kind === api.SyntaxKind.TrueKeyword ||
    e.kind === api.SyntaxKind.FalseKeyword ||
    e.kind === api.SyntaxKind.NullKeyword ||
    e.kind === api.SyntaxKind.ThisKeyword
  ) {
    return "simple";
  }
  return "other";
}

/**
 * Names an async body declares with `var` that are also parameters (or `arguments`).
 * Once the body runs inside an arrow, such a `var` is a new binding that starts
 * `undefined` instead of the parameter's value; code generation copies the value in.
 * A name that is also a body-level function declaration is left out: the function wins
 * in both shapes.
 */
export function varShadowedParams(api: TsApi, body: ts.Block, params: readonly ParamInfo[], isArrow: boolean): string[] {
  const paramNames = new Set<string>(params.flatMap((p) => p.bindings));
  if (!isArrow) paramNames.add("arguments");
  const vars = new Set<string>();
  const functions = new Set<string>();
  for (const s of body.statements) {
    if (api.isFunctionDeclaration(s) && s.name !== undefined) functions.add(s.name.text);
  }
  const visit = (node: ts.Node): void => {
    if (isFunctionScope(api, node) || api.isClassLike(node)) return;
    // BlockScoped is let|const|using in every TS version (NodeFlags.Using exists only from 5.2).
    if (api.isVariableDeclarationList(node) && (node.flags & api.NodeFlags.BlockScoped) === 0) {
      for (const d of node.declarations) {
        const names: string[] = [];
        collectBindings(api, d.name, names);
        for (const n of names) vars.add(n);
      }
    }
    api.forEachChild(node, visit);
  };
  api.forEachChild(body, visit);
  return [...vars].filter((n) => paramNames.has(n) && !functions.has(n)).sort();
}

/** The parameters as a message lists them: `id, { tenant }, ...rest`. */
function parameterList(params: readonly ParamInfo[]): string {
  return params.map((p) => (p.rest ? "..." : "") + (p.name ?? p.valueText)).join(", ") || "none";
}

/** A parameter a tag option names (`labelFrom=`, a `redact=` path): its index, and for a property of a destructured object parameter, that property. */
interface NamedParameter {
  readonly index: number;
  readonly param: ParamInfo;
  /** `({ tenant }) => ...` named by `tenant`: the key, and its binding when that is one identifier. */
  readonly property: { readonly key: string; readonly binding: string | undefined } | undefined;
}

/** A parameter of that name, else a property of that name on a destructured object parameter. */
function findNamedParameter(params: readonly ParamInfo[], nodes: readonly ts.ParameterDeclaration[], api: TsApi, name: string): NamedParameter | undefined {
  const i = params.findIndex((p) => p.name === name);
  if (i >= 0) return { index: i, param: params[i]!, property: undefined };
  for (let j = 0; j < nodes.length; j++) {
    const node = nodes[j]!;
    if (!api.isObjectBindingPattern(node.name)) continue;
    for (const el of node.name.elements) {
      if (el.dotDotDotToken) continue;
      const key = el.propertyName ?? el.name;
      const keyText = api.isIdentifier(key) || api.isStringLiteral(key) ? key.text : undefined;
      if (keyText === name) return { index: j, param: params[j]!, property: { key: keyText, binding: api.isIdentifier(el.name) ? el.name.text : undefined } };
    }
  }
  return undefined;
}

/** Resolves `labelFrom=` to an expression valid at entry, or throws LC003 at the option's position. */
export function resolveLabelFrom(
  params: readonly ParamInfo[],
  nodes: readonly ts.ParameterDeclaration[],
  api: TsApi,
  option: string | number,
  isArrow: boolean,
  at: { start: number; length: number },
): LabelSource {
  if (typeof option === "number") {
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      if (p.rest) {
        if (p.name !== undefined) return { option, expression: `${p.name}[${option - i}]` };
        if (!isArrow) return { option, expression: `arguments[${option}]` };
        break;
      }
      if (i === option) {
        if (p.name !== undefined) return { option, expression: p.name };
        return { option, expression: isArrow ? p.valueText : `arguments[${option}]` };
      }
    }
    throw new LogcrestError(
      Code.NoSuchParameter,
      `labelFrom=${option}: the function has no parameter at index ${option} (parameters: ${parameterList(params)})`,
      at.start,
      at.length,
    );
  }
  const found = findNamedParameter(params, nodes, api, option);
  // A destructured property is read through its binding: `({ requestId }) => ...`.
  const expression = found === undefined ? undefined : found.property === undefined ? option : found.property.binding;
  if (expression !== undefined) return { option, expression };
  throw new LogcrestError(
    Code.NoSuchParameter,
    `labelFrom=${option}: the function has no parameter or destructured property '${option}' (parameters: ${parameterList(params)})`,
    at.start,
    at.length,
  );
}

/**
 * Resolves each `redact=` path to the form of the site row: the first segment (a parameter,
 * a property of a destructured parameter, an argument index or `*`) becomes the argument
 * index, the rest stays property names. A name or index the function does not have is
 * LC003 at that path. `fnName` is the record name, so a class tag's error says which method.
 */
export function resolveRedact(
  params: readonly ParamInfo[],
  nodes: readonly ts.ParameterDeclaration[],
  api: TsApi,
  option: NonNullable<TagOptions["redact"]>,
  fnName: string,
): RedactSource {
  const paths = option.paths.map((p) => redactPath(params, nodes, api, p, fnName));
  return { option: option.option, paths };
}

function redactPath(params: readonly ParamInfo[], nodes: readonly ts.ParameterDeclaration[], api: TsApi, p: RedactOption, fnName: string): (string | number)[] {
  const [first, ...rest] = p.segments as [string, ...string[]];
  const noParameter = (what: string): never => {
    throw new LogcrestError(Code.NoSuchParameter, `redact=${p.text}: '${fnName}' has no ${what} (parameters: ${parameterList(params)})`, p.start, p.length);
  };
  if (first === "*") return ["*", ...rest];
  if (/^\d+$/.test(first)) {
    const index = Number(first);
    // Past the last parameter only a rest parameter takes more arguments.
    if (index >= params.length && !params.some((q) => q.rest)) noParameter(`parameter at index ${index}`);
    return [index, ...rest];
  }
  const found = findNamedParameter(params, nodes, api, first);
  if (found === undefined) return noParameter(`parameter or destructured property '${first}'`);
  if (found.property !== undefined) return [found.index, found.property.key, ...rest];
  if (!found.param.rest) return [found.index, ...rest];
  // `...items`: its elements are the arguments from its index on.
  const [element, ...under] = rest;
  if (element !== undefined && /^\d+$/.test(element)) return [found.index + Number(element), ...under];
  if (found.index === 0 && (element === undefined || element === "*")) return ["*", ...under];
  // Every element of a rest parameter that follows others would be "arguments from i on",
  // which a site row cannot say; one element is an argument index.
  const all = found.index === 0 ? `, or all of them as ${first}.*` : "";
  throw new LogcrestError(Code.BadValue, `redact=${p.text}: '${first}' of '${fnName}' is a rest parameter: name one element by its index (${first}[0])${all}`, p.start, p.length);
}
