/**
 * Argument parsing for the subcommands, on top of Node's own `util.parseArgs` so that
 * `--opt value`, `--opt=value`, `-o value` and `--` behave the way users expect.
 * Every mistake becomes a `UsageError`, which main.ts prints with the command's usage
 * and exit code 2.
 */
import { parseArgs } from "node:util";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An input problem that is not a usage mistake (missing directory, unreadable file): exit 1. */
export class InputError extends Error {
  override readonly name = "InputError";
}

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
}

export interface Parsed {
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | undefined>;
}

export function parseCommandArgs(argv: string[], options: Record<string, OptionSpec>): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { positionals, values: values as Record<string, string | boolean | undefined> };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** A whole positive number (`--last 5`). */
export function parsePositiveInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`${name} expects a whole number >= 1, got '${raw}'`);
  return Number(raw);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since`: an ISO time (`2026-11-25T13:00:00Z`, a date `2026-11-25`) or a span back from
 * `now` (`30s`, `10m`, `2h`, `3d`, `1w`). Returns epoch milliseconds.
 */
export function parseSince(raw: string, now: number): number {
  const rel = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(raw.trim());
  if (rel !== null) return now - Number(rel[1]) * UNIT_MS[rel[2]!]!;
  // Only things that look like dates: Date.parse alone accepts odd strings like "1".
  if (/^\d{4}-\d{2}-\d{2}/.test(raw.trim())) {
    const t = Date.parse(raw.trim());
    if (!Number.isNaN(t)) return t;
  }
  throw new UsageError(`--since expects an ISO time (2026-11-25T13:00:00Z) or a span like 30s, 10m, 2h, 3d; got '${raw}'`);
}
