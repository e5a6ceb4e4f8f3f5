/**
 * The process-wide lifecycle through the public API, in real child processes: nothing lost
 * on process.exit(), on an uncaught exception or at the natural end; configure() after the
 * first record rebuilds cleanly; an unwritable log dir does not stop the app.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bundleRuntime, runChild } from "./helpers/runtime-bundle";

let bundleDir: string;
let bundle: string;
let cwd: string;

beforeAll(() => {
  bundleDir = mkdtempSync(join(tmpdir(), "lc-bundle-"));
  bundle = bundleRuntime(bundleDir);
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "lc-exit-"));
  return () => rmSync(cwd, { recursive: true, force: true });
});

/** Every line of every file under `sub`, parsed. */
function records(sub: string, base = "logs"): Array<Record<string, unknown>> {
  const dir = join(cwd, base, sub);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) =>
    readFileSync(join(dir, n), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
}

/** Rotation index of a file name: `.log` 0, `.log.3` 3. */
function suffix(name: string): number {
  const m = /\.log\.(\d+)$/.exec(name);
  return m === null ? 0 : Number(m[1]);
}

function expectAll(messages: unknown[], prefix: string, count: number): void {
  expect(messages).toHaveLength(count);
  expect(new Set(messages).size).toBe(count);
  for (let i = 0; i < count; i++) expect(messages[i]).toBe(`${prefix}${i}`);
}

describe("nothing is lost at exit", () => {
  it("process.exit() right after 20,000 records", () => {
    const r = runChild(bundle, "exit20k", cwd);
    expect(r.status).toBe(0);
    expectAll(records("success").map((x) => x.message), "record ", 20_000);
  });

  it("process.exit() while asynchronous writes are in flight", () => {
    const r = runChild(bundle, "exitInflight", cwd);
    expect(r.status).toBe(3);
    expectAll(records("success").map((x) => x.message), "record ", 20_000);
  });

  it("an uncaught exception after 1,000 records", () => {
    const r = runChild(bundle, "uncaught", cwd);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("boom after 1000");
    expectAll(records("success").map((x) => x.message), "record ", 1000);
  });

  it("an uncaught exception in a timer callback after 1,000 records", () => {
    const r = runChild(bundle, "uncaughtAsync", cwd);
    expect(r.status).toBe(1);
    expectAll(records("success").map((x) => x.message), "record ", 1000);
  });

  it("a record logged by the app's own 'exit' listener is written too", () => {
    const r = runChild(bundle, "exitListener", cwd);
    expect(r.status).toBe(4);
    expect(records("success").map((x) => x.message)).toEqual(["first", "bye 4"]);
  });

  it("shutdown() still running when process.exit() comes: the exit flush finishes it", () => {
    const r = runChild(bundle, "shutdownThenExit", cwd);
    expect(r.status).toBe(0);
    expectAll(records("success").map((x) => x.message), "record ", 1000);
  });

  it("the natural end of the event loop", () => {
    const r = runChild(bundle, "naturalEnd", cwd);
    expect(r.status).toBe(0);
    expectAll(records("success").map((x) => x.message), "record ", 5000);
  });
});

describe("configure() after the first record", () => {
  it("rebuilds without duplicates or losses; new settings apply from then on", () => {
    const r = runChild(bundle, "reconfigure", cwd);
    expect(r.status).toBe(0);
    const first = records("success");
    expect(first.map((x) => x.message)).toEqual([
      ...Array.from({ length: 3000 }, (_, i) => `a${i}`),
      ...Array.from({ length: 3000 }, (_, i) => `b${i}`),
      ...Array.from({ length: 3000 }, (_, i) => `c${i}`),
    ]);
    expect(first.slice(0, 6000).every((x) => x.logger === "first")).toBe(true);
    expect(first.slice(6000).every((x) => x.logger === "second")).toBe(true);
    // Same stamp, same files: one success file in the first dir.
    expect(readdirSync(join(cwd, "logs", "success"))).toHaveLength(1);
    expect(records("error")).toEqual([]);
    expectAll(records("error", "logs2").map((x) => x.message), "d", 3000);
  });
});

