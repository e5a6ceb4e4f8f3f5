/**
 * `clickhouseHandler()`: a handler (README: Configuration, `handlers`) that ships every record to ClickHouse.
 *
 * Path of a record: the pipeline calls `handle()` off the caller's path; the record becomes
 * one JSONEachRow line in a bounded in-memory buffer (rows.ts). Batches leave by size
 * (`batchRows` / `batchBytes`, checked after each pipeline batch) or by time
 * (`flushIntervalMs`), one INSERT at a time, so a slow server sees one request, not a pile.
 *
 * Failures:
 * - Server down, slow or refusing: the batch stays at the head of the buffer and is
 *   retried with exponential backoff (250 ms doubling to 30 s, with jitter). The problem
 *   is reported once on stderr (per kind: unreachable, authentication, other) and the app
 *   goes on.
 * - Buffer full (`maxBufferRows` / `maxBufferBytes`): new rows are dropped and counted; the
 *   count is reported in a WARNING record (`dropped`, `handler: "clickhouse"`) once rows get
 *   through again, so the warning reaches the store too; at exit, on stderr.
 * - A batch the server rejects as malformed (a parse or type error) is dropped, counted,
 *   and reported, rather than blocking every later batch.
 *
 * Delivery is at-least-once: a batch whose INSERT was sent but not acknowledged (a timeout,
 * a reset, a kill at exit) is sent again, so it can appear twice. Count with
 * `uniqExact(flow_id)` where an exact figure matters.
 *
 * Bounded time: `flush()` and `shutdown()` wait at most `closeTimeoutMs` (default 5 s);
 * the exit flush (process `exit`, SIGTERM ...) at most `exitTimeoutMs` (default 2 s), in a
 * child process it waits for synchronously (sync-post.ts). What is still unsent after that
 * is counted as lost and reported on stderr.
 */
import type { ClientRequest } from "node:http";
import { hostname } from "node:os";
import type { HandlerObject, LogRecord } from "../handlers/types";
import { errorText, onceReporter, type Reporter } from "../handlers/report";
import { log } from "../log";
import { S } from "../state";
import { AUTH_CODES, type ClickHouseTarget, ClickHouseError, parseVersion, post, resolveTarget, type TargetOptions } from "./http";
import { type Row, toRow } from "./rows";
import { createStatements, featuresOf, FLOWS_TABLE, RECORDS_TABLE, type ServerFeatures } from "./schema";
import { postSync } from "./sync-post";

export interface ClickHouseHandlerOptions extends TargetOptions {
  /** The `service` column. Default: env OTEL_SERVICE_NAME, else each record's `logger` (configure({ name })). */
  service?: string;
  /** Least level sent (like any handler's `level`). Default: all. */
  level?: string | number;
  /** Rows per INSERT at most. Default 10,000. */
  batchRows?: number;
  /** Bytes per INSERT at most. Default 4 MB. */
  batchBytes?: number;
  /** A partial batch leaves after this long. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Rows held while the server is away; beyond, rows are dropped and counted. Default 100,000. */
  maxBufferRows?: number;
  /** Bytes held likewise. Default 64 MB. */
  maxBufferBytes?: number;
  /** One request's time limit. Default 10 s. */
  requestTimeoutMs?: number;
  /** flush()/shutdown() wait at most this long. Default 5000 ms. */
  closeTimeoutMs?: number;
  /** The exit flush waits at most this long. Default 2000 ms. */
  exitTimeoutMs?: number;
}

/** Settings of every INSERT: a table made by an older version (fewer columns) still takes newer rows. */
const INSERT_SETTINGS = { input_format_skip_unknown_fields: 1 } as const;
/** ClickHouse codes for data it could not parse or convert: retrying the same batch cannot help. */
const POISON_CODES = new Set([6, 26, 27, 38, 41, 53, 69, 70, 72, 117, 130]);
/** Unknown table / database: the server lost them (a new data path); create them again. */
const MISSING_CODES = new Set([60, 81]);
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 30_000;

