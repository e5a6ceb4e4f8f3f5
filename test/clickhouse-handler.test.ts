/**
 * clickhouseHandler against a real clickhouse-server (Debian's 18.16 in CI), started by the
 * test on 127.0.0.1 with a temporary data path. Without a server binary these tests fail,
 * by design: they never skip.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt } from "./helpers/cli-run";
import { clickhouseHandler } from "../runtime/clickhouse/index";
import { parseVersion } from "../runtime/clickhouse/http";
import { createStatements, featuresOf } from "../runtime/clickhouse/schema";
type ClickHouseServer = Awaited<ReturnType<typeof startClickHouse>>;

const startClickHouse = async (options?: { password?: string }) => (await import("./helpers/clickhouse-server.mjs")).startClickHouse(options);

const APP = join(__dirname, "helpers", "clickhouse-app.cjs");
const PASSWORD = "pw-'\"<&>";

interface AppResult {
  code: number | null;
  stderr: string;
  summary: { flows: number; failed: number; slowestCallMs: number; shutdownMs?: number; dropped: number; droppedAfter?: number };
  ms: number;
}

function runApp(env: Record<string, string>, during?: (elapsedMs: () => number) => Promise<void>): Promise<AppResult> {
  assertBuilt();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [APP], {
      env: { ...process.env, LOG_DIR: mkdtempSync(join(tmpdir(), "logcrest-ch-app-")), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    const side = during?.(() => performance.now() - started) ?? Promise.resolve();
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      side.then(() => {
        const line = stdout.trim().split("\n").pop() ?? "";
        if (!line.startsWith("{")) return reject(new Error(`app printed no summary (code ${code}); stderr: ${stderr}`));
        resolve({ code, stderr, summary: JSON.parse(line), ms: performance.now() - started });
      }, reject);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** flow_end records of the JSON files an app wrote: id and epoch ms. */
function flowEnds(logDir: string): { id: string; time: number }[] {
  const out: { id: string; time: number }[] = [];
  for (const name of readdirSync(join(logDir, "flows"))) {
    for (const line of readFileSync(join(logDir, "flows", name), "utf8").split("\n")) {
      if (line === "") continue;
      const rec = JSON.parse(line) as { flow_type: string; flow_id: string; timestamp: string };
      if (rec.flow_type === "flow_end") out.push({ id: rec.flow_id, time: Date.parse(rec.timestamp) });
    }
  }
  return out;
}

