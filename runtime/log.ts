/**
 * `log.debug/info/warn/warning/error/critical(message, fields?)`: records from user code.
 * They carry the active trace id (or "Global") and the fields as top-level keys.
 */
import { mono, wall } from "./clock";
import { activeContext } from "./context";
import { emit, ensureReady } from "./emit";
import { CRITICAL, DEBUG, ERROR, INFO, WARNING } from "./levels";
import { K_LOG, Rec } from "./record";
import { S } from "./state";

export type Fields = Record<string, unknown>;

function write(level: number, message: unknown, fields: Fields | undefined): void {
  if (level < S.minLevel) return;
  if (S.minLevel < 0) {
    ensureReady();
    if (level < S.minLevel) return;
  }
  const store = activeContext();
  const rec = new Rec(K_LOG, level, wall(mono()), store === undefined ? "Global" : store.traceId, undefined, undefined, false);
  rec.message = typeof message === "string" ? message : String(message);
  if (fields !== undefined && fields !== null && typeof fields === "object") rec.fields = fields;
  emit(rec);
}

export interface Logger {
  debug(message: unknown, fields?: Fields): void;
  info(message: unknown, fields?: Fields): void;
  warn(message: unknown, fields?: Fields): void;
  warning(message: unknown, fields?: Fields): void;
  error(message: unknown, fields?: Fields): void;
  critical(message: unknown, fields?: Fields): void;
  /** Any numeric level. */
  log(level: number, message: unknown, fields?: Fields): void;
}

export const log: Logger = {
  debug: (message, fields) => write(DEBUG, message, fields),
  info: (message, fields) => write(INFO, message, fields),
  warn: (message, fields) => write(WARNING, message, fields),
  warning: (message, fields) => write(WARNING, message, fields),
  error: (message, fields) => write(ERROR, message, fields),
  critical: (message, fields) => write(CRITICAL, message, fields),
  log: (level, message, fields) => write(level, message, fields),
};
