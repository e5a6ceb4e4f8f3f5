// Case 3: a @flow with 10 @logcrest steps against OpenTelemetry creating the same 11 spans.
import { runChild } from "../lib/child.mjs";
import { CALLS, callArgs, caseScript } from "../lib/config.mjs";
import { buildOurs } from "../lib/build-ours.mjs";
import { pool } from "../lib/pool.mjs";
import { target } from "../lib/targets.mjs";

export const title = "3. A flow with 10 steps vs OpenTelemetry creating the same 11 spans";

const LABELS = {
  logcrest: "logcrest `@flow` + 10 `@logcrest` steps (22 records to files)",
  otel: "OpenTelemetry: root span + 10 child spans (BatchSpanProcessor, no-op exporter)",
  plain: "uninstrumented: the same 11 functions",
};
const SIDES = Object.keys(LABELS);

export async function run() {
  const build = await buildOurs();
  const env = { LC_BENCH_BUILD: JSON.stringify(build) };
  const turns = Math.max(Math.round(CALLS.turns / 5), 4);
  const raw = {};
  for (const mode of ["sync", "async"]) {
    for (let p = 0; p < CALLS.processes; p++) {
      for (const who of SIDES) {
        const r = await runChild(caseScript("flow.mjs"), [who, mode, ...callArgs({ ...CALLS, turns })], { env });
        ((raw[who] ??= {})[mode] ??= []).push(r);
      }
    }
  }
  const stats = {};
  for (const who of SIDES) stats[who] = { sync: pool(raw[who].sync), async: pool(raw[who].async) };
  const rows = SIDES.map((who) => ({
    who: LABELS[who],
    sync: stats[who].sync.nsPerCall,
    syncRatio: stats[who].sync.nsPerCall / stats.otel.sync.nsPerCall,
    syncBusy: stats[who].sync.busyNsPerCall,
    async: stats[who].async.nsPerCall,
    asyncRatio: stats[who].async.nsPerCall / stats.otel.async.nsPerCall,
    asyncBusy: stats[who].async.busyNsPerCall,
    noise: Math.max(stats[who].sync.noisePct, stats[who].async.noisePct),
    written: `${(stats[who].sync.written + stats[who].async.written).toLocaleString("en-US")} ${stats[who].sync.unit}`,
  }));
  const ours = stats.logcrest;
  return {
    built: build.how,
    columns: [
      { key: "who", title: "one flow of 10 steps", align: "left" },
      { key: "sync", title: "sync ns/flow", format: "ns" },
      { key: "syncRatio", title: "vs OTel", format: "ratio" },
      { key: "syncBusy", title: "sync busy ns", format: "ns" },
      { key: "async", title: "async ns/flow", format: "ns" },
      { key: "asyncRatio", title: "vs OTel", format: "ratio" },
      { key: "asyncBusy", title: "async busy ns", format: "ns" },
      { key: "noise", title: "noise (MAD)", format: "pct" },
      { key: "written", title: "verified written", align: "left" },
    ],
    rows,
    legend:
      `ns/flow: median time inside the bursts (${turns} turns x 100 flows per round). busy ns: main-thread busy time per flow over whole rounds, ` +
      "including the turns where our pipeline formats and writes (OpenTelemetry's exporter does no I/O).",
    targets: [
      target("3-sync", "flow of 10 steps ≤ 0.3x OpenTelemetry (sync)", ours.sync.nsPerCall / stats.otel.sync.nsPerCall, 0.3),
      target("3-async", "flow of 10 steps ≤ 0.3x OpenTelemetry (async)", ours.async.nsPerCall / stats.otel.async.nsPerCall, 0.3),
    ],
    raw: stats,
  };
}
