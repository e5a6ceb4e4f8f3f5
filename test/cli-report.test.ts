/**
 * `logcrest report`: the real bin on real log directories; the embedded data and the HTML
 * are checked here, the rendering in a real browser in cli-report-browser.test.ts.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Samples } from "../cli/latency";
import { bucketOf, HIST_EDGES_MS, nearestRank, seriesStepMs, topWithOther } from "../cli/report-stats";
import { CHECKOUT_FAILED, CHECKOUT_OK, flowLines, REFUND_OPEN, tempLogDir, writeLog } from "./helpers/cli-fixtures";
import { embeddedData, reportFixture, XSS_ID } from "./helpers/cli-report-data";
import { runCli } from "./helpers/cli-run";

describe("logcrest report", () => {
  it("writes one self-contained HTML file with flows, hotspots and latency percentiles", async () => {
    const dir = reportFixture();
    const out = join(dir, "report.html");
    const r = await runCli(["report", dir, "-o", out]);
    expect(r.stderr).not.toContain("internal error");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}`);
    expect(r.stderr).toContain("4 flows (2 failed, 1 open), 101 calls");
    expect(r.stderr).toContain("flows/: skipped 2 unparseable line(s)");
    expect(r.stderr).toContain("success/ and error/: skipped 1 unparseable line(s)");
    // short input: no progress lines
    expect(r.stderr).not.toContain("% (");

    const { html, data } = embeddedData(out);
    expect(data.meta.counts).toEqual({ flows: 4, success: 1, failed: 2, open: 1, calls: 101 });
    expect(data.flows.id).toHaveLength(4);
    const i = data.flows.id.indexOf(CHECKOUT_FAILED.id);
    expect(data.strings[data.flows.failedAt[i]!]).toBe("charge");
    expect(data.strings[data.flows.error[i]!]).toBe("ConnectionError: gateway timeout");
    expect(data.flows.http[i]).toBe(500);
    const steps = [];
    for (let k = data.flows.tl[i]!; k < data.flows.tl[i + 1]!; k++) {
      steps.push({ fn: data.strings[data.steps.fn[k]!], ms: data.steps.ms[k], status: data.strings[data.steps.st[k]!] });
    }
    expect(steps).toEqual(CHECKOUT_FAILED.timeline);
    expect(data.flows.total[data.flows.id.indexOf(REFUND_OPEN.id)]).toBeNull();

    expect(data.hotspots.map((h) => [h.failedAt, h.count, h.asStep])).toEqual(
      expect.arrayContaining([
        ["charge", 1, 1],
        ["<i>step</i>", 1, 1],
      ]),
    );
    const tax = data.latency.find((row) => row.fn === "Billing.tax" && row.source === "call")!;
    expect(tax).toMatchObject({ n: 100, p50: 50, p95: 95, p99: 99, max: 100, failures: 0 });
    const crashed = data.latency.find((row) => row.fn === "charge" && row.source === "call")!;
    expect(crashed).toMatchObject({ n: 1, failures: 1, p50: 11.9 });
    const chargeStep = data.latency.find((row) => row.fn === "charge" && row.source === "step")!;
    expect(chargeStep).toMatchObject({ n: 2, failures: 1, p50: 6, max: 11.9 });
    const checkoutFlow = data.latency.find((row) => row.fn === "checkout" && row.source === "flow")!;
    expect(checkoutFlow).toMatchObject({ n: 2, failures: 1 });

    // self-contained: no external resource of any kind, and a CSP that forbids the network
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    // attacker-influenced data never becomes markup
    expect(html).not.toContain("<script>window.__pwned");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>bold</b>");
    expect(html.match(/<\/script>/g)).toHaveLength(2); // only our own two script elements
    expect(data.flows.id).toContain(XSS_ID); // the data itself survives exactly
  });

  it("defaults: dir ./logs, output ./logcrest-report.html; --quiet prints nothing", async () => {
    const cwd = tempLogDir();
    writeLog(join(cwd, "logs"), "flows", "20261125_133453_flows.log", flowLines(CHECKOUT_OK));
    const r = await runCli(["report", "--quiet"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(existsSync(join(cwd, "logcrest-report.html"))).toBe(true);
    expect(embeddedData(join(cwd, "logcrest-report.html")).data.meta.counts.flows).toBe(1);
  });

  it("a flows-only directory (no success/, no error/) still gets a report", async () => {
    const dir = tempLogDir();
    writeLog(dir, "flows", "20261125_133453_flows.log", flowLines(CHECKOUT_FAILED));
    const out = join(dir, "r.html");
    expect((await runCli(["report", dir, "--output", out])).code).toBe(0);
    const { data } = embeddedData(out);
    expect(data.meta.counts).toMatchObject({ flows: 1, failed: 1, calls: 0 });
    expect(data.latency.some((row) => row.source === "call")).toBe(false);
  });

  it("exit codes: 1 for a missing directory or an unwritable output, 2 for usage", async () => {
    const dir = tempLogDir();
    const missing = await runCli(["report", join(dir, "nope"), "-o", join(dir, "r.html")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no flows directory at");
    writeLog(dir, "flows", "20261125_133453_flows.log", flowLines(CHECKOUT_OK));
    const unwritable = await runCli(["report", dir, "-o", join(dir, "no", "such", "dir", "r.html")]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain("cannot write");
    expect((await runCli(["report", dir, "--frob"])).code).toBe(2);
    expect((await runCli(["report", dir, "-o"])).code).toBe(2);
  });

  it("shows progress on stderr for long inputs", async () => {
    // ~9 MB of flows: above the 8 MB progress threshold
    const dir = tempLogDir();
    const lines: string[] = [];
    for (let n = 0; lines.length < 24_000; n++) {
      lines.push(...flowLines({ ...CHECKOUT_FAILED, id: `checkout-${n.toString(16).padStart(8, "0")}` }));
    }
    writeLog(dir, "flows", "20261125_133453_flows.log", lines);
    const r = await runCli(["report", dir, "-o", join(dir, "r.html")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/reading \d+\.\d MB of logs/);
    for (const p of [10, 50, 100]) expect(r.stderr).toContain(`${p}% (`);
    expect(r.stderr).toContain("12000 flows");
  });
});

describe("latency percentiles (nearest rank)", () => {
  it("computes p50/p95/p99/max of 1..100 and of tiny sets", () => {
    const s = new Samples();
    for (let v = 100; v >= 1; v--) s.add(v);
    const sorted = s.sorted();
    expect([0.5, 0.95, 0.99].map((p) => nearestRank(sorted, p))).toEqual([50, 95, 99]);
    expect([0.5, 0.95, 0.99].map((p) => nearestRank(Float64Array.from([7]), p))).toEqual([7, 7, 7]);
    expect(nearestRank(Float64Array.from([1, 2]), 0.5)).toBe(1);
    expect(nearestRank(Float64Array.from([1, 2]), 0.51)).toBe(2);
    expect(Number.isNaN(nearestRank(new Samples().sorted(), 0.5))).toBe(true);
  });
  it("histogram buckets: bucket b holds EDGES[b-1] <= v < EDGES[b]", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.0999)).toBe(0);
    expect(bucketOf(0.1)).toBe(1);
    expect(bucketOf(1)).toBe(4);
    expect(bucketOf(2.4999)).toBe(4);
    expect(bucketOf(29_999)).toBe(HIST_EDGES_MS.length - 1);
    expect(bucketOf(1e9)).toBe(HIST_EDGES_MS.length);
  });
  it("series buckets are a minute up to a day of data, then wider; top-k keeps the rest as (other)", () => {
    expect(seriesStepMs(0, 23 * 3_600_000)).toBe(60_000);
    expect(seriesStepMs(0, 30 * 3_600_000)).toBe(120_000);
    expect(seriesStepMs(0, 0)).toBe(60_000);
    expect(topWithOther([["a", 1], ["b", 5], ["c", 5], ["d", 2], ["e", 1]], 3)).toEqual([["b", 5], ["c", 5], ["d", 2], ["(other)", 2]]);
    expect(topWithOther([["a", 1]], 3)).toEqual([["a", 1]]);
  });
});
