/**
 * The queue between the caller's path and the outputs (README: Configuration).
 *
 * `push` appends the record to an array and, if none is pending, schedules one drain with
 * `setImmediate`: that is all the caller pays. A drain takes the queued records in batches
 * of `BATCH`, hands each record to every sink (files, console, user handlers: handlers/*),
 * then lets each sink start its I/O once for the whole batch. It drains everything queued
 * (the work is proportional to what the application logged in its last turn), so the
 * queue cannot fall behind an application that logs more than one batch per turn.
 *
 * Back-pressure: while a sink has more than `HIGH_WATER` bytes formatted but not yet
 * written (a slow disk), draining pauses and records wait in the queue as they are; with
 * `queueSize > 0` the queue then fills and drops. The queue is also bounded in bytes
 * (`maxQueueBytes`: each record's captured values plus a fixed cost), so no input grows it
 * without limit. Dropped records are counted in
 * `S.dropped`, and the next drain writes one WARNING record with the exact count.
 */
import { RECORD_OVERHEAD } from "./capture";
import { WARNING } from "./levels";
import { K_LOG, Rec } from "./record";
import { safeRecordObject } from "./format/safe-record";
import { errorText, onceReporter, type Reporter } from "./handlers/report";
import type { LogRecord, Sink } from "./handlers/types";
import { S, type Pipeline } from "./state";

/**
 * Records per batch. Each batch ends with (at most) one write per file, so a large backlog
 * starts reaching the disk after the first batch instead of after all of it.
 */
export const BATCH = 8192;
/** Bytes queued in a sink beyond which draining waits for the disk. */
export const HIGH_WATER = 16 * 1024 * 1024;

/** The WARNING record that reports records lost to a full queue. */
export function droppedRecord(count: number): Rec {
  const rec = new Rec(K_LOG, WARNING, Date.now(), "Global", undefined, undefined, false);
  rec.message = `LogCrest dropped ${count} record${count === 1 ? "" : "s"}: queue full`;
  rec.fields = { dropped: count };
  return rec;
}

export class QueuePipeline implements Pipeline {
  private queue: Rec[] = [];
  private head = 0;
  /** What the queued records cost, as `maxBytes` counts it. */
  private bytes = 0;
  private scheduled = false;
  private paused = false;
  private closed = false;
  private exiting = false;
  private readonly needRecord: boolean;
  private readonly drainSoon = (): void => {
    this.scheduled = false;
    this.drain();
  };
  private readonly resume = (): void => {
    if (!this.paused) return;
    this.paused = false;
    this.schedule();
  };

  constructor(
    readonly sinks: readonly Sink[],
    private readonly level: number,
    private readonly queueSize: number,
    private readonly loggerName: string,
    private readonly highWater: number = HIGH_WATER,
    private readonly report: Reporter = onceReporter(),
    /** Bytes the queue holds (captured sizes plus a fixed cost per record, runtime/capture.ts). */
    private readonly maxBytes: number = Number.POSITIVE_INFINITY,
  ) {
    this.needRecord = sinks.some((s) => s.wantsRecord);
  }

  push(rec: Rec): void {
    if (this.exiting) {
      // Past the exit flush (an 'exit' listener of the app logs): no event loop is left to
      // drain, so write through at once.
      this.queue.push(rec);
      this.flushSync();
      return;
    }
    if (this.closed) {
      // A stale reference after a rebuild: hand the record to the live pipeline.
      const live = S.pipeline;
      if (live !== undefined && live !== this) live.push(rec);
      else S.dropped++;
      return;
    }
    const cost = RECORD_OVERHEAD + rec.size;
    if ((this.queueSize > 0 && this.queue.length - this.head >= this.queueSize) || this.bytes + cost > this.maxBytes) {
      S.dropped++;
    } else {
      this.queue.push(rec);
      this.bytes += cost;
    }
    if (!this.scheduled) this.schedule();
  }

  /** Records waiting in the queue. */
  queued(): number {
    return this.queue.length - this.head;
  }

  async flush(): Promise<void> {
    this.drainAll(false);
    await Promise.all(this.sinks.map((s) => s.flush()));
  }

  flushSync(): void {
    // No async write may start here: the sinks write everything synchronously next.
    this.drainAll(true);
    for (const s of this.sinks) s.flushSync();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await Promise.all(this.sinks.map((s) => s.close()));
  }

