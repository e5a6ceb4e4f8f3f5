/**
 * The HTML report in a real browser: headless Chromium opens the file the bin wrote and
 * we check what is rendered. Skipped (loudly) only when /usr/bin/chromium is missing.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKOUT_CONCURRENT, CHECKOUT_FAILED, flowLines, writeLog } from "./helpers/cli-fixtures";
import { type Browser, HAVE_CHROMIUM, launchBrowser } from "./helpers/cli-browser";
import { embeddedData, reportFixture, XSS_ID } from "./helpers/cli-report-data";
import { runCli } from "./helpers/cli-run";
import { tempLogDir } from "./helpers/cli-fixtures";
import { type SyntheticStats, writeSyntheticLogs } from "./helpers/cli-synthetic";

/**
 * The README's screenshot. Re-written only when missing or when LOGCREST_UPDATE_SCREENSHOT=1,
 * so a test run does not leave a modified file in the working tree; the check always runs
 * on a fresh shot in a temp directory.
 */
const README_SCREENSHOT = join(__dirname, "..", "docs", "report-screenshot.png");

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
  loadMs: number;
}

async function open(browser: Browser, file: string, hash = ""): Promise<Opened> {
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (req) => requests.push(req.url()));
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  const started = performance.now();
  await page.goto(`file://${file}${hash}`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  return { page, requests, errors, loadMs: performance.now() - started };
}

const rowCount = (page: Page) => page.locator("#flows tr.flow-row").count();

/** The page's DOM, typed just enough for the functions we run in it (no DOM lib here). */
interface PageDoc {
  querySelectorAll(selector: string): { length: number };
  getElementById(id: string): { textContent: string | null } | null;
}

/** The search box is debounced: wait until the list shows `n` rows. */
function waitRows(page: Page, n: number): Promise<unknown> {
  return page.waitForFunction(
    (want) => (globalThis as unknown as { document: PageDoc }).document.querySelectorAll("#flows tr.flow-row").length === want,
    n,
  );
}

function waitPageInfo(page: Page, text: string): Promise<unknown> {
  return page.waitForFunction(
    (want) => ((globalThis as unknown as { document: PageDoc }).document.getElementById("page-info")?.textContent ?? "").includes(want),
    text,
  );
}

