// The measuring loop that runs inside each case's child process.
//
// One round = `turns` event-loop turns; each turn makes `callsPerTurn` calls back to back
// (awaiting each one for async functions), then yields with setImmediate so that
// asynchronous writers get the loop, as they would in an application. Per round we keep:
//  - ns per call spent inside the bursts (the caller's cost, the headline number);
//  - ns per call of main-thread busy time over the whole round, yields included
//    (event-loop utilisation): this charges work a logger defers to later turns
//    (formatting, draining) that the burst time alone would hide.
import { performance } from "node:perf_hooks";
import { median, madPercent } from "./stats.mjs";

const now = () => performance.now();
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Measures `fn(i)`, which returns a number (or a promise of one, with `isAsync`). The
 * returned numbers are summed into a checksum so the JIT cannot drop the calls.
 */
export async function measureCalls(fn, { isAsync = false, callsPerTurn = 100, turns = 50, rounds = 11, warmupRounds = 3 } = {}) {
  let checksum = 0;
  let calls = 0;
  const burstNs = [];
  const busyNs = [];
  for (let r = 0; r < warmupRounds + rounds; r++) {
    let inBursts = 0;
    const elu0 = performance.eventLoopUtilization();
    for (let t = 0; t < turns; t++) {
      const t0 = now();
      if (isAsync) {
        for (let i = 0; i < callsPerTurn; i++) checksum = (checksum + (await fn(i))) | 0;
      } else {
        for (let i = 0; i < callsPerTurn; i++) checksum = (checksum + fn(i)) | 0;
      }
      inBursts += now() - t0;
      calls += callsPerTurn;
      await yieldTurn();
    }
    const elu = performance.eventLoopUtilization(elu0);
    if (r >= warmupRounds) {
      const n = turns * callsPerTurn;
      burstNs.push((inBursts * 1e6) / n);
      busyNs.push((elu.active * 1e6) / n);
    }
  }
  return {
    calls,
    checksum,
    nsPerCall: median(burstNs),
    noisePct: madPercent(burstNs),
    busyNsPerCall: median(busyNs),
    rounds: burstNs,
  };
}

/** What a case child prints for the parent: one line, prefixed so logs cannot be mistaken for it. */
export const RESULT_PREFIX = "@@bench-result ";

export function report(result) {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Runs a case body, reports its result, and exits non-zero on any failure (a thrown WorkMismatch too). */
export function runCase(body) {
  body().then(
    (result) => {
      report(result);
      // Some peers keep timers (OpenTelemetry's batch timer, LogTape's flush interval).
      process.exit(0);
    },
    (err) => {
      process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
