/**
 * `logcrest view`: the real bin as a child process, on real log directories.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CHECKOUT_CONCURRENT,
  CHECKOUT_FAILED,
  CHECKOUT_OK,
  type FlowSpec,
  flowLines,
  REFUND_OPEN,
  tempLogDir,
  writeLog,
} from "./helpers/cli-fixtures";
import { runCli } from "./helpers/cli-run";

const ESC = "\u001b";

/** Failed flow in the rotated backup; garbage in both files; one non-flow record. */
function standardDir(): string {
  const dir = tempLogDir();
  writeLog(dir, "flows", "20261125_133453_flows.log.1", [...flowLines(CHECKOUT_FAILED), "not json at all", '{"timestamp":"2026-11-25T13:3']);
  writeLog(dir, "flows", "20261125_133453_flows.log", [
    ...flowLines(CHECKOUT_OK),
    ...flowLines(REFUND_OPEN),
    JSON.stringify({ timestamp: "2026-11-25T13:36:00.000Z", level: "INFO", message: "not a flow" }),
    "[1,2,3]",
  ]);
  return dir;
}

interface JsonFlow {
  flow_id: string;
  function: string;
  flow_status: string;
  start: string | null;
  total_ms: number | null;
  timeline: { fn: string; ms: number; status: string }[];
  failed_at: string | null;
  step: string | null;
  flow_error: string | null;
  http_status: number | null;
}
interface JsonView {
  flows: JsonFlow[];
  totals: { read: number; shown: number; success: number; failed: number; open: number };
  skipped: { garbageLines: number; nonFlowRecords: number; malformedFlowRecords: number; textFiles: string[] };
  files: string[];
}

async function viewJson(args: string[]): Promise<JsonView> {
  const r = await runCli(["view", ...args, "--json"]);
  expect(r.stderr).not.toContain("internal error");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as JsonView;
}

