/**
 * Aggregates flows and call records into the compact data the HTML report embeds.
 *
 * 100,000 flows must fit in one file a browser opens quickly, so flows are stored as
 * columns (one array per field) with every repeated string (function names, step names,
 * errors, statuses) interned into one string table: about 100 bytes a flow, against
 * several hundred for an array of objects.
 */
import { type LatencySummary, Samples, summarize } from "./latency";
import type { Flow, SkipCounts } from "./read-flows";

export const FLOW_STATUS_CODES = { success: 0, failed: 1, open: 2 } as const;

export interface ReportData {
  meta: {
    generated: string;
    source: string;
    /** Epoch ms all flow starts are relative to. */
    base: number;
    flowFiles: number;
    recordFiles: number;
    counts: { flows: number; success: number; failed: number; open: number; calls: number };
    skipped: { flows: SkipCounts; records: { garbageLines: number; textFiles: string[]; noLatency: number } };
  };
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
    /** Flow i's steps are steps[tl[i] .. tl[i+1]). */
    tl: number[];
  };
  /** `at`: start offset in ms after the flow's start, -1 when the log has none. */
  steps: { fn: number[]; ms: number[]; st: number[]; at: number[] };
  hotspots: Hotspot[];
  latency: LatencyRow[];
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

export interface LatencyRow extends LatencySummary {
  fn: string;
  /** call: elapsed_ms of success/ and error/ records; step: timeline `ms`; flow: `total_ms`. */
  source: LatencySource;
  /** Crashed calls, failed steps, failed flows. */
  failures: number;
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

  top(k: number): [string, number][] {
    const rows = [...this.counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, k);
    if (this.other > 0) rows.push(["(other)", this.other]);
    return rows;
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
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function failedIndex(step: string | null, steps: number): number {
  const m = step === null ? null : /^(\d+)\/\d+$/.exec(step);
  const n = m === null || m === undefined ? 0 : Number(m[1]);
  return n >= 1 && n <= steps ? n - 1 : -1;
}

export class ReportBuilder {
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly flows: ReportData["flows"] = {
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
    tl: [0],
  };
  private readonly steps: ReportData["steps"] = { fn: [], ms: [], st: [], at: [] };
  private readonly startMs: number[] = [];
  private readonly counts = { flows: 0, success: 0, failed: 0, open: 0, calls: 0 };
  private readonly hotspots = new Map<string, HotspotAcc>();
  private readonly latency: Record<LatencySource, Map<string, FnLatency>> = {
    call: new Map(),
    step: new Map(),
    flow: new Map(),
  };
  get flowCount(): number {
    return this.counts.flows;
  }

  /** success/error records with neither a function nor elapsed_ms (user log lines, entry records). */
  noLatency = 0;

  private intern(s: string | null): number {
    if (s === null) return -1;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  private sample(source: LatencySource, fn: string, ms: number, failed: boolean): void {
    const table = this.latency[source];
    let acc = table.get(fn);
    if (acc === undefined) {
      acc = { samples: new Samples(), failures: 0 };
      table.set(fn, acc);
    }
    acc.samples.add(ms);
    if (failed) acc.failures++;
  }

  readonly addFlow = (flow: Flow): void => {
    const f = this.flows;
    this.counts.flows++;
    this.counts[flow.status]++;
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
    for (const s of flow.timeline) {
      this.steps.fn.push(this.intern(s.fn));
      this.steps.ms.push(round3(s.ms));
      this.steps.st.push(this.intern(s.status));
      this.steps.at.push(s.at === null ? -1 : round3(s.at));
      this.sample("step", s.fn, s.ms, s.status === "failed");
    }
    f.tl.push(this.steps.fn.length);
    if (flow.totalMs !== null) this.sample("flow", flow.name, flow.totalMs, flow.status === "failed");
    if (flow.status === "failed") {
      const key = flow.failedAt ?? "?";
      let h = this.hotspots.get(key);
      if (h === undefined) {
        h = { count: 0, asStep: 0, flows: new CappedCounter(200), errors: new CappedCounter(200) };
        this.hotspots.set(key, h);
      }
      h.count++;
      if (failedIndex(flow.step, flow.timeline.length) !== -1) h.asStep++;
      h.flows.add(flow.name);
      h.errors.add(flow.error ?? "(no error text)");
    }
  };

  /** A record of success/ or error/: an exit or crash record adds a call sample. */
  readonly addRecord = (rec: Record<string, unknown>): void => {
    const fn = rec.function;
    const ms = rec.elapsed_ms;
    if (typeof fn !== "string" || typeof ms !== "number" || !Number.isFinite(ms) || rec.flow_type !== undefined) {
      this.noLatency++;
      return;
    }
    this.counts.calls++;
    this.sample("call", fn, ms, rec.exception !== undefined);
  };

  finish(meta: {
    source: string;
    flowFiles: number;
    recordFiles: number;
    flowSkips: SkipCounts;
    recordSkips: { garbageLines: number; textFiles: string[] };
    now: Date;
  }): ReportData {
    const known = this.startMs.filter((t) => !Number.isNaN(t));
    const base = known.length === 0 ? 0 : known.reduce((a, b) => Math.min(a, b), Infinity);
    this.flows.start = this.startMs.map((t) => (Number.isNaN(t) ? null : Math.round(t - base)));

    const failed = this.counts.failed;
    const hotspots: Hotspot[] = [...this.hotspots.entries()]
      .sort((a, b) => b[1].count - a[1].count)
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
      for (const [fn, acc] of this.latency[source]) {
        const s = summarize(acc.samples);
        latency.push({
          fn,
          source,
          failures: acc.failures,
          n: s.n,
          p50: round3(s.p50),
          p95: round3(s.p95),
          p99: round3(s.p99),
          max: round3(s.max),
        });
      }
    }
    latency.sort((a, b) => b.p95 - a.p95 || a.fn.localeCompare(b.fn));

    return {
      meta: {
        generated: meta.now.toISOString(),
        source: meta.source,
        base,
        flowFiles: meta.flowFiles,
        recordFiles: meta.recordFiles,
        counts: { ...this.counts },
        skipped: { flows: meta.flowSkips, records: { ...meta.recordSkips, noLatency: this.noLatency } },
      },
      strings: this.strings,
      flows: this.flows,
      steps: this.steps,
      hotspots,
      latency,
    };
  }
}
