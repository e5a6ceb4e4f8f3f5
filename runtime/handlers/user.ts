/**
 * A user handler (types.ts) as a Sink: it gets the public record object, its formatter's
 * line when it has a formatter, and is flushed and closed with the pipeline. A handler that
 * throws or rejects is reported once and keeps receiving records.
 */
import { parseLevel } from "../levels";
import type { Rec } from "../record";
import { errorText, type Reporter } from "./report";
import { BUILTIN_OUTPUT, type Formatter, type Handler, type HandlerObject, type LogRecord, type Sink } from "./types";

/** Whether a value is a usable handler (a function, or an object with `handle`). */
export function isHandler(value: unknown): value is Handler {
  if (typeof value === "function") return true;
  return typeof value === "object" && value !== null && typeof (value as HandlerObject).handle === "function";
}

export class UserSink implements Sink {
  readonly level: number;
  readonly wantsRecord = true;
  private readonly fn: ((record: LogRecord, line: string | undefined) => unknown) | undefined;
  private readonly object: HandlerObject | undefined;
  /** A built-in output given as an extra one: driven by the queued record, as the defaults are. */
  private readonly builtin: Sink | undefined;
  private readonly formatter: Formatter | undefined;
  private readonly label: string;
  private readonly report: Reporter;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(handler: Handler, index: number, level: number, report: Reporter, loggerName: string) {
    this.report = report;
    if (typeof handler === "function") {
      this.fn = handler;
      this.object = undefined;
      this.builtin = undefined;
      this.formatter = undefined;
      this.level = level;
    } else {
      this.fn = undefined;
      this.object = handler;
      this.builtin = (handler as { [BUILTIN_OUTPUT]?: boolean })[BUILTIN_OUTPUT] === true ? (handler as unknown as Sink) : undefined;
      this.builtin?.adoptLoggerName?.(loggerName);
      this.formatter = typeof handler.formatter === "function" ? handler.formatter : undefined;
      const own = handler.level === undefined ? undefined : parseLevel(handler.level);
      this.level = Math.max(level, own ?? 0);
    }
    const name = typeof handler === "function" ? handler.name : handler.constructor?.name;
    this.label = `handler #${index}${name && name !== "Object" ? ` (${name})` : ""}`;
  }

  accept(rec: Rec, record: LogRecord | undefined): void {
    if (record === undefined) return;
    try {
      if (this.builtin !== undefined) {
        this.builtin.accept(rec, record);
        return;
      }
      const line = this.formatter === undefined ? undefined : this.formatter(record);
      const result = this.fn !== undefined ? this.fn(record, line) : this.object!.handle(record, line);
      this.track(result, "handle");
    } catch (err) {
      this.failed("handle", err);
    }
  }

  endBatch(): void {
    const obj = this.object;
    if (obj === undefined || typeof obj.endBatch !== "function") return;
    try {
      obj.endBatch();
    } catch (err) {
      this.failed("endBatch", err);
    }
  }

  backlog(): number {
    return 0;
  }

  onDrain(callback: () => void): void {
    callback();
  }

  async flush(): Promise<void> {
    this.call("flush");
    await this.settled();
  }

  flushSync(): void {
    this.call(typeof this.object?.flushSync === "function" ? "flushSync" : "flush");
  }

  async close(): Promise<void> {
    await this.settled();
    this.call("close");
    await this.settled();
  }

  closeSync(): void {
    this.call(typeof this.object?.closeSync === "function" ? "closeSync" : "close");
  }

  private call(method: "flush" | "close" | "flushSync" | "closeSync"): void {
    const fn = this.object?.[method];
    if (typeof fn !== "function") return;
    try {
      this.track(fn.call(this.object), method);
    } catch (err) {
      this.failed(method, err);
    }
  }

  private track(result: unknown, what: string): void {
    if (typeof result !== "object" || result === null || typeof (result as Promise<unknown>).then !== "function") return;
    const promise = Promise.resolve(result).then(
      () => undefined,
      (err: unknown) => this.failed(what, err),
    );
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  private async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private failed(what: string, err: unknown): void {
    this.report(`user:${this.label}:${what}`, `${this.label} failed in ${what}() (${errorText(err)}); it keeps receiving records`);
  }
}
