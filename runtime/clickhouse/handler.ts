/**
 * `clickhouseHandler()`: a handler (README: Configuration, `handlers`) that ships every record to ClickHouse.
 *
 * Path of a record: the pipeline calls `handle()` off the caller's path; the record becomes
 * one JSONEachRow line (rows.ts) in a bounded in-memory buffer, one lane per table. A lane
 * fills one batch at a time; a batch is sealed when it holds `batchRows` rows or
 * `batchBytes` bytes. Sealed batches leave after each pipeline batch (endBatch), a partial
 * one after `flushIntervalMs`. Up to `maxInflight` INSERTs run at once (default 2): the
 * server parses one batch while the next is on its way, and a slow server still sees a
 * bounded number of requests, not a pile.
 *
 * Failures:
 * - Server down, slow or refusing: the batch goes back to the head of its lane and is
 *   retried with exponential backoff (250 ms doubling to 30 s, with jitter; the failures
 *   of batches that were in flight together count as one). The problem is reported once on
 *   stderr (per kind: unreachable, authentication, other) and the app goes on.
 * - Buffer full (`maxBufferRows` / `maxBufferBytes`, batches in flight included): new rows
 *   are dropped and counted; the count is reported in a WARNING record (`dropped`,
 *   `handler: "clickhouse"`) once rows get through again, so the warning reaches the store
 *   too; at exit, on stderr.
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
import { isFlowEnd, RowWriter } from "./rows";
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
  /** INSERTs in flight at once, at most. Default 2. */
  maxInflight?: number;
  /** Rows held while the server is away (in flight included); beyond, rows are dropped and counted. Default 100,000. */
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

/** Rows of one table that leave in one INSERT. */
class Batch {
  lines: string[] = [];
  bytes = 0;
  /** The request sending it, while in flight (aborted at exit). */
  req: ClientRequest | undefined;
  constructor(readonly lane: Lane) {}
}

/** One table's rows not yet in flight: sealed batches, oldest first, then the one being filled. */
class Lane {
  readonly sealed: Batch[] = [];
  open: Batch = new Batch(this);
  /** The flush interval ran out with rows in the open batch: it may leave partial. */
  due = false;
  constructor(readonly table: string) {}

  seal(): Batch {
    const batch = this.open;
    this.open = new Batch(this);
    this.due = false;
    return batch;
  }

  /** Every line, in order (the exit flush sends them in one request). */
  allLines(): string[] {
    return this.sealed.flatMap((b) => b.lines).concat(this.open.lines);
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fallback;
}

export class ClickHouseHandler implements HandlerObject {
  readonly level: string | number | undefined;
  private readonly target: ClickHouseTarget;
  private readonly service: string | undefined;
  private readonly rows = new RowWriter(hostname(), process.pid);
  private readonly lanes: { flows: Lane; records: Lane };
  private readonly o: Required<Omit<ClickHouseHandlerOptions, keyof TargetOptions | "service" | "level">>;
  private readonly report: Reporter;
  private readonly id: string;

  private features: ServerFeatures | undefined;
  /** The version check and CREATE TABLEs, shared by the batches that wait for them. */
  private tablesReady: Promise<void> | undefined;
  private readonly flights = new Set<Batch>();
  /** Rows and bytes in the lanes (not in flight). */
  private pendingRows = 0;
  private pendingBytes = 0;
  private inflightRows = 0;
  private inflightBytes = 0;
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
      maxInflight: Math.floor(positive(options.maxInflight, 2)),
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
    return this.pendingRows + this.inflightRows;
  }

  /** Rows dropped so far (buffer full, malformed batch, unsent at exit). */
  get droppedRows(): number {
    return this.dropped;
  }

  handle(record: LogRecord): void {
    const own = record.handler === OWN_WARNING && typeof record.dropped === "number";
    if (!own && (this.buffered >= this.o.maxBufferRows || this.pendingBytes + this.inflightBytes >= this.o.maxBufferBytes)) {
      this.dropped++;
      return;
    }
    const line = this.rows.line(record, this.service ?? (typeof record.logger === "string" ? record.logger : ""));
    if (line === undefined) {
      this.dropped++;
      return;
    }
    const lane = isFlowEnd(record) ? this.lanes.flows : this.lanes.records;
    const batch = lane.open;
    batch.lines.push(line);
    batch.bytes += line.length + 1;
    this.pendingRows++;
    this.pendingBytes += line.length + 1;
    if (batch.lines.length >= this.o.batchRows || batch.bytes >= this.o.batchBytes) lane.sealed.push(lane.seal());
  }

