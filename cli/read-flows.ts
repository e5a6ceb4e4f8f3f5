/**
 * Reads `<dir>/flows/` (rotated backups included, oldest first) and pairs each
 * `flow_start` with its `flow_end` by `flow_id`. Shared by `view` and `report`.
 *
 * Streaming: a flow is handed to `onFlow` as soon as its `flow_end` is read; only the
 * starts still waiting for their end are kept in memory. Starts left at the end of the
 * input are flows that never ended (still running, or the process died): they are handed
 * over last with status `open`.
 */
import { basename, join, resolve } from "node:path";
import { type LogFile, listLogFiles, looksLikeTextFile, scanJsonLines } from "./log-files";

export type FlowStatus = "success" | "failed" | "open";

export interface TimelineStep {
  readonly fn: string;
  readonly ms: number;
  readonly status: string;
  /** When the step started, ms after the flow's start (`step_offsets_ms`); null in older logs. */
  readonly at: number | null;
}

export interface Flow {
  readonly id: string;
  /** The `function` of the flow records: the flow function, or the HTTP route. */
  readonly name: string;
  readonly status: FlowStatus;
  /** Epoch ms of the start: the flow_start timestamp, else flow_end's minus total_ms; NaN if unknown. */
  readonly startMs: number;
  /** Epoch ms of the flow_end record; NaN for an open flow (or a flow_end without a usable timestamp). */
  readonly endMs: number;
  /** `total_ms`; null for an open flow. */
  readonly totalMs: number | null;
  readonly timeline: readonly TimelineStep[];
  readonly failedAt: string | null;
  /** `"N/M"` of a failed flow. */
  readonly step: string | null;
  readonly error: string | null;
  readonly httpStatus: number | null;
  readonly aborted: boolean;
  readonly traceId: string | null;
  readonly file: string | null;
  readonly line: number | null;
}

export interface SkipCounts {
  /** Lines that are not JSON objects (truncated, junk) in JSON files. */
  garbageLines: number;
  /** JSON records without a flow_type/flow_id: not flow records. */
  nonFlowRecords: number;
  /** flow records with a flow_type/flow_id but unusable fields (unknown flow_status ...). */
  malformedFlowRecords: number;
  /** Files without a single JSON record: written with `json: false`; skipped whole. */
  textFiles: string[];
}

export function emptySkipCounts(): SkipCounts {
  return { garbageLines: 0, nonFlowRecords: 0, malformedFlowRecords: 0, textFiles: [] };
}

export interface FlowFiles {
  readonly dir: string;
  /** undefined: there is no flows/ directory. */
  readonly files: LogFile[] | undefined;
}

/**
 * `<logDir>/flows/`; when that does not exist but `logDir` is itself a flows directory
 * (`logcrest view logs/flows`), that directory.
 */
export function listFlowFiles(logDir: string): FlowFiles {
  const dir = join(logDir, "flows");
  const files = listLogFiles(dir);
  if (files === undefined && basename(resolve(logDir)) === "flows") {
    const own = listLogFiles(logDir);
    if (own !== undefined) return { dir: logDir, files: own };
  }
  return { dir, files };
}

interface PendingStart {
  readonly name: string;
  readonly startMs: number;
  readonly traceId: string | null;
  readonly file: string | null;
  readonly line: number | null;
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function timeOf(v: unknown): number {
  return typeof v === "string" ? Date.parse(v) : Number.NaN;
}

/**
 * A timeline as written; odd entries are kept (with `?`), not dropped, so step positions
 * stay right. `offsets` (`step_offsets_ms`) is used only when it matches the timeline.
 */
export function readTimeline(v: unknown, offsets: unknown): TimelineStep[] {
  if (!Array.isArray(v)) return [];
  const at =
    Array.isArray(offsets) && offsets.length === v.length && offsets.every((o) => typeof o === "number" && o >= 0)
      ? (offsets as number[])
      : undefined;
  return v.map((entry: unknown, i) => {
    const e = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    return { fn: str(e.fn) ?? "?", ms: num(e.ms) ?? 0, status: str(e.status) ?? "?", at: at === undefined ? null : at[i]! };
  });
}

/**
 * Pairs flow records as they come (files read whole, or lines tailed by `view --follow`):
 * `record()` takes every JSON record, hands a flow to `onFlow` when its flow_end arrives,
 * and counts what it skips; `openFlows()` hands over the starts still waiting.
 */
export class FlowPairer {
  readonly skipped = emptySkipCounts();
  private readonly pending = new Map<string, PendingStart>();

