/**
 * `logcrest view [dir]`: the flows of a log directory as terminal waterfalls, or as JSON.
 */
import { InputError } from "./args";
import { type FlowFilter, matchesFilter, selectFlows } from "./flow-filter";
import { describeSkipped, type Flow, listFlowFiles, readFlows, type SkipCounts } from "./read-flows";
import { escapeControl, type Painter, safeJson } from "./terminal";
import { formatMs, hasOffsets, legend, renderFlow } from "./waterfall-text";

export interface ViewOptions {
  readonly dir: string;
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
function flowJson(flow: Flow): Record<string, unknown> {
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
  };
}

interface Totals {
  read: number;
  shown: number;
  success: number;
  failed: number;
  open: number;
}

function totalsOf(read: number, shown: Flow[]): Totals {
  const t: Totals = { read, shown: shown.length, success: 0, failed: 0, open: 0 };
  for (const f of shown) t[f.status]++;
  return t;
}

export async function runView(opts: ViewOptions, io: ViewOutput): Promise<number> {
  const { dir: flowsDir, files } = listFlowFiles(opts.dir);
  if (files === undefined) throw new InputError(`no flows directory at ${flowsDir} (is '${opts.dir}' a logcrest log directory?)`);
  let read = 0;
  const kept: Flow[] = [];
  const skipped: SkipCounts = await readFlows(files, (flow) => {
    read++;
    if (matchesFilter(flow, opts.filter)) kept.push(flow);
  });
  const shown = selectFlows(kept, opts.filter);
  const totals = totalsOf(read, shown);
  const skippedText = escapeControl(describeSkipped(skipped));

  if (opts.json) {
    io.out(`${safeJson({ flows: shown.map(flowJson), totals, skipped, files: files.map((f) => f.path) }, 2)}\n`);
    if (skippedText !== "") io.err(`logcrest view: ${skippedText}\n`);
    return opts.filter.flowId !== undefined && shown.length === 0 ? 1 : 0;
  }

  const p = opts.painter;
  const lines: string[] = [];
  if (shown.length > 0) lines.push(legend(p), "");
  for (const flow of shown) lines.push(...renderFlow(flow, p, { width: opts.width }), "");
  const timeSum = shown.reduce((acc, f) => acc + (f.totalMs ?? 0), 0);
  lines.push(
    `${totals.shown} flow(s) shown of ${totals.read} read from ${files.length} file(s): ` +
      `${p.green(`${totals.success} success`)}, ${p.red(`${totals.failed} failed`)}, ${p.yellow(`${totals.open} open`)}` +
      (totals.shown > 0 ? `; total time ${formatMs(timeSum)}` : ""),
  );
  if (skippedText !== "") lines.push(p.yellow(skippedText));
  io.out(`${lines.join("\n")}\n`);
  if (opts.filter.flowId !== undefined && shown.length === 0) {
    io.err(`logcrest view: no flow with id '${escapeControl(opts.filter.flowId)}'\n`);
    return 1;
  }
  return 0;
}
