// Case 1 (and the wrapper/floor/uninstrumented baselines): one enabled call that writes
// an entry and an exit record with the trace id, measured for one peer in this process.
//
//   node bench/cases/call.mjs <peer> <sync|async> [--turns 50] [--rounds 11]
import { measureCalls, runCase } from "../lib/harness.mjs";
import { option } from "../lib/args.mjs";
import { expectedChecksum } from "../lib/checksum.mjs";
import { expectCount, settleCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { loadPeer } from "../peers/index.mjs";

const [peerName, mode] = process.argv.slice(2);
if (mode !== "sync" && mode !== "async") throw new Error("usage: call.mjs <peer> <sync|async>");

runCase(async () => {
  const dir = scratchDir(`call-${peerName}`);
  try {
    const peer = await loadPeer(peerName);
    const inst = await peer.setup({ dir, mode });
    const m = await measureCalls(inst[mode], {
      isAsync: mode === "async",
      turns: option("turns", 50),
      rounds: option("rounds", 11),
      warmupRounds: option("warmup", 3),
    });
    await inst.close();
    expectCount(`${peerName} ${mode}: checksum`, expectedChecksum(m.calls), m.checksum);
    const expected = m.calls * inst.recordsPerCall;
    const written = await settleCount(inst.count, expected);
    expectCount(`${peerName} ${mode}: ${inst.unit ?? "lines"}`, expected, written);
    return { peer: peerName, label: peer.label, mode, node: process.version, ...m, written, unit: inst.unit ?? "lines", ...(inst.meta ?? {}) };
  } finally {
    removeDir(dir);
  }
});
