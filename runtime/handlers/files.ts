/**
 * The three log files (README: Configuration), one Sink:
 *
 *   <dir>/success/<stamp>_success.log   DEBUG..WARNING, no flow records
 *   <dir>/error/<stamp>_error.log       ERROR..CRITICAL, no flow records
 *   <dir>/flows/<stamp>_flows.log       flow_start and flow_end only
 *
 * Folders are made 0700 (folder.ts) and files 0600 (rotating-file.ts), never through a link
 * (driver.ts). A folder or file that cannot be made, or is refused, is reported once and
 * only its output stops.
 *
 * Given to `configure({ handlers })` (fileHandler()), this sink is driven like the
 * built-in one (user.ts sees the BUILTIN_OUTPUT brand): it routes by the record's kind,
 * so a user field named `flow_type` cannot send a record to flows/.
 */
import { join, resolve } from "node:path";
import { valueConfig } from "../capture";
import { ERROR, parseLevel } from "../levels";
import { isFlowRecord, type Rec } from "../record";
import { jsonLine, loggerFragment } from "../format/json";
import { formatText, textLine } from "../format/text";
import { formatJson } from "../format/json";
import { FlowLineEncoder } from "../format/flow-bytes";
import { CallLineEncoder } from "../format/json-bytes";
import { safeRecordObject } from "../format/safe-record";
import type { FileDriver } from "./driver";
import { BaseFolder, LogFolder } from "./folder";
import type { Reporter } from "./report";
import { RotatingFile } from "./rotating-file";
import { BUILTIN_OUTPUT, type Formatter, type HandlerObject, type LogRecord, type Sink } from "./types";

export { DIR_MODE } from "./folder";

export interface FileSinkOptions {
  dir: string;
  stamp: string;
  json: boolean;
  loggerName: string;
  /** The options named the logger: an extra output keeps it instead of the pipeline's. */
  loggerNameGiven?: boolean;
  level: number;
  maxSize: number;
  backupCount: number;
  driver: FileDriver;
  report: Reporter;
  inflightWaitMs?: number;
  /** A formatter of the user's in place of JSON / text. */
  formatter?: Formatter;
}

/** The paths of the three files for a directory and a start stamp. */
export function logFilePaths(dir: string, stamp: string): { success: string; error: string; flows: string } {
  const base = resolve(dir);
  return {
    success: join(base, "success", `${stamp}_success.log`),
    error: join(base, "error", `${stamp}_error.log`),
    flows: join(base, "flows", `${stamp}_flows.log`),
  };
}

/** A level name as records carry it (`"ERROR"`, `"LEVEL25"`) back to its number. */
export function levelNumber(name: string): number {
  const n = parseLevel(name);
  if (n !== undefined) return n;
  const m = /^LEVEL(\d+)$/.exec(name);
  return m === null ? 0 : Number(m[1]);
}

export class FileSink implements Sink, HandlerObject {
  readonly [BUILTIN_OUTPUT] = true;
  readonly level: number;
  readonly wantsRecord: boolean;
  readonly success: RotatingFile;
  readonly error: RotatingFile;
  readonly flows: RotatingFile;
  private readonly files: RotatingFile[];
  private readonly json: boolean;
  private loggerName: string;
  private loggerJson: string;
  private readonly loggerNameGiven: boolean;
  /** Entry and exit records as bytes, with no line string (format/json-bytes.ts). */
  private callLines: CallLineEncoder;
  /** flow_start and flow_end records as bytes (format/flow-bytes.ts): two per HTTP request. */
  private flowLines: FlowLineEncoder;
  private readonly custom: Formatter | undefined;

  constructor(options: FileSinkOptions) {
    this.level = options.level;
    this.custom = options.formatter;
    this.wantsRecord = options.formatter !== undefined;
    this.json = options.json;
    this.loggerName = options.loggerName;
    this.loggerJson = loggerFragment(options.loggerName);
    this.loggerNameGiven = options.loggerNameGiven === true;
    this.callLines = new CallLineEncoder(this.loggerJson);
    this.flowLines = new FlowLineEncoder(this.loggerJson);
    const { driver, report } = options;
    const base = new BaseFolder(resolve(options.dir), driver, report);
    const make = (sub: string, path: string): RotatingFile =>
      new RotatingFile({
        path,
        maxSize: options.maxSize,
        backupCount: options.backupCount,
        driver,
        report,
        folder: new LogFolder(join(base.path, sub), base, driver, report),
        inflightWaitMs: options.inflightWaitMs,
      });
    const paths = logFilePaths(options.dir, options.stamp);
    this.success = make("success", paths.success);
    this.error = make("error", paths.error);
    this.flows = make("flows", paths.flows);
    this.files = [this.success, this.error, this.flows];
  }

  adoptLoggerName(name: string): void {
    if (this.loggerNameGiven || name === this.loggerName) return;
    this.loggerName = name;
    this.loggerJson = loggerFragment(name);
    this.callLines = new CallLineEncoder(this.loggerJson);
    this.flowLines = new FlowLineEncoder(this.loggerJson);
  }

  /** The formatter of this output, the same `Formatter` type user handlers take. */
  get formatter(): Formatter {
    return this.custom ?? (this.json ? formatJson : formatText);
  }

  /**
   * The handler interface (types.ts): a record object and its formatted line. The pipeline
   * uses `accept` (same routing, formatted straight from the queued record); `handle` is
   * what runs when this output is given to `configure({ handlers })` as an extra output.
   */
  handle(record: LogRecord, line: string | undefined): void {
    const flow = record.flow_type === "flow_start" || record.flow_type === "flow_end";
    const file = flow ? this.flows : levelNumber(record.level) >= ERROR ? this.error : this.success;
    file.append(line ?? this.formatter(record));
  }

  accept(rec: Rec, record: LogRecord | undefined): void {
    const flow = isFlowRecord(rec);
    const file = flow ? this.flows : rec.level >= ERROR ? this.error : this.success;
    let line: string;
    if (this.custom !== undefined) line = this.custom(record ?? (safeRecordObject(rec, this.loggerName) as LogRecord));
    else if (this.json) {
      if (file.appendWith(flow ? this.flowLines : this.callLines, rec)) return;
      line = jsonLine(rec, this.loggerJson, this.loggerName);
    }
    else {
      line = record !== undefined ? formatText(record) : textLine(rec, this.loggerName);
      // A long line from the record object is made again by textLine, which keeps the record bound.
      if (record !== undefined && line.length * 3 > valueConfig().maxRecordSize) line = textLine(rec, this.loggerName);
    }
    file.append(line);
  }

  endBatch(): void {
    for (const f of this.files) f.endBatch();
  }

  backlog(): number {
    return Math.max(this.success.backlog(), this.error.backlog(), this.flows.backlog());
  }

  onDrain(callback: () => void): void {
    // Whichever file finishes a write first wakes the pipeline, which then checks again.
    let called = false;
    const once = (): void => {
      if (called) return;
      called = true;
      callback();
    };
    for (const f of this.files) if (f.backlog() > 0) f.onDrain(once);
  }

  async flush(): Promise<void> {
    await Promise.all(this.files.map((f) => f.flush()));
  }

  flushSync(): void {
    for (const f of this.files) f.flushSync();
  }

  async close(): Promise<void> {
    await Promise.all(this.files.map((f) => f.close()));
  }

  closeSync(): void {
    for (const f of this.files) f.closeSync();
  }
}
