/**
 * Handlers and formatters: how output is extended without touching the core (README: Configuration).
 *
 * A **record** is the public record object: the fields of the JSON line (`timestamp`,
 * `level` as its name, `logger`, `trace_id`, `function`, `file`, `line`, `message`, and the
 * record's own fields such as `elapsed_ms`, `flow_id`, user fields). Treat it as read-only:
 * every handler of one record sees the same object.
 *
 * A **formatter** turns a record into one line of text: `(record) => string`. Built in:
 * `formatJson` (format/json.ts) and `formatText` (format/text.ts, control characters escaped).
 *
 * A **handler** is either
 *   - a function `(record) => void`, or
 *   - an object `{ handle(record, line), formatter?, level?, flush?(), close?() }`:
 *       `formatter`  when given, `line` is `formatter(record)`; else `line` is undefined;
 *       `level`      the least level this handler receives (`"ERROR"`, `40`); default all;
 *       `flush()`    awaited by `logcrest.flush()`; `close()` awaited by `shutdown()` and on
 *                    a rebuild by `configure()`. Both may return a promise.
 *       `endBatch()` called after each batch of records: a handler that buffers starts
 *                    its I/O here (one write per batch instead of one per record).
 *       `flushSync()` / `closeSync()` used instead of flush/close where nothing can be
 *                    awaited: the final flush on process exit, a rebuild by configure().
 *
 * Handlers are called in batches, off the caller's path. A handler that throws (or whose
 * promise rejects) is reported once on stderr and keeps receiving records; it never stops
 * the other outputs.
 *
 * Example, forwarding errors to a webhook:
 *
 *   configure({ handlers: [{
 *     level: "ERROR",
 *     handle: (record) => void fetch(url, { method: "POST", body: JSON.stringify(record) }),
 *   }] });
 *
 * The built-in outputs are handlers of this same interface (`fileHandler()` and
 * `consoleHandler()` in handlers/index.ts: `handle`, `formatter`, `level`, `endBatch`,
 * `flush`, `close`), so they can also be added as extra outputs (a second folder, an audit
 * copy in text). As the default outputs they are also `Sink`s: a fast path that formats
 * straight from the queued `Rec`, so no record object is built per record when no user
 * handler needs one.
 */
import type { Rec } from "../record";

/**
 * Brand of the built-in outputs (fileHandler(), consoleHandler()). Given as extra outputs in
 * `configure({ handlers })`, they are driven through `accept` like the default ones, so
 * they route by the record's kind and format straight from it, not from the public object
 * (where a user field could pose as `flow_type`).
 */
export const BUILTIN_OUTPUT = Symbol.for("logcrest.builtin-output.v1");

export type LogRecord = {
  readonly timestamp: string;
  readonly level: string;
  readonly logger: string;
  readonly trace_id: string;
  readonly message: string;
  readonly function?: string;
  readonly file?: string;
  readonly line?: number;
  readonly [key: string]: unknown;
};

export type Formatter = (record: LogRecord) => string;

export type HandlerFunction = (record: LogRecord) => void | Promise<void>;

export interface HandlerObject {
  handle(record: LogRecord, line: string | undefined): void | Promise<void>;
  formatter?: Formatter;
  level?: string | number;
  flush?(): void | Promise<void>;
  close?(): void | Promise<void>;
  endBatch?(): void;
  flushSync?(): void;
  closeSync?(): void;
}

export type Handler = HandlerFunction | HandlerObject;

/**
 * What the pipeline drives. `accept` is called for every record of a batch, `endBatch`
 * once after the batch: formatting happens in `accept`, I/O is started in `endBatch`.
 */
export interface Sink {
  /** The least level this sink takes. */
  readonly level: number;
  /** True when `accept` needs the public record object (user handlers). */
  readonly wantsRecord: boolean;
  accept(rec: Rec, record: LogRecord | undefined): void;
  endBatch(): void;
  /** Bytes formatted but not yet written; the pipeline pauses above a high-water mark. */
  backlog(): number;
  /** Called (once) when the backlog has gone down, so the pipeline can resume. */
  onDrain(callback: () => void): void;
  /**
   * A built-in output given as an extra handler (`fileHandler()`, `consoleHandler()`) is
   * made before the configuration is resolved: it takes the pipeline's logger name here,
   * unless its own options named one.
   */
  adoptLoggerName?(name: string): void;
  flush(): Promise<void>;
  flushSync(): void;
  close(): Promise<void>;
  closeSync(): void;
}
