/**
 * The data the HTML report embeds, and how it is aggregated from log files.
 *
 * Two parts:
 * - aggregates over every flow and call: counts, failure hotspots, latency per function
 *   with a histogram, and the time series (requests, failures, p50/p95 per minute). From
 *   files they are computed here; from ClickHouse (clickhouse-report.ts) by the server,
 *   with the same definitions (report-stats.ts).
 * - the flow list with waterfalls: from files every flow; from ClickHouse the slowest and
 *   the failed ones (`meta.listed` says which). Flows are stored as columns (one array per
 *   field) with every repeated string interned into one table: about 100 bytes a flow, so
 *   100,000 flows still make a file a browser opens quickly.
 */
import { Samples } from "./latency";
import type { Flow, SkipCounts } from "./read-flows";
import {
  bucketOf,
  emptyHistogram,
  HIST_EDGES_MS,
  nearestRank,
  NO_ERROR_TEXT,
  round3,
  seriesBucket,
  seriesStepMs,
  stepIndex,
  topWithOther,
  UNKNOWN_FAILED_AT,
} from "./report-stats";

export const FLOW_STATUS_CODES = { success: 0, failed: 1, open: 2 } as const;

export interface Counts {
  flows: number;
  success: number;
  failed: number;
  open: number;
  calls: number;
}

export interface ReportMeta {
  generated: string;
  /** Where the data came from: log directories, or the ClickHouse origin. */
  source: string;
  /** One-line description for the header: "2 flow file(s), ..." or "ClickHouse 18.16.1, ...". */
  sourceNote: string;
  /** Epoch ms all listed flow starts are relative to. */
  base: number;
  /** Services (log directories, or ClickHouse's `service`); flows.svc indexes this. */
  services: string[];
  counts: Counts;
  /** First and last flow_end (epoch ms); null without ended flows. */
  ended: { first: number; last: number } | null;
  /** The flow list: every flow (files), or a sample (ClickHouse): the slowest, the failed, and the flows of their traces. */
  listed: { all: boolean; slowest: number; failed: number };
  /** Lower bucket edges (ms) of every latency row's `hist`. */
  histEdges: readonly number[];
  skipped: { flows: SkipCounts; records: { garbageLines: number; textFiles: string[]; noLatency: number } };
}

export interface ReportData {
  meta: ReportMeta;
  strings: string[];
  flows: {
    id: string[];
    name: number[];
    /** ms after meta.base, or null when unknown. */
    start: (number | null)[];
    total: (number | null)[];
    status: number[];
    failedAt: number[];
    step: number[];
    error: number[];
    http: number[];
    aborted: number[];
    /** Index into meta.services. */
    svc: number[];
    /** Interned trace id, -1 when the flow has none: flows of one trace across services are drawn as one waterfall. */
    trace: number[];
    /** Flow i's steps are steps[tl[i] .. tl[i+1]). */
    tl: number[];
  };
  /** `at`: start offset in ms after the flow's start, -1 when the log has none. */
  steps: { fn: number[]; ms: number[]; st: number[]; at: number[] };
  hotspots: Hotspot[];
  latency: LatencyRow[];
  series: Series;
}

export interface Hotspot {
  failedAt: string;
  count: number;
  /** Share of all failed flows, 0..1. */
  share: number;
  /** Whether failed_at named a timeline step (else the flow function itself failed). */
  asStep: number;
  flows: [string, number][];
  errors: [string, number][];
}

export type LatencySource = "call" | "step" | "flow";

export interface LatencyRow {
  fn: string;
  /** call: elapsed_ms of success/ and error/ records; step: timeline `ms`; flow: `total_ms`. */
  source: LatencySource;
  /** Crashed calls, failed steps, failed flows. */
  failures: number;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Counts per bucket of report-stats HIST_EDGES_MS. */
  hist: number[];
}

/** Flows per time bucket, by flow_end time; only buckets with flows. */
export interface Series {
  stepMs: number;
  t: number[];
  n: number[];
  failed: number[];
  p50: number[];
  p95: number[];
}

/** The aggregate part of a report, however computed. */
export interface Aggregates {
  counts: Counts;
  ended: { first: number; last: number } | null;
  hotspots: Hotspot[];
  latency: LatencyRow[];
  series: Series;
}

/** The flow list as columns. */
export class FlowColumns {
  readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  readonly flows: ReportData["flows"] = {
    id: [],
    name: [],
    start: [],
    total: [],
    status: [],
    failedAt: [],
    step: [],
    error: [],
    http: [],
    aborted: [],
    svc: [],
    trace: [],
    tl: [0],
  };
  readonly steps: ReportData["steps"] = { fn: [], ms: [], st: [], at: [] };
  private readonly startMs: number[] = [];
  /** Raw trace id per flow; finish() keeps only those of traces that span several services. */
  private readonly traceIds: string[] = [];

