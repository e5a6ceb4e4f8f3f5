/**
 * The analysis core: one source file in, a plan per tagged function and a diagnostic per
 * bad tag out (transformer/plan.ts). Both build paths use it; neither looks at tags itself.
 *
 * A walk over the AST dispatches on node kind (the visitor table below, one handler per
 * kind with an example of what it handles). Tags are read from the raw `/** *\/` comments
 * in the leading trivia of the function and of its "hosts" (variable statement, export,
 * property, overload signatures), never from TypeScript's JSDoc API (see tags.ts).
 * Every tagged comment must end up on a function: a leftover one is an error (LC008),
 * so a build never silently skips a tag.
 *
 * In a file that imports `logcrest`, the same walk also finds the calls of its `log`
 * (log-calls.ts) and plans a call site for each: the enclosing function's record name, the
 * file and the line.
 */
import type * as ts from "typescript";
import {
  describeParams,
  isFunctionScope,
  ownReturns,
  prologuePosition,
  realParams,
  resolveLabelFrom,
  resolveRedact,
  varShadowedParams,
  type FunctionNode,
} from "./function-shape";
import { mayNeedTransform } from "./gate";
import { LogCallFinder, mayCallLog } from "./log-calls";
import { projectFile, resolveMinLevel } from "./options";
import { FRAME_NAME_RE } from "./prelude";
import {
  Code,
  LogcrestError,
  type AnalyzeOptions,
  type AnalyzeResult,
  type Diagnostic,
  type DiagnosticCode,
  type FunctionPlan,
  type LogCallPlan,
  type ModuleInfo,
} from "./plan";
import { findTags, mayContainTag, parseTag, type RawTag, type TagOptions } from "./tags";
import { commentsAt } from "./trivia";
import { parse, pinnedTs, type TsApi } from "./ts-api";

const EMPTY: AnalyzeResult = Object.freeze({ plans: Object.freeze([]), diagnostics: Object.freeze([]), logCalls: Object.freeze([]) });

/** Module top level, as a call site's function (Python's name for it). */
const MODULE_SCOPE_NAME = "<module>";

/** Parses `text` with our pinned TypeScript and analyzes it. Files with no tag word and no possible log call return at once. */
export function analyze(text: string, fileName: string, options: AnalyzeOptions = {}): AnalyzeResult {
  if (!mayNeedTransform(text)) return EMPTY;
  const api = pinnedTs();
  return analyzeSourceFile(parse(api, fileName, text), options, api);
}

/**
 * Analyzes a SourceFile parsed elsewhere (the ts-patch adapter's, from the user's
 * TypeScript). Pass that TypeScript as `api`: SyntaxKind numbers differ between versions.
 */
export function analyzeSourceFile(sourceFile: ts.SourceFile, options: AnalyzeOptions = {}, api: TsApi = pinnedTs()): AnalyzeResult {
  if (!mayNeedTransform(sourceFile.text)) return EMPTY;
  return new Analysis(api, sourceFile, options).run();
}

interface TaggedComment {
  readonly start: number;
  readonly tags: readonly RawTag[];
  claimed: boolean;
  /** The comment sits before an import/export-from or at the end of the file: not a function's place. */
  exempt: boolean;
}

interface ClassTag {
  readonly options: TagOptions;
  readonly className: string;
}

type Handler = (node: ts.Node) => void;

class Analysis {
  private readonly text: string;
  private readonly file: string;
  private readonly minLevel: number;
  private readonly comments = new Map<number, TaggedComment>();
  private readonly seenPositions = new Set<number>();
  private readonly parents = new Map<ts.Node, ts.Node>();
  /** Implementation → positions of its overload signatures (their JSDoc counts for it). */
  private readonly overloadHosts = new Map<ts.Node, number[]>();
  private readonly overloadSignatures = new Set<ts.Node>();
  private readonly classTags = new Map<ts.Node, ClassTag | null>();
  private readonly plans: Omit<FunctionPlan, "siteIndex">[] = [];
  /** Record names of tagged functions (also compiled-out ones): a log call inside one is named as its records are. */
  private readonly recordNames = new Map<ts.Node, string>();
  /** Present when the file may call logcrest's `log` (the byte pre-check). */
  private readonly logCalls: LogCallFinder | undefined;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly table: Map<ts.SyntaxKind, Handler>;