  constructor(private readonly onFlow: (flow: Flow) => void) {}

  readonly record = (rec: Record<string, unknown>): void => {
    const type = rec.flow_type;
    const id = rec.flow_id;
    if (type === undefined && id === undefined) {
      this.skipped.nonFlowRecords++;
      return;
    }
    if (typeof id !== "string" || id === "" || (type !== "flow_start" && type !== "flow_end")) {
      this.skipped.malformedFlowRecords++;
      return;
    }
    if (type === "flow_start") {
      this.pending.set(id, {
        name: str(rec.function) ?? "?",
        startMs: timeOf(rec.timestamp),
        traceId: str(rec.trace_id),
        file: str(rec.file),
        line: num(rec.line),
      });
      return;
    }
    const status = rec.flow_status;
    if (status !== "success" && status !== "failed") {
      this.skipped.malformedFlowRecords++;
      return;
    }
    const totalMs = num(rec.total_ms);
    const start = this.pending.get(id);
    this.pending.delete(id);
    // Without its flow_start (rotated away, or never written) the start is derived.
    const startMs = start !== undefined ? start.startMs : timeOf(rec.timestamp) - (totalMs ?? 0);
    this.onFlow({
      id,
      // flow_end's function: for HTTP flows the route template, known only once routed
      name: str(rec.function) ?? start?.name ?? "?",
      status,
      startMs,
      endMs: timeOf(rec.timestamp),
      totalMs: totalMs ?? 0,
      timeline: readTimeline(rec.timeline, rec.step_offsets_ms),
      failedAt: str(rec.failed_at),
      step: str(rec.step),
      error: str(rec.flow_error),
      httpStatus: num(rec.http_status),
      aborted: rec.aborted === true,
      traceId: start?.traceId ?? str(rec.trace_id),
      file: start?.file ?? str(rec.file),
      line: start?.line ?? num(rec.line),
    });
  };

  /** The flows that never ended (still running, or the process died), as `open`. */
  openFlows(): void {
    for (const [id, start] of this.pending) {
      this.onFlow({
        id,
        name: start.name,
        status: "open",
        startMs: start.startMs,
        endMs: Number.NaN,
        totalMs: null,
        timeline: [],
        failedAt: null,
        step: null,
        error: null,
        httpStatus: null,
        aborted: false,
        traceId: start.traceId,
        file: start.file,
        line: start.line,
      });
    }
    this.pending.clear();
  }
}

/**
 * Pairs flow records across `files`; returns what was skipped. `onBytes` reports reading
 * progress in bytes.
 */
export async function readFlows(
  files: readonly LogFile[],
  onFlow: (flow: Flow) => void,
  onBytes?: (bytes: number) => void,
): Promise<SkipCounts> {
  const pairer = new FlowPairer(onFlow);
  for (const file of files) {
    const scan = await scanJsonLines(file, pairer.record, onBytes);
    if (looksLikeTextFile(scan)) pairer.skipped.textFiles.push(file.path);
    else pairer.skipped.garbageLines += scan.garbage;
  }
  pairer.openFlows();
  return pairer.skipped;
}

/** One line saying what was skipped, or "" when nothing was. */
export function describeSkipped(skipped: SkipCounts): string {
  const parts: string[] = [];
  if (skipped.garbageLines > 0) parts.push(`${skipped.garbageLines} unparseable line(s)`);
  if (skipped.nonFlowRecords > 0) parts.push(`${skipped.nonFlowRecords} non-flow record(s)`);
  if (skipped.malformedFlowRecords > 0) parts.push(`${skipped.malformedFlowRecords} malformed flow record(s)`);
  if (skipped.textFiles.length > 0) {
    parts.push(`${skipped.textFiles.length} text-mode file(s) (json: false; not parseable): ${skipped.textFiles.join(", ")}`);
  }
  return parts.length === 0 ? "" : `skipped ${parts.join(", ")}`;
}
