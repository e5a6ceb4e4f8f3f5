// Case 11 (issue 12): the OpenTelemetry bridge and otlpHandler.
//  - a flow of 10 steps with `otel: true` and a registered provider (the bridge makes the
//    same 11 spans OpenTelemetry makes by hand in case 3), against OpenTelemetry by hand;
//  - the same flow with the bridge off (the default): what case 3 measures, for the
//    "off costs nothing" comparison in the same run;
//  - otlpHandler: spans/s and log records/s to a loopback receiver, flush included.
import { runChild } from "../lib/child.mjs";
import { CALLS, caseScript, QUICK } from "../lib/config.mjs";
import { buildOurs } from "../lib/build-ours.mjs";
import { measureFlowSides } from "../lib/flow-sides.mjs";
import { target } from "../lib/targets.mjs";

export const title = "11. Distributed tracing: the OpenTelemetry bridge, and otlpHandler throughput";

const LABELS = {
  bridge: "logcrest flow, `otel: true` (11 spans by the bridge + 22 records)",
  otel: "OpenTelemetry by hand: root span + 10 child spans",
  logcrest: "logcrest flow, bridge off (default; 22 records)",
  plain: "uninstrumented: the same 11 functions",
};
const SIDES = Object.keys(LABELS);

export async function run() {
  const build = await buildOurs();
  const env = { LC_BENCH_BUILD: JSON.stringify(build) };
  const stats = await measureFlowSides(SIDES, env);
  const rows = SIDES.map((who) => ({
    who: LABELS[who],
    sync: stats[who].sync.nsPerCall,
    syncRatio: stats[who].sync.nsPerCall / stats.otel.sync.nsPerCall,
    async: stats[who].async.nsPerCall,
    asyncRatio: stats[who].async.nsPerCall / stats.otel.async.nsPerCall,
    noise: Math.max(stats[who].sync.noisePct, stats[who].async.noisePct),
  }));
  const otlpRuns = [];
  for (let p = 0; p < CALLS.processes; p++) {
    otlpRuns.push(await runChild(caseScript("otlp.mjs"), ["--flows", String(QUICK ? 500 : 5000)], { env }));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const spansPerSec = median(otlpRuns.map((r) => r.spansPerSec));
  const logsPerSec = median(otlpRuns.map((r) => r.logsPerSec));
  const bridgeSync = stats.bridge.sync.nsPerCall / stats.otel.sync.nsPerCall;
  const bridgeAsync = stats.bridge.async.nsPerCall / stats.otel.async.nsPerCall;
  return {
    built: build.how,
    tables: [
      {
        columns: [
          { key: "who", title: "one flow of 10 steps", align: "left" },
          { key: "sync", title: "sync ns/flow", format: "ns" },
          { key: "syncRatio", title: "vs OTel", format: "ratio" },
          { key: "async", title: "async ns/flow", format: "ns" },
          { key: "asyncRatio", title: "vs OTel", format: "ratio" },
          { key: "noise", title: "noise (MAD)", format: "pct" },
        ],
        rows,
      },
      {
        caption: "otlpHandler to a loopback receiver (another process), from the first call until flush() resolved with everything accepted:",
        columns: [
          { key: "what", title: "otlpHandler", align: "left" },
          { key: "spans", title: "spans/s", align: "right" },
          { key: "logs", title: "log records/s", align: "right" },
        ],
        rows: [{ what: `flows of 10 steps (11 spans, 22 records each), ${otlpRuns[0].flows} flows, median of ${otlpRuns.length} processes`, spans: Math.round(spansPerSec).toLocaleString("en-US"), logs: Math.round(logsPerSec).toLocaleString("en-US") }],
      },
    ],
    legend:
      "ns/flow: median time inside the bursts. The bridge row makes the same spans as the OpenTelemetry row (same provider, BatchSpanProcessor, no-op exporter) " +
      "and also writes logcrest's 22 records per flow. With the bridge off, the hot path only reads `S.otel` (undefined) once per flow or root call and the context's `link` once per nested call; " +
      "compare the bridge-off row with case 3's logcrest row of the same run.",
    targets: [
      target("11-bridge-sync", "flow with the bridge ≤ 1.2x OpenTelemetry by hand (sync)", bridgeSync, 1.2),
      target("11-bridge-async", "flow with the bridge ≤ 1.2x OpenTelemetry by hand (async)", bridgeAsync, 1.2),
    ],
    raw: { stats, otlp: otlpRuns },
  };
}