  constructor(
    private readonly api: TsApi,
    private readonly sf: ts.SourceFile,
    options: AnalyzeOptions,
  ) {
    this.text = sf.text;
    this.file = projectFile(sf.fileName, options.root);
    this.minLevel = resolveMinLevel(options.minLevel);
    const K = api.SyntaxKind;
    const fn: Handler = (n) => this.onFunction(n as FunctionNode);
    const overloads: Handler = (n) => this.groupOverloads((n as ts.SourceFile | ts.Block | ts.ModuleBlock).statements);
    const cls: Handler = (n) => this.onClass(n as ts.ClassLikeDeclaration);
    this.table = new Map<ts.SyntaxKind, Handler>([
      // function f() {} · export function f() {} · export default function () {}
      [K.FunctionDeclaration, fn],
      // const g = function () {} · x.on("e", /** @logcrest */ function h() {})
      [K.FunctionExpression, fn],
      // const a = (x) => x + 1 · { m: async () => {} } · class C { h = () => {} }
      [K.ArrowFunction, fn],
      // class C { m() {} static s() {} #p() {} [k]() {} } · { m() {} }
      [K.MethodDeclaration, fn],
      // class C { constructor(private x: number) { super(); } }
      [K.Constructor, fn],
      // class C { get x() { return 1 } set x(v) {} }
      [K.GetAccessor, fn],
      [K.SetAccessor, fn],
      // /** @logcrest */ class C {} · const D = class {}
      [K.ClassDeclaration, cls],
      [K.ClassExpression, cls],
      // function f(a: string): void; function f(a: any) {}  (overload groups, in any statement list)
      [K.SourceFile, overloads],
      [K.Block, overloads],
      [K.ModuleBlock, overloads],
    ]);
    this.logCalls = mayCallLog(this.text) ? new LogCallFinder(api, (n) => this.parentOf(n)) : undefined;
    const calls = this.logCalls;
    if (calls !== undefined) {
      // import { log } from "logcrest" · import * as lc from "logcrest"
      this.table.set(K.ImportDeclaration, (n) => calls.onImport(n as ts.ImportDeclaration));
      // import lc = require("logcrest")
      this.table.set(K.ImportEqualsDeclaration, (n) => calls.onImportEquals(n as ts.ImportEqualsDeclaration));
      // const { log } = require("logcrest") · const lc = require("logcrest")
      this.table.set(K.VariableDeclaration, (n) => calls.onVariable(n as ts.VariableDeclaration));
      // log.info("x") · lc.log.warn("y", { k })
      this.table.set(K.CallExpression, (n) => calls.onCall(n as ts.CallExpression));
    }
  }

  run(): AnalyzeResult {
    this.visit(this.sf);
    this.noteComments(this.sf.endOfFileToken.pos, true);
    this.reportLeftovers();
    const plans = this.plans
      .sort((a, b) => a.fnStart - b.fnStart)
      .map((p, siteIndex): FunctionPlan => ({ ...p, siteIndex }));
    this.diagnostics.sort((a, b) => a.start - b.start);
    return { plans, diagnostics: this.diagnostics, logCalls: this.logCallPlans(plans.length), module: moduleInfo(this.api, this.sf) };
  }

  /** A plan per call of our `log`, in source order; rows after the `firstRow` function rows, one per function and line. */
  private logCallPlans(firstRow: number): LogCallPlan[] {
    if (this.logCalls === undefined) return [];
    const rows = new Map<string, number>();
    const out: LogCallPlan[] = [];
    for (const { call, method, methodName } of this.logCalls.found().sort((a, b) => a.call.getStart(this.sf) - b.call.getStart(this.sf))) {
      const name = this.enclosingName(call);
      const line = this.sf.getLineAndCharacterOfPosition(methodName.getStart(this.sf)).line + 1;
      const key = `${line}:${name}`;
      let siteIndex = rows.get(key);
      if (siteIndex === undefined) {
        siteIndex = firstRow + rows.size;
        rows.set(key, siteIndex);
      }
      out.push({
        method,
        name,
        file: this.file,
        line,
        callStart: call.getStart(this.sf),
        callEnd: call.end,
        calleeEnd: call.expression.end,
        // The argument list starts right after the `(` (also with type arguments or a comment before it).
        openParen: call.arguments.pos - 1,
        hasArguments: call.arguments.length > 0,
        siteIndex,
      });
    }
    return out;
  }

