/**
 * Level names and parsing for the runtime. The numbers and words themselves are the
 * build-time/run-time contract (runtime/contract.ts), shared with the transformer.
 */
import * as contract from "./contract";
import { LEVEL_NAMES, levelOfWord } from "./contract";

// Constants, not `export { X } from`: tsc compiles a re-export to a getter, and these are
// read on the hot path (`log.info` passes INFO on every call).
export const DEBUG = contract.DEBUG;
export const INFO = contract.INFO;
export const WARNING = contract.WARNING;
export const ERROR = contract.ERROR;
export const CRITICAL = contract.CRITICAL;
export const LEVEL_WORDS = contract.LEVEL_WORDS;
export type { LevelName } from "./contract";

/** Name for a level number; numbers between the standard ones print as `LEVEL<n>`. */
export function levelName(level: number): string {
  return LEVEL_NAMES[level] ?? `LEVEL${level}`;
}

/**
 * Parses a level given as a name (any case, `warn` = `warning`), a number, or a numeric
 * string (`"30"`). Returns `undefined` for anything else so the caller can warn.
 */
export function parseLevel(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return levelOfWord(trimmed);
}