  /** After each pipeline batch: send the full batches, and make sure the timer runs for a partial one. */
  endBatch(): void {
    this.gaveUp = false; // new rows: a later flush tries again
    this.pump();
    this.arm();
  }

  flush(): Promise<void> {
    return this.drainWithin(this.o.closeTimeoutMs);
  }

  /** shutdown(): delivers within closeTimeoutMs; what is left then is dropped, counted and reported. */
  async close(): Promise<void> {
    await this.drainWithin(this.o.closeTimeoutMs);
    this.disarm();
    if (this.buffered === 0) return;
    const left = this.buffered;
    this.abortFlights();
    this.clearLanes();
    this.dropped += left;
    this.reportUndelivered(`${left} unsent at shutdown after ${this.o.closeTimeoutMs} ms: ${this.lastError ?? "no answer"}`);
  }

  /** Stops every INSERT in flight; their batches go back to the head of their lanes. */
  private abortFlights(): void {
    for (const batch of this.flights) {
      batch.req?.destroy();
      this.putBack(batch);
    }
    this.flights.clear();
    this.inflightRows = 0;
    this.inflightBytes = 0;
  }

  private clearLanes(): void {
    for (const lane of [this.lanes.flows, this.lanes.records]) {
      lane.sealed.length = 0;
      lane.seal();
    }
    this.pendingRows = 0;
    this.pendingBytes = 0;
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
    // Batches in flight go out again with the rest (at-least-once).
    this.abortFlights();
    this.disarm();
    const requests = createStatements(this.target.database, this.features ?? featuresOf([0, 0, 0])).map((query) => ({ query, body: "" }));
    const lanes = [this.lanes.flows, this.lanes.records].map((lane) => ({ lane, lines: lane.allLines() })).filter((l) => l.lines.length > 0);
    for (const { lane, lines } of lanes) requests.push({ query: this.insertQuery(lane), body: `${lines.join("\n")}\n` });
    const result = postSync(this.target, requests, INSERT_SETTINGS, this.o.exitTimeoutMs);
    const ddl = requests.length - lanes.length;
    let lost = 0;
    lanes.forEach(({ lines }, i) => {
      if (result.statuses[ddl + i] !== 200) lost += lines.length;
    });
    this.clearLanes();
    this.dropped += lost;
    this.reportUndelivered(lost > 0 ? `${lost} unsent at exit: ${result.error ?? "no answer"}` : "buffer full while the server was away");
  }

  closeSync(): void {
    this.flushSync();
  }

