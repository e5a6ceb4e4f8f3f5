/**
 * `console: "json"` (README: Configuration): every record at the configured level, flow records
 * included, as JSON lines on stdout, which is what Kubernetes and other container
 * platforms collect (the twelve-factor "logs are a stream").
 *
 * The lines are the same as in the JSON files. A batch is written with one synchronous
 * write to fd 1, as pino does by default: ordered with the app's own console.log, and
 * nothing waits in a buffer when the process ends (the exit and signal flushes are
 * synchronous). A pipe that is full (EAGAIN) is retried briefly; a closed one (EPIPE) is
 * reported once and this output stops, so a `| head` never crashes the application.
 */
import { writeSync } from "node:fs";
import { jsonLine, loggerFragment } from "../format/json";
import type { Rec } from "../record";
import { ImmediateSink } from "./immediate-sink";
import { errorText, type Reporter } from "./report";
import { BUILTIN_OUTPUT, type Sink, type LogRecord } from "./types";

export interface StdoutJsonSinkOptions {
  level: number;
  loggerName: string;
  report: Reporter;
  /** Where the text goes: fd 1 by default (tests pass another writer). */
  write?: (data: Buffer) => number;
  /** How long a full pipe is waited for before the batch is dropped. */
  blockedWaitMs?: number;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

function writeStdout(data: Buffer): number {
  return writeSync(1, data as unknown as Uint8Array);
}

export class StdoutJsonSink extends ImmediateSink implements Sink {
  readonly [BUILTIN_OUTPUT] = true;
  readonly level: number;
  readonly wantsRecord = false;
  private readonly loggerName: string;
  private readonly loggerJson: string;
  private readonly report: Reporter;
  private readonly write: (data: Buffer) => number;
  private readonly blockedWaitMs: number;
  private pending = "";
  private broken = false;

  constructor(options: StdoutJsonSinkOptions) {
    super();
    this.level = options.level;
    this.loggerName = options.loggerName;
    this.loggerJson = loggerFragment(options.loggerName);
    this.report = options.report;
    this.write = options.write ?? writeStdout;
    this.blockedWaitMs = options.blockedWaitMs ?? 10_000;
  }

  accept(rec: Rec, _record: LogRecord | undefined): void {
    if (this.broken) return;
    this.pending += jsonLine(rec, this.loggerJson, this.loggerName) + "\n";
  }

  endBatch(): void {
    if (this.pending === "") return;
    const data = Buffer.from(this.pending, "utf8");
    this.pending = "";
    let offset = 0;
    let deadline = 0;
    while (offset < data.length) {
      try {
        offset += this.write(data.subarray(offset));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EAGAIN") {
          const now = Date.now();
          if (deadline === 0) deadline = now + this.blockedWaitMs;
          if (now < deadline) {
            Atomics.wait(sleepCell, 0, 0, 1);
            continue;
          }
        }
        this.broken = true;
        this.report("stdout", `cannot write JSON lines to stdout (${errorText(err)}); that output stops, the application and the other outputs go on`);
        return;
      }
    }
  }
}
