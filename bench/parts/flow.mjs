// Case 3: a @flow with 10 @logcrest steps against OpenTelemetry creating the same 11 spans.
import { runChild } from "../lib/child.mjs";
import { CALLS, callArgs, caseScript } from "../lib/config.mjs";
import { buildOurs } from "../lib/build-ours.mjs";
import { FLOW_TURNS, measureFlowSides } from "../lib/flow-sides.mjs";
import { node24 } from "../lib/node24.mjs";
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
  const turns = FLOW_TURNS;
  const stats = await measureFlowSides(SIDES, env);
  // The async flow again on Node 24, whose AsyncLocalStorage does not hook every promise.
  const n24 = node24();
  const raw24 = {};
  if (n24) {
    for (let p = 0; p < CALLS.processes; p++) {
      for (const who of SIDES) {
        (raw24[who] ??= []).push(await runChild(caseScript("flow.mjs"), [who, "async", ...callArgs({ ...CALLS, turns })], { env, node: n24 }));
      }
    }
  }
  const stats24 = n24 ? Object.fromEntries(SIDES.map((who) => [who, pool(raw24[who])])) : undefined;
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
  const columns = [
      { key: "who", title: "one flow of 10 steps", align: "left" },
      { key: "sync", title: "sync ns/flow", format: "ns" },
      { key: "syncRatio", title: "vs OTel", format: "ratio" },
      { key: "syncBusy", title: "sync busy ns", format: "ns" },
      { key: "async", title: "async ns/flow", format: "ns" },
      { key: "asyncRatio", title: "vs OTel", format: "ratio" },
      { key: "asyncBusy", title: "async busy ns", format: "ns" },
      { key: "noise", title: "noise (MAD)", format: "pct" },
      { key: "written", title: "verified written", align: "left" },
  ];
  const tables = [{ columns, rows }];
  if (stats24) {
    tables.push({
      caption: "The async flow on Node 24 (same build, same harness):",
      columns: [
        { key: "who", title: "one async flow of 10 steps, Node 24", align: "left" },
        { key: "async", title: "ns/flow", format: "ns" },
        { key: "ratio", title: "vs OTel", format: "ratio" },
        { key: "busy", title: "busy ns", format: "ns" },
        { key: "noise", title: "noise (MAD)", format: "pct" },
      ],
      rows: SIDES.map((who) => ({
        who: LABELS[who],
        async: stats24[who].nsPerCall,
        ratio: stats24[who].nsPerCall / stats24.otel.nsPerCall,
        busy: stats24[who].busyNsPerCall,
        noise: stats24[who].noisePct,
      })),
    });
  }
  return {
    built: build.how,
    tables,
    legend:
      `ns/flow: median time inside the bursts (${turns} turns x 100 flows per round). busy ns: main-thread busy time per flow over whole rounds, ` +
      "including the turns where our pipeline formats and writes (OpenTelemetry's exporter does no I/O).",
    targets: [
      target("3-sync", "flow of 10 steps ≤ 0.3x OpenTelemetry (sync)", ours.sync.nsPerCall / stats.otel.sync.nsPerCall, 0.3),
      target("3-async", "flow of 10 steps ≤ 0.3x OpenTelemetry (async)", ours.async.nsPerCall / stats.otel.async.nsPerCall, 0.3, {
        detail: stats24 ? `Node 24: ${(stats24.logcrest.nsPerCall / stats24.otel.nsPerCall).toFixed(2)}x` : "Node 24 not measured",
      }),
    ],
    raw: { node20: stats, node24: stats24 },
  };
}
