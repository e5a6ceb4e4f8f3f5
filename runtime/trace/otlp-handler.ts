/**
 * `otlpHandler({ url })`: a handler (README: Handlers and formatters) that ships flows and tagged calls as OTLP
 * spans to `<url>/v1/traces` and every record as an OTLP log record to `<url>/v1/logs`
 * (OTLP/HTTP, JSON encoding), with node:http(s) only.
 *
 * - Batches: up to `maxBatch` items per request; a partial batch waits at most `intervalMs`.
 * - Retries 429, 5xx and connection errors with exponential backoff (honouring
 *   `Retry-After`); a batch being retried stays in the buffer. Other statuses drop the batch
 *   (reported once on stderr: retrying a 400 would only repeat it).
 * - Bounded: at most `maxBuffer` items wait; past that new items are dropped, counted, and
 *   the count is reported in a WARNING record once sending works again.
 * - Never blocks the app (records arrive in the pipeline's batches, off the caller's path;
 *   requests are asynchronous), never throws into it.
 * - `flush()` / `shutdown()` send what is buffered within `timeoutMs`; at process exit the
 *   rest is sent synchronously within `exitTimeoutMs`.
 *
 * Delivery is at least once: a batch in flight when the process exits is sent again.
 */
import type { HandlerObject, LogRecord } from "../handlers/types";
import { errorText, onceReporter, type Reporter } from "../handlers/report";
import { parseLevel } from "../levels";
import { log } from "../log";
import { S } from "../state";
import { logsBody, resourceOf, toLogRecord, toSpan, tracesBody, type OtlpLogRecord, type OtlpResource, type OtlpSpan } from "./otlp-encode";
import { post, postSync, retryable, type SyncJob } from "./otlp-transport";

export interface OtlpHandlerOptions {
  /** The collector's OTLP/HTTP base URL (`http://localhost:4318`); `/v1/traces` and `/v1/logs` are added. */
  url: string;
  /** Extra request headers (an API key). */
  headers?: Record<string, string>;
  /** Resource attributes; `service.name` defaults to `OTEL_SERVICE_NAME`, else `unknown_service:node`. */
  resource?: Record<string, string | number | boolean>;
  /** Send spans (default true). */
  traces?: boolean;
  /** Send log records (default true). */
  logs?: boolean;
  /** Least level sent as a log record (spans are sent whatever their level). Default all. */
  level?: string | number;
  /** Items (spans plus log records) that may wait; more are dropped and counted. Default 4096. */
  maxBuffer?: number;
  /** Items per request. Default 512. */
  maxBatch?: number;
  /** How long a partial batch waits. Default 1000 ms. */
  intervalMs?: number;
  /** One request's time limit, and the bound of `flush()` / `shutdown()`. Default 10000 ms. */
  timeoutMs?: number;
  /** The bound of the synchronous send at process exit. Default 2000 ms. */
  exitTimeoutMs?: number;
}

const BACKOFF_START_MS = 250;
const BACKOFF_MAX_MS = 10_000;

type Item = OtlpSpan | OtlpLogRecord;

let handlers = 0;

/** One signal (traces or logs): its buffer, its one request in flight, its backoff. */
class Lane {
  items: Item[] = [];
  inflight: Item[] | undefined = undefined;
  attempt = 0;
  /** No new request before this time (backoff after a retryable failure). */
  notBefore = 0;

  constructor(
    readonly url: URL,
    readonly encode: (items: readonly Item[]) => string,
  ) {}
}

