/**
 * otlpHandler against a loopback receiver that answers 503 for a while and then recovers:
 * batches are retried with backoff, nothing is lost beyond the buffer bound, the drops are
 * counted exactly and reported in a WARNING record, and flush() stays bounded when the
 * receiver never comes back.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogRecord } from "../runtime/handlers/types";
import { OtlpHandler } from "../runtime/trace/otlp-handler";
import { installMemoryPipeline } from "./helpers/memory-pipeline";
import { startReceiver, type Receiver } from "./helpers/otlp-receiver";

function logRecord(i: number): LogRecord {
  return { timestamp: new Date().toISOString(), level: "INFO", logger: "t", trace_id: "Global", message: `record ${i}`, n: i } as LogRecord;
}

function bodiesOf(receiver: Receiver): number[] {
  const seen: number[] = [];
  for (const r of receiver.accepted("/v1/logs")) {
    const body = r.body as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ attributes: Array<{ key: string; value: { intValue?: number } }> }> }> }> };
    for (const l of body.resourceLogs[0]!.scopeLogs[0]!.logRecords) {
      const n = l.attributes.find((a) => a.key === "n")?.value.intValue;
      if (n !== undefined) seen.push(n);
    }
  }
  return seen;
}

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe("otlpHandler retries and bounds", () => {
  it("503 for a while, then recovery: every buffered record arrives once, in order; the overflow is counted and reported", async () => {
    let failing = true;
    receiver = await startReceiver(() => (failing ? 503 : 200));
    const pipeline = installMemoryPipeline();
    const handler = new OtlpHandler({ url: receiver.url, traces: false, maxBuffer: 50, maxBatch: 20, intervalMs: 10 });
    for (let i = 0; i < 80; i++) handler.handle(logRecord(i));
    handler.endBatch();
    // Let it fail a few times (backoff 250 ms, 500 ms, ...).
    await vi.waitFor(() => expect(receiver!.received.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    expect(handler.buffered()).toBe(50);
    failing = false;
    await handler.flush();
    // The first 50 fit the bound; they all arrive, in order, exactly once.
    expect(bodiesOf(receiver)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The 30 that did not fit are reported in one WARNING record with the exact count.
    await vi.waitFor(() => expect(pipeline.objects().some((r) => String(r.message).includes("otlpHandler dropped"))).toBe(true));
    const warning = pipeline.objects().find((r) => String(r.message).includes("otlpHandler dropped"))!;
    expect(warning.level).toBe("WARNING");
    expect(warning.dropped).toBe(30);
    expect(warning.message).toBe("LogCrest otlpHandler dropped 30 records: export buffer full");
  });

  it("honours Retry-After on 429", async () => {
    const times: number[] = [];
    receiver = await startReceiver((_p, i) => {
      times.push(Date.now());
      return i === 0 ? 429 : 200;
    });
    receiver.retryAfter = "1";
    const handler = new OtlpHandler({ url: receiver.url, traces: false });
    handler.handle(logRecord(1));
    handler.endBatch();
    await vi.waitFor(() => expect(receiver!.accepted()).toHaveLength(1), { timeout: 5000 });
    expect(receiver.received.map((r) => r.status)).toEqual([429, 200]);
    // The first backoff would be 125-250 ms; the receiver asked for a second.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it("a connection error is retried like a 5xx", async () => {
    receiver = await startReceiver();
    const url = receiver.url;
    await receiver.close();
    // Nothing listens now: connection refused.
    const handler = new OtlpHandler({ url, traces: false, timeoutMs: 600 });
    handler.handle(logRecord(1));
    const started = Date.now();
    await handler.flush();
    // flush() gives up at its bound and keeps the batch for later.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(handler.buffered()).toBe(1);
    receiver = undefined;
  });

  it("a 400 is not retried: the batch is dropped and reported once on stderr", async () => {
    receiver = await startReceiver(() => 400);
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const handler = new OtlpHandler({ url: receiver.url, traces: false });
      handler.handle(logRecord(1));
      await handler.flush();
      handler.handle(logRecord(2));
      await handler.flush();
      expect(receiver.received.map((r) => r.status)).toEqual([400, 400]);
      expect(handler.buffered()).toBe(0);
      expect(writes.filter((w) => w.includes("answered 400"))).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("flush() is bounded when the receiver never recovers, and never throws", async () => {
    receiver = await startReceiver(() => 503);
    const handler = new OtlpHandler({ url: receiver.url, traces: false, timeoutMs: 800 });
    for (let i = 0; i < 5; i++) handler.handle(logRecord(i));
    const started = Date.now();
    await expect(handler.flush()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(handler.buffered()).toBe(5);
  });
});
