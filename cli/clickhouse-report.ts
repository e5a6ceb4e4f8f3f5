/**
 * `logcrest report --clickhouse URL`: the report of report-data.ts, with the aggregates
 * computed by ClickHouse over every row, and only the flows the page lists fetched: the
 * slowest, the most recent failed, and the other flows of their traces (other services;
 * with `--service`, that service's only).
 *
 * Each query mirrors a definition of report-stats.ts, so over the same flows the numbers
 * equal the file-based report's (a test holds both to that):
 * - percentiles: nearest rank, the ceil(p*n)-th of the sorted values, not `quantiles()`,
 *   whose answers are estimates. `quantilesExactWeighted(p)(x, 1)` is exactly that: it
 *   counts each distinct value, sorts the distinct values and returns the first whose
 *   running count reaches ceil(n * p) (the same double product as in JavaScript). Over
 *   1,000,000 flows it is 4x faster than `arraySort(groupArray(x))[ceil(p * n)]`, which it
 *   replaced: latencies rounded to 0.01 ms repeat a lot, so few values are sorted.
 * - histogram buckets: how many edges are <= the value, counted in the same pass (latency()).
 * - series buckets: intDiv(end ms, step) * step, step from seriesStepMs().
 * - hotspot top-3 with "(other)": topWithOther() on per-key counts.
 * Only functions Debian's 18.16 has (no JSONExtract*, no DateTime64). Rounding to µs is
 * done here in JavaScript, as for files, so both round the same doubles the same way.
 */
import { type Aggregates, assembleReport, FlowColumns, type Hotspot, type LatencyRow, type LatencySource, type ReportData, type Series } from "./report-data";
import { emptySkipCounts } from "./read-flows";
import { END_MS, FLOW_COLUMNS, flowOf, type FlowRow, sqlString, type Store } from "./clickhouse-source";
import { HIST_EDGES_MS, NO_ERROR_TEXT, round3, seriesStepMs, topWithOther, UNKNOWN_FAILED_AT } from "./report-stats";

export interface FleetListLimits {
  /** The slowest flows listed. Default 200. */
  readonly slowest: number;
  /** The most recent failed flows listed. Default 500. */
  readonly failed: number;
}

/** A valid flow row, as read-flows.ts accepts only these statuses. */
const VALID = "flow_status IN ('success', 'failed')";

interface LatencyQueryRow {
  fn: string;
  n: number;
  failures: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** below[i]: how many values are < HIST_EDGES_MS[i]. */
  below: number[];
}

/**
 * Latency rows of one source: `from` is the table (with ARRAY JOIN for steps), `value`
 * the sample, `failure` what counts as one. One pass over the rows gives the percentiles
 * and the histogram: report-stats bucketOf() puts a value in bucket i when i edges are
 * <= it, so bucket i holds (values < edge i) - (values < edge i-1), the last one
 * n - (values < the last edge).
 */
async function latency(store: Store, source: LatencySource, from: string, fn: string, value: string, failure: string, where: string): Promise<LatencyRow[]> {
  const below = HIST_EDGES_MS.map((e) => `countIf(${value} < ${e})`).join(", ");
  const rows = await store.query<LatencyQueryRow>(
    `SELECT fn, n, failures, below, q[1] AS p50, q[2] AS p95, q[3] AS p99, max
     FROM (SELECT ${fn} AS fn, count() AS n, countIf(${failure}) AS failures,
             quantilesExactWeighted(0.5, 0.95, 0.99)(${value}, 1) AS q, max(${value}) AS max, [${below}] AS below
           FROM ${from} WHERE ${where} GROUP BY fn)`,
  );
  return rows.map((r) => ({
    fn: r.fn,
    source,
    failures: r.failures,
    n: r.n,
    p50: round3(r.p50),
    p95: round3(r.p95),
    p99: round3(r.p99),
    max: round3(r.max),
    hist: r.below.concat(r.n).map((c, i) => c - (i === 0 ? 0 : r.below[i - 1]!)),
  }));
}

