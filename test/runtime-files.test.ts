/**
 * The three files on a real disk: routing, modes (0600 files, 0700 folders, also after
 * rotation), rotation like Python's RotatingFileHandler, lazy opening; and failures (a file
 * where the directory should be, EACCES, ENOSPC) reported once without stopping the rest.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ResolvedConfig } from "../runtime/config";
import { logFilePaths } from "../runtime/handlers/files";
import { CRITICAL, DEBUG, ERROR, INFO, WARNING } from "../runtime/levels";
import { K_FLOW_END, K_FLOW_START } from "../runtime/record";
import { createPipeline } from "../runtime/create-pipeline";
import { collectingReporter, testConfig } from "./helpers/runtime-config";
import { errnoError, MemoryDriver } from "./helpers/runtime-memory-driver";
import { flowRec, logRec } from "./helpers/runtime-recs";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lc-files-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig => testConfig(join(dir, "logs"), over);
const reporter = collectingReporter;

const mode = (p: string): number => statSync(p).mode & 0o777;
const lines = (p: string): Array<Record<string, unknown>> =>
  readFileSync(p, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("routing", () => {
  it("DEBUG..WARNING to success/, ERROR..CRITICAL to error/, flow records to flows/ only", async () => {
    const p = createPipeline(config(), { stamp: "20261125_133453" });
    p.push(logRec(DEBUG, "d"));
    p.push(logRec(INFO, "i"));
    p.push(logRec(WARNING, "w"));
    p.push(logRec(ERROR, "e"));
    p.push(logRec(CRITICAL, "c"));
    p.push(flowRec(K_FLOW_START));
    p.push(flowRec(K_FLOW_END, undefined, ERROR));
    await p.flush();
    const paths = logFilePaths(join(dir, "logs"), "20261125_133453");
    expect(paths.success).toBe(join(dir, "logs", "success", "20261125_133453_success.log"));
    expect(lines(paths.success).map((r) => r.message)).toEqual(["d", "i", "w"]);
    expect(lines(paths.error).map((r) => r.message)).toEqual(["e", "c"]);
    expect(lines(paths.flows).map((r) => r.flow_type)).toEqual(["flow_start", "flow_end"]);
    await p.close();
  });

  it("opens a file only when a record is routed to it: no empty error file", async () => {
    const p = createPipeline(config(), { stamp: "s1" });
    p.push(logRec(INFO, "only success"));
    await p.close();
    const paths = logFilePaths(join(dir, "logs"), "s1");
    expect(existsSync(paths.success)).toBe(true);
    expect(existsSync(paths.error)).toBe(false);
    expect(existsSync(paths.flows)).toBe(false);
  });

  it("records below the configured level are not written", async () => {
    const p = createPipeline(config({ level: WARNING }), { stamp: "s2" });
    p.push(logRec(INFO, "no"));
    p.push(logRec(WARNING, "yes"));
    await p.close();
    expect(lines(logFilePaths(join(dir, "logs"), "s2").success).map((r) => r.message)).toEqual(["yes"]);
  });
});

describe("modes", () => {
  it("files 0600 and folders 0700, also files made by rotation and a pre-existing wide file", async () => {
    const paths = logFilePaths(join(dir, "logs"), "m");
    // A file left behind with wide permissions (an earlier run, another tool) is narrowed too.
    const p0 = createPipeline(config(), { stamp: "m" });
    p0.push(logRec(ERROR, "first"));
    await p0.close();
    chmodSync(paths.error, 0o644);
    const p = createPipeline(config({ maxSize: 400, backupCount: 2 }), { stamp: "m" });
    for (let i = 0; i < 40; i++) {
      p.push(logRec(INFO, `success record ${i}`));
      p.push(logRec(ERROR, `error record ${i}`));
      p.push(flowRec(i % 2 === 0 ? K_FLOW_START : K_FLOW_END));
    }
    await p.close();
    for (const sub of ["success", "error", "flows"]) {
      expect(mode(join(dir, "logs", sub))).toBe(0o700);
      const files = readdirSync(join(dir, "logs", sub));
      expect(files.length).toBe(3); // base + .1 + .2
      for (const f of files) expect(mode(join(dir, "logs", sub, f)), f).toBe(0o600);
    }
    expect(mode(join(dir, "logs"))).toBe(0o700);
    expect(mode(paths.error)).toBe(0o600);
  });
});

describe("rotation", () => {
  it("keeps backupCount backups, each under maxSize, shifting .1 -> .2 and dropping the oldest", async () => {
    const maxSize = 1000;
    const p = createPipeline(config({ maxSize, backupCount: 3 }), { stamp: "r" });
    const total = 200;
    for (let i = 0; i < total; i++) p.push(logRec(INFO, `record ${String(i).padStart(4, "0")}`));
    await p.close();
    const base = logFilePaths(join(dir, "logs"), "r").success;
    const names = readdirSync(join(dir, "logs", "success")).sort();
    expect(names).toEqual(["r_success.log", "r_success.log.1", "r_success.log.2", "r_success.log.3"]);
    const lineLength = readFileSync(base + ".1", "utf8").split("\n")[0]!.length + 1;
    for (const suffix of ["", ".1", ".2", ".3"]) {
      const size = statSync(base + suffix).size;
      expect(size).toBeLessThan(maxSize);
      // Python's rule: roll over before the record that would reach maxSize.
      if (suffix !== "") expect(size + lineLength).toBeGreaterThanOrEqual(maxSize);
    }
    // Oldest first: .3, .2, .1, then the base; consecutive and ending with the last record.
    const seq = [".3", ".2", ".1", ""].flatMap((s) => lines(base + s).map((r) => String(r.message)));
    const numbers = seq.map((m) => Number(m.slice(-4)));
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBe(numbers[i - 1]! + 1);
    expect(numbers.at(-1)).toBe(total - 1);
  });

  it("counts bytes, not characters: multi-byte text rotates at the same byte limit", async () => {
    const maxSize = 2000;
    const p = createPipeline(config({ maxSize, backupCount: 5 }), { stamp: "u" });
    for (let i = 0; i < 60; i++) p.push(logRec(INFO, `日本語のメッセージ ✓ ${i}`));
    await p.close();
    const folder = join(dir, "logs", "success");
    const names = readdirSync(folder);
    expect(names.length).toBeGreaterThan(2);
    for (const n of names) expect(statSync(join(folder, n)).size).toBeLessThan(maxSize);
  });

  it("backupCount 0 means no rotation", async () => {
    const p = createPipeline(config({ maxSize: 200, backupCount: 0 }), { stamp: "n" });
    for (let i = 0; i < 50; i++) p.push(logRec(INFO, `record ${i}`));
    await p.close();
    expect(readdirSync(join(dir, "logs", "success"))).toEqual(["n_success.log"]);
    expect(lines(logFilePaths(join(dir, "logs"), "n").success)).toHaveLength(50);
  });

  it("rotation across many batches with writes in flight loses and duplicates nothing", async () => {
    const p = createPipeline(config({ maxSize: 50_000, backupCount: 100 }), { stamp: "b" });
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 500; i++) p.push(logRec(INFO, `b${batch} r${i}`));
      await new Promise((r) => setImmediate(r));
    }
    await p.close();
    const folder = join(dir, "logs", "success");
    const all = readdirSync(folder).flatMap((n) => lines(join(folder, n)).map((r) => String(r.message)));
    expect(all).toHaveLength(10_000);
    expect(new Set(all).size).toBe(10_000);
  });
});

describe("failures", () => {
  it("a regular file where the log directory should be: reported once, naming the path; console and handlers go on", async () => {
    const blocked = join(dir, "blocked");
    writeFileSync(blocked, "not a directory");
    const { messages, report } = reporter();
    const seen: string[] = [];
    const consoleOut: string[] = [];
    const p = createPipeline(config({ dir: blocked, console: true, handlers: [(r) => void seen.push(String(r.message))] }), {
      stamp: "f",
      report,
      consoleWrite: (t) => consoleOut.push(t),
    });
    for (let i = 0; i < 5; i++) {
      p.push(logRec(INFO, `i${i}`));
      p.push(logRec(ERROR, `e${i}`));
      p.push(flowRec(K_FLOW_START));
      await new Promise((r) => setImmediate(r));
    }
    await p.close();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`cannot create log directory ${blocked}`);
    expect(seen).toHaveLength(15);
    expect(consoleOut.join("")).toContain("e4");
  });

  it("EACCES opening one file: reported once, the other files keep their records", async () => {
    const driver = new MemoryDriver();
    const paths = logFilePaths("/v/logs", "a");
    driver.failOpen = (path) => (path === paths.error ? errnoError("EACCES", "open", path) : undefined);
    const { messages, report } = reporter();
    const p = createPipeline(config({ dir: "/v/logs" }), { stamp: "a", driver, report });
    for (let i = 0; i < 10; i++) {
      p.push(logRec(ERROR, `e${i}`));
      p.push(logRec(INFO, `i${i}`));
      await p.flush();
    }
    await p.close();
    expect(messages).toEqual([
      `logcrest: cannot open log file ${paths.error} (EACCES: permission denied, open '${paths.error}'); its records are dropped, the application and the other outputs go on\n`,
    ]);
    expect(driver.lines(paths.success)).toHaveLength(10);
  });

  it("ENOSPC on write: reported once, writing resumes when space is back, other files unaffected", async () => {
    const driver = new MemoryDriver();
    const paths = logFilePaths("/v/logs", "n");
    let full = true;
    driver.failWrite = (path) => (full && path === paths.success ? errnoError("ENOSPC", "write", path) : undefined);
    const { messages, report } = reporter();
    const p = createPipeline(config({ dir: "/v/logs" }), { stamp: "n", driver, report });
    for (let i = 0; i < 3; i++) {
      p.push(logRec(INFO, `lost ${i}`));
      p.push(logRec(ERROR, `kept ${i}`));
      await p.flush();
    }
    full = false;
    p.push(logRec(INFO, "after"));
    await p.close();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`cannot write log file ${paths.success} (ENOSPC: no space left on device`);
    expect(driver.lines(paths.success).map((l) => JSON.parse(l).message)).toEqual(["after"]);
    expect(driver.lines(paths.error)).toHaveLength(3);
  });

  it("a driver that throws from write() instead of calling back: reported once, no uncaught exception", async () => {
    const driver = new MemoryDriver();
    const paths = logFilePaths("/v/logs", "t");
    const write = driver.write.bind(driver);
    driver.write = (fd, data, cb) => {
      if (driver.lines(paths.error).length === 0 && data.toString().includes('"ERROR"')) throw errnoError("EIO", "write", paths.error);
      write(fd, data, cb);
    };
    const { messages, report } = reporter();
    const p = createPipeline(config({ dir: "/v/logs" }), { stamp: "t", driver, report });
    p.push(logRec(ERROR, "lost"));
    p.push(logRec(INFO, "kept"));
    await p.close();
    expect(messages).toEqual([expect.stringContaining(`cannot write log file ${paths.error} (EIO`)]);
    expect(driver.lines(paths.success)).toHaveLength(1);
  });

  it("exit flush with a write in flight: waits for it on disk, then writes the rest once, in order", async () => {
    const driver = new MemoryDriver();
    const paths = logFilePaths("/v/logs", "w");
    // The thread pool has written the bytes, but the callback can no longer run (exit).
    const write = driver.write.bind(driver);
    driver.write = (fd, data) => write(fd, data, () => undefined);
    const p = createPipeline(config({ dir: "/v/logs" }), { stamp: "w", driver });
    p.push(logRec(INFO, "r0"));
    await new Promise((r) => setImmediate(r)); // r0's write is now in flight, forever
    p.push(logRec(INFO, "r1"));
    p.push(logRec(INFO, "r2"));
    p.closeSync();
    expect(driver.lines(paths.success).map((l) => JSON.parse(l).message)).toEqual(["r0", "r1", "r2"]);
  });

  it("exit flush with a write that never lands: gives up after the wait, reports, keeps the rest", async () => {
    const driver = new MemoryDriver();
    const paths = logFilePaths("/v/logs", "z");
    driver.write = () => undefined; // stuck: neither written nor called back
    const { messages, report } = reporter();
    const p = createPipeline(config({ dir: "/v/logs" }), { stamp: "z", driver, report, inflightWaitMs: 50 });
    p.push(logRec(INFO, "stuck"));
    await new Promise((r) => setImmediate(r));
    p.push(logRec(INFO, "after"));
    const t0 = Date.now();
    p.closeSync();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(messages).toEqual([expect.stringContaining(`a write to ${paths.success} did not finish in 50ms`)]);
    expect(driver.lines(paths.success).map((l) => JSON.parse(l).message)).toEqual(["after"]);
    expect(driver.openFds()).toBe(1); // the stuck fd is left open: closing it could redirect the late write
  });

  it("ENOSPC in the final synchronous flush does not throw", () => {
    const driver = new MemoryDriver();
    driver.failWrite = (path) => errnoError("ENOSPC", "write", path);
    const { messages, report } = reporter();
    const p = createPipeline(config({ dir: "/v/logs" }), { stamp: "x", driver, report });
    p.push(logRec(INFO, "x"));
    expect(() => p.closeSync()).not.toThrow();
    expect(messages).toHaveLength(1);
    expect(driver.openFds()).toBe(0);
  });
});
