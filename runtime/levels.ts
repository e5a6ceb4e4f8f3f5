/** Numeric levels, the same numbers as Python's logging (SPEC §5). */
export const DEBUG = 10;
export const INFO = 20;
export const WARNING = 30;
export const ERROR = 40;
export const CRITICAL = 50;

export type LevelName = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

const NAMES: Record<number, LevelName> = {
  [DEBUG]: "DEBUG",
  [INFO]: "INFO",
  [WARNING]: "WARNING",
  [ERROR]: "ERROR",
  [CRITICAL]: "CRITICAL",
};

const BY_NAME: Record<string, number> = {
  debug: DEBUG,
  info: INFO,
  warn: WARNING,
  warning: WARNING,
  error: ERROR,
  critical: CRITICAL,
};

/** Name for a level number; numbers between the standard ones print as `LEVEL<n>`. */
export function levelName(level: number): string {
  return NAMES[level] ?? `LEVEL${level}`;
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
  return BY_NAME[trimmed.toLowerCase()];
}

/** Level names accepted in tags and config, for error messages. */
export const LEVEL_WORDS = ["debug", "info", "warn", "warning", "error", "critical"] as const;
