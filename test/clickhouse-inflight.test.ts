/**
 * clickhouseHandler's INSERTs in flight (`maxInflight`), against a stand-in that holds each
 * INSERT open and counts how many are open at once: the bound is reached and never passed,
 * and with batches failing in the middle of others every row is still acknowledged exactly
 * once (a failed batch is sent again, nothing is sent twice after a success). The real
 * server's side of the same (4 processes x 5,000 flows, an outage) is in
 * clickhouse-handler.test.ts.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogRecord } from "../runtime/handlers/types";
import { ClickHouseHandler } from "../runtime/clickhouse/handler";
import { type InsertFate, type StandIn, startStandIn } from "./helpers/clickhouse-standin";

const record = (i: number): LogRecord =>
  ({ timestamp: new Date().toISOString(), level: "INFO", logger: "svc", trace_id: "t", message: `record ${i}`, n: i }) as LogRecord;

/** The `n` of every acknowledged row, sorted. */
const acknowledged = (s: StandIn) => (s.rows.get("logcrest_records") ?? []).map((l) => (JSON.parse(JSON.parse(l).fields) as { n: number }).n).sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Hands `count` records to the handler as the pipeline does: batches, endBatch, a turn of the loop between. */
async function feed(handler: ClickHouseHandler, count: number, perBatch = 250): Promise<void> {
  for (let i = 0; i < count; i += perBatch) {
    for (let k = i; k < Math.min(count, i + perBatch); k++) handler.handle(record(k));
    handler.endBatch();
    await new Promise((r) => setImmediate(r));
  }
}

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe("clickhouseHandler: INSERTs in flight", () => {
  it.each([1, 2, 4])("maxInflight %i: that many INSERTs open at once, never more; every row acknowledged once", async (maxInflight) => {
    standIn = await startStandIn({ holdMs: 40 });
    const handler = new ClickHouseHandler({ url: standIn.url, batchRows: 100, maxInflight, flushIntervalMs: 60_000, closeTimeoutMs: 20_000 });
    await feed(handler, 3000);
    await handler.close();
    expect(standIn.maxConcurrent).toBe(maxInflight);
    expect(standIn.inserts).toBe(30);
    expect(acknowledged(standIn)).toEqual(range(3000));
    expect(handler.droppedRows).toBe(0);
    expect(handler.buffered).toBe(0);
  });

  it("batches that fail while others are in flight are sent again: every row acknowledged exactly once, none dropped", async () => {
    const fates: InsertFate[] = ["ok", "reset", "ok", "500", "reset", "ok"];
    standIn = await startStandIn({ holdMs: 30, fail: (i) => (i < 12 ? fates[i % fates.length]! : "ok") });
    const handler = new ClickHouseHandler({ url: standIn.url, batchRows: 100, maxInflight: 3, flushIntervalMs: 60_000, closeTimeoutMs: 20_000 });
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (stderr.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      await feed(handler, 2000);
      await handler.close();
    } finally {
      process.stderr.write = write;
    }
    expect(acknowledged(standIn)).toEqual(range(2000));
    expect(standIn.inserts).toBe(20 + 6); // 6 of the first 12 failed and went again
    expect(handler.droppedRows).toBe(0);
    // each kind of problem said once, however many batches met it
    expect(stderr.filter((l) => l.includes("cannot reach"))).toHaveLength(1);
    expect(stderr.filter((l) => l.includes("HTTP 500"))).toHaveLength(1);
  });

  it("the buffer bound counts the rows in flight: a stalled server holds at most maxBufferRows, the rest are dropped and counted", async () => {
    standIn = await startStandIn({ holdMs: 60_000 });
    const handler = new ClickHouseHandler({ url: standIn.url, batchRows: 100, maxInflight: 4, maxBufferRows: 1000, flushIntervalMs: 60_000, closeTimeoutMs: 300 });
    await feed(handler, 3000);
    // 4 batches of 100 in flight, 600 waiting: 1000 held in all
    await vi.waitFor(() => expect(standIn!.maxConcurrent).toBe(4));
    expect(handler.buffered).toBe(1000);
    expect(handler.droppedRows).toBe(2000);
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (stderr.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      await handler.close();
    } finally {
      process.stderr.write = write;
    }
    // at shutdown the held rows (in flight too) are given up, counted and reported
    expect(handler.droppedRows).toBe(3000);
    expect(handler.buffered).toBe(0);
    expect(stderr.join("")).toMatch(/3000 row\(s\) were not delivered \(1000 unsent at shutdown after 300 ms/);
  });
});
