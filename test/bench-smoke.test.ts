/**
 * The bench's proof-of-work logic (bench/lib): every benchmark case counts what it wrote
 * and fails on a mismatch, and checks a checksum proving every call ran. These tests make
 * sure that checking itself is right. No timing is asserted here: benchmarks are not tests.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const lines = () => import("../bench/lib/lines.mjs");
const checksum = () => import("../bench/lib/checksum.mjs");
const harness = () => import("../bench/lib/harness.mjs");
const installTree = () => import("../bench/lib/install-tree.mjs");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lc-bench-smoke-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("line counting", () => {
  it("counts newline-terminated lines, and 0 for a missing file", async () => {
    const { countFileLines } = await lines();
    const file = join(dir, "a.log");
    expect(countFileLines(file)).toBe(0);
    writeFileSync(file, '{"a":1}\n{"a":2}\n{"a":3}');
    // the last line has no newline yet: it is not on disk as a complete record
    expect(countFileLines(file)).toBe(2);
    appendFileSync(file, "\n");
    expect(countFileLines(file)).toBe(3);
  });

  it("counts every log file under a directory, rotated backups included, and nothing else", async () => {
    const { countDirLines } = await lines();
    mkdirSync(join(dir, "success"));
    mkdirSync(join(dir, "flows"));
    writeFileSync(join(dir, "success", "x_success.log"), "1\n2\n");
    writeFileSync(join(dir, "success", "x_success.log.1"), "3\n4\n5\n");
    writeFileSync(join(dir, "flows", "x_flows.log"), "6\n");
    writeFileSync(join(dir, "flows", "notes.txt"), "not a log\n");
    expect(countDirLines(dir)).toBe(6);
    expect(countDirLines(join(dir, "flows"))).toBe(1);
    expect(countDirLines(join(dir, "missing"))).toBe(0);
  });

  it("a count that differs from the claim throws, naming both numbers", async () => {
    const { expectCount, WorkMismatch } = await lines();
    expect(expectCount("ok", 5, 5)).toBe(5);
    expect(() => expectCount("pino sync: lines", 2000, 1998)).toThrow(WorkMismatch);
    expect(() => expectCount("pino sync: lines", 2000, 1998)).toThrow(/pino sync: lines: expected 2000 written, found 1998/);
    expect(() => expectCount("too many", 1, 2)).toThrow(WorkMismatch);
  });

  it("settleCount waits for a writer that finishes late, and gives up on one that stalls", async () => {
    const { settleCount } = await lines();
    let n = 0;
    const timer = setInterval(() => n++, 10);
    try {
      expect(await settleCount(() => n, 5)).toBeGreaterThanOrEqual(5);
    } finally {
      clearInterval(timer);
    }
    // stuck at 3 of 10: returns the real count after the quiet period, for expectCount to reject
    expect(await settleCount(() => 3, 10, { quietMs: 100 })).toBe(3);
  });
});

describe("checksum of the measured calls", () => {
  it("matches summing every call the harness makes, and catches a missing or wrong call", async () => {
    const { expectedChecksum } = await checksum();
    const { measureCalls } = await harness();
    const body = (x: number) => (x * 31 + 7) | 0;
    const m = await measureCalls(body, { turns: 3, rounds: 2, warmupRounds: 1 });
    expect(m.calls).toBe(3 * 100 * 3);
    expect(m.rounds).toHaveLength(2);
    expect(m.checksum).toBe(expectedChecksum(m.calls));
    let skip = 7;
    const flaky = (x: number) => (--skip === 0 ? 0 : body(x));
    const bad = await measureCalls(flaky, { turns: 3, rounds: 2, warmupRounds: 1 });
    expect(bad.checksum).not.toBe(expectedChecksum(bad.calls));
  });

  it("async functions are awaited one by one, each call counted", async () => {
    const { expectedChecksum } = await checksum();
    const { measureCalls } = await harness();
    let inFlight = 0;
    let maxInFlight = 0;
    const fn = async (x: number) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await null;
      inFlight--;
      return (x * 31 + 7) | 0;
    };
    const m = await measureCalls(fn, { isAsync: true, turns: 2, rounds: 2, warmupRounds: 0 });
    expect(m.calls).toBe(400);
    expect(maxInFlight).toBe(1);
    expect(m.checksum).toBe(expectedChecksum(400));
  });
});

describe("what an install put on disk (part install)", () => {
  function pkg(path: string, name: string, version: string, bytes = 0): void {
    mkdirSync(join(dir, path), { recursive: true });
    writeFileSync(join(dir, path, "package.json"), JSON.stringify({ name, version }));
    if (bytes > 0) writeFileSync(join(dir, path, "blob.js"), "x".repeat(bytes));
  }

  it("lists every package at any depth, scoped and nested ones too, and skips npm's own dot entries", async () => {
    const { installedPackages } = await installTree();
    pkg("logcrest", "logcrest", "0.1.0");
    pkg("@logcrest/build", "@logcrest/build", "0.1.0");
    pkg("@logcrest/build/node_modules/typescript", "typescript", "6.0.3");
    pkg(".cache/typescript", "typescript", "9.9.9");
    writeFileSync(join(dir, ".package-lock.json"), "{}");
    expect(installedPackages(dir)).toEqual([
      { name: "@logcrest/build", version: "0.1.0", path: join("@logcrest", "build") },
      { name: "typescript", version: "6.0.3", path: join("@logcrest", "build", "node_modules", "typescript") },
      { name: "logcrest", version: "0.1.0", path: "logcrest" },
    ]);
  });

  it("a tree without packages is empty, and the size counts files' bytes, not links", async () => {
    const { installedPackages, treeBytes } = await installTree();
    expect(installedPackages(join(dir, "missing"))).toEqual([]);
    pkg("logcrest", "logcrest", "0.1.0", 1000);
    symlinkSync(join(dir, "logcrest", "blob.js"), join(dir, "logcrest", "link.js"));
    const manifest = JSON.stringify({ name: "logcrest", version: "0.1.0" }).length;
    expect(treeBytes(dir)).toBe(1000 + manifest);
  });
});
