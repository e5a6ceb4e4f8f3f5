// Case 1: an enabled call writing two records (entry, exit) to a file with the trace id
// propagated, for us and every peer, sync and async; each (peer, mode) in its own
// processes, interleaved so that machine noise spreads over all of them alike.
import { runChild } from "../lib/child.mjs";
import { CALLS, callArgs, caseScript } from "../lib/config.mjs";
import { buildOurs } from "../lib/build-ours.mjs";
import { pool } from "../lib/pool.mjs";
import { fmt } from "../lib/table.mjs";
import { target } from "../lib/targets.mjs";
import { PEERS } from "../peers/index.mjs";

export const title = "1. Enabled call, 2 records to file, trace id propagated";

export async function run() {
  const build = await buildOurs();
  const env = { LC_BENCH_BUILD: JSON.stringify(build) };
  const raw = {};
  for (const mode of ["sync", "async"]) {
    for (let p = 0; p < CALLS.processes; p++) {
      for (const peer of PEERS) {
        const r = await runChild(caseScript("call.mjs"), [peer, mode, ...callArgs()], { env });
        ((raw[peer] ??= {})[mode] ??= []).push(r);
      }
    }
  }
  const labels = Object.fromEntries(PEERS.map((peer) => [peer, raw[peer].sync[0].label]));
  const stats = {};
  for (const peer of PEERS) stats[peer] = { sync: pool(raw[peer].sync), async: pool(raw[peer].async) };
  const rows = PEERS.map((peer) => ({
    peer: labels[peer],
    sync: stats[peer].sync.nsPerCall,
    syncVsPino: stats[peer].sync.nsPerCall / stats.pino.sync.nsPerCall,
    syncBusy: stats[peer].sync.busyNsPerCall,
    async: stats[peer].async.nsPerCall,
    asyncVsPino: stats[peer].async.nsPerCall / stats.pino.async.nsPerCall,
    asyncBusy: stats[peer].async.busyNsPerCall,
    noise: Math.max(stats[peer].sync.noisePct, stats[peer].async.noisePct),
    written: `${fmt.int(stats[peer].sync.written + stats[peer].async.written)} ${stats[peer].sync.unit}`,
  }));
  const ours = stats.logcrest;
  return {
    built: build.how,
    columns: [
      { key: "peer", title: "doing the same work", align: "left" },
      { key: "sync", title: "sync ns/call", format: "ns" },
      { key: "syncVsPino", title: "vs pino", format: "ratio" },
      { key: "syncBusy", title: "sync busy ns", format: "ns" },
      { key: "async", title: "async ns/call", format: "ns" },
      { key: "asyncVsPino", title: "vs pino", format: "ratio" },
      { key: "asyncBusy", title: "async busy ns", format: "ns" },
      { key: "noise", title: "noise (MAD)", format: "pct" },
      { key: "written", title: "verified written", align: "left" },
    ],
    rows,
    legend:
      "ns/call: median over all rounds of all processes of the time inside the 100-call bursts. " +
      "busy ns: main-thread busy time (event-loop utilisation) per call over whole rounds, " +
      "including the turns in between where asynchronous writers format and drain.",
    targets: [
      target("1-sync", "enabled sync call ≤ 0.2x pino", ours.sync.nsPerCall / stats.pino.sync.nsPerCall, 0.2, {
        detail: `${fmt.ns(ours.sync.nsPerCall)} ns vs pino ${fmt.ns(stats.pino.sync.nsPerCall)} ns`,
      }),
      target("1-async", "enabled async call ≤ 0.3x pino", ours.async.nsPerCall / stats.pino.async.nsPerCall, 0.3, {
        detail: `${fmt.ns(ours.async.nsPerCall)} ns vs pino ${fmt.ns(stats.pino.async.nsPerCall)} ns`,
      }),
    ],
    raw: stats,
  };
}
