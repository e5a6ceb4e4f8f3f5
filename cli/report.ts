/**
 * `logcrest report [dir...] -o report.html`: reads flows/, success/ and error/ of each
 * directory as streams, aggregates (report-data.ts) and writes one self-contained HTML
 * file (report-template.ts). Several directories are several services: their flows are
 * listed together, and flows of one trace are drawn as one waterfall.
 * `--clickhouse URL` computes the same report in the fleet store (clickhouse-report.ts).
 */
import { writeFileSync } from "node:fs";
import { InputError } from "./args";
import { type LogFile, looksLikeTextFile, scanJsonLines } from "./log-files";
import { openLogDirs } from "./log-dirs";
import { Progress } from "./progress";
import { describeSkipped, emptySkipCounts, readFlows, type SkipCounts } from "./read-flows";
import { assembleReport, type ReportData, ReportBuilder } from "./report-data";
import { renderReportHtml } from "./report-template";
import { escapeControl } from "./terminal";

export interface ReportOptions {
  readonly dirs: string[];
  readonly output: string;
  readonly quiet: boolean;
  /** Epoch ms: flows that ended before, and records before, are left out. */
  readonly sinceMs?: number;
  /** Progress threshold in bytes (tests lower it). */
  readonly progressThreshold?: number;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function sumSizes(files: readonly LogFile[]): number {
  return files.reduce((acc, f) => acc + f.size, 0);
}

function addSkips(into: SkipCounts, from: SkipCounts): void {
  into.garbageLines += from.garbageLines;
  into.nonFlowRecords += from.nonFlowRecords;
  into.malformedFlowRecords += from.malformedFlowRecords;
  into.textFiles.push(...from.textFiles);
}

/** Reads the directories into report data. */
export async function buildFileReport(opts: Pick<ReportOptions, "dirs" | "sinceMs" | "quiet" | "progressThreshold">, err: (text: string) => void): Promise<ReportData> {
  const dirs = openLogDirs(opts.dirs);
  const builder = new ReportBuilder(opts.sinceMs);
  const progress = new Progress(
    dirs.reduce((acc, d) => acc + sumSizes(d.flowFiles) + sumSizes(d.recordFiles), 0),
    err,
    () => `${builder.flowCount} flows`,
    opts.quiet,
    opts.progressThreshold,
  );
  const flowSkips = emptySkipCounts();
  const recordSkips = { garbageLines: 0, textFiles: [] as string[], noLatency: 0 };
  for (const [svc, dir] of dirs.entries()) {
    addSkips(flowSkips, await readFlows(dir.flowFiles, (flow) => builder.addFlow(flow, svc), progress.advance));
    for (const file of dir.recordFiles) {
      const scan = await scanJsonLines(file, builder.addRecord, progress.advance);
      if (looksLikeTextFile(scan)) recordSkips.textFiles.push(file.path);
      else recordSkips.garbageLines += scan.garbage;
    }
  }
  recordSkips.noLatency = builder.noLatency;
  const flowFiles = dirs.reduce((a, d) => a + d.flowFiles.length, 0);
  const recordFiles = dirs.reduce((a, d) => a + d.recordFiles.length, 0);
  return assembleReport(builder.columns, builder.aggregates(), {
    source: opts.dirs.join(", "),
    sourceNote: `${flowFiles} flow file(s), ${recordFiles} success/error file(s)`,
    services: dirs.map((d) => d.label),
    listed: { all: true, slowest: 0, failed: 0 },
    flowSkips,
    recordSkips,
    now: new Date(),
  });
}

/** Writes the HTML and the summary line; shared by the file and the ClickHouse report. */
export function writeReport(data: ReportData, output: string, quiet: boolean, started: bigint, err: (text: string) => void): void {
  const html = renderReportHtml(data);
  try {
    writeFileSync(output, html);
  } catch (e) {
    throw new InputError(`cannot write ${output}: ${(e as Error).message}`);
  }
  if (quiet) return;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const skipped = describeSkipped(data.meta.skipped.flows);
  if (skipped !== "") err(`logcrest report: flows/: ${escapeControl(skipped)}\n`);
  const rec = data.meta.skipped.records;
  if (rec.garbageLines > 0 || rec.textFiles.length > 0) {
    err(
      `logcrest report: success/ and error/: skipped ${rec.garbageLines} unparseable line(s)` +
        (rec.textFiles.length > 0 ? `, ${rec.textFiles.length} text-mode file(s)` : "") +
        "\n",
    );
  }
  const c = data.meta.counts;
  err(
    `logcrest report: wrote ${escapeControl(output)} (${formatBytes(Buffer.byteLength(html))}): ` +
      `${c.flows} flows (${c.failed} failed, ${c.open} open), ` +
      `${c.calls} calls, ${data.latency.length} latency rows in ${seconds.toFixed(1)} s\n`,
  );
}

export async function runReport(opts: ReportOptions, err: (text: string) => void): Promise<number> {
  const started = process.hrtime.bigint();
  const data = await buildFileReport(opts, err);
  writeReport(data, opts.output, opts.quiet, started, err);
  return 0;
}