const count = async (ch: ClickHouseServer, sql: string) => Number((await ch.query(sql)).trim());
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("clickhouseHandler on a real server", () => {
  let ch: ClickHouseServer;
  beforeAll(async () => {
    ch = await startClickHouse({ password: PASSWORD });
  }, 60_000);
  afterAll(async () => {
    await ch?.stop();
  });

  it.each([
    { how: "default batches", db: "t_fleet4", opts: {} },
    // 15 INSERTs per process, 4 at a time: batches overlap in flight all the way. (Smaller
    // batches make more parts than a loaded 18.16 merges, and it slows every INSERT down.)
    { how: "batches of 2,000 rows, 4 in flight", db: "t_fleet4_inflight", opts: { batchRows: 2000, maxInflight: 4, closeTimeoutMs: 60_000 } },
  ])("4 processes x 5,000 flows give exactly 20,000 flow rows with the right failure counts ($how)", async ({ db, opts }) => {
    const runs = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        runApp({
          CH_URL: `${ch.url}/?database=${db}`,
          CH_PASSWORD: PASSWORD,
          CH_SERVICE: `svc-${i}`,
          FLOWS: "5000",
          FAIL_EVERY: String(5 + i),
          HANDLER_OPTS: JSON.stringify(opts),
        }),
      ),
    );
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.summary.droppedAfter).toBe(0);
    }
    expect(await count(ch, `SELECT count() FROM ${db}.logcrest_flows`)).toBe(20_000);
    expect(await count(ch, `SELECT uniqExact(flow_id) FROM ${db}.logcrest_flows`)).toBe(20_000);
    const perService = await ch.rows<{ service: string; n: number; failed: number; at_charge: number }>(
      `SELECT service, count() AS n, countIf(flow_status = 'failed') AS failed, countIf(failed_at = 'charge') AS at_charge
       FROM ${db}.logcrest_flows GROUP BY service ORDER BY service`,
    );
    expect(perService).toEqual(
      runs.map((r, i) => ({ service: `svc-${i}`, n: 5000, failed: r.summary.failed, at_charge: r.summary.failed })),
    );
    expect(runs.map((r) => r.summary.failed)).toEqual([1000, 834, 715, 625]); // ceil(5000 / every)
    // every other record: flow_start + entry/exit of the 2 steps per flow
    expect(await count(ch, `SELECT count() FROM ${db}.logcrest_records`)).toBe(4 * 5000 * 5);
    expect(await count(ch, `SELECT count() FROM ${db}.logcrest_records WHERE flow_type = 'flow_start'`)).toBe(20_000);
    expect(await count(ch, `SELECT count() FROM ${db}.logcrest_records WHERE crashed = 1 AND function = 'charge'`)).toBe(
      runs.reduce((a, r) => a + r.summary.failed, 0),
    );
    // the timeline string and the step arrays agree
    const one = (await ch.rows<{ timeline: string; step_fn: string[]; step_status: string[] }>(
      `SELECT timeline, step_fn, step_status FROM ${db}.logcrest_flows WHERE failed = 1 LIMIT 1`,
    ))[0]!;
    expect(JSON.parse(one.timeline).map((s: { fn: string }) => s.fn)).toEqual(one.step_fn);
    expect(one.step_status).toEqual(["ok", "failed"]);
  }, 120_000);

  it("the server killed mid-way and restarted: nothing lost beyond the buffer bound, and the drops reported", async () => {
    const db = "t_outage";
    // ~15,000 rows/s: well within what the handler ships on this loaded machine, so drops come from the outage alone
    const flows = 10_000;
    const bound = 3000;
    let killedAt = 0;
    let restartedAt = 0;
    let killedWall = 0;
    let restartedWall = 0;
    const logDir = mkdtempSync(join(tmpdir(), "logcrest-ch-outage-"));
    const r = await runApp(
      {
        CH_URL: ch.url,
        CH_PASSWORD: PASSWORD,
        LOG_DIR: logDir,
        FLOWS: String(flows),
        FAIL_EVERY: "10",
        PACE_MS: "40",
        // 3 in flight: the batches the kill cuts off are several at once, each put back or counted
        HANDLER_OPTS: JSON.stringify({ database: db, maxBufferRows: bound, flushIntervalMs: 100, batchRows: 500, maxInflight: 3, closeTimeoutMs: 20_000 }),
      },
      async (elapsed) => {
        while (elapsed() < 800) await new Promise((res) => setTimeout(res, 20));
        await ch.kill();
        killedAt = elapsed();
        killedWall = Date.now();
        await new Promise((res) => setTimeout(res, 2500));
        await ch.start();
        restartedAt = elapsed();
        restartedWall = Date.now();
      },
    );
    expect(r.code).toBe(0);
    expect(restartedAt - killedAt).toBeGreaterThan(2000);
    expect(r.summary.flows).toBe(flows);
    // the app was never held up by the outage
    expect(r.summary.slowestCallMs).toBeLessThan(500);
    // reported once, not once per retry
    expect(occurrences(r.stderr, "cannot reach")).toBe(1);

    const produced = flows * 6; // flow_start, 4 step records, flow_end
    const flowRows = await count(ch, `SELECT uniqExact(flow_id) FROM ${db}.logcrest_flows`);
    const recordRows = await count(
      ch,
      `SELECT uniqExact(trace_id, message, flow_type, function, level) FROM ${db}.logcrest_records WHERE visitParamExtractString(fields, 'handler') != 'clickhouse'`,
    );
    const warnings = await ch.rows<{ level: string; message: string; fields: string }>(
      // DISTINCT: delivery is at-least-once, a warning's batch may have been sent twice
      `SELECT DISTINCT time, time_ms, level, message, fields FROM ${db}.logcrest_records WHERE visitParamExtractString(fields, 'handler') = 'clickhouse'`,
    );
    const reportedDrops = warnings.reduce((a, w) => a + (JSON.parse(w.fields) as { dropped: number }).dropped, 0);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.level === "WARNING" && /dropped \d+ records?/.test(w.message))).toBe(true);
    expect(reportedDrops).toBeGreaterThan(0);
    // every row is in the store or counted as dropped: none lost silently
    expect(flowRows + recordRows + reportedDrops).toBe(produced);
    expect(r.summary.droppedAfter).toBe(reportedDrops);
    // Nothing lost beyond the bound: every flow that ended well before the kill (older than
    // what the buffer holds) is in the store; the files, written by the same process, are
    // the ground truth.
    const inStore = new Set((await ch.rows<{ flow_id: string }>(`SELECT DISTINCT flow_id FROM ${db}.logcrest_flows`)).map((x) => x.flow_id));
    const ends = flowEnds(logDir);
    expect(ends).toHaveLength(flows);
    const missing = ends.filter((e) => !inStore.has(e.id));
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((e) => e.time >= killedWall - 500)).toBe(true);
    // ... and flows that ended after the server was back and the buffer had drained are there too
    expect(ends.filter((e) => e.time > restartedWall + 35_000 && !inStore.has(e.id))).toEqual([]);
  }, 120_000);

  it("a wrong password is reported once and the app goes on; shutdown stays within its bound", async () => {
    const r = await runApp({
      CH_URL: ch.url,
      CH_PASSWORD: "not-the-password-42",
      FLOWS: "300",
      PACE_MS: "20",
      HANDLER_OPTS: JSON.stringify({ database: "t_auth", flushIntervalMs: 50, closeTimeoutMs: 800 }),
    });
    expect(r.code).toBe(0);
    expect(r.summary.flows).toBe(300);
    // one report of the problem, however many retries; then one line at shutdown with the loss
    expect(occurrences(r.stderr, "retried with backoff")).toBe(1);
    expect(r.stderr).toMatch(/^logcrest: clickhouse: http:\/\/127\.0\.0\.1:\d+: authentication failed: /);
    expect(r.summary.shutdownMs).toBeLessThan(800 + 500);
    expect(r.stderr).toMatch(/1800 row\(s\) were not delivered \(1800 unsent at shutdown after 800 ms: .*authentication failed/);
    expect(r.stderr).not.toContain("not-the-password-42"); // the password is never printed
  }, 60_000);

  it("an unreachable URL is reported once; the exit flush gives up within exitTimeoutMs", async () => {
    const port = await freePort();
    const r = await runApp({
      CH_URL: `http://127.0.0.1:${port}`,
      FLOWS: "300",
      PACE_MS: "100",
      ENDING: "exit",
      HANDLER_OPTS: JSON.stringify({ flushIntervalMs: 50, exitTimeoutMs: 1000 }),
    });
    expect(r.code).toBe(0);
    expect(r.summary.flows).toBe(300);
    expect(occurrences(r.stderr, "cannot reach")).toBe(1);
    expect(occurrences(r.stderr, "retried with backoff")).toBe(1);
    expect(r.stderr).toContain("ECONNREFUSED");
    expect(r.stderr).toMatch(/1800 row\(s\) were not delivered \(1800 unsent at exit/);
  }, 60_000);

  it("process.exit() right after logging: the exit flush delivers every row", async () => {
    const db = "t_exit";
    const r = await runApp({ CH_URL: ch.url, CH_PASSWORD: PASSWORD, FLOWS: "3000", ENDING: "exit", HANDLER_OPTS: JSON.stringify({ database: db }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(await count(ch, `SELECT uniqExact(flow_id) FROM ${db}.logcrest_flows`)).toBe(3000);
    expect(await count(ch, `SELECT count() FROM ${db}.logcrest_records WHERE flow_type = 'flow_start'`)).toBe(3000);
  }, 60_000);

  it("a batch after a quiet spell longer than the server's keep-alive (3 s) goes through, nothing reported", async () => {
    const db = "t_idle";
    const r = await runApp({ CH_URL: ch.url, CH_PASSWORD: PASSWORD, FLOWS: "10", IDLE_MS: "4000", HANDLER_OPTS: JSON.stringify({ database: db, flushIntervalMs: 100 }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(await count(ch, `SELECT count() FROM ${db}.logcrest_records WHERE message LIKE 'after the idle spell %'`)).toBe(10);
  }, 60_000);

  it("hostile strings round-trip intact: the store holds exactly what the record said", async () => {
    const db = "t_hostile";
    const hostile = [
      `'); DROP TABLE logcrest_records; --`,
      `quote " backslash \\ \\" \\\\N \\t tab\tnewline\ncr\r`,
      "nul \u0000 esc \u001b[31mred\u001b[0m bell \u0007 del \u007f c1 \u0085\u009b",
      "bidi \u202e\u2066 line sep \u2028 para \u2029",
      "emoji 🧾👩🏽‍💻 cjk 漢字 combining é",
      "FORMAT JSONEachRow\n{\"message\":\"forged\"}",
      "x".repeat(20_000),
    ];
    const logDir = mkdtempSync(join(tmpdir(), "logcrest-ch-hostile-"));
    const r = await runApp({ CH_URL: ch.url, CH_PASSWORD: PASSWORD, FLOWS: "1", LOG_DIR: logDir, HOSTILE: JSON.stringify(hostile), HANDLER_OPTS: JSON.stringify({ database: db }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    // what the record said, from the JSON file the same process wrote
    const file = readdirSync(join(logDir, "success"))[0]!;
    const written = readFileSync(join(logDir, "success", file), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((rec) => typeof rec.hostile === "number");
    expect(written).toHaveLength(hostile.length);
    const stored = await ch.rows<{ message: string; fields: string }>(`SELECT message, fields FROM ${db}.logcrest_records WHERE fields LIKE '%"hostile"%'`);
    expect(stored).toHaveLength(hostile.length);
    const byIndex = new Map(stored.map((s) => [(JSON.parse(s.fields) as { hostile: number }).hostile, s]));
    for (const rec of written) {
      const s = byIndex.get(rec.hostile as number)!;
      expect(s.message).toBe(rec.message);
      expect((JSON.parse(s.fields) as { text: string }).text).toBe(rec.text);
    }
    // and the table is still there
    expect(await count(ch, `SELECT count() FROM ${db}.logcrest_flows`)).toBe(1);
  }, 60_000);
});

describe("clickhouse schema per server version", () => {
  it("18.16 gets plain String columns and no skip index; current servers LowCardinality and a bloom filter", () => {
    const old = createStatements("logs", featuresOf(parseVersion("18.16.1")));
    expect(old[0]).toBe("CREATE DATABASE IF NOT EXISTS `logs`");
    expect(old.join("\n")).not.toMatch(/LowCardinality|INDEX|DateTime64|JSON/);
    const current = createStatements("default", featuresOf(parseVersion("24.8.4.13")));
    expect(current).toHaveLength(2);
    expect(current[0]).toContain("service LowCardinality(String)");
    expect(current[0]).toContain("INDEX trace_idx trace_id TYPE bloom_filter");
    // same columns either way, so the same queries answer on both
    const columns = (ddl: string) => [...ddl.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]).filter((c) => c !== "INDEX");
    expect(columns(current[0]!)).toEqual(columns(old[1]!));
  });
  it("rejects a database name that is not a plain identifier, and a non-http URL", () => {
    expect(() => clickhouseHandler({ url: "http://127.0.0.1:8123", database: "x`; DROP" })).toThrow(/plain identifier/);
    expect(() => clickhouseHandler({ url: "file:///etc/passwd" })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => clickhouseHandler({ url: "http://a:b@127.0.0.1:1" })).not.toThrow();
  });
});

describe("logcrest/clickhouse as a package entry", () => {
  it("resolves for import and require in an app whose node_modules/logcrest is this package, one module for both", () => {
    const work = mkdtempSync(join(tmpdir(), "logcrest-ch-entry-"));
    mkdirSync(join(work, "node_modules"));
    symlinkSync(join(__dirname, ".."), join(work, "node_modules", "logcrest"), "dir");
    writeFileSync(
      join(work, "app.mjs"),
      `import { clickhouseHandler, FLOWS_TABLE } from "logcrest/clickhouse";
import { createRequire } from "node:module";
const cjs = createRequire(import.meta.url)("logcrest/clickhouse");
const h = clickhouseHandler({ url: "http://127.0.0.1:1" });
console.log(JSON.stringify({ same: cjs.clickhouseHandler === clickhouseHandler, table: FLOWS_TABLE, handle: typeof h.handle, flushSync: typeof h.flushSync }));
`,
    );
    const out = execFileSync(process.execPath, [join(work, "app.mjs")], { cwd: work, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ same: true, table: "logcrest_flows", handle: "function", flushSync: "function" });
  });
});
