/**
 * Timestamps for records and file names.
 *
 * `isoTimestamp` caches the string of the last millisecond seen: records come in bursts,
 * and a burst of a thousand records inside one millisecond then costs one `toISOString`.
 */

let lastMs = Number.NaN;
let lastIso = "";

/** `new Date(time).toISOString()` for an epoch-milliseconds value (fraction truncated, as Date does). */
export function isoTimestamp(time: number): string {
  const ms = Math.trunc(time);
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** `YYYYMMDD_HHMMSS` in local time, like Python's `strftime("%Y%m%d_%H%M%S")`. */
export function fileStamp(date: Date): string {
  return (
    String(date.getFullYear()).padStart(4, "0") +
    pad2(date.getMonth() + 1) +
    pad2(date.getDate()) +
    "_" +
    pad2(date.getHours()) +
    pad2(date.getMinutes()) +
    pad2(date.getSeconds())
  );
}