describe("logcrest view", () => {
  let dir: string;
  beforeAll(() => {
    dir = standardDir();
  });

  it("draws every flow, rotated backups included, with status, failed_at and totals", async () => {
    const r = await runCli(["view", dir, "--width", "110"]);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain("✗ checkout-3a7e2b1f  checkout  FAILED  12.40 ms");
    expect(out).toContain("HTTP 500");
    expect(out).toMatch(/charge +█+ +11\.90 ms {2}failed {2}◀ failed_at/);
    expect(out).toContain("failed at charge step 2/3: ConnectionError: gateway timeout");
    expect(out).toContain("✓ checkout-0c0ffee1  checkout  success  8.00 ms");
    expect(out).toContain("… refund-deadbeef  refund  open  no flow_end yet");
    expect(out).toContain("3 flow(s) shown of 3 read from 2 file(s): 1 success, 1 failed, 1 open");
    // the legend says what the axis means
    expect(out).toContain("laid end to end in start order");
    // flows in start order: the backup's (older) failed flow first
    expect(out.indexOf("checkout-3a7e2b1f")).toBeLessThan(out.indexOf("checkout-0c0ffee1"));
    expect(out.indexOf("checkout-0c0ffee1")).toBeLessThan(out.indexOf("refund-deadbeef"));
  });

  it("lays steps end to end: each bar starts where the previous one ended", async () => {
    const r = await runCli(["view", dir, "--flow", CHECKOUT_OK.id, "--width", "120"]);
    const rows = r.stdout.split("\n").filter((l) => / ms {2}ok$/.test(l));
    expect(rows).toHaveLength(3);
    const spans = rows.map((row) => ({ from: row.indexOf("█"), to: row.lastIndexOf("█") }));
    expect(spans[0]!.from).toBeLessThan(spans[1]!.from);
    expect(spans[1]!.from).toBeGreaterThanOrEqual(spans[0]!.to);
    expect(spans[2]!.from).toBeGreaterThanOrEqual(spans[1]!.to);
    // charge (6 ms of 8) is the longest bar
    const len = spans.map((s) => s.to - s.from);
    expect(len[1]).toBeGreaterThan(len[0]!);
    expect(len[1]).toBeGreaterThan(len[2]!);
  });

  it("with step_offsets_ms, bars sit where the steps ran: concurrent steps overlap", async () => {
    const own = tempLogDir();
    writeLog(own, "flows", "20261125_140000_flows.log", flowLines(CHECKOUT_CONCURRENT));
    const r = await runCli(["view", own, "--width", "120"]);
    const rows = r.stdout.split("\n").filter((l) => / ms {2}ok$/.test(l));
    expect(rows).toHaveLength(4);
    const spans = rows.map((row) => ({ from: row.indexOf("█"), to: row.lastIndexOf("█") }));
    // the two reservations ran at once: same start column, same end column
    expect(spans[1]!.from).toBe(spans[2]!.from);
    expect(spans[1]!.to).toBe(spans[2]!.to);
    // charge starts after them; nothing runs past the flow's total, so no overlap note
    expect(spans[3]!.from).toBeGreaterThan(spans[2]!.to);
    expect(r.stdout).not.toContain("steps sum to");
    const json = JSON.parse((await runCli(["view", own, "--json"])).stdout) as { flows: Array<{ step_offsets_ms: unknown }> };
    expect(json.flows[0]!.step_offsets_ms).toEqual([0, 2, 2, 12]);
  });

  it("counts what it skipped: garbage lines, non-flow records", async () => {
    const r = await runCli(["view", dir]);
    expect(r.stdout).toContain("skipped 3 unparseable line(s), 1 non-flow record(s)");
    const j = await viewJson([dir]);
    expect(j.skipped).toEqual({ garbageLines: 3, nonFlowRecords: 1, malformedFlowRecords: 0, textFiles: [] });
    expect(j.files.map((f) => f.slice(dir.length + 1))).toEqual([
      join("flows", "20261125_133453_flows.log.1"),
      join("flows", "20261125_133453_flows.log"),
    ]);
  });

  it("--json gives the flows with their record fields", async () => {
    const j = await viewJson([dir]);
    expect(j.totals).toEqual({ read: 3, shown: 3, success: 1, failed: 1, open: 1 });
    const failed = j.flows.find((f) => f.flow_id === CHECKOUT_FAILED.id)!;
    expect(failed).toMatchObject({
      function: "checkout",
      flow_status: "failed",
      start: CHECKOUT_FAILED.start,
      total_ms: 12.4,
      failed_at: "charge",
      step: "2/3",
      flow_error: "ConnectionError: gateway timeout",
      http_status: 500,
    });
    expect(failed.timeline).toEqual(CHECKOUT_FAILED.timeline);
    const open = j.flows.find((f) => f.flow_id === REFUND_OPEN.id)!;
    expect(open).toMatchObject({ flow_status: "open", total_ms: null, start: REFUND_OPEN.start });
  });

  it("--failed keeps only failed flows", async () => {
    const j = await viewJson([dir, "--failed"]);
    expect(j.flows.map((f) => f.flow_id)).toEqual([CHECKOUT_FAILED.id]);
    expect(j.totals.read).toBe(3);
  });

  it("--flow picks one flow; an unknown id exits 1", async () => {
    const j = await viewJson([dir, "--flow", CHECKOUT_OK.id]);
    expect(j.flows.map((f) => f.flow_id)).toEqual([CHECKOUT_OK.id]);
    const r = await runCli(["view", dir, "--flow", "nope-00000000"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no flow with id 'nope-00000000'");
  });

  it("--last N keeps the N latest-started flows", async () => {
    const j = await viewJson([dir, "--last", "2"]);
    expect(j.flows.map((f) => f.flow_id)).toEqual([CHECKOUT_OK.id, REFUND_OPEN.id]);
  });

  it("--since takes an ISO time or a relative span", async () => {
    const iso = await viewJson([dir, "--since", "2026-11-25T13:35:00Z"]);
    expect(iso.flows.map((f) => f.flow_id)).toEqual([CHECKOUT_OK.id, REFUND_OPEN.id]);

    const recentDir = tempLogDir();
    const now = Date.now();
    const recent: FlowSpec = { ...CHECKOUT_OK, id: "recent-11111111", start: new Date(now - 5 * 60_000).toISOString() };
    const old: FlowSpec = { ...CHECKOUT_OK, id: "old-22222222", start: new Date(now - 3 * 3_600_000).toISOString() };
    writeLog(recentDir, "flows", "20261125_000000_flows.log", [...flowLines(old), ...flowLines(recent)]);
    expect((await viewJson([recentDir, "--since", "1h"])).flows.map((f) => f.flow_id)).toEqual(["recent-11111111"]);
    expect((await viewJson([recentDir, "--since", "4h"])).flows.map((f) => f.flow_id)).toEqual([
      "old-22222222",
      "recent-11111111",
    ]);
    expect((await viewJson([recentDir, "--since", "2m"])).flows).toEqual([]);
  });

  it("combines filters", async () => {
    const j = await viewJson([dir, "--failed", "--since", "2026-11-25T13:35:00Z"]);
    expect(j.flows).toEqual([]);
  });

  it("uses the flow_end's timestamp minus total_ms when the flow_start was rotated away", async () => {
    const d = tempLogDir();
    writeLog(d, "flows", "20261125_133453_flows.log", [flowLines(CHECKOUT_FAILED)[1]!]);
    const j = await viewJson([d]);
    expect(j.flows).toHaveLength(1);
    // timestamps have millisecond resolution: the derived start is within 1 ms
    expect(Math.abs(Date.parse(j.flows[0]!.start!) - Date.parse(CHECKOUT_FAILED.start))).toBeLessThanOrEqual(1);
    expect(j.flows[0]!.flow_status).toBe("failed");
  });

  it("skips text-mode (json: false) files with a note, and counts malformed flow records", async () => {
    const d = tempLogDir();
    writeLog(d, "flows", "20261125_120000_flows.log", [
      "2026-11-25 12:00:00.000 | INFO | checkout | [Flow Start] 'checkout' | flow_id=checkout-1",
    ]);
    writeLog(d, "flows", "20261125_130000_flows.log", [
      ...flowLines(CHECKOUT_OK),
      JSON.stringify({ flow_type: "flow_end", flow_id: "x-1", flow_status: "weird" }),
      JSON.stringify({ flow_type: "flow_start" }),
    ]);
    const j = await viewJson([d]);
    expect(j.flows.map((f) => f.flow_id)).toEqual([CHECKOUT_OK.id]);
    expect(j.skipped.garbageLines).toBe(0);
    expect(j.skipped.malformedFlowRecords).toBe(2);
    expect(j.skipped.textFiles).toEqual([join(d, "flows", "20261125_120000_flows.log")]);
    const r = await runCli(["view", d]);
    expect(r.stdout).toContain("1 text-mode file(s) (json: false; not parseable)");
  });

  it("escapes control characters from the data: a log line cannot inject terminal escapes", async () => {
    const d = tempLogDir();
    const evil: FlowSpec = {
      id: `evil-${ESC}[2J${ESC}]0;pwned\u0007-1234abcd`,
      fn: `GET /x\r\nFAKE LINE ${ESC}[31m`,
      start: "2026-11-25T13:00:00.000Z",
      status: "failed",
      totalMs: 1,
      timeline: [{ fn: `step${ESC}[1A\u009b2J\u202e`, ms: 1, status: "failed" }],
      failedAt: `step${ESC}[1A`,
      step: "1/1",
      error: `Error: ${ESC}[?25l hidden cursor`,
    };
    writeLog(d, "flows", "20261125_130000_flows.log", flowLines(evil));
    const plain = await runCli(["view", d]);
    expect(plain.stdout).not.toContain(ESC);
    expect(plain.stdout).not.toContain("\u0007");
    expect(plain.stdout).not.toContain("\u009b");
    expect(plain.stdout).not.toContain("\u202e");
    expect(plain.stdout).not.toMatch(/^FAKE LINE/m);
    expect(plain.stdout).toContain("evil-\\x1b[2J\\x1b]0;pwned\\x07-1234abcd");
    expect(plain.stdout).toContain("GET /x\\r\\nFAKE LINE \\x1b[31m");
    expect(plain.stdout).toContain("step\\x1b[1A\\x9b2J\\u202e");
    // With colour on, the only escapes are our own SGR colour codes.
    const coloured = await runCli(["view", d], { env: { FORCE_COLOR: "1" } });
    const stripped = coloured.stdout.replace(/\u001b\[\d+m/g, "");
    expect(coloured.stdout).toContain(ESC);
    expect(stripped).not.toContain(ESC);
    // --json keeps the data exact but escaped
    const j = await viewJson([d]);
    expect(j.flows[0]!.flow_id).toBe(evil.id);
    const raw = await runCli(["view", d, "--json"]);
    expect(raw.stdout).not.toContain(ESC);
    expect(raw.stdout).not.toContain("\u009b");
    expect(raw.stdout).not.toContain("\u202e");
  });

  it("colours by NO_COLOR / FORCE_COLOR / TTY: off in a pipe by default", async () => {
    const esc = (s: string) => s.includes(ESC);
    expect(esc((await runCli(["view", dir])).stdout)).toBe(false);
    expect(esc((await runCli(["view", dir], { env: { FORCE_COLOR: "1" } })).stdout)).toBe(true);
    expect(esc((await runCli(["view", dir], { env: { FORCE_COLOR: "0" } })).stdout)).toBe(false);
    expect(esc((await runCli(["view", dir], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).stdout)).toBe(false);
    const forced = (await runCli(["view", dir, "--failed"], { env: { FORCE_COLOR: "1" } })).stdout;
    expect(forced).toContain(`${ESC}[31mFAILED${ESC}[39m`);
    expect(forced).toContain(`${ESC}[33minterrupted${ESC}[39m`);
    expect(forced).toContain(`${ESC}[32mok${ESC}[39m`);
    expect(esc((await runCli(["view", dir, "--no-color"], { env: { FORCE_COLOR: "1" } })).stdout)).toBe(false);
  });

  it("exit codes: 1 for a missing log directory, 2 for usage mistakes", async () => {
    const missing = await runCli(["view", join(dir, "nope")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no flows directory at");
    const badOpt = await runCli(["view", dir, "--bogus"]);
    expect(badOpt.code).toBe(2);
    expect(badOpt.stderr).toContain("Usage: logcrest");
    expect((await runCli(["view", dir, "--since", "yesterday"])).code).toBe(2);
    expect((await runCli(["view", dir, "--last", "0"])).code).toBe(2);
    expect((await runCli(["frobnicate"])).code).toBe(2);
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("view [dir...]");
    expect(help.stdout).toContain("report --clickhouse URL");
  });

  it("defaults to ./logs", async () => {
    const cwd = tempLogDir();
    const logs = join(cwd, "logs");
    writeLog(logs, "flows", "20261125_130000_flows.log", flowLines(CHECKOUT_OK));
    writeFileSync(join(cwd, "unrelated.txt"), "x");
    const r = await runCli(["view", "--json"], { cwd });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as JsonView).flows.map((f) => f.flow_id)).toEqual([CHECKOUT_OK.id]);
  });
});

describe("logcrest view across rotation", () => {
  it("pairs a flow_start and flow_end split across backups, reading .log.10 before .log.2", async () => {
    const d = tempLogDir();
    const [start, end] = flowLines(CHECKOUT_FAILED);
    const [okStart, okEnd] = flowLines(CHECKOUT_OK);
    // oldest first: .log.10, .log.2, .log.1, then the live file
    writeLog(d, "flows", "20261125_133453_flows.log.10", [start!]);
    writeLog(d, "flows", "20261125_133453_flows.log.2", [end!]);
    writeLog(d, "flows", "20261125_133453_flows.log.1", [okStart!]);
    writeLog(d, "flows", "20261125_133453_flows.log", [okEnd!, ...flowLines(REFUND_OPEN)]);
    // a later run of the app: its own stamp, read after
    writeLog(d, "flows", "20261126_080000_flows.log", flowLines({ ...CHECKOUT_OK, id: "checkout-77777777", start: "2026-11-26T08:00:01.000Z" }));
    writeFileSync(join(d, "flows", "notes.txt"), "not a log file\n");
    const j = await viewJson([d]);
    expect(j.files.map((f) => f.slice(d.length + 1))).toEqual(
      ["20261125_133453_flows.log.10", "20261125_133453_flows.log.2", "20261125_133453_flows.log.1", "20261125_133453_flows.log", "20261126_080000_flows.log"].map(
        (n) => join("flows", n),
      ),
    );
    expect(j.flows.map((f) => [f.flow_id, f.flow_status])).toEqual([
      [CHECKOUT_FAILED.id, "failed"],
      [CHECKOUT_OK.id, "success"],
      [REFUND_OPEN.id, "open"],
      ["checkout-77777777", "success"],
    ]);
    expect(j.flows[0]!.start).toBe(CHECKOUT_FAILED.start); // from its flow_start, not derived
    expect(j.skipped.garbageLines).toBe(0);
  });

  it("shows HTTP status and client aborts", async () => {
    const d = tempLogDir();
    writeLog(d, "flows", "20261125_133453_flows.log", flowLines({ ...CHECKOUT_OK, id: "get-orders-42-abcdef12", fn: "GET /orders/42", httpStatus: 200, aborted: true }));
    const r = await runCli(["view", d]);
    expect(r.stdout).toContain("✓ get-orders-42-abcdef12  GET /orders/42  success  8.00 ms");
    expect(r.stdout).toContain("HTTP 200  aborted by client");
  });

  it("--version prints the package version", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^logcrest \d+\.\d+\.\d+\n$/);
  });
});

describe("logcrest view on a flows directory itself", () => {
  it("accepts logs/flows as well as logs", async () => {
    const d = tempLogDir();
    writeLog(d, "flows", "20261125_133453_flows.log", flowLines(CHECKOUT_OK));
    const j = await viewJson([join(d, "flows")]);
    expect(j.flows.map((f) => f.flow_id)).toEqual([CHECKOUT_OK.id]);
  });
});
