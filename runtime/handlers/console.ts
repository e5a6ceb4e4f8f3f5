/**
 * Console output on stderr (README: Configuration): INFO and up, coloured by level when the terminal
 * takes colour (format/console.ts), control characters escaped. Lines of a batch are
 * written with one call.
 */
import { INFO } from "../levels";
import type { Rec } from "../record";
import { consoleLine, formatConsole } from "../format/console";
import { ImmediateSink } from "./immediate-sink";
import type { Formatter, HandlerObject, LogRecord, Sink } from "./types";

export interface ConsoleSinkOptions {
  /** The pipeline's level; the console never shows less than INFO. */
  level: number;
  colour: boolean;
  loggerName: string;
  /** Where text goes; stderr by default. */
  write?: (text: string) => void;
}

function writeStderr(text: string): void {
  process.stderr.write(text);
}

export class ConsoleSink extends ImmediateSink implements Sink, HandlerObject {
  readonly level: number;
  readonly wantsRecord = false;
  private readonly colour: boolean;
  private readonly loggerName: string;
  private readonly write: (text: string) => void;
  private pending = "";

  constructor(options: ConsoleSinkOptions) {
    super();
    this.level = Math.max(INFO, options.level);
    this.colour = options.colour;
    this.loggerName = options.loggerName;
    this.write = options.write ?? writeStderr;
  }

  /** The console layout, coloured or not, as a `Formatter`. */
  readonly formatter: Formatter = (record) => formatConsole(record, this.colour);

  /** The handler interface (types.ts), for use as an extra output in `configure({ handlers })`. */
  handle(record: LogRecord, line: string | undefined): void {
    this.pending += (line ?? this.formatter(record)) + "\n";
  }

  accept(rec: Rec, record: LogRecord | undefined): void {
    this.pending += consoleLine(rec, record, this.loggerName, this.colour) + "\n";
  }

  endBatch(): void {
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    try {
      this.write(text);
    } catch {
      // stderr is closed or broken: there is nowhere to show the console output, and the
      // files still get every record, so the console just stays quiet.
    }
  }
}
