/**
 * Which calls in a file are calls of logcrest's own `log` (issue 15: call-site names on
 * every log call). A call counts when its shape is `R.method(...)` with `method` one of the
 * `Logger` methods, and `R` is the `log` binding a statement of this file took from the
 * `logcrest` module, or `N.log` with `N` that module:
 *
 *   import { log } from "logcrest";            log.info("x")
 *   import { log as L } from "logcrest";       L.info("x")
 *   import * as lc from "logcrest";            lc.log.info("x")
 *   import lc = require("logcrest");           lc.log.info("x")
 *   const { log } = require("logcrest");       log.info("x")      (also `{ log: L }`)
 *   const lc = require("logcrest");            lc.log.info("x")
 *   const log = require("logcrest").log;       log.info("x")
 *
 * The receiver is resolved lexically: the nearest enclosing scope that declares its name
 * decides, so a parameter, variable, catch binding or function named `log` that shadows the
 * import is not ours and its calls are left alone. That is the whole scope model (no
 * `with`, no `eval`): enough for code that is not written to fool it.
 *
 * Any argument list fits (spread arguments, more arguments than declared): the site goes in
 * as the call's receiver, not as an argument. Optional calls (`log?.info()`,
 * `log.info?.()`) are left alone: rare, and `.call` there would need the chain rewritten.
 */
import type * as ts from "typescript";
import { LOG_METHODS, RUNTIME_MODULE, type LogMethod } from "../../runtime/contract";
import { isFunctionScope, type FunctionNode } from "./function-shape";
import type { TsApi } from "./ts-api";

/**
 * Byte pre-check: could this file call logcrest's `log`? It must name the runtime module
 * and read `log.<method>` (also `lc.log.<method>`) or rename `log` (`log as L`, `{ log: L }`).
 * Files that fail it are never parsed for call sites: the adapters hand them back before
 * any parse, like an untagged file. `console.log(` alone does not pass it.
 */
const LOG_MEMBER = /\blog\s*\.\s*(?:debug|info|warn|warning|error|critical|exception|log)\b/;
const LOG_RENAMED = /\blog\s+as\s|\blog\s*:/;
export function mayCallLog(text: string): boolean {
  return text.includes(RUNTIME_MODULE) && (LOG_MEMBER.test(text) || LOG_RENAMED.test(text));
}

/** A call of logcrest's `log`, as found: the call and its method. */
export interface FoundLogCall {
  readonly call: ts.CallExpression;
  readonly method: LogMethod;
  /** The `.method` name node (its line is the record's `line`). */
  readonly methodName: ts.MemberName;
}

interface Candidate extends FoundLogCall {
  /** `log` in `log.info(...)`, `lc` in `lc.log.info(...)`. */
  readonly receiver: ts.Identifier;
  /** Whether the receiver must be the `log` binding or the module object. */
  readonly via: "log" | "module";
}

type Parent = (node: ts.Node) => ts.Node | undefined;

function isLogMethod(name: string): name is LogMethod {
  return (LOG_METHODS as readonly string[]).includes(name);
}

/**
 * Fed by the analysis walk (analyze.ts hands it imports, variable declarations and calls as
 * it meets them); `found()` then resolves the candidates once every binding is known, since
 * a `require` may come after a call that uses it in a function.
 */
export class LogCallFinder {
  /** The binding identifiers of our `log` and of the module object. */
  private readonly logBindings = new Set<ts.Node>();
  private readonly moduleBindings = new Set<ts.Node>();
  /** Their names: a candidate whose receiver has another name is dropped without a scope walk. */
  private readonly bindingNames = new Set<string>();
  private readonly candidates: Candidate[] = [];
  private readonly scopes = new Map<ts.Node, Map<string, ts.Node>>();

  constructor(
    private readonly api: TsApi,
    private readonly parentOf: Parent,
  ) {}

  /** `import { log } from "logcrest"` · `import { log as L } ...` · `import * as lc ...` */
  onImport(node: ts.ImportDeclaration): void {
    const api = this.api;
    const clause = node.importClause;
    if (clause === undefined || clause.isTypeOnly || !isRuntimeSpecifier(api, node.moduleSpecifier)) return;
    const bindings = clause.namedBindings;
    if (bindings === undefined) return;
    if (api.isNamespaceImport(bindings)) {
      this.bind(this.moduleBindings, bindings.name);
      return;
    }
    for (const el of bindings.elements) {
      if (el.isTypeOnly) continue;
      if ((el.propertyName ?? el.name).text === "log") this.bind(this.logBindings, el.name);
    }
  }

