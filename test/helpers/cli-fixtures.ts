/**
 * Writes real log directories with the record shape of SPEC §5 for the CLI tests:
 * `<dir>/flows/<stamp>_flows.log` (+ rotated backups), success/ and error/ records.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface StepSpec {
  fn: string;
  ms: number;
  status: "ok" | "failed" | "interrupted";
}

export interface FlowSpec {
  id: string;
  fn: string;
  /** ISO start time. */
  start: string;
  status: "success" | "failed" | "open";
  totalMs?: number;
  timeline?: StepSpec[];
  failedAt?: string;
  step?: string;
  error?: string;
  httpStatus?: number;
  aborted?: boolean;
  /** `step_offsets_ms`: when each step started; absent in logs of older versions. */
  offsets?: number[];
}

function hexOf(id: string): string {
  return id.slice(-8);
}

/** The flow_start and (unless open) flow_end JSON lines of one flow. */
export function flowLines(f: FlowSpec): string[] {
  const base = { logger: "app_logger", trace_id: hexOf(f.id), function: f.fn, file: "src/a.ts", line: 30 };
  const startRec = {
    timestamp: f.start,
    level: "INFO",
    ...base,
    message: `[Flow Start] '${f.fn}' | flow_id=${f.id}`,
    flow_id: f.id,
    flow_type: "flow_start",
  };
  if (f.status === "open") return [JSON.stringify(startRec)];
  const timeline = f.timeline ?? [];
  const total = f.totalMs ?? timeline.reduce((a, s) => a + s.ms, 0);
  const end: Record<string, unknown> = {
    timestamp: new Date(Date.parse(f.start) + total).toISOString(),
    level: f.status === "failed" ? "ERROR" : "INFO",
    ...base,
    message: `[Flow End] '${f.fn}' | flow_id=${f.id}`,
    flow_id: f.id,
    flow_type: "flow_end",
    flow_status: f.status,
    total_ms: total,
    steps: timeline.length,
    timeline,
  };
  if (f.status === "failed") {
    end.failed_at = f.failedAt ?? f.fn;
    end.step = f.step ?? `0/${timeline.length}`;
    end.flow_error = f.error ?? "Error: boom";
  }
  if (f.offsets !== undefined) end.step_offsets_ms = f.offsets;
  if (f.httpStatus !== undefined) end.http_status = f.httpStatus;
  if (f.aborted !== undefined) end.aborted = f.aborted;
  return [JSON.stringify(startRec), JSON.stringify(end)];
}

/** An exit record of a tagged call, as written to success/ (or error/ when crashed). */
export function callLine(fn: string, elapsedMs: number, time: string, crashed = false): string {
  return JSON.stringify({
    timestamp: time,
    level: crashed ? "ERROR" : "INFO",
    logger: "app_logger",
    trace_id: "0badf00d",
    function: fn,
    file: "src/a.ts",
    line: 3,
    message: crashed ? `[Root] '${fn}' crashed after ${elapsedMs}ms | Error: x` : `[Root] '${fn}' finished in ${elapsedMs}ms`,
    elapsed_ms: elapsedMs,
    ...(crashed ? { exception: `Error: x\n    at ${fn} (src/a.ts:3:9)` } : {}),
  });
}

export function tempLogDir(prefix = "logcrest-cli-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `lines` to `<dir>/<sub>/<name>`, creating the sub-directory. */
export function writeLog(dir: string, sub: "flows" | "success" | "error", name: string, lines: string[]): string {
  mkdirSync(join(dir, sub), { recursive: true });
  const path = join(dir, sub, name);
  writeFileSync(path, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return path;
}

/** The three flows of the brief's example: a failed checkout, a success, and an open one. */
export const CHECKOUT_FAILED: FlowSpec = {
  id: "checkout-3a7e2b1f",
  fn: "checkout",
  start: "2026-11-25T13:34:53.111Z",
  status: "failed",
  totalMs: 12.4,
  timeline: [
    { fn: "validate", ms: 0.1, status: "ok" },
    { fn: "charge", ms: 11.9, status: "failed" },
    { fn: "ship", ms: 0.2, status: "interrupted" },
  ],
  failedAt: "charge",
  step: "2/3",
  error: "ConnectionError: gateway timeout",
  httpStatus: 500,
};

export const CHECKOUT_OK: FlowSpec = {
  id: "checkout-0c0ffee1",
  fn: "checkout",
  start: "2026-11-25T13:35:00.000Z",
  status: "success",
  totalMs: 8,
  timeline: [
    { fn: "validate", ms: 0.5, status: "ok" },
    { fn: "charge", ms: 6, status: "ok" },
    { fn: "ship", ms: 1.5, status: "ok" },
  ],
};

export const REFUND_OPEN: FlowSpec = {
  id: "refund-deadbeef",
  fn: "refund",
  start: "2026-11-25T13:36:00.000Z",
  status: "open",
};

/** Two reservations that ran at the same time, with their start offsets (step_offsets_ms). */
export const CHECKOUT_CONCURRENT: FlowSpec = {
  id: "checkout-0a0b0c0d",
  fn: "checkout",
  start: "2026-11-25T14:00:00.000Z",
  status: "success",
  totalMs: 20,
  timeline: [
    { fn: "validate", ms: 2, status: "ok" },
    { fn: "reserveA", ms: 10, status: "ok" },
    { fn: "reserveB", ms: 10, status: "ok" },
    { fn: "charge", ms: 8, status: "ok" },
  ],
  offsets: [0, 2, 2, 12],
};
