/**
 * One clock read per event gives both the monotonic time (for durations) and the wall time
 * (for the record's timestamp): wall = offset + performance.now(). The offset is re-read
 * from Date.now() every 8,192 reads so that NTP steps and drift show up within moments.
 */
import { performance } from "node:perf_hooks";

let offset = Date.now() - performance.now();
let reads = 0;

/** Monotonic milliseconds. */
export function mono(): number {
  return performance.now();
}

/** Wall-clock epoch milliseconds for a monotonic reading. */
export function wall(monoMs: number): number {
  if (++reads === 8192) {
    reads = 0;
    offset = Date.now() - performance.now();
  }
  return offset + monoMs;
}
