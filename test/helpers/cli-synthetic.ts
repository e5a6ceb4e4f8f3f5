/**
 * Synthetic but realistic log directories for the report tests: N flows of a few kinds
 * (a checkout with concurrent steps, HTTP routes, a refund), with a deterministic PRNG so
 * a run is reproducible, plus the exit records of the same calls in success/ and error/.
 * Files are written in chunks; 100,000 flows are ~60 MB of JSON lines.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { callLine, type FlowSpec, flowLines, type StepSpec } from "./cli-fixtures";

/** mulberry32: small, fast, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Kind {
  fn: string;
  label: string;
  steps: { fn: string; base: number; jitter: number; failRate: number; error: string }[];
  http?: boolean;
}

const KINDS: Kind[] = [
  {
    fn: "checkout",
    label: "checkout",
    steps: [
      { fn: "Cart.validate", base: 0.4, jitter: 0.6, failRate: 0.01, error: "ValidationError: cart is empty" },
      { fn: "Inventory.reserve", base: 3, jitter: 6, failRate: 0.02, error: "StockError: sku-42 out of stock" },
      { fn: "Payments.charge", base: 40, jitter: 120, failRate: 0.06, error: "ConnectionError: gateway timeout" },
      { fn: "Mailer.sendReceipt", base: 8, jitter: 20, failRate: 0.01, error: "SMTPError: 421 try again later" },
    ],
  },
  {
    fn: "GET /orders/:id",
    label: "get-orders",
    http: true,
    steps: [
      { fn: "Auth.verifyToken", base: 0.8, jitter: 1.5, failRate: 0.005, error: "AuthError: token expired" },
      { fn: "OrderRepo.findById", base: 4, jitter: 30, failRate: 0.01, error: "DatabaseError: connection reset" },
    ],
  },
  {
    fn: "refund",
    label: "refund",
    steps: [
      { fn: "OrderRepo.findById", base: 4, jitter: 25, failRate: 0.005, error: "DatabaseError: connection reset" },
      { fn: "Payments.refund", base: 30, jitter: 90, failRate: 0.03, error: "ConnectionError: gateway timeout" },
    ],
  },
];

export interface SyntheticOptions {
  flows: number;
  seed?: number;
  /** Write the exit records of every step to success/ (crashes to error/). */
  calls?: boolean;
  /** Share of flows left without a flow_end. */
  openRate?: number;
  startIso?: string;
  /** Shifts the generated flow and trace ids, so two services' logs do not share ids. */
  idOffset?: number;
}

export interface SyntheticStats {
  flows: number;
  failed: number;
  open: number;
  success: number;
  calls: number;
  /** failed_at → count */
  failedAt: Map<string, number>;
}

class ChunkWriter {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;
  constructor(path: string) {
    this.fd = openSync(path, "w", 0o600);
  }
  line(text: string): void {
    this.buf.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, `${this.buf.join("\n")}\n`);
    this.buf = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export function writeSyntheticLogs(dir: string, opts: SyntheticOptions): SyntheticStats {
  const rnd = prng(opts.seed ?? 42);
  for (const sub of ["flows", "success", "error"]) mkdirSync(join(dir, sub), { recursive: true });
  const flowsOut = new ChunkWriter(join(dir, "flows", "20261125_090000_flows.log"));
  const successOut = opts.calls ? new ChunkWriter(join(dir, "success", "20261125_090000_success.log")) : undefined;
  const errorOut = opts.calls ? new ChunkWriter(join(dir, "error", "20261125_090000_error.log")) : undefined;
  const stats: SyntheticStats = { flows: 0, failed: 0, open: 0, success: 0, calls: 0, failedAt: new Map() };
  let t = Date.parse(opts.startIso ?? "2026-11-25T09:00:00.000Z");
  for (let n = 0; n < opts.flows; n++) {
    const kind = KINDS[n % 7 < 4 ? 0 : n % 7 < 6 ? 1 : 2]!;
    t += 5 + Math.floor(rnd() * 400);
    const hex = (((n + (opts.idOffset ?? 0)) * 2654435761) >>> 0).toString(16).padStart(8, "0");
    const id = `${kind.label}-${hex}`;
    const start = new Date(t).toISOString();
    if (rnd() < (opts.openRate ?? 0)) {
      flowsOut.line(flowLines({ id, fn: kind.fn, start, status: "open" })[0]!);
      stats.open++;
      stats.flows++;
      continue;
    }
    const timeline: StepSpec[] = [];
    let failedStep = -1;
    let error = "";
    for (const s of kind.steps) {
      if (failedStep !== -1) break;
      const ms = Math.round((s.base + rnd() * rnd() * s.jitter) * 100) / 100;
      const fails = rnd() < s.failRate;
      timeline.push({ fn: s.fn, ms, status: fails ? "failed" : "ok" });
      if (fails) {
        failedStep = timeline.length - 1;
        error = s.error;
      }
      const callTime = new Date(t + ms).toISOString();
      if (fails) errorOut?.line(callLine(s.fn, ms, callTime, true));
      else successOut?.line(callLine(s.fn, ms, callTime));
      if (opts.calls) stats.calls++;
    }
    // steps run one after another, 0.05 ms apart, as step_offsets_ms records them
    const offsets: number[] = [];
    let at = 0.05;
    for (const s of timeline) {
      offsets.push(Math.round(at * 100) / 100);
      at += s.ms + 0.05;
    }
    const total = Math.round((at + rnd() * 2) * 100) / 100;
    const spec: FlowSpec = {
      id,
      fn: kind.fn,
      start,
      status: failedStep === -1 ? "success" : "failed",
      totalMs: total,
      timeline,
      offsets,
    };
    if (failedStep !== -1) {
      spec.failedAt = timeline[failedStep]!.fn;
      spec.step = `${failedStep + 1}/${timeline.length}`;
      spec.error = error;
      stats.failed++;
      stats.failedAt.set(spec.failedAt, (stats.failedAt.get(spec.failedAt) ?? 0) + 1);
    } else {
      stats.success++;
    }
    if (kind.http) spec.httpStatus = failedStep === -1 ? 200 : 500;
    for (const line of flowLines(spec)) flowsOut.line(line);
    stats.flows++;
  }
  flowsOut.close();
  successOut?.close();
  errorOut?.close();
  return stats;
}
