/**
 * The contract between build time and run time: the numbers the transformer writes into
 * generated code and the runtime reads back. Written once, here, and imported by both
 * sides (transformer/tags.ts, transformer/codegen.ts, runtime/levels.ts, runtime/record.ts,
 * runtime/sites.ts); test/contract.test.ts ties them together.
 *
 * This file imports nothing, so the transformer can use it without loading the runtime and
 * the runtime stays free of build-time code. Values here are baked into users' built
 * files: changing one breaks code built by another version, so add, never renumber.
 */

/** Numeric levels, the same numbers as Python's logging. */
export const DEBUG = 10;
export const INFO = 20;
export const WARNING = 30;
export const ERROR = 40;
export const CRITICAL = 50;

export type LevelName = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/** Record names of the standard levels. */
export const LEVEL_NAMES: Readonly<Record<number, LevelName>> = Object.freeze({
  [DEBUG]: "DEBUG",
  [INFO]: "INFO",
  [WARNING]: "WARNING",
  [ERROR]: "ERROR",
  [CRITICAL]: "CRITICAL",
});

/** The level words of tags, config and `minLevel`, lower case (`warn` is `warning`). */
export const LEVEL_WORDS = ["debug", "info", "warn", "warning", "error", "critical"] as const;
export type LevelWord = (typeof LEVEL_WORDS)[number];

export const LEVEL_BY_WORD: Readonly<Record<LevelWord, number>> = Object.freeze({
  debug: DEBUG,
  info: INFO,
  warn: WARNING,
  warning: WARNING,
  error: ERROR,
  critical: CRITICAL,
});

/** A level word in any case to its number; `undefined` for anything else (also `toString`). */
export function levelOfWord(word: string): number | undefined {
  const key = word.toLowerCase();
  return Object.prototype.hasOwnProperty.call(LEVEL_BY_WORD, key) ? LEVEL_BY_WORD[key as LevelWord] : undefined;
}

/** A tag without a level (`@logcrest`, `@flow checkout`) logs at INFO. */
export const DEFAULT_TAG_LEVEL = INFO;

/** `minLevel` build option when unset: nothing is compiled out. */
export const DEFAULT_MIN_LEVEL = 0;

/**
 * Site flags: the 4th field of a site row, a bit set. `LABEL_FROM`: the flow label is the
 * 3rd argument of `enter`, read from the `labelFrom` parameter (missing or empty: bare hex).
 */
export const F_LOG_ARGS = 1;
export const F_LOG_RESULT = 2;
export const F_FLOW = 4;
export const F_ASYNC = 8;
export const F_LABEL_FROM = 16;
/** The row is a `log.*` call's site (its enclosing function, file and line), not a tagged function's. */
export const F_LOG_CALL = 32;

/** Every flag, for tests and for a runtime that must reject rows from a newer build. */
export const SITE_FLAGS = Object.freeze({
  LogArgs: F_LOG_ARGS,
  LogResult: F_LOG_RESULT,
  Flow: F_FLOW,
  Async: F_ASYNC,
  LabelFrom: F_LABEL_FROM,
  LogCall: F_LOG_CALL,
});

/**
 * The `Logger` methods (runtime/log.ts) whose calls generated code gives their site. It
 * passes the site as the call's receiver, `log.info("m")` → `log.info.call(SITE, "m")`, so
 * the arguments stay the user's; the runtime takes `this` only when it is a site a module's
 * table made (runtime/sites.ts `callSite`).
 */
export const LOG_METHODS = Object.freeze(["debug", "info", "warn", "warning", "error", "critical", "exception", "log"] as const);
export type LogMethod = (typeof LOG_METHODS)[number];

/**
 * A site row, as the transformer emits it into the module prelude and `__lc.sites()`
 * reads it: `[name, line, level, flags, label?, redact?]` (docs/ARCHITECTURE.md §1). With
 * `redact` and no label, the label is `""` (an empty label is none). A `log.*` call's row
 * is `[enclosing function or "<module>", line of the call, 0, F_LOG_CALL]`.
 */
export type SiteRow = readonly [
  name: string,
  line: number,
  level: number,
  flags: number,
  label?: string,
  /** The tag's `redact=` paths: each an argument index (or "*") then property names ("*": any). */
  redact?: readonly (readonly (string | number)[])[],
];

/** The export of the runtime that generated code calls (`import { __lc } from "logcrest"`). */
export const GENERATED_API = "__lc";
/** The module specifier generated code imports the runtime from, by default. */
export const RUNTIME_MODULE = "logcrest";
