/**
 * The queue: batching off the caller's path, bounded-queue overflow with an exact dropped
 * count, back-pressure from a slow disk, flush semantics, and user handlers (functions,
 * objects with a formatter and a level, async ones, failing ones, a webhook).
 */
import { createServer, type IncomingMessage } from "node:http";
import { DEFAULT_VALUE_CONFIG } from "../runtime/capture";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../runtime/config";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatJson } from "../runtime/format/json";
import { consoleHandler, fileHandler } from "../runtime/handlers/index";
import { K_FLOW_START } from "../runtime/record";
import { formatText } from "../runtime/format/text";
import { logFilePaths } from "../runtime/handlers/files";
import { onceReporter } from "../runtime/handlers/report";
import type { Handler, LogRecord } from "../runtime/handlers/types";
import { DEBUG, ERROR, INFO, WARNING } from "../runtime/levels";
import { createPipeline } from "../runtime/create-pipeline";
import { S } from "../runtime/state";
import { MemoryDriver } from "./helpers/runtime-memory-driver";
import { flowRec, logRec } from "./helpers/runtime-recs";

const DIR = "/mem/logs";
const STAMP = "20260101_000000";
const PATHS = logFilePaths(DIR, STAMP);

function config(over: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    dir: DIR,
    json: true,
    name: "app_logger",
    propagate: false,
    otel: false,
    level: DEBUG,
    maxSize: 0,
    backupCount: 0,
    queueSize: 0,
    ...DEFAULT_VALUE_CONFIG,
    console: false,
    files: true,
    signals: true,
    handlers: [],
    ...over,
  };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const parsed = (driver: MemoryDriver, path: string): Array<Record<string, unknown>> =>
  driver.lines(path).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("batching", () => {
  it("push does no formatting or I/O; one write per file per batch", async () => {
    const driver = new MemoryDriver();
    const p = createPipeline(config(), { stamp: STAMP, driver });
    for (let i = 0; i < 1000; i++) p.push(logRec(INFO, `r${i}`));
    expect(driver.writes).toBe(0);
    expect(driver.files.size).toBe(0);
    await tick();
    expect(driver.writes).toBe(1);
    await p.flush();
    expect(driver.lines(PATHS.success)).toHaveLength(1000);
    await p.close();
  });

  it("flush() resolves only when every queued record is written", async () => {
    const driver = new MemoryDriver();
    const p = createPipeline(config(), { stamp: STAMP, driver });
    for (let i = 0; i < 20_000; i++) p.push(logRec(i % 2 ? INFO : ERROR, `r${i}`));
    await p.flush();
    expect(driver.lines(PATHS.success).length + driver.lines(PATHS.error).length).toBe(20_000);
    await p.close();
  });
});