  /**
   * A timer, unless one runs or nothing waits: at the end of a backoff when a batch is ready
   * to leave (sealed, or anything while someone waits in flush()) and a slot is free; else
   * after the flush interval, for the partial batches.
   */
  private arm(): void {
    if (this.timer !== undefined || this.pendingRows === 0) return;
    const backoff = this.retryAt - Date.now();
    const ready = this.flushing > 0 || this.lanes.flows.sealed.length > 0 || this.lanes.records.sealed.length > 0;
    const wait = ready && backoff > 0 && this.flights.size < this.o.maxInflight ? backoff : Math.max(this.o.flushIntervalMs, backoff);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const lane of [this.lanes.flows, this.lanes.records]) lane.due = lane.open.lines.length > 0;
      this.pump();
      this.arm();
    }, wait);
    this.timer.unref(); // a pending batch never keeps the app alive; the exit flush sends it
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Starts INSERTs while a slot is free, no backoff is pending and a batch may leave. */
  private pump(): void {
    if (Date.now() < this.retryAt) {
      this.arm();
      return;
    }
    while (this.flights.size < this.o.maxInflight) {
      const batch = this.nextBatch();
      if (batch === undefined) break;
      this.launch(batch);
    }
    if (this.buffered === 0) this.settleWaiters();
  }

  /** The next batch to send: sealed ones first (flows, then records), then partial ones when due or flushing. */
  private nextBatch(): Batch | undefined {
    const { flows, records } = this.lanes;
    let batch = flows.sealed.shift() ?? records.sealed.shift();
    if (batch === undefined) {
      const partial = (lane: Lane) => lane.open.lines.length > 0 && (lane.due || this.flushing > 0);
      if (partial(flows)) batch = flows.seal();
      else if (partial(records)) batch = records.seal();
    }
    if (batch !== undefined) {
      this.pendingRows -= batch.lines.length;
      this.pendingBytes -= batch.bytes;
    }
    return batch;
  }

  /** A batch that did not get through goes back to the head of its lane, to leave first. */
  private putBack(batch: Batch): void {
    batch.req = undefined;
    batch.lane.sealed.unshift(batch);
    this.pendingRows += batch.lines.length;
    this.pendingBytes += batch.bytes;
  }

  private launch(batch: Batch): void {
    this.flights.add(batch);
    this.inflightRows += batch.lines.length;
    this.inflightBytes += batch.bytes;
    this.send(batch).then(
      () => this.delivered(batch),
      (err: unknown) => this.failed(batch, err),
    );
  }

  private ensureTables(): Promise<void> {
    if (this.features !== undefined) return Promise.resolve();
    this.tablesReady ??= this.createTables().finally(() => (this.tablesReady = undefined));
    return this.tablesReady;
  }

  private async createTables(): Promise<void> {
    const version = await post(this.target, "SELECT version()", "", { timeoutMs: this.o.requestTimeoutMs });
    const features = featuresOf(parseVersion(version));
    for (const ddl of createStatements(this.target.database, features)) await post(this.target, ddl, "", { timeoutMs: this.o.requestTimeoutMs });
    this.features = features;
  }

  private async send(batch: Batch): Promise<void> {
    await this.ensureTables();
    if (!this.flights.has(batch)) return; // the exit flush took it over
    await post(this.target, this.insertQuery(batch.lane), `${batch.lines.join("\n")}\n`, {
      timeoutMs: this.o.requestTimeoutMs,
      settings: INSERT_SETTINGS,
      onRequest: (req) => (batch.req = req),
    });
  }

  private insertQuery(lane: Lane): string {
    return `INSERT INTO \`${this.target.database}\`.${lane.table} FORMAT JSONEachRow`;
  }

  /** Takes a finished batch out of flight; false when the exit flush or shutdown took it over. */
  private land(batch: Batch): boolean {
    if (!this.flights.delete(batch)) return false;
    batch.req = undefined;
    this.inflightRows -= batch.lines.length;
    this.inflightBytes -= batch.bytes;
    return true;
  }

  private delivered(batch: Batch): void {
    if (!this.land(batch)) return;
    this.gaveUp = false;
    this.attempt = 0;
    this.retryAt = 0;
    this.reportDrops();
    this.pump();
    this.arm();
  }

  private failed(batch: Batch, err: unknown): void {
    if (!this.land(batch)) return;
    const ch = err instanceof ClickHouseError ? err : undefined;
    this.lastError = errorText(err);
    const rows = batch.lines.length;
    if (ch !== undefined && POISON_CODES.has(ch.code)) {
      this.dropped += rows;
      this.stderr(`clickhouse ${this.target.origin}: the server refused a batch of ${rows} row(s) as malformed; dropped: ${ch.message}`, "poison");
      this.pump();
      this.arm();
      return;
    }
    if (ch !== undefined && MISSING_CODES.has(ch.code)) this.features = undefined;
    const kind = ch === undefined ? "other" : ch.status === 0 ? "unreachable" : AUTH_CODES.has(ch.code) || ch.status === 401 || ch.status === 403 ? "auth" : "refused";
    this.stderr(`clickhouse: ${errorText(err)}; rows are kept (up to ${this.o.maxBufferRows}) and retried with backoff`, kind);
    this.putBack(batch);
    // Batches in flight together fail together: one outage backs off once, not once per batch.
    if (Date.now() >= this.retryAt) {
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
      this.attempt = Math.min(this.attempt + 1, 20);
      this.retryAt = Date.now() + delay * (0.5 + Math.random() * 0.5);
    }
    this.disarm();
    this.arm();
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
    if (this.buffered === 0 || this.gaveUp) return Promise.resolve();
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
      this.disarm(); // re-armed for the end of a backoff rather than the flush interval
      this.pump();
      this.arm();
    });
  }

  private settleWaiters(): void {
    if (this.buffered > 0) return;
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
