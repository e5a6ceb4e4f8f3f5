/**
 * The report's definitions, written once: percentiles, histogram buckets, the time series'
 * bucket width, the "top k and the rest" of a hotspot, the failed step's position. The
 * file-based report (report-data.ts) applies them in JavaScript, the ClickHouse report
 * (clickhouse-report.ts) in SQL; each SQL expression there names the function here it
 * mirrors, so the two reports over the same flows give the same numbers.
 */

/** The percentiles the report shows, as fractions (nearest rank: the value at ceil(p * n)). */
export const PERCENTILES = [0.5, 0.95, 0.99] as const;

/** Nearest-rank percentile of ascending values: the ceil(p*n)-th value (1-based). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return sorted[Math.min(n, Math.max(1, Math.ceil(p * n))) - 1]!;
}

/**
 * Histogram bucket lower edges in ms (a 1-2.5-5 series from 0.1 ms to 30 s). Bucket b
 * holds the values v with EDGES[b-1] <= v < EDGES[b]; bucket 0 is below 0.1 ms, the last
 * one 30 s and more. So bucket(v) = how many edges are <= v.
 */
export const HIST_EDGES_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] as const;

export function bucketOf(ms: number): number {
  let b = 0;
  while (b < HIST_EDGES_MS.length && ms >= HIST_EDGES_MS[b]!) b++;
  return b;
}

export function emptyHistogram(): number[] {
  return new Array<number>(HIST_EDGES_MS.length + 1).fill(0);
}

const MINUTE = 60_000;
/** Bucket widths of the time series: a minute while that gives at most MAX_BUCKETS buckets. */
const SERIES_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];
export const MAX_SERIES_BUCKETS = 1440;

/** Width in ms of the series' buckets for flows that ended between first and last (epoch ms). */
export function seriesStepMs(first: number, last: number): number {
  const span = Math.max(0, last - first);
  for (const m of SERIES_STEPS_MIN) if (span / (m * MINUTE) < MAX_SERIES_BUCKETS) return m * MINUTE;
  return SERIES_STEPS_MIN[SERIES_STEPS_MIN.length - 1]! * MINUTE;
}

/** Bucket start (epoch ms, aligned to the epoch, so UTC minutes) of a time. */
export function seriesBucket(t: number, stepMs: number): number {
  return Math.floor(t / stepMs) * stepMs;
}

/** Top k by count (ties: by key), then ["(other)", the rest] when there is a rest. */
export function topWithOther(counts: Iterable<[string, number]>, k: number): [string, number][] {
  const all = [...counts];
  const total = all.reduce((a, [, n]) => a + n, 0);
  const top = all.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, k);
  const rest = total - top.reduce((a, [, n]) => a + n, 0);
  if (rest > 0) top.push(["(other)", rest]);
  return top;
}

/** The failed step's 0-based position from `step: "N/M"` (N 1-based, 0: no step failed), or -1. */
export function stepIndex(step: string | null, steps: number): number {
  const m = step === null ? null : /^(\d+)\/\d+$/.exec(step);
  const n = m === null ? 0 : Number(m[1]);
  return n >= 1 && n <= steps ? n - 1 : -1;
}

/** Round to µs, as the report shows and compares its numbers. */
export function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** What a hotspot calls a failed flow without failed_at, and an error without text. */
export const UNKNOWN_FAILED_AT = "?";
export const NO_ERROR_TEXT = "(no error text)";