  intern(s: string | null): number {
    if (s === null) return -1;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  add(flow: Flow, svc: number): void {
    const f = this.flows;
    f.id.push(flow.id);
    f.name.push(this.intern(flow.name));
    this.startMs.push(flow.startMs);
    f.total.push(flow.totalMs === null ? null : round3(flow.totalMs));
    f.status.push(FLOW_STATUS_CODES[flow.status]);
    f.failedAt.push(this.intern(flow.failedAt));
    f.step.push(this.intern(flow.step));
    f.error.push(this.intern(flow.error));
    f.http.push(flow.httpStatus ?? 0);
    f.aborted.push(flow.aborted ? 1 : 0);
    f.svc.push(svc);
    this.traceIds.push(flow.traceId === null ? "" : flow.traceId);
    for (const s of flow.timeline) {
      this.steps.fn.push(this.intern(s.fn));
      this.steps.ms.push(round3(s.ms));
      this.steps.st.push(this.intern(s.status));
      this.steps.at.push(s.at === null ? -1 : round3(s.at));
    }
    f.tl.push(this.steps.fn.length);
  }

  /**
   * `flows.trace`: the trace of flows whose trace has flows of another service too (the
   * page joins those into one waterfall); -1 for the rest, so 100,000 single-service flows
   * do not add 100,000 strings.
   */
  finishTraces(): void {
    const services = new Map<string, number>();
    const shared = new Set<string>();
    this.traceIds.forEach((t, i) => {
      if (t === "") return;
      const svc = this.flows.svc[i]!;
      const seen = services.get(t);
      if (seen === undefined) services.set(t, svc);
      else if (seen !== svc) shared.add(t);
    });
    this.flows.trace = this.traceIds.map((t) => (shared.has(t) ? this.intern(t) : -1));
  }

  /** Fixes the starts relative to the earliest one; returns that base (epoch ms). */
  finishStarts(): number {
    let base = Infinity;
    for (const t of this.startMs) if (!Number.isNaN(t) && t < base) base = t;
    if (base === Infinity) base = 0;
    this.flows.start = this.startMs.map((t) => (Number.isNaN(t) ? null : Math.round(t - base)));
    return base;
  }
}

export interface MetaInput {
  source: string;
  sourceNote: string;
  services: string[];
  listed: ReportMeta["listed"];
  flowSkips: SkipCounts;
  recordSkips: { garbageLines: number; textFiles: string[]; noLatency: number };
  now: Date;
}

/** One report from a flow list and aggregates: the same shape whether from files or ClickHouse. */
export function assembleReport(columns: FlowColumns, agg: Aggregates, meta: MetaInput): ReportData {
  const base = columns.finishStarts();
  columns.finishTraces();
  const latency = [...agg.latency].sort((a, b) => b.p95 - a.p95 || (a.fn < b.fn ? -1 : a.fn > b.fn ? 1 : a.source < b.source ? -1 : 1));
  return {
    meta: {
      generated: meta.now.toISOString(),
      source: meta.source,
      sourceNote: meta.sourceNote,
      base,
      services: meta.services,
      counts: { ...agg.counts },
      ended: agg.ended,
      listed: meta.listed,
      histEdges: HIST_EDGES_MS,
      skipped: { flows: meta.flowSkips, records: meta.recordSkips },
    },
    strings: columns.strings,
    flows: columns.flows,
    steps: columns.steps,
    hotspots: agg.hotspots,
    latency,
    series: agg.series,
  };
}

/** Counts with a cap on distinct keys, so a stream of unique error texts stays small. */
class CappedCounter {
  private readonly counts = new Map<string, number>();
  private other = 0;
  constructor(private readonly maxKeys: number) {}

  add(key: string): void {
    const n = this.counts.get(key);
    if (n !== undefined) this.counts.set(key, n + 1);
    else if (this.counts.size < this.maxKeys) this.counts.set(key, 1);
    else this.other++;
  }

  /** The top k, and everything else (also what the cap turned away) as "(other)". */
  top(k: number): [string, number][] {
    const top = topWithOther(this.counts, k);
    if (this.other === 0) return top;
    const last = top[top.length - 1];
    if (last !== undefined && last[0] === "(other)") last[1] += this.other;
    else top.push(["(other)", this.other]);
    return top;
  }
}

interface HotspotAcc {
  count: number;
  asStep: number;
  flows: CappedCounter;
  errors: CappedCounter;
}

interface FnLatency {
  samples: Samples;
  failures: number;
  hist: number[];
}

function latencyRow(fn: string, source: LatencySource, acc: FnLatency): LatencyRow {
  const s = acc.samples.sorted();
  return {
    fn,
    source,
    failures: acc.failures,
    n: s.length,
    p50: round3(nearestRank(s, 0.5)),
    p95: round3(nearestRank(s, 0.95)),
    p99: round3(nearestRank(s, 0.99)),
    max: round3(s[s.length - 1]!),
    hist: acc.hist,
  };
}

/** Aggregates flows and call records read from files. */
export class ReportBuilder {
  readonly columns = new FlowColumns();
  private readonly counts: Counts = { flows: 0, success: 0, failed: 0, open: 0, calls: 0 };
  private readonly hotspots = new Map<string, HotspotAcc>();
  private readonly latency: Record<LatencySource, Map<string, FnLatency>> = { call: new Map(), step: new Map(), flow: new Map() };
  /** flow_end time and total of every ended flow, for the series. */
  private readonly endTimes = new Samples();
  private readonly endTotals = new Samples();
  private readonly endFailed: boolean[] = [];

