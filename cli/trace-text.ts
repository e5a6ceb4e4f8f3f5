/**
 * One trace in the terminal: the flows of several services on one axis (each service's
 * part marked), and `view --trace`'s timeline of every record of the trace.
 */
import type { Flow } from "./read-flows";
import { escapeControl, type Painter } from "./terminal";
import { bar, clip, failedStepIndex, formatMs, pad, statusPaint } from "./waterfall-text";

export interface ServiceFlow {
  readonly flow: Flow;
  readonly service: string;
}

/** One record of a trace, from files or the store. */
export interface TraceRecord {
  readonly timeMs: number;
  readonly service: string;
  readonly level: string;
  readonly fn: string;
  readonly message: string;
}

const SERVICE_PAINT: ((p: Painter) => (t: string) => string)[] = [(p) => p.cyan, (p) => p.yellow, (p) => p.green, (p) => p.bold];

function servicePainter(services: readonly string[], p: Painter): (service: string) => string {
  return (service) => SERVICE_PAINT[Math.max(0, services.indexOf(service)) % SERVICE_PAINT.length]!(p)(`[${escapeControl(service)}]`);
}

/** Flows of one trace across services, placed by their start times on one axis. */
export function renderTrace(traceId: string, members: readonly ServiceFlow[], p: Painter, width: number): string[] {
  const sorted = [...members].sort((a, b) => a.flow.startMs - b.flow.startMs);
  const services = [...new Set(sorted.map((m) => m.service))];
  const tag = servicePainter(services, p);
  const t0 = sorted[0]!.flow.startMs;
  const end = Math.max(...sorted.map((m) => m.flow.startMs + (m.flow.totalMs ?? 0)));
  const span = Math.max(end - t0, 0.001);
  const rows: { label: string; svc: string; offset: number; ms: number; status: string; mark: string }[] = [];
  for (const { flow, service } of sorted) {
    const offset = flow.startMs - t0;
    rows.push({ label: escapeControl(flow.name), svc: service, offset, ms: flow.totalMs ?? 0, status: flow.status === "success" ? "ok" : flow.status, mark: "" });
    const failedIdx = failedStepIndex(flow);
    let laid = 0;
    flow.timeline.forEach((s, i) => {
      rows.push({
        label: `  ${escapeControl(s.fn)}`,
        svc: service,
        offset: offset + (s.at ?? laid),
        ms: s.ms,
        status: s.status,
        mark: i === failedIdx ? "  ◀ failed_at" : "",
      });
      laid += s.ms;
    });
  }
  const svcCol = Math.max(...services.map((s) => escapeControl(s).length)) + 2;
  const nameCol = Math.min(28, Math.max(...rows.map((r) => r.label.length)));
  const cols = Math.max(10, width - 4 - svcCol - 1 - nameCol - 1 - 1 - 10 - 2 - 11 - 12);
  const lines = [
    `${p.bold(`trace ${escapeControl(traceId)}`)}  ${services.length} service(s): ${services.map(tag).join(" ")}  ${formatMs(span)}  ${p.dim(new Date(t0).toISOString())}`,
  ];
  for (const r of rows) {
    const paint = statusPaint(p, r.status);
    const drawn = bar(r.offset, r.ms, span, cols + 1, cols).join("");
    lines.push(
      `    ${tag(r.svc)}${" ".repeat(svcCol - escapeControl(r.svc).length - 2)} ${pad(clip(r.label, nameCol), nameCol)} ${paint(drawn)} ${formatMs(r.ms).padStart(10)}  ${paint(
        escapeControl(r.status),
      )}${r.mark === "" ? "" : p.red(r.mark)}`,
    );
  }
  lines.push(p.dim(`    ${" ".repeat(svcCol)} ${" ".repeat(nameCol)} 0${" ".repeat(Math.max(1, cols - 1 - formatMs(span).length))}${formatMs(span)}`));
  for (const { flow, service } of sorted) {
    if (flow.status !== "failed") continue;
    const step = flow.step === null ? "" : ` step ${escapeControl(flow.step)}`;
    lines.push(`    ${tag(service)} ${p.red("failed at")} ${p.bold(escapeControl(flow.failedAt ?? "?"))}${step}: ${p.red(escapeControl(flow.error ?? "(no error text)"))}`);
  }
  return lines;
}

function levelPaint(p: Painter, level: string): (t: string) => string {
  return level === "ERROR" || level === "CRITICAL" ? p.red : level === "WARNING" ? p.yellow : level === "DEBUG" ? p.dim : (t) => t;
}

/** Every record of a trace in time order: offset from the first, service, level, function, message. */
export function renderTraceRecords(traceId: string, records: readonly TraceRecord[], p: Painter): string[] {
  const sorted = [...records].sort((a, b) => a.timeMs - b.timeMs);
  const services = [...new Set(sorted.map((r) => r.service))];
  const tag = servicePainter(services, p);
  const t0 = sorted[0]!.timeMs;
  const fnCol = Math.min(32, Math.max(8, ...sorted.map((r) => escapeControl(r.fn).length)));
  const lines = [
    `${p.bold(`trace ${escapeControl(traceId)}`)}: ${sorted.length} record(s) from ${services.length} service(s), ${new Date(t0).toISOString()}`,
  ];
  for (const r of sorted) {
    const off = `+${formatMs(r.timeMs - t0)}`.padStart(12);
    lines.push(
      `${p.dim(off)}  ${tag(r.service)} ${levelPaint(p, r.level)(pad(escapeControl(r.level), 8))} ${pad(clip(escapeControl(r.fn), fnCol), fnCol)}  ${escapeControl(r.message)}`,
    );
  }
  return lines;
}