describe.skipIf(!HAVE_CHROMIUM)("logcrest report in headless Chromium", () => {
  let browser: Browser;
  const bigDirs: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const d of bigDirs) rmSync(d, { recursive: true, force: true });
  });

  it("with step_offsets_ms the waterfall places bars where steps ran: concurrent steps overlap", async () => {
    const dir = tempLogDir();
    writeLog(dir, "flows", "20261125_140000_flows.log", flowLines(CHECKOUT_CONCURRENT));
    const out = join(dir, "report.html");
    expect((await runCli(["report", dir, "-o", out])).code).toBe(0);
    const { page, errors } = await open(browser, out);
    await page.locator("#flows tr.flow-row").first().click();
    const boxes = await page.locator(".wf .bar").evaluateAll((bars) =>
      bars.map((b) => {
        const r = b.getBoundingClientRect();
        return { left: r.left, right: r.right };
      }),
    );
    expect(boxes).toHaveLength(4);
    expect(Math.abs(boxes[1]!.left - boxes[2]!.left)).toBeLessThan(1);
    expect(Math.abs(boxes[1]!.right - boxes[2]!.right)).toBeLessThan(1);
    expect(Math.abs(boxes[3]!.left - boxes[1]!.right)).toBeLessThan(1);
    expect(await page.locator(".wf-note").count()).toBe(0);
    expect(await page.locator(".wf-legend").textContent()).toContain("placed where it ran");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("renders flow rows, a failed flow's waterfall, hotspots and the latency table; data stays text", async () => {
    const dir = reportFixture();
    const stats = writeSyntheticLogs(dir, { flows: 300, calls: true });
    const out = join(dir, "report.html");
    const r = await runCli(["report", dir, "-o", out]);
    expect(r.code).toBe(0);

    const { page, requests, errors } = await open(browser, out);
    // no network: the only request is the file itself
    expect(requests).toEqual([`file://${out}`]);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    const total = stats.flows + 4;
    await expect(page.locator("#summary .card").first().locator(".n").textContent()).resolves.toBe(String(total));
    expect(await rowCount(page)).toBe(50);
    expect(await page.locator("#page-info").textContent()).toBe(`page 1 of ${Math.ceil(total / 50)} · ${total} matching flow(s) of ${total}`);

    // the charts, from the same data the ClickHouse report computes in the server
    const { data } = embeddedData(out);
    expect(data.series.t.length).toBeGreaterThan(1);
    expect(await page.locator("#over-time svg g.bucket").count()).toBe(data.series.t.length);
    expect(await page.locator("#over-time svg path.line").count()).toBe(2);
    expect(await page.locator("#hist-routes .hist-card").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-fn")))).toEqual(
      data.latency.filter((r) => r.source === "flow").sort((a, b) => b.n - a.n || (a.fn < b.fn ? -1 : 1)).slice(0, 6).map((r) => r.fn),
    );
    const taxCard = page.locator('#hist-functions .hist-card[data-fn="Billing.tax"]');
    expect(await taxCard.count()).toBe(1);
    // 1..100 ms: buckets [0.5,1) ... [50,100) and [100,250) hold 0+1+1+3+5+15+25+50+1 = 100 (with the 0.. buckets empty)
    const taxBars = await taxCard.locator("g.hbar title").allTextContents();
    expect(taxBars.reduce((a, t) => a + Number(/: (\d+) in /.exec(t)![1]), 0)).toBe(100);
    expect(taxBars.at(-1)).toBe("Billing.tax: 1 in 100 ms to < 250 ms");

    // hotspots: the step that fails most comes first, with its count
    const [topStep, topCount] = [...stats.failedAt.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const firstHot = page.locator("#hotspots tbody tr").first().locator("td");
    expect(await firstHot.nth(0).textContent()).toBe(topStep);
    expect(await firstHot.nth(1).textContent()).toBe(String(topCount));

    // latency: 100 calls of Billing.tax taking 1..100 ms
    const tax = page.locator("#latency tr.lat-row", { has: page.locator("td", { hasText: /^Billing\.tax$/ }) });
    expect(await tax.count()).toBe(1);
    expect(await tax.locator("td").allTextContents()).toEqual(["Billing.tax", "call", "100", "", "50.00 ms", "95.00 ms", "99.00 ms", "100.00 ms", ""]);
    expect(await tax.locator("td.dist svg.spark rect").count()).toBeGreaterThan(0);

    // a failed flow's waterfall
    await page.fill("#search", CHECKOUT_FAILED.id);
    await waitRows(page, 1);
    expect(await page.locator("#flows tr.flow-row").getAttribute("data-flow-id")).toBe(CHECKOUT_FAILED.id);
    expect(await page.locator(".wf").count()).toBe(0); // waterfalls are built only when opened
    await page.click(`#flows tr.flow-row`);
    const wf = page.locator(".wf");
    expect(await wf.locator(".wf-row").count()).toBe(3);
    expect(await wf.locator(".wf-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-step")))).toEqual([
      "validate",
      "charge",
      "ship",
    ]);
    expect(await wf.locator(".bar").evaluateAll((bars) => bars.map((b) => b.className))).toEqual([
      "bar st-ok",
      "bar st-failed",
      "bar st-interrupted",
    ]);
    expect(await wf.locator(".wf-row.failed-at").getAttribute("data-step")).toBe("charge");
    expect(await wf.locator(".wf-row.failed-at .wf-st").textContent()).toContain("◀ failed_at");
    expect(await wf.locator(".wf-error").textContent()).toBe("Failed at charge, step 2/3: ConnectionError: gateway timeout");
    // bars are laid end to end in start order
    const boxes = await wf.locator(".bar").evaluateAll((bars) =>
      bars.map((b) => {
        const r = b.getBoundingClientRect();
        return { left: r.left, right: r.right, width: r.width };
      }),
    );
    expect(boxes[1]!.left).toBeGreaterThanOrEqual(boxes[0]!.right - 1);
    expect(boxes[2]!.left).toBeGreaterThanOrEqual(boxes[1]!.right - 1);
    expect(boxes[1]!.width).toBeGreaterThan(boxes[0]!.width * 10); // 11.9 ms vs 0.1 ms

    // hostile ids and names are shown as text, never parsed as markup
    await page.fill("#search", "1234abcd");
    await page.waitForSelector(`#flows tr.flow-row[data-flow-id$="1234abcd"]`);
    expect(await rowCount(page)).toBe(1);
    const xssRow = page.locator("#flows tr.flow-row");
    expect(await xssRow.getAttribute("data-flow-id")).toBe(XSS_ID);
    expect(await xssRow.locator("td").nth(1).textContent()).toBe(XSS_ID);
    expect(await xssRow.locator("td").nth(2).textContent()).toBe("GET /<b>bold</b>");
    await xssRow.click();
    expect(await page.locator(".wf .wf-name").textContent()).toBe("<i>step</i>");
    expect(await page.locator("#flows b, #flows i, #flows img").count()).toBe(1); // only our own <b> in .wf-error
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // clicking a hotspot lists the flows that failed there
    await page.fill("#search", "");
    await waitRows(page, 50);
    await page.locator("#hotspots tbody tr").first().click();
    await page.waitForSelector("#failed-at-chip:not([hidden])");
    expect(await page.locator("#failed-at-text").textContent()).toBe(`failed_at = ${topStep}`);
    const failedAtCells = await page.locator("#flows tr.flow-row td:nth-child(7)").allTextContents();
    expect(failedAtCells.length).toBe(Math.min(50, topCount));
    expect(new Set(failedAtCells)).toEqual(new Set([topStep]));

    // #flow=<id> opens one flow directly
    const deep = await open(browser, out, `#flow=${encodeURIComponent(CHECKOUT_FAILED.id)}`);
    expect(await rowCount(deep.page)).toBe(1);
    expect(await deep.page.locator(".wf .wf-row").count()).toBe(3);

    expect(errors).toEqual([]);
    expect(deep.errors).toEqual([]);
  });

  it("handles 100,000 flows: one page of rows, paging, filtering; screenshot for the README", async () => {
    const dir = tempLogDir("logcrest-report-100k-");
    bigDirs.push(dir);
    const stats: SyntheticStats = writeSyntheticLogs(dir, { flows: 100_000, calls: true, openRate: 0.002 });
    const out = join(dir, "report.html");
    const r = await runCli(["report", dir, "-o", out, "--quiet"], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);

    const { page, errors, loadMs } = await open(browser, out);
    expect(loadMs).toBeLessThan(20_000);
    expect(await rowCount(page)).toBe(50);
    expect(await page.locator(".wf").count()).toBe(0);
    expect(await page.locator("#page-info").textContent()).toBe("page 1 of 2,000 · 100,000 matching flow(s) of 100,000");

    await page.selectOption("#status", "failed");
    await waitPageInfo(page, `${stats.failed.toLocaleString("en-US")} matching`);
    expect(await rowCount(page)).toBe(50);
    await page.click("#next");
    expect(await page.locator("#page-info").textContent()).toMatch(/^page 2 of /);
    await page.selectOption("#sort", "slowest");
    await page.selectOption("#status", "open");
    await waitPageInfo(page, `${stats.open.toLocaleString("en-US")} matching`);

    // README screenshot: failed flows, newest first, the first one opened
    await page.selectOption("#sort", "newest");
    await page.selectOption("#status", "failed");
    await page.selectOption("#size", "25");
    await page.locator("#flows tr.flow-row").first().click();
    expect(await page.locator(".wf .wf-row.failed-at").count()).toBe(1);
    const shot = join(dir, "report-screenshot.png");
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(1280); // width from the IHDR chunk
    expect(png.readUInt32BE(20)).toBeGreaterThan(1500); // the whole page, not one screen
    if (!existsSync(README_SCREENSHOT) || process.env.LOGCREST_UPDATE_SCREENSHOT === "1") {
      mkdirSync(join(README_SCREENSHOT, ".."), { recursive: true });
      copyFileSync(shot, README_SCREENSHOT);
    }
    expect(errors).toEqual([]);
  }, 180_000);
});