  /** `import lc = require("logcrest")` */
  onImportEquals(node: ts.ImportEqualsDeclaration): void {
    const api = this.api;
    const ref = node.moduleReference;
    if (node.isTypeOnly || !api.isExternalModuleReference(ref) || !isRuntimeSpecifier(api, ref.expression)) return;
    this.bind(this.moduleBindings, node.name);
  }

  /** `const { log } = require("logcrest")` · `{ log: L }` · `const lc = require(...)` · `const log = require(...).log` */
  onVariable(node: ts.VariableDeclaration): void {
    const api = this.api;
    const init = node.initializer;
    if (init === undefined) return;
    if (this.isRuntimeRequire(init)) {
      if (api.isIdentifier(node.name)) {
        this.bind(this.moduleBindings, node.name);
        return;
      }
      if (!api.isObjectBindingPattern(node.name)) return;
      for (const el of node.name.elements) {
        if (el.dotDotDotToken !== undefined || !api.isIdentifier(el.name)) continue;
        const key = el.propertyName ?? el.name;
        if ((api.isIdentifier(key) || api.isStringLiteral(key)) && key.text === "log") this.bind(this.logBindings, el.name);
      }
      return;
    }
    if (api.isIdentifier(node.name) && api.isPropertyAccessExpression(init) && init.name.text === "log" && this.isRuntimeRequire(init.expression)) {
      this.bind(this.logBindings, node.name);
    }
  }

  /** `log.info(...)` · `L.warn(...)` · `lc.log.error(...)`: kept if the shape fits, resolved in `found()`. */
  onCall(call: ts.CallExpression): void {
    const api = this.api;
    const callee = call.expression;
    if (call.questionDotToken !== undefined || !api.isPropertyAccessExpression(callee) || callee.questionDotToken !== undefined) return;
    const method = callee.name.text;
    if (!isLogMethod(method)) return;
    const target = callee.expression;
    if (api.isIdentifier(target)) {
      this.candidates.push({ call, method, methodName: callee.name, receiver: target, via: "log" });
    } else if (
      api.isPropertyAccessExpression(target) &&
      target.questionDotToken === undefined &&
      target.name.text === "log" &&
      api.isIdentifier(target.expression)
    ) {
      this.candidates.push({ call, method, methodName: callee.name, receiver: target.expression, via: "module" });
    }
  }

  /** The candidates whose receiver is really ours, in the order they were met. */
  found(): FoundLogCall[] {
    if (this.bindingNames.size === 0) return [];
    const out: FoundLogCall[] = [];
    for (const c of this.candidates) {
      if (!this.bindingNames.has(c.receiver.text)) continue;
      const declaration = this.declarationOf(c.receiver);
      if (declaration === undefined) continue;
      if ((c.via === "log" ? this.logBindings : this.moduleBindings).has(declaration)) {
        out.push({ call: c.call, method: c.method, methodName: c.methodName });
      }
    }
    return out;
  }

  private bind(set: Set<ts.Node>, name: ts.Identifier): void {
    set.add(name);
    this.bindingNames.add(name.text);
  }

  /** `require("logcrest")`, the call itself. */
  private isRuntimeRequire(node: ts.Expression): boolean {
    const api = this.api;
    return (
      api.isCallExpression(node) &&
      api.isIdentifier(node.expression) &&
      node.expression.text === "require" &&
      node.arguments.length === 1 &&
      isRuntimeSpecifier(api, node.arguments[0]!)
    );
  }