  /**
   * The record name of the function a call is in: the innermost function (class static
   * blocks and field initializers are not functions: they take the name of what holds the
   * class), named as a tagged function would be; `<module>` at top level.
   */
  private enclosingName(call: ts.Node): string {
    for (let node = this.parentOf(call); node !== undefined; node = this.parentOf(node)) {
      if (!isFunctionScope(this.api, node) || this.api.isClassStaticBlockDeclaration(node)) continue;
      const fn = node as FunctionNode;
      const tagged = this.recordNames.get(fn);
      if (tagged !== undefined) return tagged;
      const owner = this.parentOf(fn);
      return this.nameOf(fn, owner === undefined ? undefined : (this.classTags.get(owner) ?? undefined));
    }
    return MODULE_SCOPE_NAME;
  }

  private visit(node: ts.Node): void {
    if (node.kind !== this.api.SyntaxKind.JsxText) this.noteComments(node.pos, this.api.isImportDeclaration(node) || this.api.isExportDeclaration(node) || this.api.isImportEqualsDeclaration(node));
    const handler = this.table.get(node.kind);
    if (handler !== undefined) this.guard(handler, node);
    this.api.forEachChild(node, (child) => {
      if (child.parent === undefined) this.parents.set(child, node);
      this.visit(child);
    });
  }

  /** Our own error becomes a diagnostic; anything else is a bug and propagates. */
  private guard(handler: Handler, node: ts.Node): void {
    try {
      handler(node);
    } catch (err) {
      if (!(err instanceof LogcrestError)) throw err;
      this.report(err.code, err.message, err.start, err.length);
    }
  }

  private report(code: DiagnosticCode, message: string, start: number, length: number): void {
    const { line, character } = this.sf.getLineAndCharacterOfPosition(start);
    this.diagnostics.push({ code, message, file: this.sf.fileName, line: line + 1, column: character + 1, start, length });
  }

  private parentOf(node: ts.Node): ts.Node | undefined {
    return node.parent ?? this.parents.get(node);
  }

  // ── comments ────────────────────────────────────────────────────────────────────────

  /** Records the tagged JSDoc comments in the leading trivia at `pos`. */
  private noteComments(pos: number, exempt = false): void {
    if (this.seenPositions.has(pos) && !exempt) return;
    this.seenPositions.add(pos);
    for (const r of commentsAt(this.text, pos)) {
      if (!r.block) continue;
      const known = this.comments.get(r.pos);
      if (known !== undefined) {
        // The file's first statement shares position 0 with the SourceFile: upgrade.
        if (exempt) known.exempt = true;
        continue;
      }
      const body = this.text.slice(r.pos, r.end);
      if (!mayContainTag(body)) continue;
      let tags: RawTag[];
      try {
        tags = findTags(body, r.pos);
      } catch (err) {
        if (!(err instanceof LogcrestError)) throw err;
        this.report(err.code, err.message, err.start, err.length);
        this.comments.set(r.pos, { start: r.pos, tags: [], claimed: true, exempt });
        continue;
      }
      if (tags.length > 0) this.comments.set(r.pos, { start: r.pos, tags, claimed: false, exempt });
    }
  }

  /** Takes the tags of every JSDoc comment at these positions (each comment once). */
  private claim(positions: readonly number[]): RawTag[] {
    const out: RawTag[] = [];
    const done = new Set<number>();
    for (const pos of positions) {
      this.noteComments(pos);
      for (const r of commentsAt(this.text, pos)) {
        const c = this.comments.get(r.pos);
        if (c === undefined || done.has(r.pos)) continue;
        done.add(r.pos);
        c.claimed = true;
        out.push(...c.tags);
      }
    }
    return out;
  }

  private reportLeftovers(): void {
    for (const c of this.comments.values()) {
      if (c.claimed || c.exempt) continue;
      for (const t of c.tags) {
        this.report(
          Code.NotAFunction,
          `@${t.kind} is not attached to a function: put it in the JSDoc block directly above a function, method, class, or a variable/property/export holding one`,
          t.start,
          t.length,
        );
      }
    }
  }

