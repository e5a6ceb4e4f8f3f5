/**
 * The plain data the analysis core hands to both build paths.
 *
 * `analyze()` (transformer/analyze.ts) turns one source file into a `FunctionPlan` per
 * tagged function plus `Diagnostic`s for bad tags. The plans hold only numbers and
 * strings: text offsets into the file, names, and validated tag options. The esbuild path
 * turns them into magic-string edits (transformer/codegen.ts); the ts-patch adapter maps
 * them onto its own AST by offset (a plan's `fnStart`/`fnEnd` are the function node's
 * `getStart()`/`getEnd()` in any TypeScript parse of the same text).
 *
 * Entry points (transformer/analyze.ts):
 *   analyze(text, fileName, options?): AnalyzeResult            parses with our pinned TypeScript
 *   analyzeSourceFile(sourceFile, options?, tsApi?): AnalyzeResult
 *     for a SourceFile parsed by another TypeScript instance (the user's TS 5.x/6.x under
 *     tspc): pass that instance as `tsApi` so SyntaxKind numbers match.
 * Functions tagged below `minLevel` get no plan (compiled out) but are still validated.
 * Calls of logcrest's `log` (transformer/core/log-calls.ts) get a `LogCallPlan` each.
 *
 * Every offset is a 0-based UTF-16 index into the file text (what TypeScript and
 * magic-string both use). Lines and columns are 1-based.
 */

import type { LogMethod } from "../../runtime/contract";

/** Which tag made the plan. */
export type PlanKind = "logcrest" | "flow";

/** Diagnostic codes. Stable: tests, the CLI and users match on them. */
export const Code = {
  /** A word in the tag that is not an allowed option (`@logcrest verbose`). */
  UnknownOption: "LC001",
  /** A level that is not debug/info/warn/warning/error/critical (`level=loud`). */
  UnknownLevel: "LC002",
  /**
   * An option naming a parameter the function does not have: `labelFrom=x`, or a `redact=`
   * path starting with `x`, where there is no parameter (or destructured property) `x`, or
   * an index past the last parameter.
   */
  NoSuchParameter: "LC003",
  /** The tag sits on a generator function (not supported yet). */
  Generator: "LC004",
  /** The tag sits on a function without a body (abstract, `declare`, an overload without implementation). */
  NoBody: "LC005",
  /**
   * An option given twice or options that do not go together (`@logcrest info level=warn`,
   * `name=a name=b`, both tags on one function, `redact=` without `logArgs`).
   */
  Conflict: "LC006",
  /** An option with a bad value (`name=` empty, `labelFrom=` empty, `logArgs=yes`, `redact=a..b`). */
  BadValue: "LC007",
  /** A tag where no function is (`@logcrest` on a variable holding a number, `@flow` on a class). */
  NotAFunction: "LC008",
  /** Tagged functions nested deeper than the tspc path can emit (ts-patch/depth.ts). */
  TooDeep: "LC009",
  /** The function already is our output (its body starts with the generated frame): a second transform would instrument it twice. */
  AlreadyInstrumented: "LC010",
} as const;
export type DiagnosticCode = (typeof Code)[keyof typeof Code];

/** A located problem with a tag. Every bad tag yields one; the build fails on any. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  /** One line; names the problem and, for option errors, the allowed options. */
  readonly message: string;
  /** The file as given to `analyze()` (absolute path or whatever the caller passed). */
  readonly file: string;
  /** 1-based line of `start`. */
  readonly line: number;
  /** 1-based column of `start` (UTF-16 units, as editors count). */
  readonly column: number;
  /** Offset of the offending text (the tag word or the option). */
  readonly start: number;
  readonly length: number;
}

/**
 * The one error class of the transformer. Thrown internally where a bad tag is found;
 * `analyze()` catches it and turns it into a `Diagnostic`. Anything else thrown is a bug
 * and propagates unchanged (typia's rule: only our own error becomes a diagnostic).
 */
export class LogcrestError extends Error {
  override readonly name = "LogcrestError";
  constructor(
    readonly code: DiagnosticCode,
    message: string,
    /** Offset and length of the offending text in the file. */
    readonly start: number,
    readonly length: number,
  ) {
    super(message);
  }
}