  /** The binding identifier `id` refers to: the nearest enclosing scope that declares its name. */
  private declarationOf(id: ts.Identifier): ts.Node | undefined {
    for (let node = this.parentOf(id); node !== undefined; node = this.parentOf(node)) {
      const found = this.declared(node)?.get(id.text);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Names a scope node declares, each with its binding identifier; undefined for a node that is no scope. */
  private declared(node: ts.Node): Map<string, ts.Node> | undefined {
    let names = this.scopes.get(node);
    if (names === undefined) {
      names = scopeDeclarations(this.api, node);
      if (names === undefined) return undefined;
      this.scopes.set(node, names);
    }
    return names;
  }
}

function isRuntimeSpecifier(api: TsApi, node: ts.Node): boolean {
  return api.isStringLiteral(node) && node.text === RUNTIME_MODULE;
}

/**
 * The declarations of one scope (see the file header for the model):
 *   source file, block, module block, case block: its statements' let/const/var, functions,
 *     classes, enums, namespaces, imports; a source file also every `var` outside functions;
 *   a function: its parameters, its own name (function expressions), and its body's `var`s
 *     (a class static block: its `var`s);
 *   a `for` statement: its own declarations; a catch clause: its binding; a class expression: its name.
 */
function scopeDeclarations(api: TsApi, node: ts.Node): Map<string, ts.Node> | undefined {
  const out = new Map<string, ts.Node>();
  const add = (name: ts.BindingName | ts.Identifier | undefined): void => addBindings(api, name, out);
  if (api.isSourceFile(node) || api.isBlock(node) || api.isModuleBlock(node)) {
    for (const s of node.statements) statementDeclarations(api, s, add);
    if (api.isSourceFile(node)) hoistedVars(api, node, add);
    return out;
  }
  if (api.isCaseBlock(node)) {
    for (const clause of node.clauses) for (const s of clause.statements) statementDeclarations(api, s, add);
    return out;
  }
  if (api.isClassStaticBlockDeclaration(node)) {
    hoistedVars(api, node.body, add);
    return out;
  }
  if (isFunctionScope(api, node)) {
    const fn = node as FunctionNode;
    for (const p of fn.parameters) add(p.name);
    if (api.isFunctionExpression(fn)) add(fn.name);
    if (fn.body !== undefined && api.isBlock(fn.body)) hoistedVars(api, fn.body, add);
    return out;
  }
  if (api.isForStatement(node) || api.isForInStatement(node) || api.isForOfStatement(node)) {
    const init = node.initializer;
    if (init !== undefined && api.isVariableDeclarationList(init)) for (const d of init.declarations) add(d.name);
    return out;
  }
  if (api.isCatchClause(node)) {
    add(node.variableDeclaration?.name);
    return out;
  }
  if (api.isClassExpression(node)) {
    add(node.name);
    return out;
  }
  return undefined;
}

function statementDeclarations(api: TsApi, s: ts.Statement, add: (name: ts.BindingName | ts.Identifier | undefined) => void): void {
  if (api.isVariableStatement(s)) {
    for (const d of s.declarationList.declarations) add(d.name);
  } else if (api.isFunctionDeclaration(s) || api.isClassDeclaration(s) || api.isEnumDeclaration(s)) {
    add(s.name);
  } else if (api.isModuleDeclaration(s) && api.isIdentifier(s.name)) {
    add(s.name);
  } else if (api.isImportEqualsDeclaration(s)) {
    add(s.name);
  } else if (api.isImportDeclaration(s)) {
    const clause = s.importClause;
    if (clause === undefined) return;
    add(clause.name);
    const b = clause.namedBindings;
    if (b !== undefined && api.isNamespaceImport(b)) add(b.name);
    else if (b !== undefined) for (const el of b.elements) add(el.name);
  }
}

/** Every `var` under `root` that belongs to its function (or file): nested functions and classes are not entered. */
function hoistedVars(api: TsApi, root: ts.Node, add: (name: ts.BindingName) => void): void {
  const visit = (node: ts.Node): void => {
    if (isFunctionScope(api, node) || api.isClassLike(node)) return;
    // BlockScoped is let|const|using in every TS version.
    if (api.isVariableDeclarationList(node) && (node.flags & api.NodeFlags.BlockScoped) === 0) {
      for (const d of node.declarations) add(d.name);
    }
    api.forEachChild(node, visit);
  };
  api.forEachChild(root, visit);
}

/** Every identifier a binding name binds (`a`; `a`, `c` for `{ a, b: [c] }`). The first declaration of a name wins. */
function addBindings(api: TsApi, name: ts.BindingName | ts.Identifier | undefined, out: Map<string, ts.Node>): void {
  if (name === undefined) return;
  if (api.isIdentifier(name)) {
    if (!out.has(name.text)) out.set(name.text, name);
    return;
  }
  for (const el of name.elements) {
    if (api.isBindingElement(el)) addBindings(api, el.name, out);
  }
}