/** Marks our own drop warning: it is always taken, even into a full buffer, so it cannot be lost to the drop it reports. */
const OWN_WARNING = "clickhouse";

class Lane {
  lines: string[] = [];
  bytes = 0;
  constructor(readonly table: string) {}
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

export class ClickHouseHandler implements HandlerObject {
  readonly level: string | number | undefined;
  private readonly target: ClickHouseTarget;
  private readonly service: string | undefined;
  private readonly host = hostname();
  private readonly lanes: { flows: Lane; records: Lane };
  private readonly o: Required<Omit<ClickHouseHandlerOptions, keyof TargetOptions | "service" | "level">>;
  private readonly report: Reporter;
  private readonly id: string;

  private features: ServerFeatures | undefined;
  private inflight: { lane: Lane; count: number; req: ClientRequest | undefined } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retryAt = 0;
  private attempt = 0;
  private dropped = 0;
  private droppedReported = 0;
  private waiters: (() => void)[] = [];
  private flushing = 0;
  /** A flush gave up at its deadline and nothing got through since: later flushes do not wait again. */
  private gaveUp = false;
  private lastError: string | undefined;

  constructor(options: ClickHouseHandlerOptions) {
    this.target = resolveTarget(options);
    this.level = options.level;
    this.service = options.service ?? (process.env.OTEL_SERVICE_NAME || undefined);
    this.lanes = { flows: new Lane(FLOWS_TABLE), records: new Lane(RECORDS_TABLE) };
    this.o = {
      batchRows: positive(options.batchRows, 10_000),
      batchBytes: positive(options.batchBytes, 4 * 1024 * 1024),
      flushIntervalMs: positive(options.flushIntervalMs, 1000),
      maxBufferRows: positive(options.maxBufferRows, 100_000),
      maxBufferBytes: positive(options.maxBufferBytes, 64 * 1024 * 1024),
      requestTimeoutMs: positive(options.requestTimeoutMs, 10_000),
      closeTimeoutMs: positive(options.closeTimeoutMs, 5000),
      exitTimeoutMs: positive(options.exitTimeoutMs, 2000),
    };
    this.report = onceReporter();
    this.id = `${this.target.origin}/${this.target.database}`;
  }

  /** Rows held (queued and in flight). */
  get buffered(): number {
    return this.lanes.flows.lines.length + this.lanes.records.lines.length;
  }

  /** Rows dropped so far (buffer full, malformed batch, unsent at exit). */
  get droppedRows(): number {
    return this.dropped;
  }

  private get bufferedBytes(): number {
    return this.lanes.flows.bytes + this.lanes.records.bytes;
  }

  handle(record: LogRecord): void {
    const own = record.handler === OWN_WARNING && typeof record.dropped === "number";
    if (!own && (this.buffered >= this.o.maxBufferRows || this.bufferedBytes >= this.o.maxBufferBytes)) {
      this.dropped++;
      return;
    }
    const row: Row | undefined = toRow(record, {
      service: this.service ?? (typeof record.logger === "string" ? record.logger : ""),
      host: this.host,
      pid: process.pid,
    });
    if (row === undefined) {
      this.dropped++;
      return;
    }
    const lane = this.lanes[row.table];
    lane.lines.push(row.line);
    lane.bytes += row.line.length + 1;
  }

  /** After each pipeline batch: send when a lane is full, else make sure the timer runs. */
  endBatch(): void {
    this.gaveUp = false; // new rows: a later flush tries again
    if (this.full(this.lanes.flows) || this.full(this.lanes.records)) this.pump();
    else this.arm();
  }

  flush(): Promise<void> {
    return this.drainWithin(this.o.closeTimeoutMs);
  }

  /** shutdown(): delivers within closeTimeoutMs; what is left then is dropped, counted and reported. */
  async close(): Promise<void> {
    await this.drainWithin(this.o.closeTimeoutMs);
    this.disarm();
    if (this.buffered === 0) return;
    this.abortInflight();
    const left = this.buffered;
    this.clearLanes();
    this.dropped += left;
    this.reportUndelivered(`${left} unsent at shutdown after ${this.o.closeTimeoutMs} ms: ${this.lastError ?? "no answer"}`);
  }

