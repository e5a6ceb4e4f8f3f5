/**
 * Lossless SIGTERM, SIGINT, SIGHUP (issue 14), in real child processes that queue 50,000
 * records and then get the signal while the records are still queued:
 * - the app has no listener: everything is on disk and the process still ends by the signal;
 * - the app has its own listener: logcrest does nothing at signal time, the app decides,
 *   and its exit flushes everything;
 * - `configure({ signals: false })`: no listener is installed at all.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runtimeBundleForSuite } from "./helpers/runtime-bundle";

const COUNT = 50_000;
const bundlePath = runtimeBundleForSuite();
let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "lc-signal-"));
  return () => rmSync(cwd, { recursive: true, force: true });
});

function run(body: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const script = `const lc = require(${JSON.stringify(bundlePath())});\n${body}`;
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("LOGCREST_") && v !== undefined) clean[k] = v;
  const r = spawnSync(process.execPath, ["-e", script], { cwd, encoding: "utf8", env: clean, timeout: 60_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function messages(sub: string): string[] {
  const dir = join(cwd, "logs", sub);
  if (!existsSync(dir)) return [];
  // Oldest first: `.log.2`, `.log.1`, then `.log` (50,000 records rotate once at the default size).
  const age = (n: string): number => Number(/\.log\.(\d+)$/.exec(n)?.[1] ?? 0);
  return readdirSync(dir)
    .sort((a, b) => age(b) - age(a))
    .flatMap((n) => readFileSync(join(dir, n), "utf8").split("\n").filter(Boolean))
    .map((l) => (JSON.parse(l) as { message: string }).message);
}

function expectAllRecords(extra: string[] = []): void {
  const got = messages("success");
  expect(got).toHaveLength(COUNT + extra.length);
  for (let i = 0; i < COUNT; i++) if (got[i] !== `record ${i}`) expect(got[i]).toBe(`record ${i}`);
  expect(got.slice(COUNT)).toEqual(extra);
}

const QUEUE_50K = `lc.configure({ console: false });
for (let i = 0; i < ${COUNT}; i++) lc.log.info("record " + i, { i });`;

describe("a signal the app does not handle", () => {
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    it(`${signal} with 50,000 records queued: all on disk, and the process still ends by ${signal}`, () => {
      const r = run(`${QUEUE_50K}
process.kill(process.pid, "${signal}");
setTimeout(() => { console.log("still alive"); process.exit(7); }, 5000);`);
      expect(r.signal).toBe(signal);
      expect(r.stdout).not.toContain("still alive");
      expectAllRecords();
    });
  }

  it("SIGTERM from another process while records are being written", () => {
    const r = run(`lc.configure({ console: false });
let i = 0;
const more = () => { for (let k = 0; k < 5000 && i < ${COUNT}; k++, i++) lc.log.info("record " + i, { i }); if (i < ${COUNT}) setImmediate(more); else require("node:child_process").execFileSync("kill", ["-TERM", String(process.pid)]); };
more();
setTimeout(() => process.exit(7), 10000);`);
    expect(r.signal).toBe("SIGTERM");
    expectAllRecords();
  });
});

describe("a signal the app handles itself", () => {
  it("logcrest does nothing at signal time; the app's own exit flushes all 50,000 and its record", () => {
    const r = run(`process.on("SIGTERM", () => {
  lc.log.info("app got SIGTERM");
  setTimeout(() => process.exit(0), 50); // the app decides when to go
});
${QUEUE_50K}
process.kill(process.pid, "SIGTERM");`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expectAllRecords(["app got SIGTERM"]);
  });

  it("an app listener added after logcrest's: the process is not ended by logcrest", () => {
    const r = run(`${QUEUE_50K}
process.on("SIGINT", () => { console.log("app decides"); process.exitCode = 3; });
process.kill(process.pid, "SIGINT");
setTimeout(() => {}, 200);`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(3);
    expect(r.stdout).toContain("app decides");
    expectAllRecords();
  });
});

describe("configure({ signals: false })", () => {
  it("installs no listener: the signal keeps its default action", () => {
    const r = run(`lc.configure({ console: false, signals: false });
lc.log.info("one");
console.log(JSON.stringify(["SIGTERM", "SIGINT", "SIGHUP"].map((s) => process.listenerCount(s))));
lc.configure({ signals: true });
lc.log.info("two");
console.log(JSON.stringify(["SIGTERM", "SIGINT", "SIGHUP"].map((s) => process.listenerCount(s))));
lc.configure({ signals: false });
console.log(JSON.stringify(["SIGTERM", "SIGINT", "SIGHUP"].map((s) => process.listenerCount(s))));
process.kill(process.pid, "SIGTERM");
setTimeout(() => process.exit(7), 5000);`);
    expect(r.stdout.trim().split("\n")).toEqual(["[0,0,0]", "[1,1,1]", "[0,0,0]"]);
    expect(r.signal).toBe("SIGTERM");
  });
});
