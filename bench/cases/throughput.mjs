// Case 4: records to disk, end to end: from the first call until every record is in the
// file (the peer's own flush/close, then the line count). Each call writes 2 records, as
// in case 1; calls come 1,000 per event-loop turn so asynchronous writers get the loop.
//
//   node bench/cases/throughput.mjs <peer> [--records 1000000]
import { performance } from "node:perf_hooks";
import { runCase } from "../lib/harness.mjs";
import { option } from "../lib/args.mjs";
import { expectedChecksum } from "../lib/checksum.mjs";
import { expectCount, settleCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { loadPeer } from "../peers/index.mjs";

const peerName = process.argv[2];
const PER_TURN = 1000;

runCase(async () => {
  const dir = scratchDir(`throughput-${peerName}`);
  try {
    const peer = await loadPeer(peerName);
    const inst = await peer.setup({ dir, mode: "sync" });
    if (inst.recordsPerCall !== 2) throw new Error(`${peerName} writes no records to disk`);
    const records = option("records", 1_000_000);
    const calls = records / inst.recordsPerCall;
    const rssBefore = process.memoryUsage.rss();
    let peakSampled = rssBefore;
    let checksum = 0;
    const t0 = performance.now();
    for (let done = 0; done < calls; done += PER_TURN) {
      for (let i = 0; i < PER_TURN; i++) checksum = (checksum + inst.sync(i % 100)) | 0;
      if ((done / PER_TURN) % 16 === 0) peakSampled = Math.max(peakSampled, process.memoryUsage.rss());
      await new Promise((r) => setImmediate(r));
    }
    const produced = performance.now() - t0;
    await inst.close();
    const written = await settleCount(inst.count, records, { quietMs: 3000 });
    const total = performance.now() - t0;
    expectCount(`throughput ${peerName}: checksum`, expectedChecksum(calls), checksum);
    expectCount(`throughput ${peerName}: lines`, records, written);
    return {
      peer: peerName,
      label: peer.label,
      records,
      written,
      produceMs: produced,
      totalMs: total,
      recordsPerSec: (records / total) * 1000,
      rssBefore,
      peakRss: process.resourceUsage().maxRSS * 1024,
      peakSampled,
      ...(inst.meta ?? {}),
    };
  } finally {
    removeDir(dir);
  }
});