describe("bounded queue", () => {
  it("drops on overflow and a later WARNING record gives the exact count", async () => {
    S.dropped = 0;
    const driver = new MemoryDriver();
    const p = createPipeline(config({ queueSize: 100 }), { stamp: STAMP, driver });
    for (let i = 0; i < 1000; i++) p.push(logRec(INFO, `r${i}`));
    expect(p.queued()).toBe(100);
    await p.flush();
    for (let i = 0; i < 30; i++) p.push(logRec(INFO, `second${i}`));
    await p.flush();
    for (let i = 0; i < 130; i++) p.push(logRec(INFO, `third${i}`));
    await p.close();
    const records = parsed(driver, PATHS.success);
    const warnings = records.filter((r) => r.dropped !== undefined);
    expect(warnings).toEqual([
      expect.objectContaining({ level: "WARNING", message: "LogCrest dropped 900 records: queue full", dropped: 900 }),
      expect.objectContaining({ level: "WARNING", dropped: 30 }),
    ]);
    expect(records.filter((r) => r.dropped === undefined)).toHaveLength(100 + 30 + 100);
    // The warning follows the records that were kept.
    expect(records[100]!.dropped).toBe(900);
  });

  it("the queue is bounded in bytes too (maxQueueBytes): big records are dropped and counted", async () => {
    S.dropped = 0;
    const driver = new MemoryDriver();
    const p = createPipeline(config({ maxQueueBytes: 1_000_000 }), { stamp: STAMP, driver });
    for (let i = 0; i < 100; i++) {
      const r = logRec(INFO, `big${i}`);
      r.size = 100_000; // what capture.ts measured of its values
      p.push(r);
    }
    expect(p.queued()).toBe(9);
    for (let i = 0; i < 1000; i++) p.push(logRec(INFO, `small${i}`)); // ~100 bytes each: 1000 more fit
    expect(p.queued()).toBe(9 + 1000);
    await p.close();
    const records = parsed(driver, PATHS.success);
    expect(records.filter((r) => r.dropped !== undefined)).toEqual([expect.objectContaining({ dropped: 91 })]);
    expect(records.filter((r) => r.dropped === undefined)).toHaveLength(1009);
  });

  it("a slow disk pauses draining; memory stays bounded and kept + dropped = pushed", async () => {
    S.dropped = 0;
    const driver = new MemoryDriver();
    // Hold every write until released, like a stalled disk.
    const held: Array<() => void> = [];
    const write = driver.write.bind(driver);
    driver.write = (fd, data, cb) => write(fd, data, (err, n) => held.push(() => cb(err, n)));
    const p = createPipeline(config({ queueSize: 500 }), { stamp: STAMP, driver, highWater: 2000 });
    let pushed = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 200; i++, pushed++) p.push(logRec(INFO, `x${pushed}`));
      await tick();
      expect(p.queued()).toBeLessThanOrEqual(500);
      expect(driver.writes).toBeLessThanOrEqual(2); // stalled: one write in flight, no more
      // Formatted-but-unwritten text stays near the high-water mark (one batch past it at most).
      expect(p.sinks[0]!.backlog()).toBeLessThan(2000 + 200 * 200);
    }
    // The disk comes back.
    const release = async (): Promise<void> => {
      while (held.length > 0) {
        held.shift()!();
        await tick();
      }
    };
    const closing = p.close();
    for (let i = 0; i < 200 && held.length + p.queued() > 0; i++) await release();
    await closing;
    const records = parsed(driver, PATHS.success);
    const kept = records.filter((r) => r.dropped === undefined).length;
    const dropped = records.reduce((n, r) => n + (typeof r.dropped === "number" ? r.dropped : 0), 0);
    expect(dropped).toBeGreaterThan(0);
    expect(kept + dropped).toBe(pushed);
  });
});

