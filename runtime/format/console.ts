/**
 * The console layout: the text layout (format/text.ts) with the level coloured. User data is
 * escaped before any colour code is added, so the only escape sequences on the terminal are
 * the ones written here.
 */
import { valueConfig } from "../capture";
import type { Rec } from "../record";
import { fitLine, oversizeRecord } from "./bound";
import { escapeControl } from "./escape";
import { safeRecordObject } from "./safe-record";
import { textParts } from "./text";

const RESET = "\x1b[0m";
const DIM = "\x1b[2m";

function levelColour(level: string): string {
  switch (level) {
    case "DEBUG":
      return "\x1b[90m";
    case "INFO":
      return "\x1b[32m";
    case "WARNING":
      return "\x1b[33m";
    case "ERROR":
      return "\x1b[31m";
    case "CRITICAL":
      return "\x1b[1;97;41m";
    default:
      return "\x1b[36m";
  }
}

/** The console line for a record object; with `colour` false it equals `formatText`. */
export function formatConsole(record: Readonly<Record<string, unknown>>, colour: boolean): string {
  const [before, level, after] = textParts(record);
  if (!colour) return escapeControl(before + level + after);
  const name = escapeControl(level);
  return DIM + escapeControl(before) + RESET + levelColour(name.trim()) + name + RESET + escapeControl(after);
}

/**
 * One console line for a queued record, held to `maxRecordSize` bytes like the file lines
 * (format/bound.ts): escaping can grow a captured value sixfold (a control character is
 * `\u0001` on the terminal), so the snapshot budget alone does not bound it. Never throws.
 */
export function consoleLine(rec: Rec, record: Readonly<Record<string, unknown>> | undefined, loggerName: string, colour: boolean): string {
  const line = formatConsole(record ?? safeRecordObject(rec, loggerName), colour);
  const max = valueConfig().maxRecordSize;
  if (line.length * 3 <= max) return line;
  return fitLine(line, max, rec, remake, loggerName, colour) ?? formatConsole(oversizeRecord(rec, loggerName, max), colour);
}

function remake(rec: Rec, loggerName: string, colour: boolean): string {
  return formatConsole(safeRecordObject(rec, loggerName), colour);
}

/**
 * Colour decision, in Node's own order: FORCE_COLOR wins when set (`0` / `false` = off,
 * anything else = on), then NO_COLOR (any non-empty value = off), then a TTY that is not
 * `TERM=dumb`.
 */
export function useColour(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === "0" || force.toLowerCase() === "false");
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return isTTY && env.TERM !== "dumb";
}
