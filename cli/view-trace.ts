/**
 * `logcrest view --trace <id> [dir...]` and `view --clickhouse URL --trace <id>`: every
 * record of one trace (success/, error/ and flows/ of every directory, or both tables of
 * the store) in time order as one timeline, then the trace's flows as one waterfall
 * across services. Exit 1 when nothing of the trace is found.
 */
import { openLogDirs } from "./log-dirs";
import { scanJsonLines } from "./log-files";
import { type Flow, FlowPairer } from "./read-flows";
import { END_MS, FLOW_COLUMNS, flowOf, type FlowRow, sqlString, type Store } from "./clickhouse-source";
import { escapeControl, type Painter, safeJson } from "./terminal";
import { renderTrace, renderTraceRecords, type ServiceFlow, type TraceRecord } from "./trace-text";
import { renderFlow } from "./waterfall-text";
import { flowJson, type ViewOutput } from "./view";

export interface TraceView {
  readonly traceId: string;
  readonly json: boolean;
  readonly painter: Painter;
  readonly width: number;
}

function recordOf(rec: Record<string, unknown>, service: string): TraceRecord {
  const t = typeof rec.timestamp === "string" ? Date.parse(rec.timestamp) : Number.NaN;
  return {
    timeMs: t,
    service,
    level: typeof rec.level === "string" ? rec.level : "?",
    fn: typeof rec.function === "string" ? rec.function : "",
    message: typeof rec.message === "string" ? rec.message : "",
  };
}

export async function traceFromFiles(paths: string[], traceId: string): Promise<{ records: TraceRecord[]; flows: ServiceFlow[] }> {
  const records: TraceRecord[] = [];
  const flows: ServiceFlow[] = [];
  for (const dir of openLogDirs(paths)) {
    const pairer = new FlowPairer((flow) => {
      if (flow.traceId === traceId) flows.push({ flow, service: dir.label });
    });
    for (const file of dir.flowFiles) {
      await scanJsonLines(file, (rec) => {
        if (rec.trace_id === traceId) records.push(recordOf(rec, dir.label));
        pairer.record(rec);
      });
    }
    pairer.openFlows();
    for (const file of dir.recordFiles) {
      await scanJsonLines(file, (rec) => {
        if (rec.trace_id === traceId) records.push(recordOf(rec, dir.label));
      });
    }
  }
  return { records: records.filter((r) => !Number.isNaN(r.timeMs)), flows };
}

export async function traceFromStore(store: Store, traceId: string): Promise<{ records: TraceRecord[]; flows: ServiceFlow[] }> {
  const id = sqlString(traceId);
  const [rows, flowRows] = await Promise.all([
    store.query<{ t: number; service: string; level: string; function: string; message: string }>(
      `SELECT ${END_MS} AS t, service, level, function, message FROM ${store.records} WHERE trace_id = ${id}${store.whereService} ORDER BY t`,
    ),
    store.query<FlowRow>(`SELECT ${FLOW_COLUMNS} FROM ${store.flows} WHERE trace_id = ${id}${store.whereService}`),
  ]);
  const records: TraceRecord[] = rows.map((r) => ({ timeMs: r.t, service: r.service, level: r.level, fn: r.function, message: r.message }));
  const flows: ServiceFlow[] = flowRows.map((row) => ({ flow: flowOf(row), service: row.service }));
  // the store keeps flow_end as a flows row, not as a record: show it in the timeline too
  for (const { flow, service } of flows) {
    records.push({
      timeMs: flow.endMs,
      service,
      level: flow.status === "failed" ? "ERROR" : "INFO",
      fn: flow.name,
      message: `[Flow End] '${flow.name}' | flow_id=${flow.id} ${flow.status} in ${flow.totalMs} ms`,
    });
  }
  return { records, flows };
}

export function printTrace(found: { records: TraceRecord[]; flows: ServiceFlow[] }, opts: TraceView, io: ViewOutput): number {
  const { records, flows } = found;
  if (records.length === 0 && flows.length === 0) {
    io.err(`logcrest view: no records of trace '${escapeControl(opts.traceId)}'\n`);
    return 1;
  }
  if (opts.json) {
    io.out(
      `${safeJson(
        {
          trace_id: opts.traceId,
          records: [...records].sort((a, b) => a.timeMs - b.timeMs).map((r) => ({ ...r, time: new Date(r.timeMs).toISOString() })),
          flows: flows.map((f) => flowJson(f.flow, f.service)),
        },
        2,
      )}\n`,
    );
    return 0;
  }
  const lines: string[] = [];
  if (records.length > 0) lines.push(...renderTraceRecords(opts.traceId, records, opts.painter), "");
  const drawable = flows.filter((f) => !Number.isNaN(f.flow.startMs));
  if (drawable.length > 1) lines.push(...renderTrace(opts.traceId, drawable, opts.painter, opts.width));
  else if (drawable.length === 1) lines.push(...renderFlow(drawable[0]!.flow as Flow, opts.painter, { width: opts.width }));
  io.out(`${lines.join("\n")}\n`);
  return 0;
}