  /** Leading-trivia positions whose JSDoc belongs to `node` (a function or class). */
  private hostPositions(node: ts.Node): number[] {
    const api = this.api;
    const out = [node.pos, ...modifierEnds(api, node)];
    let cur: ts.Node = node;
    let parent = this.parentOf(cur);
    while (parent !== undefined && isExpressionWrapper(api, parent)) {
      out.push(parent.pos);
      cur = parent;
      parent = this.parentOf(parent);
    }
    if (parent === undefined) return out;
    if (api.isVariableDeclaration(parent) && parent.initializer === cur) {
      out.push(parent.pos);
      const list = this.parentOf(parent);
      if (list !== undefined && api.isVariableDeclarationList(list) && list.declarations[0] === parent) {
        out.push(list.pos);
        const stmt = this.parentOf(list);
        if (stmt !== undefined && api.isVariableStatement(stmt)) out.push(stmt.pos, ...modifierEnds(api, stmt));
      }
    } else if ((api.isPropertyAssignment(parent) || api.isPropertyDeclaration(parent)) && parent.initializer === cur) {
      out.push(parent.pos, ...modifierEnds(api, parent));
    } else if (api.isExportAssignment(parent)) {
      out.push(parent.pos, ...modifierEnds(api, parent));
    } else if (api.isBinaryExpression(parent) && parent.operatorToken.kind === api.SyntaxKind.EqualsToken && parent.right === cur) {
      out.push(parent.pos);
      const stmt = this.parentOf(parent);
      if (stmt !== undefined && api.isExpressionStatement(stmt)) out.push(stmt.pos);
    }
    return out;
  }

  // ── handlers ────────────────────────────────────────────────────────────────────────

  /** Overload signatures hand their JSDoc to the implementation that follows them. */
  private groupOverloads(members: ts.NodeArray<ts.Node>): void {
    let pending: ts.Node[] = [];
    let pendingKey: string | undefined;
    for (const m of members) {
      const key = overloadKey(this.api, m);
      if (key === undefined) {
        pending = [];
        pendingKey = undefined;
        continue;
      }
      const hasBody = (m as FunctionNode).body !== undefined;
      if (key !== pendingKey) {
        pending = [];
        pendingKey = key;
      }
      if (!hasBody) {
        pending.push(m);
        continue;
      }
      if (pending.length > 0) {
        this.overloadHosts.set(m, pending.flatMap((p) => this.hostPositions(p)));
        for (const p of pending) this.overloadSignatures.add(p);
      }
      pending = [];
      pendingKey = undefined;
    }
  }

  /** `/** @logcrest *\/ class C { ... }`: every method with a body is instrumented. */
  private onClass(node: ts.ClassLikeDeclaration): void {
    this.groupOverloads(node.members);
    const tags = this.claim(this.hostPositions(node));
    this.classTags.set(node, null);
    if (tags.length === 0) return;
    const options = this.single(tags);
    if (options.kind === "flow") {
      throw new LogcrestError(Code.NotAFunction, `@flow marks a function, not a class: tag the entry-point method`, options.start, options.length);
    }
    this.classTags.set(node, { options, className: options.name ?? this.className(node) });
  }

  private onFunction(fn: FunctionNode): void {
    if (this.overloadSignatures.has(fn)) return; // its JSDoc is claimed by the implementation
    const api = this.api;
    const tags = this.claim([...this.hostPositions(fn), ...(this.overloadHosts.get(fn) ?? [])]);
    const owner = this.parentOf(fn);
    const classTag = (owner !== undefined && api.isClassLike(owner) ? this.classTags.get(owner) : undefined) ?? undefined;
    let options: TagOptions;
    if (tags.length > 0) {
      options = this.single(tags);
    } else if (classTag !== undefined) {
      if (fn.body === undefined) return; // abstract or overload signature: not "a method with a body"
      options = { ...classTag.options, name: undefined };
    } else {
      return;
    }
    const where = tags.length > 0 ? { start: options.start, length: options.length } : nameRange(this.sf, fn);
    if (fn.asteriskToken !== undefined) {
      throw new LogcrestError(Code.Generator, `@${options.kind} on generator '${this.nameOf(fn, classTag)}': generators are not supported yet`, where.start, where.length);
    }
    if (fn.body === undefined) {
      throw new LogcrestError(
        Code.NoBody,
        `@${options.kind} on '${this.nameOf(fn, classTag)}', which has no body (abstract, declare, or an overload without implementation)`,
        where.start,
        where.length,
      );
    }
    this.plan(fn, fn.body, options, classTag);
  }

