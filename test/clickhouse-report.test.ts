/**
 * `logcrest report --clickhouse` and `view --clickhouse --trace` against a real server:
 * the same flows loaded into the store (through clickhouseHandler) and read from files
 * must give the same numbers; the report renders in headless Chromium, charts included.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LatencyRow, ReportData } from "../cli/report-data";
import { tempLogDir } from "./helpers/cli-fixtures";
import { embeddedData, reportFixture } from "./helpers/cli-report-data";
import { runCli } from "./helpers/cli-run";
import { writeSyntheticLogs } from "./helpers/cli-synthetic";
import { type Browser, HAVE_CHROMIUM, launchBrowser } from "./helpers/cli-browser";
import { loadLogDir } from "./helpers/clickhouse-load";
import { ClickHouseHandler } from "../runtime/clickhouse/handler";
import type { LogRecord } from "../runtime/handlers/types";
import { TRACE, writeCrossServiceTrace } from "./helpers/cli-services";

const startClickHouse = async (options?: { password?: string }) => (await import("./helpers/clickhouse-server.mjs")).startClickHouse(options);
type ClickHouseServer = Awaited<ReturnType<typeof startClickHouse>>;

const PASSWORD = "report-pw";
const DB = "fleet";
const byKey = (rows: LatencyRow[]) => [...rows].sort((x, y) => (x.source + x.fn < y.source + y.fn ? -1 : 1));

function aggregates(d: ReportData) {
  return {
    counts: d.meta.counts,
    ended: d.meta.ended,
    services: d.meta.services,
    hotspots: d.hotspots,
    latency: byKey(d.latency),
    series: d.series,
  };
}

describe("the fleet report from ClickHouse", () => {
  let ch: ClickHouseServer;
  let root: string;
  let dirA: string;
  let dirB: string;
  let url: string;
  beforeAll(async () => {
    ch = await startClickHouse({ password: PASSWORD });
    url = `http://default:${PASSWORD}@127.0.0.1:${new URL(ch.url).port}`;
    root = tempLogDir("logcrest-fleet-");
    dirA = join(root, "svc-a", "logs");
    dirB = join(root, "svc-b", "logs");
    mkdirSync(dirA, { recursive: true });
    mkdirSync(dirB, { recursive: true });
    writeSyntheticLogs(dirA, { flows: 4000, calls: true, openRate: 0.01, seed: 1, startIso: "2026-11-25T09:00:00.000Z" });
    writeSyntheticLogs(dirB, { flows: 2500, calls: true, openRate: 0.01, seed: 2, idOffset: 1_000_000, startIso: "2026-11-25T09:10:00.000Z" });
    writeCrossServiceTrace(dirA, dirB);
    await loadLogDir({ url: ch.url, password: PASSWORD, database: DB, service: "svc-a", dir: dirA });
    await loadLogDir({ url: ch.url, password: PASSWORD, database: DB, service: "svc-b", dir: dirB });
  }, 180_000);
  afterAll(async () => {
    await ch?.stop();
  });

  it("gives the same numbers as the report from the same flows' files", async () => {
    const fromFiles = join(root, "files.html");
    const fromStore = join(root, "store.html");
    const f = await runCli(["report", dirA, dirB, "-o", fromFiles, "--quiet"], { timeoutMs: 120_000 });
    expect(f.stderr).toBe("");
    const c = await runCli(["report", "--clickhouse", url, "--database", DB, "-o", fromStore], { timeoutMs: 120_000 });
    expect(c.stderr).not.toContain("internal error");
    expect(c.code).toBe(0);
    const files = embeddedData(fromFiles).data;
    const store = embeddedData(fromStore).data;
    expect(c.stderr).toContain(`${files.meta.counts.flows} flows (${files.meta.counts.failed} failed, ${files.meta.counts.open} open)`);
    expect(files.meta.counts.flows).toBe(6502);
    expect(files.meta.counts.open).toBeGreaterThan(0);
    expect(files.series.t.length).toBeGreaterThan(15); // a real series, per minute
    expect(files.series.stepMs).toBe(60_000);
    expect(aggregates(store)).toEqual(aggregates(files));

    // the list: the slowest and the failed, each exactly as in the files
    expect(store.meta.listed).toEqual({ all: false, slowest: 200, failed: 500 });
    expect(store.flows.id.length).toBeGreaterThanOrEqual(500);
    expect(store.flows.id.length).toBeLessThan(files.flows.id.length);
    const flowOf = (d: ReportData, i: number) => {
      const steps = [];
      for (let k = d.flows.tl[i]!; k < d.flows.tl[i + 1]!; k++) {
        steps.push([d.strings[d.steps.fn[k]!], d.steps.ms[k], d.strings[d.steps.st[k]!], d.steps.at[k]]);
      }
      const s = (x: number) => (x < 0 ? null : d.strings[x]);
      return {
        id: d.flows.id[i],
        name: s(d.flows.name[i]!),
        total: d.flows.total[i],
        status: d.flows.status[i],
        failedAt: s(d.flows.failedAt[i]!),
        error: s(d.flows.error[i]!),
        http: d.flows.http[i],
        svc: d.meta.services[d.flows.svc[i]!],
        steps,
      };
    };
    for (let i = 0; i < store.flows.id.length; i++) {
      const j = files.flows.id.indexOf(store.flows.id[i]!);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(flowOf(store, i)).toEqual(flowOf(files, j));
    }
    // the two halves of the cross-service request are listed and joined by their trace
    const ids = ["get-checkout-0f0f0f0f", "post-charge-1e1e1e1e"].map((id) => store.flows.id.indexOf(id));
    expect(ids.every((i) => i >= 0)).toBe(true);
    expect(ids.map((i) => store.strings[store.flows.trace[i]!])).toEqual([TRACE, TRACE]);
    expect(new Set(ids.map((i) => store.flows.svc[i]))).toHaveProperty("size", 2);
  }, 240_000);

  it("percentiles are the nearest rank where p x n is a whole number too (100 calls of 1..100 ms: p95 is the 95th)", async () => {
    // the store computes them with quantilesExactWeighted, the files by sorting: both must pick the same value
    const dir = reportFixture();
    await loadLogDir({ url: ch.url, password: PASSWORD, database: "ranks", service: "svc", dir });
    const fromFiles = join(root, "ranks-files.html");
    const fromStore = join(root, "ranks-store.html");
    expect((await runCli(["report", dir, "-o", fromFiles, "--quiet"])).code).toBe(0);
    expect((await runCli(["report", "--clickhouse", url, "--database", "ranks", "-o", fromStore, "--quiet"])).code).toBe(0);
    const store = embeddedData(fromStore).data;
    const tax = store.latency.find((row) => row.fn === "Billing.tax" && row.source === "call")!;
    expect(tax).toMatchObject({ n: 100, p50: 50, p95: 95, p99: 99, max: 100, failures: 0 });
    expect(tax.hist).toEqual(embeddedData(fromFiles).data.latency.find((row) => row.fn === "Billing.tax" && row.source === "call")!.hist);
    expect(byKey(store.latency)).toEqual(byKey(embeddedData(fromFiles).data.latency));
    expect(store.series).toEqual(embeddedData(fromFiles).data.series);
  }, 60_000);

  it("lists 700 flows whose trace ids are 32-hex W3C ids: the queries naming them go in the request body, not the URL", async () => {
    // 18.16 answers HTTP 400 to a URL over 16 KB; 700 such ids in an IN list are 25 KB
    const handler = new ClickHouseHandler({ url: ch.url, password: PASSWORD, database: "w3c", service: "svc", closeTimeoutMs: 60_000 });
    const t0 = Date.parse("2026-11-25T12:00:00.000Z");
    for (let i = 0; i < 800; i++) {
      const failed = i >= 200; // 200 slow successes, then 600 quick failures: 200 slowest + 500 most recent failed
      const traceId = (i * 2654435761 + 1).toString(16).padStart(32, "0");
      handler.handle({
        timestamp: new Date(t0 + i * 1000).toISOString(),
        level: failed ? "ERROR" : "INFO",
        logger: "svc",
        trace_id: traceId,
        function: "GET /w3c/:id",
        message: `[Flow End] 'GET /w3c/:id' | flow_id=w3c-${i}`,
        flow_id: `w3c-${i}`,
        flow_type: "flow_end",
        flow_status: failed ? "failed" : "success",
        total_ms: failed ? 1 : 1000 + i,
        steps: 1,
        timeline: [{ fn: "Step.run", ms: failed ? 1 : 1000 + i, status: failed ? "failed" : "ok" }],
        step_offsets_ms: [0],
        ...(failed ? { failed_at: "Step.run", step: "1/1", flow_error: "Error: no" } : {}),
      } as LogRecord);
    }
    await handler.close();
    expect(handler.droppedRows).toBe(0);
    const out = join(root, "w3c.html");
    const r = await runCli(["report", "--clickhouse", url, "--database", "w3c", "-o", out, "--quiet"], { timeoutMs: 120_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const data = embeddedData(out).data;
    expect(data.flows.id).toHaveLength(700);
    expect(new Set(data.flows.id)).toEqual(new Set([...Array.from({ length: 200 }, (_, i) => `w3c-${i}`), ...Array.from({ length: 500 }, (_, i) => `w3c-${300 + i}`)]));
  }, 120_000);

  it("--service and --since narrow the store report exactly as the files do", async () => {
    const since = "2026-11-25T09:20:00Z";
    const onlyB = join(root, "b.html");
    const r = await runCli(["report", "--clickhouse", url, "--database", DB, "--service", "svc-b", "--since", since, "-o", onlyB, "--quiet"], { timeoutMs: 120_000 });
    expect(r.stderr).toBe("");
    const fileB = join(root, "b-files.html");
    expect((await runCli(["report", dirB, "--since", since, "-o", fileB, "--quiet"], { timeoutMs: 120_000 })).code).toBe(0);
    const store = embeddedData(onlyB).data;
    const files = embeddedData(fileB).data;
    expect(store.meta.services).toEqual(["svc-b"]);
    expect(files.meta.services).toEqual(["svc-b"]);
    const { services: _a, ...storeAgg } = aggregates(store);
    const { services: _b, ...fileAgg } = aggregates(files);
    expect(storeAgg).toEqual(fileAgg);
    expect(store.meta.counts.flows).toBeLessThan(2500);
    expect(store.meta.ended!.first).toBeGreaterThanOrEqual(Date.parse(since));
  }, 120_000);

  it("view --clickhouse --trace draws one request across both services, hostile text escaped", async () => {
    const r = await runCli(["view", "--clickhouse", url, "--database", DB, "--trace", TRACE, "--width", "120"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain(`trace ${TRACE}: 6 record(s) from 2 service(s)`);
    expect(out).toContain("[svc-a]");
    expect(out).toContain("[svc-b]");
    expect(out).toContain("gateway <b>timeout</b> \\x1b[31m"); // the ESC shown, not sent
    expect(out).not.toContain("\u001b");
    expect(out).toMatch(new RegExp(`trace ${TRACE}  2 service\\(s\\)`));
    // svc-b's part sits inside svc-a's PaymentClient.charge: it started 10 ms after svc-a's flow
    const rows = out.split("\n").filter((l) => /^ {4}\[svc-[ab]\]/.test(l));
    expect(rows.map((l) => l.match(/\[(svc-[ab])\]\s+(\S+(?: \S+)?)/)!.slice(1, 3))).toEqual([
      ["svc-a", "GET /checkout/:id"],
      ["svc-a", "Cart.load"],
      ["svc-a", "PaymentClient.charge"],
      ["svc-b", "POST /charge"],
      ["svc-b", "Gateway.authorize"],
      ["svc-a", "failed at"],
      ["svc-b", "failed at"],
    ]);
    const missing = await runCli(["view", "--clickhouse", url, "--database", DB, "--trace", "0000000000000000000000000000dead"]);
    expect(missing.stderr).not.toContain("internal error");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no records of trace");
    const noTables = await runCli(["report", "--clickhouse", url, "--database", "nothing_here", "-o", join(root, "x.html")]);
    expect(noTables.code).toBe(1);
    expect(noTables.stderr).toContain("no logcrest tables in database 'nothing_here'");
    const refused = await runCli(["report", "--clickhouse", `http://default:nope@127.0.0.1:${new URL(ch.url).port}`, "-o", join(root, "y.html")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("authentication failed");
    expect(refused.stderr).not.toContain("nope");
  }, 60_000);

  describe.skipIf(!HAVE_CHROMIUM)("in headless Chromium", () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it("draws the charts and the joined waterfall; screenshot", async () => {
      const out = join(root, "store-browser.html");
      expect((await runCli(["report", "--clickhouse", url, "--database", DB, "-o", out, "--quiet"], { timeoutMs: 120_000 })).code).toBe(0);
      const { data } = embeddedData(out);
      const page = await browser.context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (req) => requests.push(req.url()));
      await page.goto(`file://${out}`);
      await page.waitForSelector("body[data-ready]");
      expect(requests).toEqual([`file://${out}`]);
      // over time: one bar group per bucket, failures in red, two latency lines
      expect(await page.locator("#over-time svg g.bucket").count()).toBe(data.series.t.length);
      expect(await page.locator("#over-time svg rect.fail").count()).toBe(data.series.failed.filter((n) => n > 0).length);
      expect(await page.locator("#over-time svg path.line").count()).toBe(2);
      // histograms per route and per function
      const routes = await page.locator("#hist-routes .hist-card").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-fn")));
      expect(routes).toEqual(expect.arrayContaining(["checkout", "GET /orders/:id", "refund"]));
      expect(await page.locator("#hist-functions .hist-card").count()).toBeGreaterThan(3);
      const checkout = data.latency.find((r) => r.source === "flow" && r.fn === "checkout")!;
      const bars = page.locator('#hist-routes .hist-card[data-fn="checkout"] g.hbar');
      expect(await bars.count()).toBeGreaterThan(2);
      const titles = await bars.evaluateAll((gs) => gs.map((g) => g.querySelector("title")!.textContent!));
      const counted = titles.reduce((a, t) => a + Number(/: (\d+) in /.exec(t)![1]), 0);
      expect(counted).toBe(checkout.n);
      // a latency row's histogram on click
      await page.locator("#latency tr.lat-row").first().click();
      await page.waitForSelector("#hist-selected .hist-card");
      // the list says it is a sample
      expect(await page.locator("#flows-panel .hint").first().textContent()).toContain("the 200 slowest and the 500 most recent failed flows");
      // the cross-service request: one waterfall, each service's part marked
      await page.fill("#search", "get-checkout-0f0f0f0f");
      await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll("#flows tr.flow-row").length === 1);
      await page.click("#flows tr.flow-row");
      const wf = page.locator(".wf.wf-trace");
      expect(await wf.locator(".wf-row").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-svc"), r.getAttribute("data-step") ?? r.getAttribute("data-flow-id")]))).toEqual([
        ["svc-a", "get-checkout-0f0f0f0f"],
        ["svc-a", "Cart.load"],
        ["svc-a", "PaymentClient.charge"],
        ["svc-b", "post-charge-1e1e1e1e"],
        ["svc-b", "Gateway.authorize"],
      ]);
      const boxes = await wf.locator(".wf-row .bar").evaluateAll((els) => els.map((b) => b.getBoundingClientRect().left));
      expect(boxes[3]).toBeGreaterThan(boxes[0]!); // svc-b's flow starts 10 ms into svc-a's
      expect(await wf.locator(".wf-error").count()).toBe(2);
      const shot = join(root, "fleet-report.png");
      await page.screenshot({ path: shot, fullPage: true });
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(png.readUInt32BE(16)).toBe(1280);
      expect(png.readUInt32BE(20)).toBeGreaterThan(1500);
      process.stdout.write(`fleet report screenshot: ${shot}\n`);
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
  });
});
