// Case 10: the fleet store. Records/s into a local clickhouse-server (Debian's 18.16 here)
// through clickhouseHandler, and `logcrest report` over the same 1,000,000 flows from
// ClickHouse against from the log files.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runChild } from "../lib/child.mjs";
import { QUICK, caseScript } from "../lib/config.mjs";
import { fleetRecords, writeFleetFiles } from "../lib/fleet-data.mjs";
import { median } from "../lib/stats.mjs";
import { startClickHouse } from "../../test/helpers/clickhouse-server.mjs";

export const title = "10. Fleet store: records/s into ClickHouse; the report over 1M flows from ClickHouse vs from files";

const require = createRequire(import.meta.url);
const CLI = fileURLToPath(new URL("../../dist/cjs/cli/main.js", import.meta.url));
const INSERT_FLOWS = QUICK ? 20_000 : 200_000;
const REPORT_FLOWS = QUICK ? 50_000 : 1_000_000;
const RUNS = QUICK ? 1 : 3;

function timeCli(args) {
  const t0 = performance.now();
  execFileSync(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 24 });
  return performance.now() - t0;
}

/** Loads the fleet's records straight into the tables, with the handler's own row mapping, in big INSERTs. */
async function loadStore(url, database, flows, services) {
  const { toRow } = require("../../dist/cjs/runtime/clickhouse/rows.js");
  const { createStatements, featuresOf } = require("../../dist/cjs/runtime/clickhouse/schema.js");
  const post = async (query, body = "") => {
    const send = () => fetch(`${url}/?query=${encodeURIComponent(query)}`, { method: "POST", body });
    const res = await send().catch(() => send()); // a kept-alive socket the server closed (3 s idle)
    if (!res.ok) throw new Error(await res.text());
  };
  for (const ddl of createStatements(database, featuresOf([18, 16, 1]))) await post(ddl);
  const lanes = { flows: [], records: [] };
  const flush = async (table) => {
    if (lanes[table].length === 0) return;
    const lines = lanes[table];
    lanes[table] = [];
    await post(`INSERT INTO ${database}.logcrest_${table} FORMAT JSONEachRow`, `${lines.join("\n")}\n`);
  };
  for (const [service, , rec] of fleetRecords(flows, services)) {
    const row = toRow(rec, { service, host: "bench", pid: 1 });
    lanes[row.table].push(row.line);
    if (lanes[row.table].length >= 200_000) await flush(row.table);
  }
  await flush("flows");
  await flush("records");
}

export async function run() {
  const ch = await startClickHouse();
  const scratch = mkdtempSync(join(tmpdir(), "logcrest-bench-fleet-"));
  try {
    const inserts = [];
    for (let i = 0; i < RUNS; i++) {
      inserts.push(await runChild(caseScript("clickhouse-insert.mjs"), ["--flows", String(INSERT_FLOWS), "--url", ch.url, "--database", `bench_insert_${i}`], { timeoutMs: 900_000 }));
    }
    for (const r of inserts) if (r.stored !== r.records || r.dropped !== 0) throw new Error(`insert run stored ${r.stored} of ${r.records} (dropped ${r.dropped})`);

    const services = ["api", "worker", "billing", "search"];
    const dirs = writeFleetFiles(scratch, REPORT_FLOWS, services);
    const bytes = dirs.map((d) => ["flows", "success", "error"].reduce((a, k) => a + statSync(join(d, k, `20261125_000000_${k}.log`)).size, 0)).reduce((a, b) => a + b, 0);
    await loadStore(ch.url, "bench_report", REPORT_FLOWS, services);
    const fromStore = [];
    const fromFiles = [];
    for (let i = 0; i < RUNS; i++) {
      fromStore.push(timeCli(["report", "--clickhouse", ch.url, "--database", "bench_report", "-o", join(scratch, "store.html"), "--quiet"]));
      fromFiles.push(timeCli(["report", ...dirs, "-o", join(scratch, "files.html"), "--quiet"]));
    }
    const storeMs = median(fromStore);
    const filesMs = median(fromFiles);
    return {
      tables: [
        {
          caption: `clickhouseHandler into a local clickhouse-server (${INSERT_FLOWS.toLocaleString("en-US")} flows' records: flow_start, step exits, flow_end)`,
          columns: [
            { key: "what", title: "", align: "left" },
            { key: "value", title: "", align: "left" },
          ],
          rows: [
            { what: "records handed to the handler", value: inserts[0].records.toLocaleString("en-US") },
            { what: "records/s, first handle() until shutdown() has every row acknowledged (median)", value: Math.round(median(inserts.map((r) => r.recordsPerSec))).toLocaleString("en-US") },
            { what: "per run", value: inserts.map((r) => Math.round(r.recordsPerSec / 1000) + "k").join(" / ") },
            { what: "rows counted in the server afterwards", value: inserts.map((r) => r.stored.toLocaleString("en-US")).join(" / ") },
          ],
        },
        {
          caption: `logcrest report over ${REPORT_FLOWS.toLocaleString("en-US")} flows of 4 services (${(bytes / 1048576).toFixed(0)} MB of log files)`,
          columns: [
            { key: "what", title: "source", align: "left" },
            { key: "ms", title: "wall time (median)", format: "ms" },
            { key: "runs", title: "per run", align: "left" },
          ],
          rows: [
            { what: "report --clickhouse (aggregates in ClickHouse, 700 flows fetched)", ms: storeMs, runs: fromStore.map((m) => `${(m / 1000).toFixed(1)} s`).join(" / ") },
            { what: "report dir1 dir2 dir3 dir4 (every line read and parsed)", ms: filesMs, runs: fromFiles.map((m) => `${(m / 1000).toFixed(1)} s`).join(" / ") },
          ],
        },
      ],
      legend: "The store's report time includes the CLI's start, every aggregate query and writing the HTML; the files' report embeds every flow in the page, the store's only the listed ones.",
      targets: [
        {
          text: `report --clickhouse over ${REPORT_FLOWS.toLocaleString("en-US")} flows in a few seconds (≤ 5 s)`,
          unit: "s",
          measured: storeMs / 1000,
          pass: storeMs <= 5000,
          detail: `from files: ${(filesMs / 1000).toFixed(1)} s`,
        },
      ],
    };
  } finally {
    await ch.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