describe("lazy outputs and text files", () => {
  it("an app that configures but never logs creates no directory and no file", () => {
    const r = runChild(bundle, "noRecords", cwd);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ created: false });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("LOGCREST_JSON=false writes the text layout, one line per record", () => {
    const r = runChild(bundle, "naturalEnd", cwd, { LOGCREST_JSON: "false" });
    expect(r.status).toBe(0);
    const folder = join(cwd, "logs", "success");
    const lines = readdirSync(folder).flatMap((n) => readFileSync(join(folder, n), "utf8").split("\n").filter(Boolean));
    expect(lines).toHaveLength(5000);
    lines.forEach((l, i) => expect(l).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z DEBUG    app_logger \\[Global\\] - record ${i}$`)));
  });
});

describe("one runtime per process", () => {
  it("two copies of the runtime share one queue, one config and one exit flush", () => {
    const second = join(bundleDir, "copy");
    mkdirSync(second, { recursive: true });
    const r = runChild(bundle, "twoCopies", cwd, { LOGCREST_TEST_RUNTIME2: bundleRuntime(second) });
    expect(r.status, r.stderr).toBe(0);
    const all = records("success");
    expectAll(all.map((x) => x.message), "record ", 1001);
    expect(all.every((x) => x.logger === "shared")).toBe(true);
  });

  it("two copies share the once-only warnings: each warns once in all, not once per copy", () => {
    const second = join(bundleDir, "copy");
    mkdirSync(second, { recursive: true });
    const r = runChild(bundle, "twoCopiesWarnOnce", cwd, { LOGCREST_TEST_RUNTIME2: bundleRuntime(second) });
    expect(r.status, r.stderr).toBe(0);
    const { codes } = JSON.parse(r.stdout.trim()) as { codes: string[] };
    expect(codes).toEqual(["LOGCREST_NESTED_FLOW", "LOGCREST_UNKNOWN_LEVEL"]);
  });
});

describe("shutdown and re-entrancy", () => {
  it("a record after shutdown() starts the outputs again, in the same files", () => {
    const r = runChild(bundle, "afterShutdown", cwd);
    expect(r.status).toBe(0);
    expect(readdirSync(join(cwd, "logs", "success"))).toHaveLength(1);
    expectAll(records("success").map((x) => x.message), "record ", 200);
  });

  it("records logged while shutdown() is still closing: order kept across rotations, nothing lost", () => {
    const r = runChild(bundle, "shutdownNotAwaited", cwd);
    expect(r.status).toBe(0);
    const folder = join(cwd, "logs", "success");
    const names = readdirSync(folder).sort((a, b) => suffix(b) - suffix(a));
    const messages = names.flatMap((n) =>
      readFileSync(join(folder, n), "utf8").split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { message: string }).message),
    );
    expect(names.length).toBeGreaterThan(10);
    expectAll(messages, "record ", 10_000);
  });

  it("a handler calling configure() and flush() mid-batch: no record twice, none lost", () => {
    const r = runChild(bundle, "reentrant", cwd);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ switched: true });
    const all = records("success");
    expectAll(all.map((x) => x.message), "record ", 1001);
    // Records queued before the rebuild keep the settings they were logged under.
    expect(all.slice(0, 1000).every((x) => x.logger === "app_logger")).toBe(true);
    expect(all[1000]!.logger).toBe("after");
  });
});

describe("public API end to end", () => {
  it("routes levels and flows to the three folders and shows INFO+ on the console", () => {
    const r = runChild(bundle, "routing", cwd);
    expect(r.status).toBe(0);
    // Counted by the child right after `await flush()`: flush resolved with everything on disk.
    expect(JSON.parse(r.stdout.trim())).toEqual({ counts: { success: [4], error: [2], flows: [4] } });
    const success = records("success");
    expect(success.map((x) => x.message)).toEqual(["d", "i", "w", "inside"]);
    expect(success.find((x) => x.message === "i")).toMatchObject({ user: 1, level: "INFO", logger: "app_logger", trace_id: "Global" });
    expect(records("error").map((x) => x.message)).toEqual(["e", "c"]);
    const flows = records("flows");
    expect(flows.map((x) => [x.flow_type, x.level])).toEqual([
      ["flow_start", "INFO"],
      ["flow_end", "INFO"],
      ["flow_start", "INFO"],
      ["flow_end", "ERROR"],
    ]);
    expect(flows[3]).toMatchObject({ flow_status: "failed", flow_error: "TypeError: bad" });
    // Console: INFO and up, no DEBUG, one line per record, no colour (NO_COLOR=1).
    const consoleLines = r.stderr.split("\n").filter((l) => / (INFO|WARNING|ERROR|CRITICAL) /.test(l));
    expect(consoleLines.some((l) => l.includes(" - d"))).toBe(false);
    expect(consoleLines.filter((l) => l.endsWith(" - e") || l.endsWith(" - c"))).toHaveLength(2);
    expect(r.stderr).not.toContain("\x1b[");
    for (const sub of ["success", "error", "flows"]) {
      const dir = join(cwd, "logs", sub);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const f of readdirSync(dir)) {
        expect(f).toMatch(new RegExp(`^\\d{8}_\\d{6}_${sub}\\.log$`));
        expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
      }
    }
  });

  it("a bounded queue reports the exact number dropped", () => {
    const r = runChild(bundle, "bounded", cwd);
    expect(r.status).toBe(0);
    const all = records("success");
    const kept = all.filter((x) => x.dropped === undefined);
    const warning = all.filter((x) => x.dropped !== undefined);
    expect(kept).toHaveLength(50);
    expect(warning).toEqual([expect.objectContaining({ level: "WARNING", dropped: 950, message: "LogCrest dropped 950 records: queue full" })]);
  });

  it("FORCE_COLOR colours the console even when stderr is not a TTY", () => {
    const r = runChild(bundle, "routing", cwd, { FORCE_COLOR: "1" });
    expect(r.stderr).toContain("\x1b[31mERROR   \x1b[0m");
  });
});

describe("an unwritable log dir", () => {
  it("a regular file in place of the dir: the app goes on, one message on stderr naming the path", () => {
    const blocked = join(cwd, "not-a-dir");
    writeFileSync(blocked, "x");
    const r = runChild(bundle, "blockedDir", cwd, { LOGCREST_DIR: blocked });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ appContinued: true });
    const ours = r.stderr.split("\n").filter((l) => l.startsWith("logcrest:"));
    expect(ours).toEqual([expect.stringContaining(`cannot create log directory ${blocked} (`)]);
    // The console still shows the records.
    expect(r.stderr).toContain(" - e99");
    expect(readFileSync(blocked, "utf8")).toBe("x");
  });
});