async function hotspots(store: Store, failedTotal: number): Promise<Hotspot[]> {
  const where = `${VALID} AND failed = 1${store.where}`;
  const at = `if(failed_at = '', ${sqlString(UNKNOWN_FAILED_AT)}, failed_at)`;
  const [spots, byFlow, byError] = await Promise.all([
    // asStep: report-stats stepIndex() != -1
    store.query<{ at: string; n: number; as_step: number }>(
      `SELECT ${at} AS at, count() AS n,
         sum(match(step, '^[0-9]+/[0-9]+$') AND toUInt64OrZero(splitByChar('/', step)[1]) BETWEEN 1 AND length(step_fn)) AS as_step
       FROM ${store.flows} WHERE ${where} GROUP BY at`,
    ),
    store.query<{ at: string; k: string; c: number }>(`SELECT ${at} AS at, function AS k, count() AS c FROM ${store.flows} WHERE ${where} GROUP BY at, k`),
    store.query<{ at: string; k: string; c: number }>(
      `SELECT ${at} AS at, if(flow_error = '', ${sqlString(NO_ERROR_TEXT)}, flow_error) AS k, count() AS c FROM ${store.flows} WHERE ${where} GROUP BY at, k`,
    ),
  ]);
  const group = (rows: { at: string; k: string; c: number }[]) => {
    const m = new Map<string, [string, number][]>();
    for (const r of rows) {
      let list = m.get(r.at);
      if (list === undefined) m.set(r.at, (list = []));
      list.push([r.k, r.c]);
    }
    return m;
  };
  const flows = group(byFlow);
  const errors = group(byError);
  return spots
    .sort((a, b) => b.n - a.n || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((s) => ({
      failedAt: s.at,
      count: s.n,
      share: failedTotal === 0 ? 0 : s.n / failedTotal,
      asStep: s.as_step,
      flows: topWithOther(flows.get(s.at) ?? [], 3),
      errors: topWithOther(errors.get(s.at) ?? [], 3),
    }));
}

async function series(store: Store, first: number, last: number): Promise<Series> {
  const stepMs = seriesStepMs(first, last);
  const rows = await store.query<{ t: number; n: number; failed: number; p50: number; p95: number }>(
    `SELECT t, n, failed, q[1] AS p50, q[2] AS p95
     FROM (SELECT intDiv(${END_MS}, ${stepMs}) * ${stepMs} AS t, count() AS n, countIf(failed = 1) AS failed, quantilesExactWeighted(0.5, 0.95)(total_ms, 1) AS q
           FROM ${store.flows} WHERE ${VALID}${store.where} GROUP BY t)
     ORDER BY t`,
  );
  return {
    stepMs,
    t: rows.map((r) => r.t),
    n: rows.map((r) => r.n),
    failed: rows.map((r) => r.failed),
    p50: rows.map((r) => round3(r.p50)),
    p95: rows.map((r) => round3(r.p95)),
  };
}

export async function aggregatesFromStore(store: Store): Promise<Aggregates> {
  const callWhere = `flow_type = '' AND function != '' AND isNotNull(elapsed_ms)${store.where}`;
  const [[totals], [open], flowLat, stepLat, callLat] = await Promise.all([
    store.query<{ success: number; failed: number; first: number; last: number }>(
      `SELECT countIf(flow_status = 'success') AS success, countIf(flow_status = 'failed') AS failed, min(${END_MS}) AS first, max(${END_MS}) AS last
       FROM ${store.flows} WHERE ${VALID}${store.where}`,
    ),
    // open flows: a flow_start without its flow_end
    store.query<{ n: number }>(
      `SELECT count() AS n FROM ${store.records} WHERE flow_type = 'flow_start'${store.where}
         AND flow_id NOT IN (SELECT flow_id FROM ${store.flows} WHERE 1${store.whereService})`,
    ),
    latency(store, "flow", store.flows, "function", "total_ms", "failed = 1", `${VALID}${store.where}`),
    latency(store, "step", `${store.flows} ARRAY JOIN step_fn AS sfn, step_ms AS sms, step_status AS sst`, "sfn", "sms", "sst = 'failed'", `${VALID}${store.where}`),
    latency(store, "call", store.records, "function", "assumeNotNull(elapsed_ms)", "crashed = 1", callWhere),
  ]);
  const ended = totals!.success + totals!.failed;
  // every call is in exactly one per-function row of callLat (same WHERE, grouped by function)
  const calls = callLat.reduce((a, r) => a + r.n, 0);
  const counts = { flows: ended + open!.n, success: totals!.success, failed: totals!.failed, open: open!.n, calls };
  const range = ended === 0 ? null : { first: totals!.first, last: totals!.last };
  const [spots, timeSeries] = await Promise.all([
    hotspots(store, counts.failed),
    range === null ? Promise.resolve({ stepMs: seriesStepMs(0, 0), t: [], n: [], failed: [], p50: [], p95: [] }) : series(store, range.first, range.last),
  ]);
  return { counts, ended: range, hotspots: spots, latency: [...callLat, ...stepLat, ...flowLat], series: timeSeries };
}

/** Which flow a row is: the same flow_id may be in two services. */
const rowKey = (service: string, flowId: string) => `${service}\u0000${flowId}`;

/**
 * The flows the page lists: the slowest, the most recent failed, and the rest of their
 * traces. The wide columns (the timeline above all) cost most to read, and the listed
 * flows are spread over every granule, so they are read once: first the keys of the
 * slowest and of the failed flows (narrow columns, cheap to sort), then every row of
 * those flows and of their traces in one query. The related rows are capped as before;
 * sorting the listed ones first keeps the cap off them.
 */
async function listedFlows(store: Store, limits: FleetListLimits): Promise<FlowRow[]> {
  type Key = { service: string; flow_id: string; trace_id: string };
  const [slowest, failed] = await Promise.all([
    store.query<Key>(`SELECT service, flow_id, trace_id FROM ${store.flows} WHERE ${VALID}${store.where} ORDER BY total_ms DESC, flow_id LIMIT ${limits.slowest}`),
    store.query<Key>(
      `SELECT service, flow_id, trace_id FROM ${store.flows} WHERE ${VALID} AND failed = 1${store.where} ORDER BY time DESC, time_ms DESC, flow_id LIMIT ${limits.failed}`,
    ),
  ]);
  const picked = [...slowest, ...failed];
  if (picked.length === 0) return [];
  const keys = [...new Map(picked.map((k) => [rowKey(k.service, k.flow_id), k])).values()];
  const traces = [...new Set(picked.map((k) => k.trace_id).filter((t) => t !== ""))];
  const isPicked = `(service, flow_id) IN (${keys.map((k) => `(${sqlString(k.service)}, ${sqlString(k.flow_id)})`).join(", ")})${store.whereSince}`;
  const inTraces = traces.length === 0 ? "" : ` OR trace_id IN (${traces.map(sqlString).join(", ")})`;
  const rows = await store.query<FlowRow & { picked: number }>(
    `SELECT ${FLOW_COLUMNS}, (${isPicked}) AS picked FROM ${store.flows} WHERE ${VALID}${store.whereService} AND (${isPicked}${inTraces})
     ORDER BY picked DESC LIMIT ${keys.length + 4 * (limits.slowest + limits.failed)}`,
  );
  // the slowest first, then the failed, then the rest of their traces: the order they were picked in
  const fetched = new Map<string, FlowRow>();
  for (const { picked: _, ...row } of rows) fetched.set(rowKey(row.service, row.flow_id), row);
  const byId = new Map<string, FlowRow>();
  for (const k of keys) {
    const key = rowKey(k.service, k.flow_id);
    const row = fetched.get(key);
    if (row !== undefined) byId.set(key, row);
  }
  for (const [key, row] of fetched) if (!byId.has(key)) byId.set(key, row);
  return [...byId.values()];
}

export async function buildStoreReport(store: Store, limits: FleetListLimits, filters: { service?: string; sinceMs?: number }): Promise<ReportData> {
  const [version, agg, rows] = await Promise.all([store.query<{ v: string }>("SELECT version() AS v"), aggregatesFromStore(store), listedFlows(store, limits)]);
  const services = [...new Set(rows.map((r) => r.service))].sort();
  const columns = new FlowColumns();
  for (const row of rows) columns.add(flowOf(row), services.indexOf(row.service));
  const parts = [`ClickHouse ${version[0]?.v ?? "?"}`, `database ${store.target.database}`];
  if (filters.service !== undefined) parts.push(`service ${filters.service}`);
  if (filters.sinceMs !== undefined) parts.push(`since ${new Date(filters.sinceMs).toISOString()}`);
  return assembleReport(columns, agg, {
    source: `${store.target.origin}`,
    sourceNote: parts.join(" · "),
    services,
    listed: { all: false, slowest: limits.slowest, failed: limits.failed },
    flowSkips: emptySkipCounts(),
    recordSkips: { garbageLines: 0, textFiles: [], noLatency: 0 },
    now: new Date(),
  });
}
