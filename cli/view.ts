/**
 * `logcrest view [dir...]`: the flows of log directories as terminal waterfalls, or as
 * JSON. Several directories are several services: flows that share a trace id across
 * services are drawn as one waterfall, each service's part marked. `--trace` and
 * `--follow` are in view-trace.ts and view-follow.ts.
 */
import { type FlowFilter, matchesFilter, selectFlows } from "./flow-filter";
import { openLogDirs } from "./log-dirs";
import { describeSkipped, emptySkipCounts, type Flow, readFlows, type SkipCounts } from "./read-flows";
import { escapeControl, type Painter, safeJson } from "./terminal";
import { renderTrace, type ServiceFlow } from "./trace-text";
import { formatMs, hasOffsets, legend, renderFlow } from "./waterfall-text";

export interface ViewOptions {
  readonly dirs: string[];
  readonly filter: FlowFilter;
  readonly json: boolean;
  readonly painter: Painter;
  readonly width: number;
}

export interface ViewOutput {
  out(text: string): void;
  err(text: string): void;
}

/** The machine shape of one flow in `--json`: record field names, ISO start. */
export function flowJson(flow: Flow, service?: string): Record<string, unknown> {
  return {
    flow_id: flow.id,
    function: flow.name,
    flow_status: flow.status,
    start: Number.isNaN(flow.startMs) ? null : new Date(flow.startMs).toISOString(),
    total_ms: flow.totalMs,
    timeline: flow.timeline.map((s) => ({ fn: s.fn, ms: s.ms, status: s.status })),
    step_offsets_ms: hasOffsets(flow.timeline) ? flow.timeline.map((s) => s.at) : null,
    failed_at: flow.failedAt,
    step: flow.step,
    flow_error: flow.error,
    http_status: flow.httpStatus,
    aborted: flow.aborted,
    trace_id: flow.traceId,
    file: flow.file,
    line: flow.line,
    ...(service === undefined ? {} : { service }),
  };
}

interface Totals {
  read: number;
  shown: number;
  success: number;
  failed: number;
  open: number;
}

/**
 * What to draw: single flows, and groups of flows of one trace from several services
 * (each group at the place of its first flow).
 */
export type Drawn = { kind: "flow"; item: ServiceFlow } | { kind: "trace"; traceId: string; items: ServiceFlow[] };

export function groupByTrace(shown: readonly ServiceFlow[]): Drawn[] {
  const byTrace = new Map<string, ServiceFlow[]>();
  for (const item of shown) {
    const t = item.flow.traceId;
    if (t === null || Number.isNaN(item.flow.startMs)) continue;
    let list = byTrace.get(t);
    if (list === undefined) byTrace.set(t, (list = []));
    list.push(item);
  }
  const out: Drawn[] = [];
  const done = new Set<string>();
  for (const item of shown) {
    const t = item.flow.traceId;
    const group = t === null ? undefined : byTrace.get(t);
    if (group !== undefined && new Set(group.map((g) => g.service)).size > 1) {
      if (!done.has(t!)) {
        done.add(t!);
        out.push({ kind: "trace", traceId: t!, items: group });
      }
      continue;
    }
    out.push({ kind: "flow", item });
  }
  return out;
}

export async function runView(opts: ViewOptions, io: ViewOutput): Promise<number> {
  const dirs = openLogDirs(opts.dirs);
  const multi = dirs.length > 1;
  let read = 0;
  const kept: ServiceFlow[] = [];
  const skipped: SkipCounts = emptySkipCounts();
  const files: string[] = [];
  for (const dir of dirs) {
    const s = await readFlows(dir.flowFiles, (flow) => {
      read++;
      if (matchesFilter(flow, opts.filter)) kept.push({ flow, service: dir.label });
    });
    skipped.garbageLines += s.garbageLines;
    skipped.nonFlowRecords += s.nonFlowRecords;
    skipped.malformedFlowRecords += s.malformedFlowRecords;
    skipped.textFiles.push(...s.textFiles);
    files.push(...dir.flowFiles.map((f) => f.path));
  }
  const order = selectFlows(kept.map((k) => k.flow), opts.filter);
  const serviceOf = new Map(kept.map((k) => [k.flow, k.service]));
  const shown: ServiceFlow[] = order.map((flow) => ({ flow, service: serviceOf.get(flow)! }));
  const totals: Totals = { read, shown: shown.length, success: 0, failed: 0, open: 0 };
  for (const { flow } of shown) totals[flow.status]++;
  const skippedText = escapeControl(describeSkipped(skipped));
  const missing = opts.filter.flowId !== undefined && shown.length === 0;

  if (opts.json) {
    io.out(`${safeJson({ flows: shown.map((s) => flowJson(s.flow, multi ? s.service : undefined)), totals, skipped, files }, 2)}\n`);
    if (skippedText !== "") io.err(`logcrest view: ${skippedText}\n`);
    return missing ? 1 : 0;
  }

  const p = opts.painter;
  const lines: string[] = [];
  if (shown.length > 0) lines.push(legend(p), "");
  for (const d of multi ? groupByTrace(shown) : shown.map((item): Drawn => ({ kind: "flow", item }))) {
    if (d.kind === "trace") lines.push(...renderTrace(d.traceId, d.items, p, opts.width), "");
    else {
      const drawn = renderFlow(d.item.flow, p, { width: opts.width });
      if (multi) drawn[0] = `${p.cyan(`[${escapeControl(d.item.service)}]`)} ${drawn[0]}`;
      lines.push(...drawn, "");
    }
  }
  const timeSum = shown.reduce((acc, s) => acc + (s.flow.totalMs ?? 0), 0);
  lines.push(
    `${totals.shown} flow(s) shown of ${totals.read} read from ${files.length} file(s)${multi ? ` in ${dirs.length} services` : ""}: ` +
      `${p.green(`${totals.success} success`)}, ${p.red(`${totals.failed} failed`)}, ${p.yellow(`${totals.open} open`)}` +
      (totals.shown > 0 ? `; total time ${formatMs(timeSum)}` : ""),
  );
  if (skippedText !== "") lines.push(p.yellow(skippedText));
  io.out(`${lines.join("\n")}\n`);
  if (missing) {
    io.err(`logcrest view: no flow with id '${escapeControl(opts.filter.flowId!)}'\n`);
    return 1;
  }
  return 0;
}