  /**
   * Process `exit`: writes everything synchronously, and from now on every record at once.
   * Files stay open (the OS closes them), so records from the app's own later 'exit'
   * listeners are still written.
   */
  exitFlush(): void {
    this.exiting = true;
    this.flushSync();
  }

  closeSync(): void {
    this.closed = true;
    this.flushSync();
    for (const s of this.sinks) s.closeSync();
  }

  private schedule(): void {
    if (this.scheduled || this.paused) return;
    this.scheduled = true;
    setImmediate(this.drainSoon);
  }

  /**
   * Everything queued, in batches of `BATCH` (each batch starts its writes at once), unless
   * a sink is over the high-water mark: then pause until it drains.
   */
  private drain(): void {
    while (this.queued() > 0 || S.dropped > 0) {
      for (const s of this.sinks) {
        if (s.backlog() > this.highWater) {
          this.paused = true;
          s.onDrain(this.resume);
          return;
        }
      }
      this.drainBatch();
    }
  }

  /** Everything now, back-pressure or not (flush, exit). */
  private drainAll(sync: boolean): void {
    while (this.queued() > 0 || S.dropped > 0) this.drainBatch(sync);
  }

  private drainBatch(sync = false): void {
    // While records are formatted and handed to handlers, instrumented code that runs from
    // here (a tagged getter read while serialising `logArgs`, a handler calling log.*) must
    // write nothing, or formatting would feed the queue it drains. Raising the minimum level
    // does that at no cost to the hot path, which already compares against it.
    const level = S.minLevel;
    S.minLevel = Number.POSITIVE_INFINITY;
    try {
      this.drainBatchNow(sync);
    } finally {
      // A handler may have called configure(), which sets a new level: keep that one.
      if (S.minLevel === Number.POSITIVE_INFINITY) S.minLevel = level;
    }
  }

  private drainBatchNow(sync: boolean): void {
    const queue = this.queue;
    const end = Math.min(queue.length, this.head + BATCH);
    // `head` moves before each dispatch and the loop re-reads it: a handler that calls
    // configure() or flush() drains re-entrantly, and neither drain may repeat a record.
    while (this.queue === queue && this.head < end) {
      const rec = queue[this.head]!;
      this.head++;
      this.bytes -= RECORD_OVERHEAD + rec.size;
      this.dispatch(rec);
    }
    if (this.queue === queue) {
      if (this.head === queue.length) {
        this.queue = [];
        this.head = 0;
        this.bytes = 0;
      } else if (this.head >= BATCH * 8) {
        this.queue = queue.slice(this.head);
        this.head = 0;
      }
    }
    if (S.dropped > 0) {
      const count = S.dropped;
      S.dropped = 0;
      this.dispatchDropped(droppedRecord(count));
    }
    if (!sync) {
      for (const s of this.sinks) {
        try {
          s.endBatch();
        } catch (err) {
          this.report(`endBatch:${s.constructor.name}`, `an output failed to write a batch (${errorText(err)})`);
        }
      }
    }
  }

  /** A record from the queue: to every output whose level it reaches. */
  private dispatch(rec: Rec): void {
    if (rec.level < this.level) return;
    const record = this.publicRecord(rec);
    for (const s of this.sinks) if (rec.level >= s.level) this.accept(s, rec, record);
  }

  /**
   * The dropped-count warning: the built-in outputs (files, console) always write it, since
   * a loss nobody sees cannot be acted on; user handlers keep their own level.
   */
  private dispatchDropped(rec: Rec): void {
    const record = this.publicRecord(rec);
    for (const s of this.sinks) if (!s.wantsRecord || rec.level >= s.level) this.accept(s, rec, record);
  }

  /** The public record for user handlers, made once per record and only if one wants it. */
  private publicRecord(rec: Rec): LogRecord | undefined {
    return this.needRecord ? (safeRecordObject(rec, this.loggerName) as LogRecord) : undefined;
  }

  private accept(s: Sink, rec: Rec, record: LogRecord | undefined): void {
    try {
      s.accept(rec, record);
    } catch (err) {
      // A bug of ours must not become an uncaught exception in the app's event loop.
      this.report(`accept:${s.constructor.name}`, `an output failed on a record (${errorText(err)}); it goes on with the next`);
    }
  }
}
