/**
 * `log.debug/info/warn/warning/error/critical(message, fields?)` and
 * `log.exception(message, error?, fields?)`: records from user code. They carry the active
 * trace id (or "Global") and the fields as top-level keys.
 *
 * An Error as the message or as the second argument is written as crash records write it
 * (`exception`: stack, causes, aggregated errors; `exception_ref` once already written).
 * The message and fields are captured at the call (runtime/capture.ts). Nothing here
 * throws into the app: any value is a valid message or field.
 *
 * In files the transform processed, each call passes its call site (enclosing function, file,
 * line: build-time literals) as its receiver: `log.info(m, f)` is built as
 * `log.info.call(SITE, m, f)`, so the arguments are exactly the user's (a spy's
 * `toHaveBeenCalledWith` is unchanged) and the record carries `function`, `file` and `line` as
 * a tagged function's records do. No stack is captured. `this` is taken only when it is a site
 * a module's table made (runtime/sites.ts `callSite`): a plain `log.info()` (receiver `log`),
 * a destructured `info()` or `log.info.call(anything)` writes a record without a site.
 */
import { captureLog } from "./capture";
import { mono, wall } from "./clock";
import { activeContext } from "./context";
import { emit, ensureReady } from "./emit";
import { CRITICAL, DEBUG, ERROR, INFO, levelName, WARNING } from "./levels";
import { K_LOG, Rec } from "./record";
import { callSite } from "./sites";
import { S } from "./state";

export type Fields = Record<string, unknown>;

let lostWarned = false;

function write(level: number, message: unknown, fields: unknown, error: unknown, hasError: boolean, at: unknown): void {
  // A disabled level stops here: one compare, before the site is even looked at.
  if (level < S.minLevel) return;
  try {
    if (S.minLevel < 0) {
      ensureReady();
      if (level < S.minLevel) return;
    }
    const store = activeContext();
    const rec = new Rec(K_LOG, level, wall(mono()), store === undefined ? "Global" : store.traceId, callSite(at), undefined, false);
    if (store !== undefined) rec.spanId = store.spanId;
    const captured = captureLog(message, fields, error, hasError, `log.${levelWord(level)}`);
    rec.message = captured.message;
    rec.fields = captured.fields;
    rec.size = captured.size;
    emit(rec);
  } catch (err) {
    // A bug of ours (or a broken runtime copy) must never reach the app; say so once.
    if (!lostWarned) {
      lostWarned = true;
      try {
        process.emitWarning(`logcrest: a log record was lost (${String(err)})`, { code: "LOGCREST_RECORD_LOST" });
      } catch {
        // nothing left to tell
      }
    }
  }
}

function levelWord(level: number): string {
  return level === WARNING ? "warning" : levelName(level).toLowerCase();
}

export interface Logger {
  debug(message: unknown, fields?: Fields | Error): void;
  info(message: unknown, fields?: Fields | Error): void;
  warn(message: unknown, fields?: Fields | Error): void;
  warning(message: unknown, fields?: Fields | Error): void;
  /** `log.error(err)`, `log.error("payment failed", err)`, `log.error("failed", { orderId })`. */
  error(message: unknown, fields?: Fields | Error): void;
  critical(message: unknown, fields?: Fields | Error): void;
  /** An ERROR record with `error` written as crash records write it (Python's `logger.exception`). */
  exception(message: unknown, error?: unknown, fields?: Fields): void;
  /** Any numeric level. */
  log(level: number, message: unknown, fields?: Fields | Error): void;
}

// Ordinary functions, not arrows: generated code passes the call site as `this` (see the header).
export const log: Logger = {
  debug(message, fields) {
    write(DEBUG, message, fields, undefined, false, this);
  },
  info(message, fields) {
    write(INFO, message, fields, undefined, false, this);
  },
  warn(message, fields) {
    write(WARNING, message, fields, undefined, false, this);
  },
  warning(message, fields) {
    write(WARNING, message, fields, undefined, false, this);
  },
  error(message, fields) {
    write(ERROR, message, fields, undefined, false, this);
  },
  critical(message, fields) {
    write(CRITICAL, message, fields, undefined, false, this);
  },
  exception(message, error, fields) {
    write(ERROR, message, fields, error, error !== undefined, this);
  },
  log(level, message, fields) {
    write(level, message, fields, undefined, false, this);
  },
};