function positive(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

function endpoint(base: string, path: string): URL {
  const url = new URL(base);
  url.pathname = url.pathname.replace(/\/+$/, "") + path;
  return url;
}

export class OtlpHandler implements HandlerObject {
  readonly level: string | number | undefined = undefined;
  private readonly logLevel: number;
  private readonly traces: Lane | undefined;
  private readonly logs: Lane | undefined;
  private readonly headers: Record<string, string>;
  private readonly maxBuffer: number;
  private readonly maxBatch: number;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly exitTimeoutMs: number;
  private timer: NodeJS.Timeout | undefined = undefined;
  /** Reports are once per handler and problem (the reporter's keys are process-wide). */
  private readonly id = ++handlers;
  private dropped = 0;
  private reportScheduled = false;
  private readonly report: Reporter = onceReporter();
  private readonly settledWaiters: Array<() => void> = [];

  constructor(options: OtlpHandlerOptions) {
    if (typeof options !== "object" || options === null || typeof options.url !== "string") {
      throw new TypeError("logcrest: otlpHandler() needs { url: 'http://collector:4318' }");
    }
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new TypeError(`logcrest: otlpHandler(): ${JSON.stringify(options.url)} is not a URL`);
    }
    if (base.protocol !== "http:" && base.protocol !== "https:") {
      throw new TypeError(`logcrest: otlpHandler(): the url must be http: or https:, got ${base.protocol}`);
    }
    this.headers = { ...(options.headers ?? {}) };
    const resource: OtlpResource = resourceOf({
      "service.name": process.env.OTEL_SERVICE_NAME || "unknown_service:node",
      "telemetry.sdk.name": "logcrest",
      "telemetry.sdk.language": "nodejs",
      ...(options.resource ?? {}),
    });
    this.traces = options.traces === false ? undefined : new Lane(endpoint(options.url, "/v1/traces"), (s) => tracesBody(resource, s as OtlpSpan[]));
    this.logs = options.logs === false ? undefined : new Lane(endpoint(options.url, "/v1/logs"), (l) => logsBody(resource, l as OtlpLogRecord[]));
    this.logLevel = levelNumber(options.level);
    this.maxBuffer = positive(options.maxBuffer, 4096);
    this.maxBatch = positive(options.maxBatch, 512);
    this.intervalMs = positive(options.intervalMs, 1000);
    this.timeoutMs = positive(options.timeoutMs, 10_000);
    this.exitTimeoutMs = positive(options.exitTimeoutMs, 2000);
  }

  /** Items buffered or in flight. */
  buffered(): number {
    let n = 0;
    for (const lane of this.lanes()) n += lane.items.length + (lane.inflight?.length ?? 0);
    return n;
  }

  handle(record: LogRecord): void {
    if (this.traces !== undefined) {
      const span = toSpan(record);
      if (span !== undefined) this.add(this.traces, span);
    }
    if (this.logs !== undefined && levelNumber(record.level) >= this.logLevel) {
      this.add(this.logs, toLogRecord(record, Date.now()));
    }
  }

  endBatch(): void {
    let ready = false;
    for (const lane of this.lanes()) if (lane.items.length >= this.maxBatch) ready = true;
    if (ready) this.pump();
    else this.arm(this.intervalMs);
  }

  async flush(): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    while (this.buffered() > 0 && Date.now() < deadline) {
      for (const lane of this.lanes()) {
        if (lane.inflight === undefined && lane.items.length > 0) lane.notBefore = Math.min(lane.notBefore, Date.now() + 50);
      }
      this.pump();
      await this.nextSettle(deadline);
    }
    this.reportDrops();
  }

  close(): Promise<void> {
    return this.flush();
  }

  /** Everything buffered, synchronously (process exit, a signal, a rebuild). */
  flushSync(): void {
    const jobs: SyncJob[] = [];
    let items = 0;
    for (const lane of this.lanes()) {
      const all = [...(lane.inflight ?? []), ...lane.items];
      lane.items = [];
      items += all.length;
      for (let i = 0; i < all.length; i += this.maxBatch) {
        jobs.push({ url: lane.url, headers: this.headers, body: this.safeEncode(lane, all.slice(i, i + this.maxBatch)) });
      }
    }
    if (jobs.length === 0) return;
    const sent = postSync(jobs, this.exitTimeoutMs);
    if (sent < jobs.length) this.complain("exit", `${jobs.length - sent} of ${jobs.length} requests (${items} items) could not be sent before exit`);
    if (this.dropped > 0) {
      this.complain("exit-drops", `dropped ${this.dropped} records: export buffer full`);
      this.dropped = 0;
    }
  }

  closeSync(): void {
    this.flushSync();
  }

  private lanes(): Array<Lane> {
    const out: Array<Lane> = [];
    if (this.traces !== undefined) out.push(this.traces);
    if (this.logs !== undefined) out.push(this.logs);
    return out;
  }

  private add(lane: Lane, item: Item): void {
    if (this.buffered() >= this.maxBuffer) {
      this.dropped++;
      return;
    }
    lane.items.push(item);
  }

  /** Sends from every lane that is free and not backing off; re-arms for the rest. */
  private pump(): void {
    const now = Date.now();
    let wait = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes()) {
      if (lane.inflight !== undefined || lane.items.length === 0) continue;
      if (lane.notBefore > now) {
        wait = Math.min(wait, lane.notBefore - now);
        continue;
      }
      this.send(lane);
    }
    if (wait !== Number.POSITIVE_INFINITY) this.arm(wait);
  }

  private send(lane: Lane): void {
    const batch = lane.items.splice(0, this.maxBatch);
    lane.inflight = batch;
    const body = this.safeEncode(lane, batch);
    void post(lane.url, body, this.headers, this.timeoutMs).then((result) => {
      lane.inflight = undefined;
      if (result.status >= 200 && result.status < 300) {
        lane.attempt = 0;
        lane.notBefore = 0;
        this.reportDrops();
      } else if (retryable(result.status)) {
        // Back into the buffer, in front: order is kept, and it counts against the bound.
        lane.items.unshift(...batch);
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** lane.attempt) * (0.5 + Math.random() / 2);
        lane.attempt = Math.min(lane.attempt + 1, 16);
        lane.notBefore = Date.now() + (result.retryAfter !== undefined ? Math.min(result.retryAfter * 1000, BACKOFF_MAX_MS) : backoff);
      } else {
        this.complain(`status:${result.status}`, `${lane.url.href} answered ${result.status}; ${batch.length} items dropped (not retried)`);
      }
      this.settled();
      if (lane.items.length >= this.maxBatch || lane.notBefore > 0) this.pump();
      else if (lane.items.length > 0) this.arm(this.intervalMs);
    });
  }

  private safeEncode(lane: Lane, items: readonly Item[]): string {
    try {
      return lane.encode(items);
    } catch (err) {
      this.complain("encode", `a batch could not be encoded (${errorText(err)})`);
      return lane.encode([]);
    }
  }

  private arm(ms: number): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, Math.max(1, ms));
    // The exit flush sends what is left: a pending batch never keeps the process alive.
    this.timer.unref();
  }

  private settled(): void {
    for (const wake of this.settledWaiters.splice(0)) wake();
  }

  /** Resolves when a request settles, when a backoff ends, or at the deadline. */
  private nextSettle(deadline: number): Promise<void> {
    return new Promise((resolve) => {
      let backoffEnd = deadline;
      for (const lane of this.lanes()) if (lane.inflight === undefined && lane.items.length > 0) backoffEnd = Math.min(backoffEnd, lane.notBefore);
      const timer = setTimeout(resolve, Math.max(1, Math.min(deadline, backoffEnd) - Date.now()));
      this.settledWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * The WARNING record with the count, like the queue's. Logged from a fresh turn outside
   * any trace: never from inside the pipeline's drain, where it would be discarded.
   */
  private reportDrops(): void {
    if (this.dropped === 0 || this.reportScheduled) return;
    this.reportScheduled = true;
    setImmediate(() => {
      this.reportScheduled = false;
      const count = this.dropped;
      if (count === 0) return;
      this.dropped = 0;
      const warn = (): void =>
        log.warn(`LogCrest otlpHandler dropped ${count} record${count === 1 ? "" : "s"}: export buffer full`, {
          dropped: count,
          handler: "otlpHandler",
          url: this.traces?.url.origin ?? this.logs?.url.origin,
        });
      if (S.als === undefined) warn();
      else S.als.exit(warn);
    }).unref();
  }

  private complain(key: string, message: string): void {
    this.report(`otlp:${this.id}:${key}`, `otlpHandler: ${message}`);
  }
}

/** A record's level name (or a level option) as its number; unknown names count as 0. */
function levelNumber(level: unknown): number {
  if (typeof level === "string" && level.startsWith("LEVEL")) return parseLevel(level.slice(5)) ?? 0;
  return parseLevel(level) ?? 0;
}

/** `otlpHandler({ url, headers?, resource? })`: see OtlpHandler. */
export function otlpHandler(options: OtlpHandlerOptions): HandlerObject {
  return new OtlpHandler(options);
}