  /** success/error records with neither a function nor elapsed_ms (user log lines, entry records). */
  noLatency = 0;

  /** `sinceMs`: flows that ended before (open ones: started before) and records before are left out. */
  constructor(private readonly sinceMs?: number) {}

  get flowCount(): number {
    return this.counts.flows;
  }

  private sample(source: LatencySource, fn: string, ms: number, failed: boolean): void {
    const table = this.latency[source];
    let acc = table.get(fn);
    if (acc === undefined) {
      acc = { samples: new Samples(), failures: 0, hist: emptyHistogram() };
      table.set(fn, acc);
    }
    acc.samples.add(ms);
    acc.hist[bucketOf(ms)]!++;
    if (failed) acc.failures++;
  }

  readonly addFlow = (flow: Flow, svc = 0): void => {
    if (this.sinceMs !== undefined && !((flow.status === "open" ? flow.startMs : flow.endMs) >= this.sinceMs)) return;
    this.counts.flows++;
    this.counts[flow.status]++;
    this.columns.add(flow, svc);
    for (const s of flow.timeline) this.sample("step", s.fn, s.ms, s.status === "failed");
    if (flow.totalMs === null) return;
    this.sample("flow", flow.name, flow.totalMs, flow.status === "failed");
    if (!Number.isNaN(flow.endMs)) {
      this.endTimes.add(flow.endMs);
      this.endTotals.add(flow.totalMs);
      this.endFailed.push(flow.status === "failed");
    }
    if (flow.status === "failed") {
      const key = flow.failedAt || UNKNOWN_FAILED_AT;
      let h = this.hotspots.get(key);
      if (h === undefined) {
        h = { count: 0, asStep: 0, flows: new CappedCounter(200), errors: new CappedCounter(200) };
        this.hotspots.set(key, h);
      }
      h.count++;
      if (stepIndex(flow.step, flow.timeline.length) !== -1) h.asStep++;
      h.flows.add(flow.name);
      h.errors.add(flow.error || NO_ERROR_TEXT);
    }
  };

  /** A record of success/ or error/: an exit or crash record adds a call sample. */
  readonly addRecord = (rec: Record<string, unknown>): void => {
    const fn = rec.function;
    const ms = rec.elapsed_ms;
    if (typeof fn !== "string" || fn === "" || typeof ms !== "number" || !Number.isFinite(ms) || rec.flow_type !== undefined) {
      this.noLatency++;
      return;
    }
    if (this.sinceMs !== undefined && !(typeof rec.timestamp === "string" && Date.parse(rec.timestamp) >= this.sinceMs)) return;
    this.counts.calls++;
    this.sample("call", fn, ms, rec.exception !== undefined || rec.exception_ref !== undefined);
  };

  private series(): { series: Series; ended: Aggregates["ended"] } {
    const n = this.endTimes.count;
    const times = this.endTimes.sorted();
    if (n === 0) return { series: { stepMs: seriesStepMs(0, 0), t: [], n: [], failed: [], p50: [], p95: [] }, ended: null };
    const first = times[0]!;
    const last = times[n - 1]!;
    const stepMs = seriesStepMs(first, last);
    const buckets = new Map<number, { n: number; failed: number; totals: Samples }>();
    const t = this.endTimes.values();
    const totals = this.endTotals.values();
    for (let i = 0; i < n; i++) {
      const key = seriesBucket(t[i]!, stepMs);
      let b = buckets.get(key);
      if (b === undefined) buckets.set(key, (b = { n: 0, failed: 0, totals: new Samples() }));
      b.n++;
      if (this.endFailed[i]) b.failed++;
      b.totals.add(totals[i]!);
    }
    const series: Series = { stepMs, t: [], n: [], failed: [], p50: [], p95: [] };
    for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
      const b = buckets.get(key)!;
      const sorted = b.totals.sorted();
      series.t.push(key);
      series.n.push(b.n);
      series.failed.push(b.failed);
      series.p50.push(round3(nearestRank(sorted, 0.5)));
      series.p95.push(round3(nearestRank(sorted, 0.95)));
    }
    return { series, ended: { first, last } };
  }

  aggregates(): Aggregates {
    const failed = this.counts.failed;
    const hotspots: Hotspot[] = [...this.hotspots.entries()]
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([failedAt, h]) => ({
        failedAt,
        count: h.count,
        share: failed === 0 ? 0 : h.count / failed,
        asStep: h.asStep,
        flows: h.flows.top(3),
        errors: h.errors.top(3),
      }));
    const latency: LatencyRow[] = [];
    for (const source of ["call", "step", "flow"] as const) {
      for (const [fn, acc] of this.latency[source]) latency.push(latencyRow(fn, source, acc));
    }
    const { series, ended } = this.series();
    return { counts: { ...this.counts }, ended, hotspots, latency, series };
  }
}
