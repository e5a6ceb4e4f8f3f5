// Case 4, bounded queue: `queueSize` set, a burst far larger than the disk can take.
// Memory must stay flat; the records that did not fit are dropped and their exact count
// is reported in WARNING records (`dropped` field). Verified: lines written + dropped =
// burst size.
//
//   node --expose-gc bench/cases/queue-burst.mjs [--records 10000000] [--queue 10000] [--per-turn 100000]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runCase } from "../lib/harness.mjs";
import { option } from "../lib/args.mjs";
import { expectCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { configureOurs } from "../peers/logcrest.mjs";

/** Records and dropped counts in every log file under dir/success. */
function tally(dir) {
  let records = 0;
  let warnings = 0;
  let dropped = 0;
  const sub = join(dir, "success");
  for (const name of readdirSync(sub)) {
    for (const line of readFileSync(join(sub, name), "utf8").split("\n")) {
      if (line === "") continue;
      const rec = JSON.parse(line);
      if (typeof rec.dropped === "number") {
        warnings++;
        dropped += rec.dropped;
      } else records++;
    }
  }
  return { records, warnings, dropped };
}

runCase(async () => {
  const dir = scratchDir("queue-burst");
  try {
    const total = option("records", 10_000_000);
    const queueSize = option("queue", 10_000);
    const perTurn = option("per-turn", 100_000);
    const lc = configureOurs(dir, { queueSize });
    lc.log.info("warm-up record"); // builds the pipeline and opens the files before measuring
    await lc.flush();
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    // RSS after each tenth of the burst: flat means the last tenths are no higher than the first.
    const rssByTenth = [];
    const retainedByTenth = [];
    const t0 = performance.now();
    for (let done = 0; done < total; done += perTurn) {
      for (let i = 0; i < perTurn; i++) lc.log.info("burst record", { i });
      const rss = process.memoryUsage.rss();
      rssPeak = Math.max(rssPeak, rss);
      if (Math.floor(((done + perTurn) * 10) / total) > rssByTenth.length) {
        rssByTenth.push(rss);
        // What is still reachable after a full collection (run with --expose-gc): RSS alone
        // also moves with how lazily V8 gives memory back.
        if (typeof globalThis.gc === "function") {
          globalThis.gc();
          retainedByTenth.push(process.memoryUsage().heapUsed);
        }
      }
      await new Promise((r) => setImmediate(r));
    }
    const burstMs = performance.now() - t0;
    await lc.flush();
    const rssAfter = process.memoryUsage.rss();
    const t = tally(dir);
    expectCount("queue burst: records written + dropped", total + 1, t.records + t.dropped);
    return { total, queueSize, perTurn, burstMs, rssBefore, rssByTenth, retainedByTenth, rssPeak, rssAfter, written: t.records - 1, dropped: t.dropped, warnings: t.warnings };
  } finally {
    removeDir(dir);
  }
});
