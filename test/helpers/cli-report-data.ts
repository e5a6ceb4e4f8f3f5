/** Report test data: a fixture log directory, and reading back the data a report embeds. */
import { readFileSync } from "node:fs";
import type { ReportData } from "../../cli/report-data";
import { callLine, CHECKOUT_FAILED, CHECKOUT_OK, type FlowSpec, flowLines, REFUND_OPEN, tempLogDir, writeLog } from "./cli-fixtures";

/** Reads the data a report embeds (the `<script type="application/json">`). */
export function embeddedData(htmlPath: string): { html: string; data: ReportData } {
  const html = readFileSync(htmlPath, "utf8");
  const m = /<script type="application\/json" id="lc-data">([\s\S]*?)<\/script>/.exec(html);
  if (m === null) throw new Error(`no embedded data in ${htmlPath}`);
  return { html, data: JSON.parse(m[1]!) as ReportData };
}

export const XSS_ID = `x-</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">-1234abcd`;

/** Flows (one in a rotated backup), garbage, and 100 calls of Billing.tax taking 1..100 ms. */
export function reportFixture(): string {
  const dir = tempLogDir("logcrest-report-");
  writeLog(dir, "flows", "20261125_133453_flows.log.1", [...flowLines(CHECKOUT_FAILED), "garbage"]);
  const xss: FlowSpec = {
    id: XSS_ID,
    fn: "GET /<b>bold</b>",
    start: "2026-11-25T13:40:00.000Z",
    status: "failed",
    totalMs: 2,
    timeline: [{ fn: "<i>step</i>", ms: 2, status: "failed" }],
    failedAt: "<i>step</i>",
    step: "1/1",
    error: "Error: <script>alert(1)</script>",
    httpStatus: 500,
  };
  writeLog(dir, "flows", "20261125_133453_flows.log", [
    ...flowLines(CHECKOUT_OK),
    ...flowLines(REFUND_OPEN),
    ...flowLines(xss),
    '{"truncated":',
  ]);
  // shuffled so the percentiles cannot come out right by accident of order
  const values = Array.from({ length: 100 }, (_, i) => i + 1).sort((a, b) => ((a * 37) % 101) - ((b * 37) % 101));
  writeLog(
    dir,
    "success",
    "20261125_133453_success.log",
    values.map((v) => callLine("Billing.tax", v, "2026-11-25T13:35:00.000Z")).concat(
      JSON.stringify({ timestamp: "2026-11-25T13:35:00.000Z", level: "INFO", function: "Billing.tax", message: "[Root] Invoking 'Billing.tax'" }),
    ),
  );
  writeLog(dir, "error", "20261125_133453_error.log", [
    callLine("charge", 11.9, "2026-11-25T13:34:53.123Z", true),
    "not json",
  ]);
  return dir;
}