  /** One tag per function: two tags (also one on an overload and one on the implementation) is LC006. */
  private single(tags: readonly RawTag[]): TagOptions {
    if (tags.length > 1) {
      const second = tags[1]!;
      throw new LogcrestError(
        Code.Conflict,
        `more than one tag on one function (@${tags[0]!.kind} and @${second.kind}); keep one`,
        second.start,
        second.length,
      );
    }
    return parseTag(tags[0]!);
  }

  private plan(fn: FunctionNode, body: ts.ConciseBody, options: TagOptions, classTag: ClassTag | undefined): void {
    const api = this.api;
    const sf = this.sf;
    const isArrow = api.isArrowFunction(fn);
    const isConstructor = api.isConstructorDeclaration(fn);
    const isAsync = (api.getCombinedModifierFlags(fn as ts.Declaration) & api.ModifierFlags.Async) !== 0;
    const expressionBody = !api.isBlock(body);
    const params = describeParams(api, sf, fn);
    const labelFrom =
      options.labelFrom === undefined
        ? undefined
        : resolveLabelFrom(params, realParams(api, fn), api, options.labelFrom.value, isArrow, options.labelFrom.word);
    const name = options.name ?? this.nameOf(fn, classTag);
    const redact = options.redact === undefined ? undefined : resolveRedact(params, realParams(api, fn), api, options.redact, name);
    const prologue = api.isBlock(body) ? prologuePosition(api, sf, body, isConstructor) : { at: body.getStart(sf), needsSemicolon: false };
    if (api.isBlock(body) && startsWithOurFrame(api, sf, body, prologue.at)) {
      throw new LogcrestError(
        Code.AlreadyInstrumented,
        `'${name}' is already instrumented by logcrest (its body starts with the generated frame): transform the original source, not the output of a transform`,
        options.start,
        options.length,
      );
    }
    this.recordNames.set(fn, name);
    if (options.level < this.minLevel) return; // compiled out: validated, left untouched
    const at = nameRange(sf, fn).start;
    const { line, character } = sf.getLineAndCharacterOfPosition(at);
    const returns = api.isBlock(body) ? ownReturns(api, sf, body) : [];
    const awaitWholeBody = isAsync && !expressionBody && returns.some((r) => r.insideTry);
    this.plans.push({
      kind: options.kind,
      name,
      file: this.file,
      line: line + 1,
      column: character + 1,
      level: options.level,
      logArgs: options.logArgs,
      logResult: options.logResult,
      label: options.label,
      labelFrom,
      redact,
      isAsync,
      isArrow,
      isConstructor,
      fnStart: fn.getStart(sf),
      fnEnd: fn.end,
      bodyStart: body.getStart(sf),
      bodyEnd: body.end,
      expressionBody,
      prologueAt: prologue.at,
      prologueNeedsSemicolon: prologue.needsSemicolon,
      returns,
      // Async bodies await what they return and logResult keeps it; a body awaited whole
      // (a return inside the user's try) keeps its returns as written.
      rewrittenReturns: (isAsync || options.logResult) && !awaitWholeBody ? returns.filter((r) => r.exprStart >= 0) : [],
      awaitWholeBody,
      frameName: this.frameName(fn),
      params,
      varShadowedParams: isAsync && api.isBlock(body) ? varShadowedParams(api, body, params, isArrow) : [],
    });
  }

  // ── names ───────────────────────────────────────────────────────────────────────────

  /** The record name: `f`, `Class.method`, `Class.constructor`, `Class.x`, variable/property name. */
  private nameOf(fn: FunctionNode, classTag: ClassTag | undefined): string {
    const api = this.api;
    const owner = this.parentOf(fn);
    if (owner !== undefined && api.isClassLike(owner)) {
      const cls = classTag?.className ?? this.className(owner);
      return joinMember(cls, api.isConstructorDeclaration(fn) ? "constructor" : memberName(api, this.sf, fn.name!));
    }
    if (api.isFunctionDeclaration(fn)) return fn.name?.text ?? "default";
    if (!api.isFunctionExpression(fn) && !api.isArrowFunction(fn)) {
      return memberName(api, this.sf, (fn as ts.MethodDeclaration).name); // object-literal method or accessor
    }
    return this.expressionName(fn) ?? fn.name?.text ?? "<anonymous>";
  }

