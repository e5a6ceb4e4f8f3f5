/**
 * `logcrest report [dir] -o report.html`: reads flows/, success/ and error/ as streams,
 * aggregates (report-data.ts) and writes one self-contained HTML file (report-template.ts).
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { InputError } from "./args";
import { type LogFile, listLogFiles, looksLikeTextFile, scanJsonLines } from "./log-files";
import { Progress } from "./progress";
import { describeSkipped, listFlowFiles, readFlows } from "./read-flows";
import { ReportBuilder } from "./report-data";
import { renderReportHtml } from "./report-template";
import { escapeControl } from "./terminal";

export interface ReportOptions {
  readonly dir: string;
  readonly output: string;
  readonly quiet: boolean;
  /** Progress threshold in bytes (tests lower it). */
  readonly progressThreshold?: number;
}

export interface ReportResult {
  readonly flows: number;
  readonly bytes: number;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function sumSizes(files: readonly LogFile[]): number {
  return files.reduce((acc, f) => acc + f.size, 0);
}

export async function runReport(opts: ReportOptions, err: (text: string) => void): Promise<number> {
  const started = process.hrtime.bigint();
  const { dir: flowsDir, files: flowFiles } = listFlowFiles(opts.dir);
  if (flowFiles === undefined) throw new InputError(`no flows directory at ${flowsDir} (is '${opts.dir}' a logcrest log directory?)`);
  // success/ and error/ (beside flows/) are optional: a flows-only directory still gets a report.
  const logRoot = dirname(flowsDir);
  const recordFiles = [
    ...(listLogFiles(join(logRoot, "success")) ?? []),
    ...(listLogFiles(join(logRoot, "error")) ?? []),
  ];

  const builder = new ReportBuilder();
  const progress = new Progress(
    sumSizes(flowFiles) + sumSizes(recordFiles),
    err,
    () => `${builder.flowCount} flows`,
    opts.quiet,
    opts.progressThreshold,
  );

  const flowSkips = await readFlows(flowFiles, builder.addFlow, progress.advance);
  const recordSkips = { garbageLines: 0, textFiles: [] as string[] };
  for (const file of recordFiles) {
    const scan = await scanJsonLines(file, builder.addRecord, progress.advance);
    if (looksLikeTextFile(scan)) recordSkips.textFiles.push(file.path);
    else recordSkips.garbageLines += scan.garbage;
  }

  const data = builder.finish({
    source: opts.dir,
    flowFiles: flowFiles.length,
    recordFiles: recordFiles.length,
    flowSkips,
    recordSkips,
    now: new Date(),
  });
  const html = renderReportHtml(data);
  try {
    writeFileSync(opts.output, html);
  } catch (e) {
    throw new InputError(`cannot write ${opts.output}: ${(e as Error).message}`);
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = Buffer.byteLength(html);
  if (!opts.quiet) {
    const skipped = describeSkipped(flowSkips);
    if (skipped !== "") err(`logcrest report: flows/: ${escapeControl(skipped)}\n`);
    if (recordSkips.garbageLines > 0 || recordSkips.textFiles.length > 0) {
      err(
        `logcrest report: success/ and error/: skipped ${recordSkips.garbageLines} unparseable line(s)` +
          (recordSkips.textFiles.length > 0 ? `, ${recordSkips.textFiles.length} text-mode file(s)` : "") +
          "\n",
      );
    }
    err(
      `logcrest report: wrote ${escapeControl(opts.output)} (${formatBytes(bytes)}): ` +
        `${data.meta.counts.flows} flows (${data.meta.counts.failed} failed, ${data.meta.counts.open} open), ` +
        `${data.meta.counts.calls} calls, ${data.latency.length} latency rows in ${seconds.toFixed(1)} s\n`,
    );
  }
  return 0;
}
