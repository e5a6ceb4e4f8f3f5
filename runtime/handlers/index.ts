/**
 * The extension surface (README: Handlers and formatters): handler and formatter types, the built-in
 * formatters, and the built-in outputs as handlers of the same interface, for adding an
 * extra output:
 *
 *   configure({ handlers: [
 *     fileHandler({ dir: "audit", json: false }),              // a second set of files, text
 *     { level: "ERROR", formatter: formatJson, handle: (_r, line) => void post(line) },
 *   ] });
 */
import { DEBUG, INFO, parseLevel } from "../levels";
import { useColour } from "../format/console";
import { fileStamp } from "../format/timestamp";
import { ConsoleSink } from "./console";
import { nodeDriver } from "./driver";
import { FileSink } from "./files";
import { onceReporter } from "./report";
import type { Formatter, HandlerObject } from "./types";

export type { Formatter, Handler, HandlerFunction, HandlerObject, LogRecord } from "./types";
export { formatJson } from "../format/json";
export { formatText } from "../format/text";

export interface FileHandlerOptions {
  /** Base directory: files go to `<dir>/success|error|flows/<stamp>_*.log`. Default "logs". */
  dir?: string;
  /** `logger` in its records. Default: the configured `name`. */
  name?: string;
  /** JSON lines (default) or the text layout. */
  json?: boolean;
  /** Any formatter in place of JSON / text. */
  formatter?: Formatter;
  /** Least level written. Default DEBUG. */
  level?: string | number;
  /** Bytes per file before rotation (0: none). Default 5242880. */
  maxSize?: number;
  /** Rotated files kept (0: no rotation). Default 3. */
  backupCount?: number;
}

/** The three rotating 0600 files (README: Configuration), as a handler. */
export function fileHandler(options: FileHandlerOptions = {}): HandlerObject {
  return new FileSink({
    dir: options.dir ?? "logs",
    stamp: fileStamp(new Date()),
    json: options.json ?? true,
    formatter: options.formatter,
    // The configured name is not known yet: the pipeline hands it over (adoptLoggerName).
    loggerName: options.name ?? "app_logger",
    loggerNameGiven: options.name !== undefined,
    level: (options.level === undefined ? undefined : parseLevel(options.level)) ?? DEBUG,
    maxSize: options.maxSize ?? 5242880,
    backupCount: options.backupCount ?? 3,
    driver: nodeDriver,
    report: onceReporter(),
  });
}

export interface ConsoleHandlerOptions {
  /** Least level shown; never below INFO. */
  level?: string | number;
  /** Colour; default from FORCE_COLOR / NO_COLOR / TTY. */
  colour?: boolean;
  /** Destination; default stderr. */
  write?: (text: string) => void;
}

/** The console output (README: Configuration), as a handler. */
export function consoleHandler(options: ConsoleHandlerOptions = {}): HandlerObject {
  return new ConsoleSink({
    level: (options.level === undefined ? undefined : parseLevel(options.level)) ?? INFO,
    colour: options.colour ?? useColour(process.env, process.stderr.isTTY === true),
    loggerName: "app_logger",
    write: options.write,
  });
}