/** A `return` statement of the planned function itself (never of a nested function). */
export interface ReturnSite {
  /** Offset of the `return` keyword. */
  readonly start: number;
  /** Offset after the whole statement (after `;` when present). */
  readonly end: number;
  /** Range of the returned expression; both -1 for a bare `return;`. */
  readonly exprStart: number;
  readonly exprEnd: number;
  /**
   * How the expression must be wrapped when it becomes an argument or an `await` operand:
   * `"comma"` (a `, b` needs parentheses everywhere), `"simple"` (identifier, call, member
   * access, literal, parenthesised: never needs parentheses), `"other"` (needs parentheses
   * after `await`, not as a call argument).
   */
  readonly exprShape: "simple" | "comma" | "other";
  /**
   * The return sits inside a `try` statement of this function (its try, catch or finally
   * block). In an async function such a return must not become `return await`: the user's
   * own catch/finally would then see the settling of the returned promise. Code generation
   * then awaits the whole body instead (SEMANTICS.md rule 10).
   */
  readonly insideTry: boolean;
}

/** One parameter of the planned function, as code generation needs it. */
export interface ParamInfo {
  /** The identifier when the parameter is a plain identifier (`a`, `...rest`), else undefined. */
  readonly name: string | undefined;
  readonly rest: boolean;
  /**
   * An expression that reads the parameter's value at entry without side effects:
   * the identifier, or for a destructuring pattern the pattern rebuilt as an
   * object/array literal of its bindings (`{ a, b: c }`, defaults and computed keys
   * dropped). Used for `logArgs` in arrows, which have no `arguments`.
   */
  readonly valueText: string;
  /** Every identifier this parameter binds (`a`; `a`, `c` for `{ a, b: c }`). */
  readonly bindings: readonly string[];
}

/** Where a `@flow` label is read at call time (`labelFrom=`), resolved at build time. */
export interface LabelSource {
  /** The option as written: a parameter/property name or an index. */
  readonly option: string | number;
  /**
   * The expression that reads it at entry, valid in the function's body scope:
   * a parameter identifier, a binding name from a destructured object parameter, a rest
   * element (`rest[1]`), or `arguments[i]` (non-arrow functions only).
   */
  readonly expression: string;
}

/**
 * `redact=` resolved at build time (README: Tags): each path as the site row carries it
 * (runtime/contract.ts `SiteRow`), its first element the argument index (or `"*"`, every
 * argument) and then property names (`"*"`: any). `card.number` on `(user, card)` is
 * `[1, "number"]`; on `({ card })` it is `[0, "card", "number"]`.
 */
export interface RedactSource {
  /** The option's value as written (`password,card.number`). */
  readonly option: string;
  readonly paths: readonly (readonly (string | number)[])[];
}

/** Everything code generation needs to instrument one tagged function. */
export interface FunctionPlan {
  readonly kind: PlanKind;
  /** Name in records: `f`, `Class.method`, `Class.constructor`, `Class.x` (get/set), variable/property name, or `name=`. */
  readonly name: string;
  /** File path relative to the project root, `/`-separated. */
  readonly file: string;
  /** 1-based line and column of the function's first token (name for declarations, `(` or param for arrows). */
  readonly line: number;
  readonly column: number;
  /** Numeric level (10..50) from the tag; default DEFAULT_TAG_LEVEL (runtime/contract.ts). */
  readonly level: number;
  readonly logArgs: boolean;
  readonly logResult: boolean;
  /** `@flow LABEL`: the raw label as written (the runtime cleans it), else undefined. */
  readonly label: string | undefined;
  /** `@flow labelFrom=...` resolved, else undefined. */
  readonly labelFrom: LabelSource | undefined;
  /** `redact=...` resolved to argument paths (only with `logArgs`), else undefined. */
  readonly redact: RedactSource | undefined;
  readonly isAsync: boolean;
  readonly isArrow: boolean;
  readonly isConstructor: boolean;
  /** Offset of the function node's first token (after leading trivia and JSDoc) and its end. */
  readonly fnStart: number;
  readonly fnEnd: number;
  /**
   * Block body: offset of `{` and offset after `}`.
   * Expression body (arrows): the expression's range (first token to end).
   */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly expressionBody: boolean;
  /**
   * Where the prologue (`const $f = enter(...); try {`) goes: after the `{`, after the
   * body's directive prologue, and for constructors after a top-level `super(...)`
   * statement. Equal to `bodyStart` for expression bodies.
   */
  readonly prologueAt: number;
  /** The statement right before `prologueAt` (directive or `super(...)`) has no `;` of its own. */
  readonly prologueNeedsSemicolon: boolean;
  /** Every `return` of this function (not of nested functions), in source order. */
  readonly returns: readonly ReturnSite[];
  /**
   * The returns both emitters rewrite (core/shape.ts `returnWrap`): with an expression, in
   * an async body (`return await EXPR`) or under logResult (`return L.ret(F, EXPR)`); none
   * when the body is awaited whole. Decided here once, for both build paths.
   */
  readonly rewrittenReturns: readonly ReturnSite[];
  /**
   * An async block body with a `return` inside one of its own `try` statements: its returns
   * are not rewritten; the whole body runs in an inner async arrow that is awaited instead
   * (SEMANTICS.md rule 10). Decided here once, for both build paths.
   */
  readonly awaitWholeBody: boolean;
  readonly params: readonly ParamInfo[];
  /**
   * Async bodies run inside an arrow (SEMANTICS.md rule 11): names the body declares with
   * `var` that are also parameter names (or `arguments`). Their values must be copied
   * into the arrow so `var a = a || 1` still starts from the parameter's value.
   */
  readonly varShadowedParams: readonly string[];
  /**
   * The name V8 gives the function (`chargeCard`, `#p`, `default`, `""` when unknowable): the
   * inner arrow of an async body is named so, so a throw's frames read as without us.
   */
  readonly frameName: string;
  /** Index of the plan's row in the module's site table (order of `plans`). */
  readonly siteIndex: number;
}