  /**
   * The name V8 gives the function itself, which a stack frame prints (`at NAME`, after the
   * receiver's type for a method call). The inner arrow of an async body gets it (core/shape.ts).
   * Not the record name: no class prefix, no `name=`; "" where V8 would name nothing we can
   * know at build time (a computed key that is not a literal, a callback argument).
   */
  private frameName(fn: FunctionNode): string {
    const api = this.api;
    const n = fn.name;
    if (n !== undefined) return literalKey(api, n) ?? "";
    if (api.isFunctionDeclaration(fn)) return "default"; // export default async function () {}
    let cur: ts.Node = fn;
    let parent = this.parentOf(cur);
    while (parent !== undefined && isExpressionWrapper(api, parent)) {
      cur = parent;
      parent = this.parentOf(parent);
    }
    if (parent === undefined) return "";
    if (api.isVariableDeclaration(parent) && api.isIdentifier(parent.name)) return parent.name.text;
    if (api.isPropertyAssignment(parent) || api.isPropertyDeclaration(parent)) return literalKey(api, parent.name) ?? "";
    if (api.isExportAssignment(parent)) return "default";
    if (api.isBinaryExpression(parent) && parent.right === cur && parent.operatorToken.kind === api.SyntaxKind.EqualsToken) {
      // V8 infers `o.y` for `o.y = async () => {}` and `z` for `z = async () => {}`.
      const left = parent.left;
      if (api.isIdentifier(left)) return left.text;
      if (api.isPropertyAccessExpression(left)) return left.getText(this.sf).replace(/\s+/g, "");
    }
    return "";
  }

  /** The variable, property or assignment target a function or class expression is stored in. */
  private expressionName(node: ts.Node): string | undefined {
    const api = this.api;
    let cur = node;
    let parent = this.parentOf(cur);
    while (parent !== undefined && isExpressionWrapper(api, parent)) {
      cur = parent;
      parent = this.parentOf(parent);
    }
    if (parent === undefined) return undefined;
    if (api.isVariableDeclaration(parent) && api.isIdentifier(parent.name)) return parent.name.text;
    if (api.isPropertyAssignment(parent)) return memberName(api, this.sf, parent.name);
    if (api.isPropertyDeclaration(parent)) {
      const cls = this.parentOf(parent)!;
      const tag = this.classTags.get(cls);
      return joinMember(tag?.className ?? this.className(cls as ts.ClassLikeDeclaration), memberName(api, this.sf, parent.name));
    }
    if (api.isExportAssignment(parent)) return "default";
    if (api.isBinaryExpression(parent) && parent.right === cur) {
      const left = parent.left;
      if (api.isIdentifier(left)) return left.text;
      if (api.isPropertyAccessExpression(left)) return left.name.text;
      return left.getText(this.sf);
    }
    return undefined;
  }

  private className(cls: ts.ClassLikeDeclaration): string {
    if (cls.name !== undefined) return cls.name.text;
    if (this.api.isClassDeclaration(cls)) return "default"; // export default class {}
    return this.expressionName(cls) ?? "<anonymous>";
  }
}

function moduleInfo(api: TsApi, sf: ts.SourceFile): ModuleInfo {
  let preludeAt = 0;
  let preludeNeedsSemicolon = false;
  if (sf.text.startsWith("#!")) {
    const nl = sf.text.indexOf("\n");
    preludeAt = nl === -1 ? sf.text.length : nl + 1;
  }
  for (const s of sf.statements) {
    if (!(api.isExpressionStatement(s) && api.isStringLiteral(s.expression))) break;
    preludeAt = s.end;
    preludeNeedsSemicolon = !s.getText(sf).endsWith(";");
  }
  return { preludeAt, preludeNeedsSemicolon, esm: hasModuleSyntax(api, sf) };
}

/** ES module syntax: import/export declarations, `export` modifiers, `export default`, `import.meta`. */
function hasModuleSyntax(api: TsApi, sf: ts.SourceFile): boolean {
  for (const s of sf.statements) {
    if (api.isImportDeclaration(s) || api.isExportDeclaration(s)) return true;
    if (api.isExportAssignment(s) && s.isExportEquals !== true) return true;
    if (api.canHaveModifiers(s) && api.getModifiers(s)?.some((m) => m.kind === api.SyntaxKind.ExportKeyword)) return true;
  }
  return sf.text.includes("import.meta");
}

