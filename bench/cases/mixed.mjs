// Case 8 (issue 17): the cost of a call as an application pays it. Enabled sync, enabled
// async and disabled sites all run in this one process (so the runtime's entry points see
// every kind of site, as in an app), and the timing of the enabled sites includes the
// writer: each round is 100,000 calls in turns of 100 with a setImmediate yield between
// turns, then `await flush()`, all inside the timing.
//
//   node bench/cases/mixed.mjs <logcrest|pino|floor> [--rounds 5] [--warmup 2] [--calls 100000]
//
// Per round, in this order: sync (wall time to flushed / calls), async (the same, each call
// awaited), disabled (a tight loop of `calls` calls of a disabled site), plain (the same
// loop over the uninstrumented function): `disabled - plain` is what a disabled site costs.
// Enabled rounds also report CPU time per call (all threads), the steadier number when
// other processes share the cores.
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import { option } from "../lib/args.mjs";
import { expectCount, settleCount } from "../lib/lines.mjs";
import { median, madPercent } from "../lib/stats.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { runCase } from "../lib/harness.mjs";
import { body } from "../lib/workload.mjs";
import { loadPeer } from "../peers/index.mjs";

const require = createRequire(import.meta.url);
const [peerName] = process.argv.slice(2);
const MIXED_PEERS = ["logcrest", "pino", "floor"];
if (!MIXED_PEERS.includes(peerName)) throw new Error(`usage: mixed.mjs <${MIXED_PEERS.join("|")}>`);

const PER_TURN = 100;
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

async function enabledRound(fn, isAsync, calls, flush) {
  let sum = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let done = 0; done < calls; done += PER_TURN) {
    if (isAsync) for (let i = 0; i < PER_TURN; i++) sum = (sum + (await fn(i))) | 0;
    else for (let i = 0; i < PER_TURN; i++) sum = (sum + fn(i)) | 0;
    await yieldTurn();
  }
  await flush();
  const ns = ((performance.now() - t0) * 1e6) / calls;
  // CPU of every thread of the process (main thread and libuv's file writes): unlike wall
  // time it does not grow when other processes take the cores.
  const cpu = process.cpuUsage(c0);
  return { ns, cpuNs: ((cpu.user + cpu.system) * 1e3) / calls, sum };
}

function tightRound(fn, calls) {
  let sum = 0;
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) sum = (sum + fn(i & 127)) | 0;
  return { ns: ((performance.now() - t0) * 1e6) / calls, sum };
}

function expectedSum(calls, fn) {
  let sum = 0;
  for (let i = 0; i < calls; i++) sum = (sum + fn(i % PER_TURN)) | 0;
  return sum;
}

function expectedTight(calls) {
  let sum = 0;
  for (let i = 0; i < calls; i++) sum = (sum + body(i & 127)) | 0;
  return sum;
}

runCase(async () => {
  const rounds = option("rounds", 5);
  const warmup = option("warmup", 2);
  const calls = option("calls", 100_000);
  const dir = scratchDir(`mixed-${peerName}`);
  try {
    const peer = await loadPeer(peerName);
    const inst = await peer.setup({ dir, mode: "mixed" });
    if (typeof inst.flush !== "function") throw new Error(`${peerName} has no flush()`);
    // The disabled site and the plain function: ours from the same bundle as the enabled
    // sites; a peer's from its own setup, else the shared body.
    let disabled = inst.disabled;
    let plain = inst.plain ?? body;
    if (peerName === "logcrest") {
      const build = JSON.parse(process.env.LC_BENCH_BUILD ?? "null") ?? (await (await import("../peers/logcrest.mjs")).ourBuild());
      const mod = require(build.files.calls);
      disabled = mod.quiet;
      plain = mod.bare ?? body;
    }
    const series = { sync: [], async: [], disabled: [], plain: [], syncCpu: [], asyncCpu: [] };
    let enabledCalls = 0;
    const sumSync = expectedSum(calls, body);
    const sumTight = expectedTight(calls);
    for (let r = 0; r < warmup + rounds; r++) {
      const s = await enabledRound(inst.sync, false, calls, inst.flush);
      const a = await enabledRound(inst.async, true, calls, inst.flush);
      enabledCalls += 2 * calls;
      expectCount(`${peerName} mixed sync: checksum`, sumSync, s.sum);
      expectCount(`${peerName} mixed async: checksum`, sumSync, a.sum);
      const d = disabled ? tightRound(disabled, calls) : undefined;
      const p = tightRound(plain, calls);
      if (d) expectCount(`${peerName} mixed disabled: checksum`, sumTight, d.sum);
      expectCount(`${peerName} mixed plain: checksum`, sumTight, p.sum);
      if (r >= warmup) {
        series.sync.push(s.ns);
        series.async.push(a.ns);
        series.syncCpu.push(s.cpuNs);
        series.asyncCpu.push(a.cpuNs);
        if (d) series.disabled.push(d.ns);
        series.plain.push(p.ns);
      }
    }
    await inst.close();
    // Disabled calls write nothing, so the lines on disk are exactly the enabled calls'.
    const expected = enabledCalls * inst.recordsPerCall;
    const written = await settleCount(inst.count, expected);
    expectCount(`${peerName} mixed: lines`, expected, written);
    const stat = (xs) => (xs.length === 0 ? undefined : { ns: median(xs), noisePct: madPercent(xs), rounds: xs });
    return {
      peer: peerName,
      label: peer.label,
      node: process.version,
      calls,
      written,
      unit: inst.unit ?? "lines",
      sync: stat(series.sync),
      async: stat(series.async),
      disabled: stat(series.disabled),
      plain: stat(series.plain),
      syncCpu: stat(series.syncCpu),
      asyncCpu: stat(series.asyncCpu),
      ...(inst.meta ?? {}),
    };
  } finally {
    removeDir(dir);
  }
});
