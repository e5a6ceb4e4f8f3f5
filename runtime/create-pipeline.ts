/**
 * Builds the outputs a resolved config asks for (files, console, user handlers) and the
 * queue in front of them (runtime/pipeline.ts). runtime/lifecycle.ts decides when.
 */
import type { ResolvedConfig } from "./config";
import { useColour } from "./format/console";
import { ConsoleSink } from "./handlers/console";
import { nodeDriver, type FileDriver } from "./handlers/driver";
import { FileSink } from "./handlers/files";
import { StdoutJsonSink } from "./handlers/stdout-json";
import { onceReporter, type Reporter } from "./handlers/report";
import type { Sink } from "./handlers/types";
import { UserSink } from "./handlers/user";
import { QueuePipeline } from "./pipeline";

export interface PipelineDeps {
  /** Start stamp of the file names (`YYYYMMDD_HHMMSS`). */
  stamp: string;
  driver?: FileDriver;
  report?: Reporter;
  /** Console destination and colour; default stderr, colour from the environment. */
  consoleWrite?: (text: string) => void;
  consoleColour?: boolean;
  /** Where `console: "json"` writes; fd 1 by default. */
  stdoutWrite?: (data: Buffer) => number;
  inflightWaitMs?: number;
  /** Back-pressure threshold (tests make it small). */
  highWater?: number;
}

export function createPipeline(config: ResolvedConfig, deps: PipelineDeps): QueuePipeline {
  const report = deps.report ?? onceReporter();
  const sinks: Sink[] = [];
  if (config.files) {
    sinks.push(
      new FileSink({
        dir: config.dir,
        stamp: deps.stamp,
        json: config.json,
        loggerName: config.name,
        level: config.level,
        maxSize: config.maxSize,
        backupCount: config.backupCount,
        driver: deps.driver ?? nodeDriver,
        report,
        inflightWaitMs: deps.inflightWaitMs,
      }),
    );
  }
  if (config.console === "json") {
    sinks.push(new StdoutJsonSink({ level: config.level, loggerName: config.name, report, write: deps.stdoutWrite }));
  } else if (config.console) {
    sinks.push(
      new ConsoleSink({
        level: config.level,
        colour: deps.consoleColour ?? useColour(process.env, process.stderr.isTTY === true),
        loggerName: config.name,
        write: deps.consoleWrite,
      }),
    );
  }
  config.handlers.forEach((h, i) => sinks.push(new UserSink(h, i, config.level, report, config.name)));
  return new QueuePipeline(sinks, config.level, config.queueSize, config.name, deps.highWater, report, config.maxQueueBytes);
}