  private abortInflight(): void {
    if (this.inflight === undefined) return;
    this.inflight.req?.destroy();
    this.inflight = undefined;
  }

  private clearLanes(): void {
    for (const lane of [this.lanes.flows, this.lanes.records]) {
      lane.lines = [];
      lane.bytes = 0;
    }
  }

  /** On stderr: the drops no WARNING record reported (the process is ending, records would not get out). */
  private reportUndelivered(why: string): void {
    const unreported = this.dropped - this.droppedReported;
    if (unreported <= 0) return;
    this.droppedReported = this.dropped;
    this.stderr(`clickhouse ${this.target.origin}: ${unreported} row(s) were not delivered (${why})`);
  }

  /** The exit flush: everything still held, in one synchronous round, within exitTimeoutMs. */
  flushSync(): void {
    if (this.buffered === 0) return;
    // The in-flight batch is still at the head of its lane and goes out again (at-least-once).
    this.abortInflight();
    this.disarm();
    const requests = createStatements(this.target.database, this.features ?? featuresOf([0, 0, 0])).map((query) => ({ query, body: "" }));
    const lanes = [this.lanes.flows, this.lanes.records].filter((l) => l.lines.length > 0);
    for (const lane of lanes) requests.push({ query: this.insertQuery(lane), body: `${lane.lines.join("\n")}\n` });
    const result = postSync(this.target, requests, INSERT_SETTINGS, this.o.exitTimeoutMs);
    const ddl = requests.length - lanes.length;
    let lost = 0;
    lanes.forEach((lane, i) => {
      if (result.statuses[ddl + i] !== 200) lost += lane.lines.length;
    });
    this.clearLanes();
    this.dropped += lost;
    this.reportUndelivered(lost > 0 ? `${lost} unsent at exit: ${result.error ?? "no answer"}` : "buffer full while the server was away");
  }

  closeSync(): void {
    this.flushSync();
  }

  private full(lane: Lane): boolean {
    return lane.lines.length >= this.o.batchRows || lane.bytes >= this.o.batchBytes;
  }

  private arm(): void {
    if (this.timer !== undefined || this.buffered === 0) return;
    const wait = Math.max(this.o.flushIntervalMs, this.retryAt - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wait);
    this.timer.unref(); // a pending batch never keeps the app alive; the exit flush sends it
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Starts the next INSERT if none is in flight and no backoff is pending. */
  private pump(): void {
    if (this.inflight !== undefined) return;
    if (Date.now() < this.retryAt) {
      this.arm();
      return;
    }
    const lane = this.lanes.flows.lines.length > 0 ? this.lanes.flows : this.lanes.records.lines.length > 0 ? this.lanes.records : undefined;
    if (lane === undefined) {
      this.settleWaiters();
      return;
    }
    let count = 0;
    let bytes = 0;
    while (count < lane.lines.length && count < this.o.batchRows && bytes < this.o.batchBytes) bytes += lane.lines[count++]!.length + 1;
    const flight: { lane: Lane; count: number; req: ClientRequest | undefined } = { lane, count, req: undefined };
    this.inflight = flight;
    this.send(flight).then(
      () => this.delivered(flight),
      (err: unknown) => this.failed(flight, err),
    );
  }

  private async send(flight: { lane: Lane; count: number; req: ClientRequest | undefined }): Promise<void> {
    if (this.features === undefined) {
      const version = await post(this.target, "SELECT version()", "", { timeoutMs: this.o.requestTimeoutMs });
      const features = featuresOf(parseVersion(version));
      for (const ddl of createStatements(this.target.database, features)) await post(this.target, ddl, "", { timeoutMs: this.o.requestTimeoutMs });
      this.features = features;
    }
    if (this.inflight !== flight) return;
    const body = `${flight.lane.lines.slice(0, flight.count).join("\n")}\n`;
    await post(this.target, this.insertQuery(flight.lane), body, {
      timeoutMs: this.o.requestTimeoutMs,
      settings: INSERT_SETTINGS,
      onRequest: (req) => (flight.req = req),
    });
  }

  private insertQuery(lane: Lane): string {
    return `INSERT INTO \`${this.target.database}\`.${lane.table} FORMAT JSONEachRow`;
  }

  private take(flight: { lane: Lane; count: number }): void {
    const removed = flight.lane.lines.splice(0, flight.count);
    for (const line of removed) flight.lane.bytes -= line.length + 1;
  }

  private delivered(flight: { lane: Lane; count: number; req: ClientRequest | undefined }): void {
    if (this.inflight !== flight) return; // the exit flush took over
    this.inflight = undefined;
    this.take(flight);
    this.gaveUp = false;
    this.attempt = 0;
    this.retryAt = 0;
    this.reportDrops();
    this.next();
  }

  private failed(flight: { lane: Lane; count: number; req: ClientRequest | undefined }, err: unknown): void {
    if (this.inflight !== flight) return;
    this.inflight = undefined;
    const ch = err instanceof ClickHouseError ? err : undefined;
    this.lastError = errorText(err);
    if (ch !== undefined && POISON_CODES.has(ch.code)) {
      this.take(flight);
      this.dropped += flight.count;
      this.stderr(`clickhouse ${this.target.origin}: the server refused a batch of ${flight.count} row(s) as malformed; dropped: ${ch.message}`, "poison");
      this.next();
      return;
    }
    if (ch !== undefined && MISSING_CODES.has(ch.code)) this.features = undefined;
    const kind = ch === undefined ? "other" : ch.status === 0 ? "unreachable" : AUTH_CODES.has(ch.code) || ch.status === 401 || ch.status === 403 ? "auth" : "refused";
    this.stderr(`clickhouse: ${errorText(err)}; rows are kept (up to ${this.o.maxBufferRows}) and retried with backoff`, kind);
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 20);
    this.retryAt = Date.now() + delay * (0.5 + Math.random() * 0.5);
    this.disarm();
    this.arm();
  }