describe("user handlers", () => {
  it("a function receives the public record object", async () => {
    const seen: LogRecord[] = [];
    const p = createPipeline(config({ handlers: [(r) => void seen.push(r)] }), { stamp: STAMP, driver: new MemoryDriver() });
    p.push(logRec(WARNING, "careful", { order: 42, nested: { a: [1] } }));
    await p.close();
    expect(seen).toEqual([
      {
        timestamp: "2026-11-25T13:34:53.123Z",
        level: "WARNING",
        logger: "app_logger",
        trace_id: "Global",
        message: "careful",
        order: 42,
        nested: { a: [1] },
      },
    ]);
  });

  it("an object handler gets its formatter's line, only from its level, and is flushed and closed", async () => {
    const calls: string[] = [];
    const handler: Handler = {
      level: "error",
      formatter: formatText,
      handle: (record, line) => void calls.push(`${record.level} ${line}`),
      flush: () => void calls.push("flush"),
      close: () => void calls.push("close"),
    };
    const p = createPipeline(config({ handlers: [handler] }), { stamp: STAMP, driver: new MemoryDriver() });
    p.push(logRec(INFO, "not for me"));
    p.push(logRec(ERROR, "multi\nline"));
    await p.flush();
    await p.close();
    expect(calls[0]).toBe("ERROR 2026-11-25T13:34:53.123Z ERROR    app_logger [Global] - multi\\nline");
    expect(calls.slice(1)).toEqual(["flush", "flush", "close"]);
  });

  it("a throwing handler is reported once and neither it nor the files stop", async () => {
    const messages: string[] = [];
    const driver = new MemoryDriver();
    let calls = 0;
    const boom = function boom(): void {
      calls++;
      throw new Error("handler bug");
    };
    const rejecting = { handle: async () => Promise.reject(new Error("async bug")) };
    const p = createPipeline(config({ handlers: [boom, rejecting] }), {
      stamp: STAMP,
      driver,
      report: onceReporter((t) => messages.push(t), new Set()),
    });
    for (let i = 0; i < 5; i++) p.push(logRec(INFO, `r${i}`));
    await p.close();
    expect(calls).toBe(5);
    expect(driver.lines(PATHS.success)).toHaveLength(5);
    expect(messages).toEqual([
      "logcrest: handler #0 (boom) failed in handle() (handler bug); it keeps receiving records\n",
      "logcrest: handler #1 failed in handle() (async bug); it keeps receiving records\n",
    ]);
  });

  it("flush() waits for the promises an async handler returns", async () => {
    let done = 0;
    const slow: Handler = async () => {
      await new Promise((r) => setTimeout(r, 30));
      done++;
    };
    const p = createPipeline(config({ handlers: [slow] }), { stamp: STAMP, driver: new MemoryDriver() });
    p.push(logRec(INFO, "a"));
    p.push(logRec(INFO, "b"));
    await p.flush();
    expect(done).toBe(2);
    await p.close();
  });

  it("a webhook for ERROR records is a few lines of user code", async () => {
    const bodies: unknown[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        bodies.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      // --- the user's code ---
      const webhook: Handler = {
        level: "ERROR",
        formatter: formatJson,
        handle: async (_record, line) => void (await fetch(url, { method: "POST", body: line })),
      };
      // -----------------------
      const p = createPipeline(config({ handlers: [webhook] }), { stamp: STAMP, driver: new MemoryDriver() });
      p.push(logRec(INFO, "fine"));
      p.push(logRec(ERROR, "payment failed", { order: 7, amount: 10n }));
      await p.flush();
      expect(bodies).toEqual([expect.objectContaining({ level: "ERROR", message: "payment failed", order: 7, amount: "10" })]);
      await p.close();
    } finally {
      server.close();
    }
  });
});

describe("built-in outputs as handlers of the same interface", () => {
  it("fileHandler() adds a second set of files (text here), routed and 0600 like the default ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lc-extra-"));
    try {
      const audit = fileHandler({ dir: join(dir, "audit"), json: false });
      const custom = fileHandler({ dir: join(dir, "custom"), formatter: (r) => `${r.level}|${r.message}` });
      const p = createPipeline(config({ handlers: [audit, custom] }), { stamp: STAMP, driver: new MemoryDriver() });
      p.push(logRec(INFO, "one"));
      p.push(logRec(ERROR, "two\nlines"));
      p.push(flowRec(K_FLOW_START));
      await p.flush();
      const read = (base: string, sub: string): string[] => {
        const folder = join(dir, base, sub);
        const [name] = readdirSync(folder);
        expect(statSync(join(folder, name!)).mode & 0o777).toBe(0o600);
        return readFileSync(join(folder, name!), "utf8").split("\n").filter(Boolean);
      };
      expect(read("audit", "success")).toEqual([expect.stringMatching(/ INFO {5}app_logger \[Global\] - one$/)]);
      expect(read("audit", "error")).toEqual([expect.stringMatching(/ - two\\nlines$/)]);
      expect(read("audit", "flows")).toEqual([expect.stringContaining("[Flow Start] 'checkout'")]);
      // A user formatter's line is written as it is, one per record.
      expect(read("custom", "success")).toEqual(["INFO|one"]);
      await p.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("consoleHandler() as an extra output honours its own level", async () => {
    const out: string[] = [];
    const extra = consoleHandler({ level: "WARNING", colour: false, write: (t) => out.push(t) });
    const p = createPipeline(config({ handlers: [extra] }), { stamp: STAMP, driver: new MemoryDriver() });
    p.push(logRec(INFO, "info"));
    p.push(logRec(WARNING, "warn"));
    await p.close();
    expect(out.join("").split("\n").filter(Boolean)).toEqual([expect.stringMatching(/WARNING {2}app_logger \[Global\] - warn$/)]);
  });
});