/**
 * A call of logcrest's `log` (`log.info(msg, fields)`): both emitters make it
 * `log.info.call(SITE, msg, fields)` (core/shape.ts `callSiteReceiver`), the site as the
 * receiver and the arguments untouched, so the record names the enclosing function, the
 * file and the line without a stack capture.
 */
export interface LogCallPlan {
  /** `info`, `exception`, ...: the method called. */
  readonly method: LogMethod;
  /**
   * The enclosing function's record name, by the rules of tagged functions (a tagged one's
   * own name, `name=` included); `<module>` outside any function (Python's name for it).
   */
  readonly name: string;
  /** File path relative to the project root, `/`-separated (as `FunctionPlan.file`). */
  readonly file: string;
  /** 1-based line of the method name (`info` in `log.info(`), where a stack frame would point. */
  readonly line: number;
  /** The call expression: `getStart()` and `end` (after its `)`), for the ts-patch adapter to find it. */
  readonly callStart: number;
  readonly callEnd: number;
  /** End of the callee (right after `info` in `log.info(`, before any comment ahead of the `(`): `.call` goes here. */
  readonly calleeEnd: number;
  /** Offset of the call's `(`: the site (and `, ` when there are arguments) goes right after it. */
  readonly openParen: number;
  /** The call has arguments (the site is then followed by `, `). */
  readonly hasArguments: boolean;
  /** Index of the call's row in the module's site table: after every function's row; calls on one line of one function share a row. */
  readonly siteIndex: number;
}

/** Options shared by both build paths (README: Build with esbuild, Troubleshooting). */
export interface AnalyzeOptions {
  /** Project root: `file` in records is relative to it. Default: `process.cwd()`. */
  readonly root?: string;
  /** Functions tagged below this level are left untouched (compiled out). Name or number. */
  readonly minLevel?: string | number;
}

export interface AnalyzeResult {
  /** Plans in source order of the functions, `siteIndex` = position in this array. */
  readonly plans: readonly FunctionPlan[];
  readonly diagnostics: readonly Diagnostic[];
  /** Calls of logcrest's `log`, in source order. */
  readonly logCalls: readonly LogCallPlan[];
  /** Module-level facts for the prelude; undefined when the file was not parsed (no tag word, no possible log call). */
  readonly module?: ModuleInfo;
}

/** Where and how the esbuild path puts the module prelude (import + site table). */
export interface ModuleInfo {
  /** After the shebang line and the file's directive prologue (`"use strict"`, `"use client"`). */
  readonly preludeAt: number;
  /** The directive right before `preludeAt` has no `;`. */
  readonly preludeNeedsSemicolon: boolean;
  /** The file has `import`/`export` syntax (an ES module), so the prelude uses `import`. */
  readonly esm: boolean;
}
