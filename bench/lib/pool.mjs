// Pools what several processes of one case measured.
import { median, madPercent } from "./stats.mjs";

export function pool(results) {
  const rounds = results.flatMap((r) => r.rounds);
  return {
    nsPerCall: median(rounds),
    noisePct: madPercent(rounds),
    busyNsPerCall: median(results.map((r) => r.busyNsPerCall)),
    perProcess: results.map((r) => r.nsPerCall),
    calls: results.reduce((a, r) => a + r.calls, 0),
    written: results.reduce((a, r) => a + r.written, 0),
    unit: results[0].unit,
    built: results[0].built,
    alsCreated: results.some((r) => r.alsCreated === true),
  };
}
