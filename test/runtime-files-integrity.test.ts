/**
 * Data integrity of the file outputs (issue 14): a write torn by ENOSPC does not swallow
 * the next record; a log file or folder deleted while running is made again at the next
 * write and reported once (like Python's WatchedFileHandler); extra fileHandler() outputs
 * route by the record's kind, not by a user field named `flow_type`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../runtime/config";
import { createPipeline } from "../runtime/create-pipeline";
import { fileHandler } from "../runtime/handlers";
import { logFilePaths } from "../runtime/handlers/files";
import { ERROR, INFO } from "../runtime/levels";
import { K_FLOW_END, K_FLOW_START } from "../runtime/record";
import { collectingReporter, testConfig } from "./helpers/runtime-config";
import { MemoryDriver } from "./helpers/runtime-memory-driver";
import { flowRec, logRec } from "./helpers/runtime-recs";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lc-integrity-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig => testConfig(join(dir, "logs"), over);
const reporter = collectingReporter;

function parsed(text: string): { records: Array<Record<string, unknown>>; garbage: string[] } {
  const records: Array<Record<string, unknown>> = [];
  const garbage: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    try {
      records.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      garbage.push(line);
    }
  }
  return { records, garbage };
}

const messagesIn = (path: string): unknown[] => parsed(readFileSync(path, "utf8")).records.map((r) => r.message);

describe("ENOSPC and freed space", () => {
  it("a write torn part-way: the next record after the space is back starts on a line of its own", async () => {
    const driver = new MemoryDriver();
    const paths = logFilePaths("/v/logs", "s");
    const { messages, report } = reporter();
    const p = createPipeline(config({ dir: "/v/logs" }), { stamp: "s", driver, report });
    driver.space = 250; // room for one record and part of the second
    for (let i = 0; i < 5; i++) p.push(logRec(INFO, `before ${i}`));
    await p.flush();
    driver.space = undefined; // space freed
    p.push(logRec(INFO, "after"));
    p.push(logRec(INFO, "after 2"));
    await p.close();
    const { records, garbage } = parsed(driver.text(paths.success));
    const kept = records.map((r) => r.message).slice(0, -2);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(kept.map((_m, i) => `before ${i}`)); // whole lines that fitted
    expect(records.map((r) => r.message).slice(-2)).toEqual(["after", "after 2"]);
    expect(garbage).toHaveLength(1); // the torn one, alone on its line
    expect(garbage[0]).toMatch(/^\{"timestamp"/);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("ENOSPC");
  });

  it("the same in the final synchronous flush", () => {
    const driver = new MemoryDriver();
    const paths = logFilePaths("/v/logs", "y");
    const p = createPipeline(config({ dir: "/v/logs" }), { stamp: "y", driver, report: reporter().report });
    driver.space = 250;
    for (let i = 0; i < 5; i++) p.push(logRec(INFO, `before ${i}`));
    p.flushSync();
    driver.space = undefined;
    p.push(logRec(INFO, "after"));
    p.closeSync();
    const { records, garbage } = parsed(driver.text(paths.success));
    const messages = records.map((r) => r.message);
    expect(messages.at(-1)).toBe("after");
    expect(messages.slice(0, -1)).toEqual(messages.slice(0, -1).map((_m, i) => `before ${i}`));
    expect(garbage).toHaveLength(1);
  });

  it("a write refused whole (nothing torn) adds no empty line", async () => {
    const driver = new MemoryDriver();
    const paths = logFilePaths("/v/logs", "w");
    const p = createPipeline(config({ dir: "/v/logs" }), { stamp: "w", driver, report: reporter().report });
    p.push(logRec(INFO, "first"));
    await p.flush();
    driver.space = 0;
    p.push(logRec(INFO, "lost"));
    await p.flush();
    driver.space = undefined;
    p.push(logRec(INFO, "after"));
    await p.close();
    expect(driver.text(paths.success).split("\n").filter((l) => l === "")).toHaveLength(1); // the final newline only
    expect(parsed(driver.text(paths.success)).records.map((r) => r.message)).toEqual(["first", "after"]);
  });
});

describe("deleted while running (like WatchedFileHandler)", () => {
  it("a deleted log file is made again at the next write, reported once", async () => {
    const { messages, report } = reporter();
    const paths = logFilePaths(join(dir, "logs"), "d");
    const p = createPipeline(config(), { stamp: "d", report });
    p.push(logRec(INFO, "one"));
    await p.flush();
    rmSync(paths.success);
    p.push(logRec(INFO, "two"));
    await p.flush();
    rmSync(paths.success);
    p.push(logRec(INFO, "three"));
    await p.close();
    expect(messagesIn(paths.success)).toEqual(["three"]);
    expect(statSync(paths.success).mode & 0o777).toBe(0o600);
    expect(messages.filter((m) => m.includes(`log file ${paths.success} was removed`))).toHaveLength(1);
  });

  it("a deleted folder, and the whole log dir, are made again; nothing written after is lost", async () => {
    const { messages, report } = reporter();
    const paths = logFilePaths(join(dir, "logs"), "e");
    const p = createPipeline(config(), { stamp: "e", report });
    p.push(logRec(INFO, "one"));
    p.push(logRec(ERROR, "e1"));
    await p.flush();
    rmSync(join(dir, "logs", "success"), { recursive: true });
    p.push(logRec(INFO, "two"));
    await p.flush();
    expect(messagesIn(paths.success)).toEqual(["two"]);
    rmSync(join(dir, "logs"), { recursive: true });
    p.push(logRec(INFO, "three"));
    p.push(logRec(ERROR, "e2"));
    p.push(flowRec(K_FLOW_START));
    await p.close();
    expect(messagesIn(paths.success)).toEqual(["three"]);
    expect(messagesIn(paths.error)).toEqual(["e2"]);
    expect(statSync(join(dir, "logs", "success")).mode & 0o777).toBe(0o700);
    expect(messages.filter((m) => m.includes("was removed or replaced while"))).not.toHaveLength(0);
    expect(new Set(messages).size).toBe(messages.length);
  });

  it("rotation after the folder was deleted writes into the re-made folder", async () => {
    const paths = logFilePaths(join(dir, "logs"), "r");
    const p = createPipeline(config({ maxSize: 600, backupCount: 20 }), { stamp: "r", report: reporter().report });
    for (let i = 0; i < 3; i++) p.push(logRec(INFO, `a${i}`));
    await p.flush();
    rmSync(join(dir, "logs", "success"), { recursive: true });
    for (let i = 0; i < 20; i++) {
      p.push(logRec(INFO, `b${i}`));
      await p.flush();
    }
    await p.close();
    const all = readdirSync(join(dir, "logs", "success"))
      .sort()
      .reverse()
      .flatMap((n) => messagesIn(join(dir, "logs", "success", n)));
    expect(all.filter((m) => String(m).startsWith("b"))).toHaveLength(20);
    expect(existsSync(paths.success + ".1")).toBe(true);
  });
});

describe("fileHandler() as an extra output", () => {
  it("routes by the record's kind, like the built-in files: a user field flow_type does not reach flows/", async () => {
    const extra = join(dir, "audit");
    const p = createPipeline(config({ handlers: [fileHandler({ dir: extra })] }), { stamp: "h", report: reporter().report });
    p.push(logRec(INFO, "poser", { flow_type: "flow_start", flow_id: "fake-00000000" }));
    p.push(logRec(ERROR, "bad"));
    p.push(flowRec(K_FLOW_START));
    p.push(flowRec(K_FLOW_END));
    await p.close();
    const folder = (sub: string): unknown[] =>
      readdirSync(join(extra, sub)).flatMap((n) => messagesIn(join(extra, sub, n)));
    expect(folder("success")).toEqual(["poser"]);
    expect(folder("error")).toEqual(["bad"]);
    expect(folder("flows")).toHaveLength(2);
    const builtin = logFilePaths(join(dir, "logs"), "h");
    expect(messagesIn(builtin.success)).toEqual(["poser"]);
    expect(messagesIn(builtin.flows)).toHaveLength(2);
  });

  it("writes the configured logger name (it is made before the configuration is known), unless it was given its own", async () => {
    const adopted = join(dir, "adopted");
    const named = join(dir, "named");
    const handlers = [fileHandler({ dir: adopted }), fileHandler({ dir: named, name: "audit" })];
    const p = createPipeline(config({ name: "orders", handlers }), { stamp: "n", report: reporter().report });
    p.push(logRec(INFO, "plain"));
    p.push(flowRec(K_FLOW_START));
    await p.close();
    const loggers = (base: string): unknown[] =>
      ["success", "flows"].flatMap((sub) => readdirSync(join(base, sub)).flatMap((n) => parsed(readFileSync(join(base, sub, n), "utf8")).records.map((r) => r.logger)));
    expect(loggers(join(dir, "logs"))).toEqual(["orders", "orders"]);
    expect(loggers(adopted)).toEqual(["orders", "orders"]);
    expect(loggers(named)).toEqual(["audit", "audit"]);
  });
});
