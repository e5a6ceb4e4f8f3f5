// Case 4: sustained records/s to disk for us and the peers, peak RSS; then the bounded
// queue under a 10M-record burst.
import { runChild } from "../lib/child.mjs";
import { CALLS, QUICK, caseScript } from "../lib/config.mjs";
import { buildOurs } from "../lib/build-ours.mjs";
import { median } from "../lib/stats.mjs";
import { fmt } from "../lib/table.mjs";
import { target } from "../lib/targets.mjs";

export const title = "4. Throughput: 1M records to disk; bounded queue under a 10M-record burst";

const RECORDS = QUICK ? 100_000 : 1_000_000;
const BURST = QUICK ? 1_000_000 : 10_000_000;
// The ratio target compares us with pino: those two (and the floor) get every process.
const SIDES = [
  ["logcrest", CALLS.processes],
  ["pino", CALLS.processes],
  ["winston", 1],
  ["logtape", 1],
  ["floor", CALLS.processes],
];

export async function run() {
  const build = await buildOurs();
  const env = { LC_BENCH_BUILD: JSON.stringify(build) };
  const raw = {};
  for (let p = 0; p < CALLS.processes; p++) {
    for (const [peer, n] of SIDES) {
      if (p >= n) continue;
      (raw[peer] ??= []).push(await runChild(caseScript("throughput.mjs"), [peer, "--records", String(RECORDS)], { env }));
    }
  }
  const rate = Object.fromEntries(SIDES.map(([peer]) => [peer, median(raw[peer].map((r) => r.recordsPerSec))]));
  const rows = SIDES.map(([peer]) => ({
    peer: raw[peer][0].label,
    rate: rate[peer],
    vsPino: rate[peer] / rate.pino,
    produce: median(raw[peer].map((r) => r.produceMs)),
    total: median(raw[peer].map((r) => r.totalMs)),
    peakRss: Math.max(...raw[peer].map((r) => r.peakRss)),
    runs: raw[peer].map((r) => Math.round(r.recordsPerSec / 1000) + "k").join(" / "),
    written: `${fmt.int(raw[peer].reduce((a, r) => a + r.written, 0))} lines`,
  }));

  const burst = await runChild(caseScript("queue-burst.mjs"), ["--records", String(BURST)], { env, nodeArgs: ["--expose-gc"] });
  // Control: the same kind of burst with no bound, to show what the bound prevents.
  const CONTROL = BURST / 5;
  const unbounded = await runChild(caseScript("queue-burst.mjs"), ["--records", String(CONTROL), "--queue", "0"], { env, nodeArgs: ["--expose-gc"] });
  const burstRows = [
    { what: "burst size (log.info records, 100,000 per event-loop turn)", value: fmt.int(burst.total) },
    { what: "queueSize", value: fmt.int(burst.queueSize) },
    { what: "RSS before the burst", value: fmt.mb(burst.rssBefore) },
    { what: "RSS after each tenth of the burst", value: burst.rssByTenth.map((r) => (r / 1048576).toFixed(0)).join(", ") + " MB" },
    { what: "heap still reachable after a full GC, each tenth", value: burst.retainedByTenth.map((r) => (r / 1048576).toFixed(0)).join(", ") + " MB" },
    { what: "RSS peak during the burst", value: fmt.mb(burst.rssPeak) },
    { what: "RSS after flush()", value: fmt.mb(burst.rssAfter) },
    { what: "records written (verified by reading the files)", value: fmt.int(burst.written) },
    { what: "dropped, as reported by the WARNING records", value: `${fmt.int(burst.dropped)} (in ${burst.warnings} WARNING records)` },
    { what: "burst duration", value: fmt.ms(burst.burstMs) },
    {
      what: `control: no queueSize, ${fmt.int(CONTROL)}-record burst`,
      value: `RSS ${fmt.mb(unbounded.rssBefore)} → peak ${fmt.mb(unbounded.rssPeak)}; reachable heap at the last tenth ${fmt.mb(unbounded.retainedByTenth.at(-1))}; ${fmt.int(unbounded.written)} written, ${fmt.int(unbounded.dropped)} dropped`,
    },
  ];
  // Flat: the memory still reachable after a full GC (what the queue holds) peaks no higher
  // in the second half of the burst than in the first; RSS is reported beside it.
  const half = Math.floor(burst.retainedByTenth.length / 2);
  const firstHalf = Math.max(...burst.retainedByTenth.slice(0, half));
  const secondHalf = Math.max(...burst.retainedByTenth.slice(half));
  return {
    built: build.how,
    tables: [
      {
        caption: `${fmt.int(RECORDS)} records to disk (2 per call, as in case 1), median over the processes:`,
        columns: [
          { key: "peer", title: "writer", align: "left" },
          { key: "rate", title: "records/s", format: "int" },
          { key: "vsPino", title: "vs pino", format: "ratio" },
          { key: "produce", title: "calls done", format: "ms" },
          { key: "total", title: "all on disk", format: "ms" },
          { key: "peakRss", title: "peak RSS", format: "mb" },
          { key: "runs", title: "per process", align: "left" },
          { key: "written", title: "verified written", align: "left" },
        ],
        rows,
      },
      {
        caption: "Bounded queue (`queueSize`), one process:",
        columns: [
          { key: "what", title: "", align: "left" },
          { key: "value", title: "", align: "left" },
        ],
        rows: burstRows,
      },
    ],
    legend: "records/s = records / time from the first call until the last line is on disk (the writer's flush or close, then the line count).",
    targets: [
      target("4-rate", "≥ 1,000,000 records/s sustained to files", rate.logcrest, 1_000_000, { higherIsBetter: true, unit: "records/s" }),
      target("4-vs-pino", "≥ 3x pino's records/s", rate.logcrest / rate.pino, 3, { higherIsBetter: true }),
      target("4-flat", "queueSize: memory flat under a 10M burst (reachable heap, second half ≤ 1.25x first half)", secondHalf / firstHalf, 1.25, {
        detail: `${fmt.mb(firstHalf)} → ${fmt.mb(secondHalf)}; RSS peak ${fmt.mb(burst.rssPeak)}; ${fmt.int(burst.dropped)} dropped and reported; without a bound a ${fmt.int(CONTROL)}-record burst reaches ${fmt.mb(unbounded.retainedByTenth.at(-1))} reachable, RSS ${fmt.mb(unbounded.rssPeak)}`,
      }),
    ],
    raw: { throughput: raw, burst, unbounded },
  };
}
