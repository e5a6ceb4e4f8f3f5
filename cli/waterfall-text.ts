/**
 * One flow as a terminal waterfall.
 *
 * flow_end gives each step's duration and, in `step_offsets_ms`, when it started after the
 * flow's start: each bar then sits where its step really ran, so nested and concurrent
 * steps overlap as they did. Logs without offsets (written by older versions, or by hand)
 * get the bars laid end to end in start order on an axis from 0 to max(total_ms, sum of
 * steps); overlapping steps then run past the flow's total, which is marked `┊` on every
 * row and said in a note, rather than inventing start times the log does not have.
 */
import { escapeControl, type Painter } from "./terminal";
import type { Flow, TimelineStep } from "./read-flows";
import { stepIndex } from "./report-stats";

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(2)} ms`;
}

function formatTime(epochMs: number): string {
  return Number.isNaN(epochMs) ? "start unknown" : new Date(epochMs).toISOString();
}

export function statusPaint(p: Painter, status: string): (text: string) => string {
  switch (status) {
    case "ok":
    case "success":
      return p.green;
    case "failed":
      return p.red;
    case "interrupted":
    case "running":
      return p.yellow;
    default:
      return p.dim;
  }
}

/** Index of the step named by `step: "N/M"`, or -1. */
export function failedStepIndex(flow: Flow): number {
  return stepIndex(flow.step, flow.timeline.length);
}

function header(flow: Flow, p: Painter): string {
  const icon = flow.status === "success" ? p.green("✓") : flow.status === "failed" ? p.red("✗") : p.yellow("…");
  const label =
    flow.status === "success" ? p.green("success") : flow.status === "failed" ? p.red("FAILED") : p.yellow("open");
  const parts = [`${icon} ${p.bold(escapeControl(flow.id))}`, escapeControl(flow.name), label];
  parts.push(flow.totalMs === null ? "no flow_end yet (still running, or the process died)" : formatMs(flow.totalMs));
  parts.push(p.dim(formatTime(flow.startMs)));
  if (flow.httpStatus !== null) parts.push(`HTTP ${flow.httpStatus}`);
  if (flow.aborted) parts.push(p.yellow("aborted by client"));
  if (flow.file !== null) parts.push(p.dim(escapeControl(`${flow.file}${flow.line !== null ? `:${flow.line}` : ""}`)));
  return parts.join("  ");
}

export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

export function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

/** Draws the bar row of one step: `offset` and `ms` on an axis of `span` ms over `cols` columns. */
export function bar(offset: number, ms: number, span: number, totalCol: number, cols: number): string[] {
  const cells: string[] = new Array<string>(cols).fill(" ");
  if (totalCol < cols) cells[totalCol] = "┊";
  // Both ends rounded the same way, so a step that starts where another ends never shares its column.
  let from = Math.round((offset / span) * cols);
  let to = Math.round(((offset + ms) / span) * cols);
  if (from >= cols) from = cols - 1;
  if (to <= from) {
    cells[from] = "▏"; // shorter than one column: still visible
    return cells;
  }
  for (let i = from; i < Math.min(to, cols); i++) cells[i] = "█";
  return cells;
}

export interface WaterfallLayout {
  /** Total line width to fit. */
  readonly width: number;
}

export function renderFlow(flow: Flow, p: Painter, layout: WaterfallLayout): string[] {
  const lines = [header(flow, p)];
  const timeline: readonly TimelineStep[] = flow.timeline;
  const failedIdx = failedStepIndex(flow);
  if (timeline.length > 0) {
    const names = timeline.map((s) => escapeControl(s.fn));
    const nameCol = Math.min(28, Math.max(...names.map((n) => n.length)));
    // indent 4 + name + 1 + bar + 1 + ms(10) + 2 + status(11) + marker(12)
    const cols = Math.max(10, layout.width - 4 - nameCol - 1 - 1 - 10 - 2 - 11 - 12);
    const sum = timeline.reduce((acc, s) => acc + s.ms, 0);
    const total = flow.totalMs ?? sum;
    const placed = hasOffsets(timeline);
    const reach = placed ? Math.max(...timeline.map((s) => s.at! + s.ms)) : sum;
    const span = Math.max(total, reach) || 1;
    const totalCol = Math.min(cols, Math.round((total / span) * cols));
    let offset = 0;
    timeline.forEach((s, i) => {
      const paint = statusPaint(p, s.status);
      const cells = bar(placed ? s.at! : offset, s.ms, span, totalCol, cols);
      const drawn = cells.map((c) => (c === "┊" ? p.dim(c) : c)).join("");
      const mark = i === failedIdx ? p.red("  ◀ failed_at") : "";
      lines.push(
        `    ${pad(clip(names[i]!, nameCol), nameCol)} ${paint(drawn)} ${formatMs(s.ms).padStart(10)}  ${paint(
          escapeControl(s.status),
        )}${mark}`,
      );
      offset += s.ms;
    });
    const axisLeft = "0";
    const axisRight = formatMs(span);
    lines.push(
      p.dim(`    ${" ".repeat(nameCol)} ${axisLeft}${" ".repeat(Math.max(1, cols - axisLeft.length - axisRight.length))}${axisRight}`),
    );
    if (!placed && sum > total * 1.001 + 0.01) {
      lines.push(
        p.dim(
          `    steps sum to ${formatMs(sum)} but the flow took ${formatMs(total)} (┊): some steps were nested or ran concurrently`,
        ),
      );
    }
  } else if (flow.status !== "open") {
    lines.push(p.dim("    (no tagged steps ran inside this flow)"));
  }
  if (flow.status === "failed") {
    const at = flow.failedAt === null ? "?" : escapeControl(flow.failedAt);
    const where = failedIdx === -1 && flow.failedAt !== null ? " (the flow itself, no step failed)" : "";
    const step = flow.step === null ? "" : ` step ${escapeControl(flow.step)}`;
    lines.push(`    ${p.red("failed at")} ${p.bold(at)}${where}${step}: ${p.red(escapeControl(flow.error ?? "(no error text)"))}`);
  }
  return lines;
}

/** Every step has a recorded start offset (`step_offsets_ms`). */
export function hasOffsets(timeline: readonly TimelineStep[]): boolean {
  return timeline.every((s) => s.at !== null);
}

export function legend(p: Painter): string {
  return p.dim(
    `Axis: ms since the flow started. Bars: when each step ran (from step_offsets_ms; logs without it get the ` +
      `bars laid end to end in start order, axis up to the steps' sum); ┊ marks the flow's total. `,
  ) + `${p.green("ok")} ${p.red("failed")} ${p.yellow("interrupted")}  ${p.red("◀ failed_at")}`;
}