/** `Class.method`; a member that is no identifier reads as `Class["literal name"]` or `Class[expr]`. */
function joinMember(owner: string, member: string): string {
  if (member.startsWith("[")) return owner + member;
  // Any identifier JavaScript allows, not only ASCII (`K.ñ`, `K.名前`).
  if (!/^#?[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u.test(member)) return `${owner}[${JSON.stringify(member)}]`;
  return `${owner}.${member}`;
}

function memberName(api: TsApi, sf: ts.SourceFile, name: ts.PropertyName): string {
  if (api.isIdentifier(name) || api.isPrivateIdentifier(name) || api.isStringLiteral(name) || api.isNumericLiteral(name)) return name.text;
  if (api.isComputedPropertyName(name)) {
    const e = name.expression;
    if (api.isStringLiteral(e) || api.isNumericLiteral(e) || api.isNoSubstitutionTemplateLiteral(e)) return e.text;
    return `[${e.getText(sf)}]`;
  }
  return name.getText(sf);
}

/** The body's first statement after the prologue point declares our frame (`const _lcF$x = ...`). */
function startsWithOurFrame(api: TsApi, sf: ts.SourceFile, body: ts.Block, at: number): boolean {
  const first = body.statements.find((s) => s.getStart(sf) >= at);
  if (first === undefined || !api.isVariableStatement(first)) return false;
  const d = first.declarationList.declarations[0];
  return d !== undefined && api.isIdentifier(d.name) && FRAME_NAME_RE.test(d.name.text);
}

/** A property name as the runtime key V8 names a function after: `m`, `#p`, `"a b"`, `1.5`; undefined for a computed expression. */
function literalKey(api: TsApi, name: ts.PropertyName): string | undefined {
  if (api.isIdentifier(name) || api.isPrivateIdentifier(name) || api.isStringLiteral(name)) return name.text;
  if (api.isNumericLiteral(name)) return String(Number(name.text));
  if (api.isComputedPropertyName(name)) {
    const e = name.expression;
    if (api.isStringLiteral(e) || api.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (api.isNumericLiteral(e)) return String(Number(e.text));
  }
  return undefined;
}

/** Where a diagnostic about the function itself points: its name, else its first token. */
function nameRange(sf: ts.SourceFile, fn: FunctionNode): { start: number; length: number } {
  const n = fn.name;
  if (n !== undefined) return { start: n.getStart(sf), length: n.end - n.getStart(sf) };
  return { start: fn.getStart(sf), length: 1 };
}

function modifierEnds(api: TsApi, node: ts.Node): number[] {
  const mods = api.canHaveModifiers(node) ? api.getModifiers(node) : undefined;
  const decorators = api.canHaveDecorators(node) ? api.getDecorators(node) : undefined;
  const out: number[] = [];
  for (const m of decorators ?? []) out.push(m.end);
  for (const m of mods ?? []) out.push(m.end);
  return out;
}

function isExpressionWrapper(api: TsApi, node: ts.Node): boolean {
  return (
    api.isParenthesizedExpression(node) ||
    api.isAsExpression(node) ||
    api.isSatisfiesExpression(node) ||
    api.isTypeAssertionExpression(node) ||
    api.isNonNullExpression(node)
  );
}

/** Overload group key: same name (and static-ness for members); undefined for anything else. */
function overloadKey(api: TsApi, node: ts.Node): string | undefined {
  if (api.isFunctionDeclaration(node)) return node.name === undefined ? "f:default" : `f:${node.name.text}`;
  if (api.isConstructorDeclaration(node)) return "constructor";
  if (api.isMethodDeclaration(node)) {
    const isStatic = api.getModifiers(node)?.some((m) => m.kind === api.SyntaxKind.StaticKeyword) ?? false;
    const n = node.name;
    const text = api.isIdentifier(n) || api.isPrivateIdentifier(n) || api.isStringLiteral(n) || api.isNumericLiteral(n) ? n.text : undefined;
    return text === undefined ? undefined : `${isStatic ? "s" : "i"}:${text}`;
  }
  return undefined;
}