  /** After a batch: go on at once while a lane is full or someone waits in flush(), else wait for the timer. */
  private next(): void {
    if (this.flushing > 0 || this.full(this.lanes.flows) || this.full(this.lanes.records)) this.pump();
    else {
      this.disarm();
      this.arm();
    }
    if (this.buffered === 0) this.settleWaiters();
  }

  private reportDrops(): void {
    const n = this.dropped - this.droppedReported;
    if (n <= 0) return;
    this.droppedReported = this.dropped;
    const emit = () =>
      log.warning(`LogCrest clickhouse handler dropped ${n} record${n === 1 ? "" : "s"}: buffer full or batch refused`, {
        dropped: n,
        handler: OWN_WARNING,
      });
    // Outside any trace: the warning belongs to the logger, not to whichever request was running.
    setImmediate(() => {
      if (S.als !== undefined) S.als.exit(emit);
      else emit();
    });
  }

  private drainWithin(ms: number): Promise<void> {
    if ((this.buffered === 0 && this.inflight === undefined) || this.gaveUp) return Promise.resolve();
    return new Promise((resolve) => {
      this.flushing++;
      let done = false;
      const finish = (timedOut: boolean) => {
        if (done) return;
        done = true;
        if (timedOut) this.gaveUp = true;
        this.flushing--;
        clearTimeout(deadline);
        resolve();
      };
      // Not unref'd: an app awaiting shutdown() stays alive for the retries, up to this bound.
      const deadline = setTimeout(() => finish(true), ms);
      this.waiters.push(() => finish(false));
      this.pump();
    });
  }

  private settleWaiters(): void {
    if (this.buffered > 0 || this.inflight !== undefined) return;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private stderr(message: string, kind = "exit"): void {
    this.report(kind === "exit" ? `${this.id} exit ${Date.now()}` : `${this.id} ${kind}`, message);
  }
}

/** `configure({ handlers: [clickhouseHandler({ url: "http://127.0.0.1:8123" })] })`. */
export function clickhouseHandler(options: ClickHouseHandlerOptions): ClickHouseHandler {
  return new ClickHouseHandler(options);
}
